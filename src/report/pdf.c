/*
 * pdf.c - cd_report_article: paints the report with libharu (report.h).
 *
 * Everything that decides where things go lives in layout.c and charts.c;
 * this file loads the fonts, walks the sections, paints text, rectangles
 * and display lists, and writes the file safely. libharu errors are sticky
 * and go to on_error with this document's context as user_data: the first
 * one is kept and checked before anything is written.
 */
#include "report/report.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/painter.h"
#include "util/text.h"

/* Reading speed for non-fiction in English: 238 words per minute
 * (Brysbaert, 2019, "How many words do we read per minute?"). */
#define WORDS_PER_MINUTE 238.0

/* Page furniture and type sizes: painter.h. */
#define MARGIN CDI_MARGIN
#define SIZE_SMALL CDI_SIZE_SMALL
#define SIZE_TEXT CDI_SIZE_TEXT
#define SIZE_SECTION CDI_SIZE_SECTION
#define SIZE_TITLE CDI_SIZE_TITLE

typedef struct doc {
	cdi_pdf p;                          /* fonts, pages, flow (painter.h) */
	const cd_result *r;
	const cd_report_options *opt;
	cd_options analysis;
	char *run;                          /* paint_words: one line's words */
	size_t run_cap;
} doc;

/* ---- page 1: the verdict --------------------------------------------- */


typedef struct formula {
	const char *name;
	double value;
	const char *meaning;
	int kind;   /* 0 grade, 1 reading ease, 2 LIX, 3 RIX */
} formula;

/* RIX to a US grade: Anderson (1983), "Lix and Rix: variations on a
 * little-known readability index", Journal of Reading 26(6). */
static double rix_grade(double rix)
{
	static const double at[] = { 0.2, 0.5, 0.8, 1.3, 1.8, 2.4, 3.0, 3.7, 4.5, 5.3, 6.2, 7.2 };
	double g = 1;
	for (size_t i = 0; i < sizeof at / sizeof at[0]; i++)
		if (rix >= at[i])
			g = (double)(i + 2);
	return g;
}

static int formula_band(const formula *f, const char **name)
{
	int b;
	switch (f->kind) {
	case 1:
		return cdi_fre_band(f->value, name);
	case 2:
		/* LIX: Björnsson (1968): < 30 very easy, 40 easy, 50 medium, 60 difficult. */
		b = f->value < 30 ? 0 : f->value < 40 ? 1 : f->value < 50 ? 2 : f->value < 60 ? 3 : 4;
		{
			static const char *const names[] = { "very easy", "easy", "medium", "difficult",
			                                     "very difficult" };
			*name = names[b];
		}
		return b;
	case 3:
		b = cdi_grade_band(rix_grade(f->value));
		*name = cdi_grade_band_name(b);
		return b;
	default:
		b = cdi_grade_band(f->value);
		*name = cdi_grade_band_name(b);
		return b;
	}
}

#define WARNINGS_SHOWN 3   /* warnings page 1 lists */

static void verdict(doc *d)
{
	const cd_result *r = d->r;
	double x0 = MARGIN, x1 = d->p.w - MARGIN, cw = x1 - x0;
	cdi_pdf_outline(&d->p, "Verdict");

	/* Title block. */
	double y = d->p.y - SIZE_TITLE;
	int lines = cdi_pdf_para(&d->p, x0, y, cw, SIZE_TITLE, CDI_FACE_BOLD, cdi_ink, SIZE_TITLE * 1.2, 2, d->p.title);
	y -= (lines ? lines - 1 : 0) * SIZE_TITLE * 1.2 + 15;
	cdi_pdf_textf(&d->p, x0, y, SIZE_TEXT, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_LEFT, cw,
	      "%s  \xC2\xB7  reviewed %s  \xC2\xB7  copydesk %s", d->p.file, d->p.date, CD_VERSION);
	y -= 16;

	/* What the analysis warns of (a short text, repaired bytes, HTML read
	 * as text), where the score is read: it says how far the figures can
	 * be trusted. At most three; the JSON and text outputs hold them all
	 * (the paragraph chart at the foot of the page takes less room). */
	size_t nwarn = r->n_warnings;
	for (size_t k = 0; k < nwarn && k < WARNINGS_SHOWN; k++) {
		char line[600];
		if (k + 1 == WARNINGS_SHOWN && nwarn > WARNINGS_SHOWN)
			snprintf(line, sizeof line, "Note: %zu more warnings, listed in the JSON and text "
			         "outputs", nwarn - k);
		else
			snprintf(line, sizeof line, "Note: %s", r->warnings[k]);
		int l = cdi_pdf_para(&d->p, x0, y, cw, SIZE_TEXT - 0.5, CDI_FACE_REGULAR, cdi_warn_ink, 10.5,
		                     2, line);
		y -= 10.5 * (l > 0 ? l : 1) + 1.5;
	}
	if (nwarn)
		y -= 4;

	/* Score panel: the number large in its band colour, deductions beside. */
	double ph = 100;
	y -= ph;
	int band = cdi_score_band(r->score.band);
	cdi_rgb bc = cdi_band_color[band];
	cdi_pdf_rect(&d->p, x0, y, cw, ph, cdi_panel);
	cdi_pdf_rect(&d->p, x0, y, 4, ph, bc);
	char score[16];
	snprintf(score, sizeof score, "%.0f", cdi_score_shown(r->score.quality));
	double sw = cdi_pdf_text(&d->p, x0 + 18, y + 34, 44, CDI_FACE_BOLD, bc, CDI_ALIGN_LEFT, 0, score);
	cdi_pdf_text(&d->p, x0 + 21 + sw, y + 34, 11, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_LEFT, 0, "/ 100");
	cdi_pdf_text(&d->p, x0 + 18, y + ph - 16, SIZE_SMALL, CDI_FACE_BOLD, cdi_muted, CDI_ALIGN_LEFT, 0,
	     "QUALITY SCORE");
	cdi_pdf_text(&d->p, x0 + 18, y + 13, 10, CDI_FACE_BOLD, bc, CDI_ALIGN_LEFT, 0,
	     r->score.band ? r->score.band : "not scored");
	double dx = x0 + 150, dw = x1 - dx - 12;
	cdi_pdf_text(&d->p, dx, y + ph - 16, SIZE_SMALL, CDI_FACE_BOLD, cdi_muted, CDI_ALIGN_LEFT, 0,
	     "DEDUCTIONS, BIGGEST FIRST");
	if (r->score.n_deductions == 0) {
		cdi_pdf_text(&d->p, dx, y + ph - 34, SIZE_TEXT + 0.5, CDI_FACE_REGULAR, cdi_ink, CDI_ALIGN_LEFT, dw,
		     "None: every measure is within its target.");
	}
	/* Every deduction, biggest first, while they fit above the foot of the
	 * panel (a reason takes one line or two); the rest, when some do not
	 * fit, on one line with their sum, so the score always adds up. */
	double yy = y + ph - 34, floor_y = y + 8;
	size_t n = r->score.n_deductions, i = 0;
	double unlisted = 0;
	for (; i < n; i++) {
		const cd_deduction *dd = &r->score.deductions[i];
		const char *why = dd->reason ? dd->reason : "";
		int l = cdi_pdf_width(&d->p, why, strlen(why), CDI_FACE_REGULAR, SIZE_TEXT + 0.5) >
		        dw - 42 ? 2 : 1;
		double after = yy - 10 * l - 3.5;
		if (yy - 10 * (l - 1) < floor_y || (i + 1 < n && after < floor_y))
			break;
		cdi_pdf_textf(&d->p, dx + 34, yy, SIZE_TEXT + 0.5, CDI_FACE_BOLD, cdi_band_color[4], CDI_ALIGN_RIGHT,
		      0, "\xE2\x88\x92%.1f", dd->points);
		int lines = cdi_pdf_para(&d->p, dx + 42, yy, dw - 42, SIZE_TEXT + 0.5, CDI_FACE_REGULAR, cdi_ink,
		                 10, 2, why);
		yy -= 10 * (lines > 1 ? lines : 1) + 3.5;
	}
	for (size_t k = i; k < n; k++)
		unlisted += r->score.deductions[k].points;
	if (i < n) {
		cdi_pdf_textf(&d->p, dx + 34, yy, SIZE_TEXT + 0.5, CDI_FACE_BOLD, cdi_muted, CDI_ALIGN_RIGHT,
		      0, "\xE2\x88\x92%.1f", unlisted);
		cdi_pdf_textf(&d->p, dx + 42, yy, SIZE_TEXT + 0.5, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_LEFT,
		      dw - 42, "%zu smaller deduction%s", n - i, n - i == 1 ? "" : "s");
	}
	y -= 14;

	/* Tiles. */
	double th = 50, gap = 8, tw = (cw - 4 * gap) / 5;
	y -= th;
	/* The words the rates count (prose and list items); the note and the
	 * reading time take headings and tables too. */
	char words[32], sents[32], read[32], grade[32], fre[32], all[48];
	size_t nw = r->counts.all_words ? r->counts.all_words : r->counts.words;
	cdi_thousands(words, sizeof words, r->counts.words);
	cdi_thousands(all, sizeof all, nw);
	strncat(all, " in all", sizeof all - strlen(all) - 1);
	cdi_thousands(sents, sizeof sents, r->counts.sentences);
	double minutes = nw / WORDS_PER_MINUTE;
	if (minutes < 1)
		snprintf(read, sizeof read, "< 1 min");
	else
		snprintf(read, sizeof read, "%.0f min", ceil(minutes));
	snprintf(grade, sizeof grade, "%.1f", r->readability.consensus_grade);
	snprintf(fre, sizeof fre, "%.1f", r->readability.flesch_reading_ease);
	int gb = cdi_grade_band(r->readability.consensus_grade);
	const char *fre_name;
	int fb = cdi_fre_band(r->readability.flesch_reading_ease, &fre_name);
	cdi_pdf_tile(&d->p, x0, y, tw, th, words, "words", nw != r->counts.words ? all : NULL,
	             cdi_accent);
	cdi_pdf_tile(&d->p, x0 + (tw + gap), y, tw, th, sents, "sentences", NULL, cdi_accent);
	cdi_pdf_tile(&d->p, x0 + 2 * (tw + gap), y, tw, th, read, "reading time", "238 words/min",
	     cdi_accent);
	cdi_pdf_tile(&d->p, x0 + 3 * (tw + gap), y, tw, th, grade, "consensus grade", cdi_grade_band_name(gb),
	     cdi_band_color[gb]);
	cdi_pdf_tile(&d->p, x0 + 4 * (tw + gap), y, tw, th, fre, "Flesch Reading Ease", fre_name,
	     cdi_band_color[fb]);
	y -= 24;

	/* Readability table. */
	const cd_readability *rd = &r->readability;
	formula fs[] = {
		{ "Flesch Reading Ease", rd->flesch_reading_ease, "0 to 100: higher reads easier", 1 },
		{ "Flesch\xE2\x80\x93Kincaid grade", rd->flesch_kincaid_grade,
		  "grade: sentence length, syllables", 0 },
		{ "Gunning Fog", rd->gunning_fog, "grade: sentence length, complex words", 0 },
		{ "SMOG", rd->smog, "grade from words of 3+ syllables", 0 },
		{ "Coleman\xE2\x80\x93Liau", rd->coleman_liau, "grade from letters per word", 0 },
		{ "Automated Readability Index", rd->ari, "grade from characters per word", 0 },
		{ "Linsear Write", rd->linsear_write, "grade from easy and hard words", 0 },
		{ "LIX", rd->lix, "sentence length + share of long words", 2 },
		{ "RIX", rd->rix, "long words per sentence", 3 },
		{ "Consensus grade", rd->consensus_grade, "median of the grade formulas", 0 },
	};
	size_t nf = sizeof fs / sizeof fs[0];
	cdi_pdf_text(&d->p, x0, y, SIZE_SMALL, CDI_FACE_BOLD, cdi_muted, CDI_ALIGN_LEFT, 0, "READABILITY");
	cdi_pdf_text(&d->p, x0 + 190, y, SIZE_SMALL, CDI_FACE_BOLD, cdi_muted, CDI_ALIGN_RIGHT, 0, "VALUE");
	cdi_pdf_text(&d->p, x0 + 206, y, SIZE_SMALL, CDI_FACE_BOLD, cdi_muted, CDI_ALIGN_LEFT, 0, "WHAT IT MEASURES");
	cdi_pdf_text(&d->p, x1 - 88, y, SIZE_SMALL, CDI_FACE_BOLD, cdi_muted, CDI_ALIGN_LEFT, 0, "BAND");
	y -= 5;
	cdi_pdf_hline(&d->p, x0, x1, y, 0.5, cdi_ink);
	double rh = 13.5;
	for (size_t i = 0; i < nf; i++) {
		double yy = y - (double)(i + 1) * rh + 4;
		int last = i + 1 == nf;
		int face = last ? CDI_FACE_BOLD : CDI_FACE_REGULAR;
		const char *bn;
		int b = formula_band(&fs[i], &bn);
		cdi_pdf_text(&d->p, x0, yy, SIZE_TEXT, face, cdi_ink, CDI_ALIGN_LEFT, 180, fs[i].name);
		cdi_pdf_textf(&d->p, x0 + 190, yy, SIZE_TEXT, face, cdi_ink, CDI_ALIGN_RIGHT, 0, "%.1f", fs[i].value);
		cdi_pdf_text(&d->p, x0 + 206, yy, SIZE_TEXT - 0.5, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_LEFT,
		     x1 - 100 - (x0 + 206), fs[i].meaning);
		cdi_pdf_rect(&d->p, x1 - 88, yy - 1.5, 7, 7, cdi_band_color[b]);
		cdi_pdf_text(&d->p, x1 - 77, yy, SIZE_TEXT - 0.5, CDI_FACE_REGULAR, cdi_ink, CDI_ALIGN_LEFT, 77, bn);
		cdi_pdf_hline(&d->p, x0, x1, yy - 4.5, 0.3, cdi_rule);
	}
	y -= nf * rh + 22;

	/* Charts: sentence lengths and fillers side by side, paragraphs below. */
	double chh = 128, half = (cw - 24) / 2;
	cdi_pdf_text(&d->p, x0, y, SIZE_SMALL, CDI_FACE_BOLD, cdi_muted, CDI_ALIGN_LEFT, 0, "SENTENCE LENGTH");
	cdi_pdf_text(&d->p, x0 + half + 24, y, SIZE_SMALL, CDI_FACE_BOLD, cdi_muted, CDI_ALIGN_LEFT, 0,
	     "FILLER PER 1,000 WORDS, BY CATEGORY");
	y -= chh + 4;
	size_t *lengths = malloc((r->n_sentences ? r->n_sentences : 1) * sizeof *lengths);
	size_t nl = 0;
	for (size_t i = 0; lengths && i < r->n_sentences; i++)
		if (r->sentences[i].counted)
			lengths[nl++] = r->sentences[i].n_words;
	cdi_chart c = {0};
	cdi_chart_histogram(&c, x0, y, half, chh, lengths, nl, d->analysis.long_sentence,
	                    d->analysis.very_long_sentence);
	cdi_pdf_chart(&d->p, &c);
	cdi_chart_free(&c);
	free(lengths);
	const char *labels[CD_CAT_COUNT];
	double values[CD_CAT_COUNT];
	for (int i = 0; i < CD_CAT_COUNT; i++) {
		labels[i] = cd_category_name(i);
		values[i] = r->fillers.per_1000[i];
	}
	cdi_chart_hbars(&c, x0 + half + 24, y, half, chh, labels, values, cdi_category_color,
	                CD_CAT_COUNT, "per 1,000 words");
	cdi_pdf_chart(&d->p, &c);
	cdi_chart_free(&c);
	y -= 22;

	cdi_pdf_text(&d->p, x0, y, SIZE_SMALL, CDI_FACE_BOLD, cdi_muted, CDI_ALIGN_LEFT, 0,
	     "READABILITY PER PARAGRAPH");
	double rest = y - 8 - cdi_pdf_body_bottom(&d->p);
	double ph2 = rest < 140 ? rest : 140;
	y -= ph2 + 4;
	double *grades = malloc((r->n_blocks ? r->n_blocks : 1) * sizeof *grades);
	size_t ng = 0;
	for (size_t i = 0; grades && i < r->n_blocks; i++)
		if (r->blocks[i].kind == CD_BLOCK_PROSE || r->blocks[i].kind == CD_BLOCK_LIST_ITEM)
			grades[ng++] = r->blocks[i].grade;
	cdi_chart_paragraphs(&c, x0, y, cw, ph2, grades, ng, d->analysis.target_grade);
	cdi_pdf_chart(&d->p, &c);
	cdi_chart_free(&c);
	free(grades);
}

/* ---- page 2: the evidence ------------------------------------------ */

/* The sentence holding byte pos, or NULL. */
static const cd_sentence *sentence_at(const cd_result *r, size_t pos)
{
	size_t lo = 0, hi = r->n_sentences;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->sentences[mid].end <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->n_sentences && r->sentences[lo].start <= pos ? &r->sentences[lo] : NULL;
}

static int is_alnum_ascii(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* t[from, to) as readers see it, in a new string: a Markdown link as its
 * text ("[the report](https://...)" as "the report", an image's "!" too)
 * and no emphasis marks ("**", "_") at a word's edge ("2**10" keeps its
 * stars); a run of white space (a wrapped line's break and indent) is one
 * space. Links are looked for before limit. NULL on no memory. */
static char *plain_copy(const char *t, size_t from, size_t to, size_t limit)
{
	char *out = malloc(to - from + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	for (size_t i = from; i < to;) {
		size_t e = cdi_md_syntax_end(t, i, limit);
		if (e > i) {
			if (t[i] == ']')
				while (o > 0 && (out[o - 1] == '*' || out[o - 1] == '_'))
					o--;   /* the marks closing "[**Bold**](...)" */
			i = e < to ? e : to;
			continue;
		}
		if (t[i] == ' ' || t[i] == '\t' || t[i] == '\n') {
			/* a wrapped line's break and indent: one space */
			out[o++] = ' ';
			while (i < to && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n'))
				i++;
			continue;
		}
		if (t[i] == '*' || t[i] == '_') {
			size_t j = i;
			while (j < to && t[j] == t[i])
				j++;
			int inside = i > from && j < to && is_alnum_ascii(t[i - 1]) && is_alnum_ascii(t[j]);
			if (!inside) {
				i = j;
				continue;
			}
		}
		out[o++] = t[i++];
	}
	out[o] = '\0';
	return out;
}

/* Bytes of context an excerpt looks at on each side of its match. */
#define EXCERPT_CONTEXT 400

/* Draws "...before MATCH after..." in width: the match in bold colour,
 * as much context around it as fits on one line. */
static void excerpt(doc *d, double x, double y, double width, size_t a, size_t b)
{
	const cd_result *r = d->r;
	const cd_sentence *s = sentence_at(r, a);
	const cd_sentence *e = b > a ? sentence_at(r, b - 1) : s;   /* "changed.this" spans two */
	size_t s0 = s ? s->start : a, s1 = e ? e->end : s ? s->end : b;
	/* The opening quote or bracket before a sentence's first word is
	 * part of what is quoted: "Work" shall, (d) If. */
	for (;;) {
		if (s0 >= 1 && (r->text[s0 - 1] == '"' || r->text[s0 - 1] == '(' ||
		                r->text[s0 - 1] == '[' || r->text[s0 - 1] == '\''))
			s0--;
		else if (s0 >= 3 && (memcmp(r->text + s0 - 3, "\xE2\x80\x9C", 3) == 0 ||
		                     memcmp(r->text + s0 - 3, "\xE2\x80\x98", 3) == 0))
			s0 -= 3;
		else
			break;
	}
	double x_end = x + width;
	if (s0 > a)
		s0 = a;
	if (s1 < b)
		s1 = b;
	/* A few hundred bytes of context are more than a line holds; a
	 * sentence of megabytes must not be measured word by word. */
	size_t sentence_start = s0;
	if (a - s0 > EXCERPT_CONTEXT) {
		s0 = a - EXCERPT_CONTEXT;
		while (s0 < a && ((unsigned char)r->text[s0] & 0xC0) == 0x80)
			s0++;
	}
	if (s1 - b > EXCERPT_CONTEXT) {
		s1 = b + EXCERPT_CONTEXT;
		while (s1 > b && ((unsigned char)r->text[s1] & 0xC0) == 0x80)
			s1--;
	}
	if (b - a > EXCERPT_CONTEXT) {
		b = a + EXCERPT_CONTEXT;
		while (b > a && ((unsigned char)r->text[b] & 0xC0) == 0x80)
			b--;
	}
	double size = SIZE_TEXT - 0.5;
	char *m = plain_copy(r->text, a, b, s1);
	if (!m)
		return;
	size_t mn;
	const char *mc = cdi_pdf_clean(&d->p, m, strlen(m), &mn);
	double mw = mc ? cdi_pdf_width(&d->p, mc, mn, CDI_FACE_BOLD, size) : 0;
	double side = (width - mw) / 2;
	/* Context before: drop whole words from the left until it fits. */
	size_t from = s0;
	for (;;) {
		size_t n;
		char *plain = plain_copy(r->text, from, a, s1);
		const char *t = plain ? cdi_pdf_clean(&d->p, plain, strlen(plain), &n) : NULL;
		free(plain);
		double ell = from > sentence_start ?
			cdi_pdf_width(&d->p, "\xE2\x80\xA6", 3, CDI_FACE_REGULAR, size) : 0;
		if (!t || cdi_pdf_width(&d->p, t, n, CDI_FACE_REGULAR, size) + ell <= side || from >= a)
			break;
		while (from < a && r->text[from] != ' ')
			from++;
		while (from < a && r->text[from] == ' ')
			from++;
	}
	char *plain = plain_copy(r->text, from, a, s1);
	char *before = plain ? malloc(strlen(plain) + 4) : NULL;
	if (before) {
		size_t k = 0;
		if (from > sentence_start) {
			memcpy(before, "\xE2\x80\xA6", 3);
			k = 3;
		}
		strcpy(before + k, plain);
		x += cdi_pdf_text(&d->p, x, y, size, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_LEFT, 0, before);
		free(before);
	}
	free(plain);
	x += cdi_pdf_text(&d->p, x, y, size, CDI_FACE_BOLD, cdi_band_color[4], CDI_ALIGN_LEFT, 0, m);
	free(m);
	char *after = plain_copy(r->text, b, s1, s1);
	if (after) {
		if (x_end - x > 8)
			cdi_pdf_text(&d->p, x, y, size, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_LEFT, x_end - x, after);
		free(after);
	}
}

static int is_mechanics(int kind)
{
	return kind == CD_FIND_SPACING || kind == CD_FIND_LOWERCASE_START || kind == CD_FIND_ARTICLE ||
	       kind == CD_FIND_DOUBLED_WORD || kind == CD_FIND_SAME_ROOT;
}

static const char *mechanics_label(int kind)
{
	switch (kind) {
	case CD_FIND_SPACING: return "spacing";
	case CD_FIND_LOWERCASE_START: return "lower-case start";
	case CD_FIND_ARTICLE: return "a / an";
	case CD_FIND_DOUBLED_WORD: return "doubled word";
	default: return "same root";
	}
}

/* Paragraph number of the block holding byte pos (0 when none). */
static unsigned paragraph_at(const cd_result *r, size_t pos)
{
	size_t lo = 0, hi = r->n_blocks;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->blocks[mid].end <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->n_blocks ? r->blocks[lo].paragraph : 0;
}


/* At most this many rows per evidence table: the annotated article shows
 * every case; the tables show the worst. */
#define MAX_ROWS 12
#define MAX_MECHANICS 24

/* Room for a table row of height h; on a new page the table's head
 * comes again above the row. */
static void row_need(doc *d, double h, const char *const *cols, const double *xs,
                     const int *right, int n)
{
	HPDF_Page before = d->p.page;
	cdi_pdf_need(&d->p, h);
	if (d->p.page != before)
		cdi_pdf_table_head(&d->p, cols, xs, right, n);
}

static void evidence(doc *d)
{
	const cd_result *r = d->r;
	double x0 = MARGIN, x1 = d->p.w - MARGIN;
	cdi_pdf_new_page(&d->p);
	cdi_pdf_outline(&d->p, "Evidence");
	cdi_pdf_section(&d->p, "The evidence", "repeats, fillers and mechanics are marked in the article too");

	cdi_pdf_subhead(&d->p, "Repeated phrases");
	if (r->repetition.n_phrases == 0) {
		cdi_pdf_note(&d->p, "No repeated phrases.");
	} else {
		const char *cols[] = { "PHRASE", "WORDS", "TIMES", "FIRST IN PARAGRAPH" };
		double xs[] = { x0, x1 - 150, x1 - 105, x1 };
		int right[] = { 0, 1, 1, 1 };
		cdi_pdf_table_head(&d->p, cols, xs, right, 4);
		for (size_t i = 0; i < r->repetition.n_phrases && i < MAX_ROWS; i++) {
			const cd_repeat *p = &r->repetition.phrases[i];
			row_need(d, 14, cols, xs, right, 4);
			cdi_pdf_textf(&d->p, x0, d->p.y, SIZE_TEXT, CDI_FACE_REGULAR, cdi_ink, CDI_ALIGN_LEFT,
			      x1 - 170 - x0, "\xE2\x80\x9C%s\xE2\x80\x9D", p->phrase ? p->phrase : "");
			cdi_pdf_textf(&d->p, xs[1], d->p.y, SIZE_TEXT, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_RIGHT, 0,
			      "%zu", p->n_words);
			cdi_pdf_textf(&d->p, xs[2], d->p.y, SIZE_TEXT, CDI_FACE_BOLD, cdi_ink, CDI_ALIGN_RIGHT, 0, "%zu",
			      p->count);
			unsigned pn = p->count && p->starts ? paragraph_at(r, p->starts[0]) : 0;
			if (pn)
				cdi_pdf_textf(&d->p, xs[3], d->p.y, SIZE_TEXT, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_RIGHT, 0,
				      "%u", pn);
			cdi_pdf_row_rule(&d->p);
		}
		if (r->repetition.n_phrases > MAX_ROWS)
			cdi_pdf_note(&d->p, "\xE2\x80\xA6 and more, underlined in the article.");
	}

	cdi_pdf_subhead(&d->p, "Filler phrases");
	if (r->fillers.n_top == 0) {
		cdi_pdf_note(&d->p, "No filler phrases.");
	} else {
		const char *cols[] = { "PHRASE", "CATEGORY", "TIMES", "PLAINER" };
		double xs[] = { x0, x0 + 190, x0 + 300, x0 + 316 };
		int right[] = { 0, 0, 1, 0 };
		cdi_pdf_table_head(&d->p, cols, xs, right, 4);
		for (size_t i = 0; i < r->fillers.n_top && i < MAX_ROWS; i++) {
			const cd_phrase_count *pc = &r->fillers.top[i];
			const cd_phrase_entry *e = pc->entry;
			if (!e)
				continue;
			row_need(d, 14, cols, xs, right, 4);
			int cat = e->category >= 0 && e->category < CD_CAT_COUNT ? e->category : 0;
			cdi_pdf_textf(&d->p, x0, d->p.y, SIZE_TEXT, CDI_FACE_REGULAR, cdi_ink, CDI_ALIGN_LEFT, 180,
			      "\xE2\x80\x9C%s\xE2\x80\x9D", e->phrase ? e->phrase : "");
			cdi_pdf_rect(&d->p, xs[1], d->p.y - 1.5, 7, 7, cdi_category_color[cat]);
			cdi_pdf_text(&d->p, xs[1] + 11, d->p.y, SIZE_TEXT, CDI_FACE_REGULAR, cdi_ink, CDI_ALIGN_LEFT, 0,
			     cd_category_name(cat));
			cdi_pdf_textf(&d->p, xs[2], d->p.y, SIZE_TEXT, CDI_FACE_BOLD, cdi_ink, CDI_ALIGN_RIGHT, 0, "%zu",
			      pc->count);
			/* "(cut)": drop it; "": no plainer wording, rephrase (an em dash) */
			const char *alt = e->alternative && *e->alternative ? e->alternative : "\xE2\x80\x94";
			cdi_pdf_text(&d->p, xs[3], d->p.y, SIZE_TEXT, CDI_FACE_REGULAR, cdi_accent, CDI_ALIGN_LEFT,
			     x1 - xs[3], alt);
			cdi_pdf_row_rule(&d->p);
		}
		if (r->fillers.n_top > MAX_ROWS)
			cdi_pdf_note(&d->p, "\xE2\x80\xA6 and more, tinted in the article.");
	}

	cdi_pdf_subhead(&d->p, "Mechanics");
	size_t nm = 0;
	for (size_t i = 0; i < r->n_findings; i++)
		nm += is_mechanics((int)r->findings[i].kind);
	if (nm == 0) {
		cdi_pdf_note(&d->p, "No mechanics errors: spacing, capitals, a/an, doubled words and same-root "
		           "pairs are clean.");
	} else {
		const char *cols[] = { "KIND", "PARA", "IN ITS SENTENCE" };
		double xs[] = { x0, x0 + 96, x0 + 104 };
		int right[] = { 0, 1, 0 };
		cdi_pdf_table_head(&d->p, cols, xs, right, 3);
		size_t shown = 0;
		for (size_t i = 0; i < r->n_findings && shown < MAX_MECHANICS; i++) {
			const cd_finding *f = &r->findings[i];
			if (!is_mechanics((int)f->kind) || f->end > r->text_len || f->start > f->end)
				continue;
			row_need(d, 26, cols, xs, right, 3);
			cdi_pdf_text(&d->p, x0, d->p.y, SIZE_TEXT, CDI_FACE_BOLD, cdi_ink, CDI_ALIGN_LEFT, 90,
			     mechanics_label((int)f->kind));
			unsigned pn = paragraph_at(r, f->start);
			if (pn)
				cdi_pdf_textf(&d->p, xs[1], d->p.y, SIZE_TEXT, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_RIGHT, 0,
				      "%u", pn);
			excerpt(d, xs[2], d->p.y, x1 - xs[2], f->start, f->end);
			if (f->message)
				cdi_pdf_text(&d->p, xs[2], d->p.y - 10, SIZE_SMALL, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_LEFT,
				     x1 - xs[2], f->message);
			d->p.y -= 10;
			cdi_pdf_row_rule(&d->p);
			shown++;
		}
		if (nm > shown)
			cdi_pdf_textf(&d->p, x0, d->p.y - 2, SIZE_TEXT, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_LEFT, 0,
			      "\xE2\x80\xA6 and %zu more, outlined in the article.", nm - shown), d->p.y -= 16;
	}

	cdi_pdf_subhead(&d->p, "Passive voice");
	size_t np = 0;
	for (size_t i = 0; i < r->n_findings; i++)
		np += r->findings[i].kind == CD_FIND_PASSIVE;
	if (np == 0) {
		cdi_pdf_note(&d->p, "No passive sentences.");
	} else {
		const char *cols[] = { "PARA", "IN ITS SENTENCE" };
		double xs[] = { x0 + 24, x0 + 34 };
		int right[] = { 1, 0 };
		cdi_pdf_table_head(&d->p, cols, xs, right, 2);
		size_t shown = 0;
		for (size_t i = 0; i < r->n_findings && shown < MAX_ROWS; i++) {
			const cd_finding *f = &r->findings[i];
			if (f->kind != CD_FIND_PASSIVE || f->end > r->text_len || f->start > f->end)
				continue;
			row_need(d, 14, cols, xs, right, 2);
			unsigned pn = paragraph_at(r, f->start);
			if (pn)
				cdi_pdf_textf(&d->p, xs[0], d->p.y, SIZE_TEXT, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_RIGHT, 0,
				      "%u", pn);
			excerpt(d, xs[1], d->p.y, x1 - xs[1], f->start, f->end);
			cdi_pdf_row_rule(&d->p);
			shown++;
		}
		if (np > shown)
			cdi_pdf_textf(&d->p, x0, d->p.y - 2, SIZE_TEXT, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_LEFT, 0,
			      "\xE2\x80\xA6 and %zu more.", np - shown), d->p.y -= 16;
	}

	cdi_pdf_subhead(&d->p, "Same-opener runs");
	if (r->repetition.n_runs == 0) {
		cdi_pdf_note(&d->p, "No runs of three or more sentences opening with the same word.");
	} else {
		for (size_t i = 0; i < r->repetition.n_runs && i < MAX_ROWS; i++) {
			const cd_opener_run *run = &r->repetition.runs[i];
			cdi_pdf_need(&d->p, 26);
			unsigned pn = paragraph_at(r, run->start);
			char head[160];
			snprintf(head, sizeof head, "\xE2\x80\x9C%s\xE2\x80\x9D opens %zu sentences in a row",
			         run->word ? run->word : "", run->length);
			double hw = cdi_pdf_text(&d->p, x0, d->p.y, SIZE_TEXT, CDI_FACE_BOLD, cdi_ink, CDI_ALIGN_LEFT, 0, head);
			if (pn)
				cdi_pdf_textf(&d->p, x0 + hw + 6, d->p.y, SIZE_TEXT, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_LEFT,
				      0, "from paragraph %u", pn);
			const cd_sentence *s = run->first_sentence < r->n_sentences ?
				&r->sentences[run->first_sentence] : NULL;
			if (s && s->end <= r->text_len && s->start <= s->end) {
				char *t = strndup(r->text + s->start, s->end - s->start);
				if (t) {
					cdi_pdf_text(&d->p, x0 + 12, d->p.y - 11, SIZE_TEXT - 0.5, CDI_FACE_REGULAR, cdi_muted,
					     CDI_ALIGN_LEFT, x1 - x0 - 12, t);
					free(t);
				}
			}
			d->p.y -= 11;
			cdi_pdf_row_rule(&d->p);
		}
	}
}

/* ---- the annotated article ------------------------------------------- */

static const char *const mark_names[] = {
	"filler", "repeated phrase", "mechanics error", "long sentence", "very long sentence"
};

static cdi_rgb mark_color(int mark)
{
	switch (mark) {
	case CDI_MARK_REPEAT: return cdi_accent;
	case CDI_MARK_MECHANICS: return cdi_band_color[4];
	case CDI_MARK_LONG: return cdi_band_color[2];
	case CDI_MARK_VERY_LONG: return cdi_band_color[4];
	default: return cdi_rule;
	}
}

/* The legend across the foot of every article page. */
static void legend(doc *d)
{
	double x = MARGIN, y = MARGIN + 14, size = SIZE_SMALL;
	cdi_pdf_hline(&d->p, MARGIN, d->p.w - MARGIN, y + 22, 0.3, cdi_rule);
	cdi_pdf_text(&d->p, x, y + 11, size, CDI_FACE_BOLD, cdi_muted, CDI_ALIGN_LEFT, 0, "FILLER");
	double xx = x + 40;
	for (int c = 0; c < CD_CAT_COUNT; c++) {
		const char *n = cd_category_name(c);
		cdi_pdf_rect(&d->p, xx, y + 9, 16, 9, cdi_highlight(c));
		xx += 19;
		xx += cdi_pdf_text(&d->p, xx, y + 11, size, CDI_FACE_REGULAR, cdi_ink, CDI_ALIGN_LEFT, 0, n) + 9;
	}
	xx = x + 40;
	cdi_pdf_text(&d->p, x, y - 1, size, CDI_FACE_BOLD, cdi_muted, CDI_ALIGN_LEFT, 0, "MARKS");
	/* repeated: underline */
	cdi_pdf_rect(&d->p, xx, y - 2.5, 16, 0.8, mark_color(CDI_MARK_REPEAT));
	xx += 19;
	xx += cdi_pdf_text(&d->p, xx, y - 1, size, CDI_FACE_REGULAR, cdi_ink, CDI_ALIGN_LEFT, 0, mark_names[1]) + 10;
	cdi_pdf_stroke(&d->p, mark_color(CDI_MARK_MECHANICS));
	cdi_pdf_line_width(&d->p, 0.8);
	HPDF_Page_Rectangle(d->p.page, (HPDF_REAL)xx, (HPDF_REAL)(y - 3), 16, 9);
	HPDF_Page_Stroke(d->p.page);
	xx += 19;
	xx += cdi_pdf_text(&d->p, xx, y - 1, size, CDI_FACE_REGULAR, cdi_ink, CDI_ALIGN_LEFT, 0, mark_names[2]) + 10;
	for (int m = CDI_MARK_LONG; m <= CDI_MARK_VERY_LONG; m++) {
		cdi_pdf_rect(&d->p, xx + 6, y - 3, 2.5, 9, mark_color(m));
		xx += 14;
		xx += cdi_pdf_text(&d->p, xx, y - 1, size, CDI_FACE_REGULAR, cdi_ink, CDI_ALIGN_LEFT, 0,
		           mark_names[m - CDI_MARK_FILLER]) + 10;
	}
	cdi_pdf_text(&d->p, xx, y - 1, size, CDI_FACE_REGULAR, cdi_faint, CDI_ALIGN_LEFT, 0,
	     "grey: table, code, boilerplate");
}

/* Paints the rectangles of one page (L->rects is in page order; *from is
 * the first of this page): tints and rules under the text (pass 0), the
 * rest over it (pass 1). */
static void paint_rects(doc *d, const cdi_layout *L, unsigned page, int pass, size_t *from)
{
	size_t i = *from;
	while (i < L->rects.n && L->rects.v[i].page < page)
		i++;
	*from = i;
	for (; i < L->rects.n && L->rects.v[i].page == page; i++) {
		const cdi_lrect *rc = &L->rects.v[i];
		int under = rc->mark == CDI_MARK_FILLER || rc->mark == CDI_MARK_RULE;
		if (under != (pass == 0))
			continue;
		switch (rc->mark) {
		case CDI_MARK_FILLER: {
			int c = rc->category >= 0 && rc->category < CD_CAT_COUNT ? rc->category : 0;
			cdi_pdf_rect(&d->p, rc->x, rc->y, rc->w, rc->h, cdi_highlight(c));
			break;
		}
		case CDI_MARK_RULE:
			cdi_pdf_rect(&d->p, rc->x, rc->y, rc->w, rc->h, cdi_rule);
			break;
		case CDI_MARK_MECHANICS:
			cdi_pdf_stroke(&d->p, mark_color(rc->mark));
			cdi_pdf_line_width(&d->p, 0.8);
			HPDF_Page_Rectangle(d->p.page, (HPDF_REAL)rc->x, (HPDF_REAL)rc->y, (HPDF_REAL)rc->w,
			                    (HPDF_REAL)rc->h);
			HPDF_Page_Stroke(d->p.page);
			break;
		default:
			cdi_pdf_rect(&d->p, rc->x, rc->y, rc->w, rc->h, mark_color(rc->mark));
			break;
		}
	}
}

/* Words of one line in the same face, size and style, one space width
 * apart (as the layout puts them), go out as one string: the same glyphs
 * in the same places, with a fraction of libharu's per-call work, and a
 * text that copies and extracts with its spaces. */
static int same_run(const cdi_pdf *p, const cdi_lword *a, const cdi_lword *b)
{
	if (a->page != b->page || a->y != b->y || a->face != b->face || a->size != b->size ||
	    a->style != b->style)
		return 0;
	double space = cdi_pdf_width((cdi_pdf *)p, " ", 1, a->face, a->size);
	return fabs(b->x - (a->x + a->w + space)) < 0.01;
}

static void paint_words(doc *d, const cdi_layout *L, const cdi_lword *w, size_t n, unsigned page,
                        size_t *cursor)
{
	size_t i = *cursor;
	if (i >= n || w[i].page != page)
		return;
	HPDF_Page_BeginText(d->p.page);
	while (i < n && w[i].page == page) {
		cdi_pdf_use_face(&d->p, w[i].face, w[i].size, w[i].style == CDI_STYLE_GREY ? cdi_muted :
		         w[i].style == CDI_STYLE_NUMBER ? cdi_faint : cdi_ink);
		size_t j = i + 1;
		while (j < n && same_run(&d->p, &w[j - 1], &w[j]))
			j++;
		const char *text = L->strings.v + w[i].str;
		if (j > i + 1) {
			size_t len = 0;
			for (size_t k = i; k < j; k++)
				len += w[k].str_len + 1;
			if (len > d->run_cap) {
				char *b = realloc(d->run, len);
				if (b) {
					d->run = b;
					d->run_cap = len;
				}
			}
			if (len <= d->run_cap) {
				char *o = d->run;
				for (size_t k = i; k < j; k++) {
					memcpy(o, L->strings.v + w[k].str, w[k].str_len);
					o += w[k].str_len;
					*o++ = k + 1 < j ? ' ' : '\0';
				}
				text = d->run;
			} else {
				j = i + 1;   /* no memory for the run: word by word */
			}
		}
		HPDF_Page_TextOut(d->p.page, (HPDF_REAL)w[i].x, (HPDF_REAL)w[i].y, text);
		i = j;
	}
	HPDF_Page_EndText(d->p.page);
	*cursor = i;
}

static int annotated(doc *d)
{
	cdi_layout_cfg cfg;
	cdi_layout_cfg_default(&cfg, d->p.w, d->p.h);
	cfg.top = cdi_pdf_body_top(&d->p) - 4;
	cfg.first_top = cfg.top - 44;
	cfg.bottom = MARGIN + 44;
	cdi_layout L = {0};
	int rc = cdi_layout_article(&L, d->r, &cfg, &d->p.fns);
	if (rc != CD_OK)
		goto cleanup;
	size_t wi = 0, ni = 0, ri = 0, first_page = d->p.pages.n;
	HPDF_Outline root = NULL;
	for (unsigned p = 0; p < L.pages; p++) {
		if (cdi_pdf_new_page(&d->p) != 0) {
			rc = CD_ENOMEM;
			goto cleanup;
		}
		if (p == 0) {
			root = cdi_pdf_outline(&d->p, "Annotated article");
			cdi_pdf_section(&d->p, "The annotated article",
			        "numbers in the margin count paragraphs and list items");
		}
		paint_rects(d, &L, p, 0, &ri);
		paint_words(d, &L, L.words.v, L.words.n, p, &wi);
		paint_words(d, &L, L.numbers.v, L.numbers.n, p, &ni);
		paint_rects(d, &L, p, 1, &ri);
		legend(d);
	}
	/* A bookmark under the section for every heading of the article. */
	for (size_t i = 0; root && i < d->r->n_blocks; i++) {
		const cd_block *b = &d->r->blocks[i];
		if (b->kind != CD_BLOCK_HEADING || b->end > d->r->text_len)
			continue;
		const cdi_lword *w = L.words.v, *end = L.words.v + L.words.n;
		size_t lo = 0, hi = L.words.n;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (w[mid].src_start < b->start)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (w + lo >= end || w[lo].src_start >= b->end || first_page + w[lo].page >= d->p.pages.n)
			continue;
		char *title = strndup(d->r->text + b->start, b->end - b->start);
		if (title)
			cdi_pdf_outline_at(&d->p, root, d->p.pages.v[first_page + w[lo].page],
			           w[lo].y + w[lo].size * 1.5, title);
		free(title);
	}
cleanup:
	cdi_layout_free(&L);
	return rc;
}

/* ---- appendix -------------------------------------------------------- */

static void kv(doc *d, const char *key, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void kv(doc *d, const char *key, const char *fmt, ...)
{
	char v[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(v, sizeof v, fmt, ap);
	va_end(ap);
	cdi_pdf_need(&d->p, 24);
	cdi_pdf_text(&d->p, MARGIN, d->p.y, SIZE_TEXT - 0.5, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_LEFT, 150, key);
	int lines = cdi_pdf_para(&d->p, MARGIN + 160, d->p.y, d->p.w - 2 * MARGIN - 160, SIZE_TEXT - 0.5,
	                 CDI_FACE_REGULAR, cdi_ink, 10.5, 3, v);
	d->p.y -= 10.5 * (lines > 1 ? lines : 1) + 1.5;
}

static void appendix(doc *d)
{
	const cd_options *o = &d->analysis;
	cdi_pdf_new_page(&d->p);
	cdi_pdf_outline(&d->p, "Appendix");
	cdi_pdf_section(&d->p, "Appendix", "how this report was measured");
	cdi_pdf_subhead(&d->p, "Thresholds and weights in force");
	kv(d, "long / very long sentence", "more than %u / %u words", o->long_sentence,
	   o->very_long_sentence);
	kv(d, "long paragraph", "more than %u words", o->long_paragraph);
	kv(d, "repeated phrases", "%u to %u words, a repeat grown whole up to 32", o->ngram_min,
	   o->ngram_max);
	kv(d, "target filler", "at most %.1f per 1,000 words", o->target_filler_per_1000);
	kv(d, "target grade", "at most %.1f", o->target_grade);
	kv(d, "target transition openers", "at most %.0f%% of sentences", o->target_transition_share * 100);
	kv(d, "target long sentences", "at most %.0f%% of sentences", o->target_long_share * 100);
	kv(d, "target repeated words", "at most %.0f%% of words", o->target_repeated_share * 100);
	kv(d, "target passive sentences", "at most %.0f%% of sentences", o->target_passive_share * 100);
	kv(d, "score weights (points)", "filler %.0f, grade %.0f, transitions %.0f, long sentences "
	   "%.0f, repetition %.0f, mechanics %.0f, passive %.0f, openers %.0f", o->weight_filler,
	   o->weight_grade, o->weight_transitions, o->weight_long_sentences, o->weight_repetition,
	   o->weight_mechanics, o->weight_passive, o->weight_openers);
	char cats[160] = "";
	for (int i = 0; i < CD_CAT_COUNT; i++)
		if (!o->category_enabled[i]) {
			strncat(cats, cats[0] ? ", " : "", sizeof cats - strlen(cats) - 1);
			strncat(cats, cd_category_name(i), sizeof cats - strlen(cats) - 1);
		}
	kv(d, "filler categories off", "%s", cats[0] ? cats : "none");
	kv(d, "reading time", "%.0f words per minute (Brysbaert, 2019)", WORDS_PER_MINUTE);

	cdi_pdf_subhead(&d->p, "Configuration");
	if (!d->opt->n_config_lines)
		cdi_pdf_note(&d->p, "Built-in defaults: no copydesk.ini was read.");
	for (size_t i = 0; i < d->opt->n_config_lines; i++) {
		cdi_pdf_need(&d->p, 12);
		cdi_pdf_text(&d->p, MARGIN, d->p.y, SIZE_TEXT - 0.5, CDI_FACE_REGULAR, cdi_ink, CDI_ALIGN_LEFT,
		     d->p.w - 2 * MARGIN, d->opt->config_lines[i] ? d->opt->config_lines[i] : "");
		d->p.y -= 11.5;
	}

	cdi_pdf_subhead(&d->p, "Formulas (W words, S sentences, Y syllables)");
	static const char *const f[][2] = {
		{ "Flesch Reading Ease", "206.835 \xE2\x88\x92 1.015 W/S \xE2\x88\x92 84.6 Y/W  (Flesch, 1948)" },
		{ "Flesch\xE2\x80\x93Kincaid grade", "0.39 W/S + 11.8 Y/W \xE2\x88\x92 15.59  (Kincaid et al., 1975)" },
		{ "Gunning Fog", "0.4 (W/S + 100 complex/W)  (Gunning, 1952)" },
		{ "SMOG", "1.0430 \xE2\x88\x9A(polysyllables \xC2\xB7 30/S) + 3.1291  (McLaughlin, 1969)" },
		{ "Coleman\xE2\x80\x93Liau", "0.0588 letters/100 W \xE2\x88\x92 0.296 S/100 W \xE2\x88\x92 15.8  (Coleman & Liau, 1975)" },
		{ "ARI", "4.71 letters/W + 0.5 W/S \xE2\x88\x92 21.43  (Senter & Smith, 1967)" },
		{ "Linsear Write", "easy words 1, hard words 3, per sentence  (O\xE2\x80\x99Hayre, 1966)" },
		{ "LIX", "W/S + 100 long words/W, long = 7+ letters  (Bj\xC3\xB6rnsson, 1968)" },
		{ "RIX", "long words/S  (Anderson, 1983)" },
		{ "Consensus grade", "median of the grade-level formulas" },
		{ "Reading-ease bands", "Flesch (1949): 90+ very easy, 80 easy, 70 fairly easy, 60 standard, "
		                        "50 fairly difficult, 30 difficult, below 30 very confusing" },
		{ "Grade bands", "up to 6 easy, 9 plain, 12 high school, 16 college, above graduate" },
	};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		kv(d, f[i][0], "%s", f[i][1]);
}

/* ---- fonts, files, the entry point ---------------------------------- */


int cd_report_article(const char *pdf_path, const cd_article *article,
                      const char *source_path, const cd_report_options *opt,
                      char *err, size_t errlen)
{
	static const cd_report_options defaults = {0};
	CDI_ERR_PROLOGUE(err, errlen);
	if (!pdf_path || !article) {
		snprintf(err, errlen, "report: no output path or article");
		return -1;
	}
	if (!opt)
		opt = &defaults;
	int rc = -1;
	char *title = NULL;
	doc *d = calloc(1, sizeof *d);
	if (!d) {
		snprintf(err, errlen, "%s: out of memory", pdf_path);
		return -1;
	}
	d->r = cd_article_result(article);
	d->opt = opt;
	if (opt->analysis)
		d->analysis = *opt->analysis;
	else
		cd_options_init(&d->analysis);
	if (cdi_pdf_begin(&d->p, opt, pdf_path, err, errlen) != 0)
		goto cleanup;
	const char *base = source_path ? strrchr(source_path, '/') : NULL;
	d->p.file = source_path ? (base ? base + 1 : source_path) : "(no file)";

	/* Title: the article's, with the optional prefix. */
	const char *at = d->r->title && *d->r->title ? d->r->title : d->p.file;
	size_t tl = strlen(at) + (opt->title ? strlen(opt->title) : 0) + 8;
	title = malloc(tl);
	if (!title) {
		snprintf(err, errlen, "%s: out of memory", pdf_path);
		goto cleanup;
	}
	if (opt->title && *opt->title)
		snprintf(title, tl, "%s \xE2\x80\x94 %s", opt->title, at);
	else
		snprintf(title, tl, "%s", at);
	cdi_pdf_info(&d->p, title, "Quality report: readability, repetition, filler phrases, "
	             "mechanics");

	if (cdi_pdf_new_page(&d->p) != 0) {
		snprintf(err, errlen, "%s: out of memory", pdf_path);
		goto cleanup;
	}
	verdict(d);
	evidence(d);
	if (annotated(d) != CD_OK) {
		snprintf(err, errlen, "%s: out of memory (libharu error 0x%04X, detail %u)", pdf_path,
		         (unsigned)d->p.error, (unsigned)d->p.detail);
		goto cleanup;
	}
	appendix(d);
	rc = cdi_pdf_finish(&d->p, pdf_path, err, errlen);
cleanup:
	cdi_pdf_free(&d->p);
	free(d->run);
	free(title);
	free(d);
	return rc;
}

int cd_report_check_fonts(const cd_report_options *opt, char *err, size_t errlen)
{
	static const cd_report_options defaults = {0};
	CDI_ERR_PROLOGUE(err, errlen);
	cdi_pdf p;
	memset(&p, 0, sizeof p);
	int rc = cdi_pdf_begin(&p, opt ? opt : &defaults, "(font check)", err, errlen);
	cdi_pdf_free(&p);
	return rc;
}
