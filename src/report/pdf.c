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

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_fontdef.h>

#include "report/charts.h"
#include "report/layout.h"
#include "report/sanitize.h"

/* Reading speed for non-fiction in English: 238 words per minute
 * (Brysbaert, 2019, "How many words do we read per minute?"). */
#define WORDS_PER_MINUTE 238.0

/* Page furniture: 20 mm margins; type sizes on a small modular scale. */
#define MARGIN 56.7
#define SIZE_SMALL 7.0
#define SIZE_TEXT 8.5
#define SIZE_SECTION 12.0
#define SIZE_TITLE 17.0

typedef struct doc {
	HPDF_Doc pdf;
	HPDF_STATUS error, detail;          /* the first libharu error */
	HPDF_Font font[CDI_FACE_COUNT];
	HPDF_FontDef def[CDI_FACE_COUNT];
	unsigned char glyph[65536];         /* 0 unknown, 1 in both faces, 2 missing */
	uint16_t advance[CDI_FACE_COUNT][65536];   /* glyph width + 1 in 1/1000 em, 0 unknown */
	cdi_text_fns fns;
	double w, h;                        /* page size */
	HPDF_Page page;
	CDI_VEC(HPDF_Page) pages;
	double y;                           /* flow cursor on the current page */
	const cd_result *r;
	const cd_report_options *opt;
	cd_options analysis;
	const char *title;                  /* article title for headers */
	const char *file;                   /* source file name for footers */
	char date[32];
	char *buf;                          /* sanitize buffer */
	size_t cap;
	int synthetic_bold;                 /* bold drawn by stroking the regular face */
} doc;

static void HPDF_STDCALL on_error(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
	doc *d = user;
	if (!d->error) {
		d->error = error;
		d->detail = detail;
	}
}

/* ---- text helpers --------------------------------------------------- */

static int has_glyph(void *ctx, uint32_t cp)
{
	doc *d = ctx;
	if (cp > 0xFFFF)
		return 0;
	if (!d->glyph[cp]) {
		int ok = 1;
		for (int f = 0; f < CDI_FACE_COUNT; f++)
			ok &= HPDF_TTFontDef_GetGlyphid(d->def[f], (HPDF_UINT16)cp) != 0;
		d->glyph[cp] = ok ? 1 : 2;
	}
	return d->glyph[cp] == 1;
}

/* Widths add up (libharu does no kerning), so a word is measured from a
 * per-face table filled once per code point: libharu's own TextWidth
 * looks every character up in the cmap again. */
static double measure(void *ctx, int face, const char *s, size_t len)
{
	doc *d = ctx;
	const unsigned char *p = (const unsigned char *)s;
	uint16_t *adv = d->advance[face];
	unsigned long total = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		if (p[i] < 0x80)
			cp = p[i++];
		else
			i += cdi_utf8_decode(p + i, len - i, &cp);
		if (cp > 0xFFFF)
			cp = 0xFFFD;
		if (!adv[cp]) {
			HPDF_INT w = HPDF_Font_GetUnicodeWidth(d->font[face], (HPDF_UNICODE)cp);
			adv[cp] = (uint16_t)((w > 0 && w < 65000 ? w : 0) + 1);
		}
		total += adv[cp] - 1u;
	}
	return (double)total / 1000.0;
}

/* s sanitized into d->buf (valid until the next call); NULL on no memory. */
static const char *clean(doc *d, const char *s, size_t len, size_t *out_len)
{
	/* 8 bytes spare: text() may put an ellipsis after a cut. */
	if (d->cap < CDI_SANITIZE_CAP(len) + 8) {
		size_t cap = CDI_SANITIZE_CAP(len) + 8 < 1024 ? 1024 : CDI_SANITIZE_CAP(len) + 8;
		char *b = realloc(d->buf, cap);
		if (!b)
			return NULL;
		d->buf = b;
		d->cap = cap;
	}
	size_t n = cdi_sanitize(s, len, d->buf, d->cap, has_glyph, d);
	if (out_len)
		*out_len = n;
	return d->buf;
}

static void fill_color(doc *d, cdi_rgb c)
{
	HPDF_Page_SetRGBFill(d->page, (HPDF_REAL)c.r, (HPDF_REAL)c.g, (HPDF_REAL)c.b);
}

static void stroke_color(doc *d, cdi_rgb c)
{
	HPDF_Page_SetRGBStroke(d->page, (HPDF_REAL)c.r, (HPDF_REAL)c.g, (HPDF_REAL)c.b);
}

/* Inside a text object: face, size and colour for what follows. With a
 * synthetic bold the regular outlines are filled and stroked 0.05 em
 * wide, about the stem difference between DejaVu Sans and its bold. */
static void use_face(doc *d, int face, double size, cdi_rgb c)
{
	HPDF_Page_SetFontAndSize(d->page, d->font[face], (HPDF_REAL)size);
	fill_color(d, c);
	if (d->synthetic_bold) {
		if (face == CDI_FACE_BOLD) {
			HPDF_Page_SetTextRenderingMode(d->page, HPDF_FILL_THEN_STROKE);
			HPDF_Page_SetLineWidth(d->page, (HPDF_REAL)(size * 0.05));
			stroke_color(d, c);
		} else {
			HPDF_Page_SetTextRenderingMode(d->page, HPDF_FILL);
		}
	}
}

/* Paints already sanitized text (in a text object of its own). */
static void paint(doc *d, double x, double y, double size, int face, cdi_rgb c, const char *s)
{
	HPDF_Page_BeginText(d->page);
	use_face(d, face, size, c);
	HPDF_Page_TextOut(d->page, (HPDF_REAL)x, (HPDF_REAL)y, s);
	HPDF_Page_EndText(d->page);
}

static double width_of(doc *d, const char *clean_s, size_t len, int face, double size)
{
	return measure(d, face, clean_s, len) * size;
}

/* Draws s at x (aligned) fitted into maxw (cut with an ellipsis when too
 * wide; maxw <= 0: no limit). Returns the width drawn. */
static double text(doc *d, double x, double y, double size, int face, cdi_rgb c,
                   int align, double maxw, const char *s)
{
	size_t n;
	const char *t = clean(d, s, strlen(s), &n);
	if (!t)
		return 0;
	double wd = width_of(d, t, n, face, size);
	if (maxw > 0 && wd > maxw) {
		double ell = width_of(d, "\xE2\x80\xA6", 3, face, size);
		size_t next;
		size_t cut = cdi_wrap_next(t, n, maxw - ell, size, face, &d->fns, &next);
		if (cut == n || cut == 0) {
			/* One long word: cut at a code point. */
			cut = 0;
			double acc = 0;
			while (cut < n) {
				uint32_t cp;
				size_t k = cdi_utf8_decode((const unsigned char *)t + cut, n - cut, &cp);
				double cw = width_of(d, t + cut, k, face, size);
				if (acc + cw > maxw - ell)
					break;
				acc += cw;
				cut += k;
			}
		}
		while (cut > 0 && t[cut - 1] == ' ')
			cut--;
		memcpy(d->buf + cut, "\xE2\x80\xA6", 4);
		n = cut + 3;
		wd = width_of(d, t, n, face, size);
	}
	if (align == CDI_ALIGN_CENTER)
		x -= wd / 2;
	else if (align == CDI_ALIGN_RIGHT)
		x -= wd;
	paint(d, x, y, size, face, c, t);
	return wd;
}

static double textf(doc *d, double x, double y, double size, int face, cdi_rgb c,
                    int align, double maxw, const char *fmt, ...)
	__attribute__((format(printf, 9, 10)));
static double textf(doc *d, double x, double y, double size, int face, cdi_rgb c,
                    int align, double maxw, const char *fmt, ...)
{
	char s[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s, sizeof s, fmt, ap);
	va_end(ap);
	return text(d, x, y, size, face, c, align, maxw, s);
}

/* Wraps s into width from baseline y down; at most max_lines lines (the
 * last cut with an ellipsis). Returns the number of lines drawn. */
static int para(doc *d, double x, double y, double width, double size, int face, cdi_rgb c,
                double leading, int max_lines, const char *s)
{
	size_t n;
	const char *t0 = clean(d, s, strlen(s), &n);
	if (!t0)
		return 0;
	char *t = malloc(n + 1);
	if (!t)
		return 0;
	memcpy(t, t0, n + 1);
	int lines = 0;
	size_t pos = 0;
	while (pos < n && lines < max_lines) {
		size_t next;
		size_t cut = cdi_wrap_next(t + pos, n - pos, width, size, face, &d->fns, &next);
		if (lines + 1 == max_lines && pos + cut < n) {
			/* The last line allowed: the rest, cut with an ellipsis. */
			text(d, x, y - lines * leading, size, face, c, CDI_ALIGN_LEFT, width, t + pos);
			lines++;
			break;
		}
		char save = t[pos + cut];
		t[pos + cut] = '\0';
		text(d, x, y - lines * leading, size, face, c, CDI_ALIGN_LEFT, 0, t + pos);
		t[pos + cut] = save;
		lines++;
		pos += next;
		if (next == 0)
			break;
	}
	free(t);
	return lines;
}

static void rect(doc *d, double x, double y, double w, double h, cdi_rgb c)
{
	fill_color(d, c);
	HPDF_Page_Rectangle(d->page, (HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)w, (HPDF_REAL)h);
	HPDF_Page_Fill(d->page);
}

static void hline(doc *d, double x0, double x1, double y, double width, cdi_rgb c)
{
	stroke_color(d, c);
	HPDF_Page_SetLineWidth(d->page, (HPDF_REAL)width);
	HPDF_Page_MoveTo(d->page, (HPDF_REAL)x0, (HPDF_REAL)y);
	HPDF_Page_LineTo(d->page, (HPDF_REAL)x1, (HPDF_REAL)y);
	HPDF_Page_Stroke(d->page);
}

static void paint_chart(doc *d, const cdi_chart *c)
{
	for (size_t i = 0; i < c->items.n; i++) {
		const cdi_dl_item *it = &c->items.v[i];
		switch (it->type) {
		case CDI_DL_RECT:
			rect(d, it->x, it->y, it->w, it->h, it->color);
			break;
		case CDI_DL_LINE: {
			static const HPDF_UINT16 dash[] = { 3, 2 };
			if (it->dashed)
				HPDF_Page_SetDash(d->page, dash, 2, 0);
			stroke_color(d, it->color);
			HPDF_Page_SetLineWidth(d->page, (HPDF_REAL)it->size);
			HPDF_Page_MoveTo(d->page, (HPDF_REAL)it->x, (HPDF_REAL)it->y);
			HPDF_Page_LineTo(d->page, (HPDF_REAL)(it->x + it->w), (HPDF_REAL)(it->y + it->h));
			HPDF_Page_Stroke(d->page);
			if (it->dashed)
				HPDF_Page_SetDash(d->page, NULL, 0, 0);
			break;
		}
		default:
			text(d, it->x, it->y, it->size, it->bold ? CDI_FACE_BOLD : CDI_FACE_REGULAR,
			     it->color, it->align, 0, it->text);
			break;
		}
	}
}

/* ---- pages and flow ------------------------------------------------- */

static double body_top(const doc *d) { return d->h - MARGIN - 10; }
static double body_bottom(const doc *d) { (void)d; return MARGIN + 6; }

static int new_page(doc *d)
{
	HPDF_Page p = HPDF_AddPage(d->pdf);
	if (!p)
		return -1;
	HPDF_Page_SetWidth(p, (HPDF_REAL)d->w);
	HPDF_Page_SetHeight(p, (HPDF_REAL)d->h);
	if (CDI_VEC_PUSH(&d->pages, p) != 0)
		return -1;
	d->page = p;
	d->y = body_top(d);
	return 0;
}

/* Makes room for h points of flow; a new page when they do not fit. */
static int need(doc *d, double h)
{
	if (d->y - h >= body_bottom(d))
		return 0;
	return new_page(d);
}

/* A bookmark to the current page (under parent, or at the top level);
 * top > 0 scrolls to that height. */
static HPDF_Outline outline_at(doc *d, HPDF_Outline parent, HPDF_Page page, double top,
                               const char *title)
{
	const char *t = clean(d, title, strlen(title), NULL);
	if (!t)
		return NULL;
	HPDF_Outline o = HPDF_CreateOutline(d->pdf, parent, t, HPDF_GetEncoder(d->pdf, "UTF-8"));
	HPDF_Destination dst = HPDF_Page_CreateDestination(page);
	if (o && dst) {
		if (top > 0)
			HPDF_Destination_SetFitH(dst, (HPDF_REAL)top);
		HPDF_Outline_SetDestination(o, dst);
	}
	return o;
}

static HPDF_Outline outline(doc *d, const char *title)
{
	return outline_at(d, NULL, d->page, 0, title);
}

static void section(doc *d, const char *title, const char *note)
{
	need(d, 60);
	d->y -= SIZE_SECTION;
	text(d, MARGIN, d->y, SIZE_SECTION, CDI_FACE_BOLD, cdi_ink, CDI_ALIGN_LEFT, 0, title);
	if (note)
		text(d, d->w - MARGIN, d->y, SIZE_SMALL, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_RIGHT,
		     0, note);
	d->y -= 6;
	hline(d, MARGIN, d->w - MARGIN, d->y, 0.6, cdi_ink);
	d->y -= 12;
}

static void subhead(doc *d, const char *title)
{
	need(d, 40);
	d->y -= 14;
	text(d, MARGIN, d->y, 9.5, CDI_FACE_BOLD, cdi_accent, CDI_ALIGN_LEFT, 0, title);
	d->y -= 13;
}

static void empty_note(doc *d, const char *s)
{
	text(d, MARGIN, d->y - 2, SIZE_TEXT, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_LEFT, 0, s);
	d->y -= 16;
}

static void furniture(doc *d, size_t i, size_t n)
{
	d->page = d->pages.v[i];
	double top = d->h - 34;
	text(d, MARGIN, top, SIZE_SMALL, CDI_FACE_BOLD, cdi_accent, CDI_ALIGN_LEFT, 0,
	     "copydesk quality report");
	text(d, d->w - MARGIN, top, SIZE_SMALL, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_RIGHT,
	     d->w - 2 * MARGIN - 120, d->title);
	hline(d, MARGIN, d->w - MARGIN, top - 6, 0.4, cdi_rule);
	double bot = 32;
	hline(d, MARGIN, d->w - MARGIN, bot + 10, 0.4, cdi_rule);
	textf(d, MARGIN, bot, SIZE_SMALL, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_LEFT,
	      d->w - 2 * MARGIN - 100, "%s \xC2\xB7 reviewed %s", d->file, d->date);
	textf(d, d->w - MARGIN, bot, SIZE_SMALL, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_RIGHT, 0,
	      "page %zu of %zu", i + 1, n);
}

/* ---- page 1: the verdict --------------------------------------------- */

static void tile(doc *d, double x, double y, double w, double h, const char *value,
                 const char *label, const char *note, cdi_rgb accent)
{
	rect(d, x, y, w, h, cdi_panel);
	rect(d, x, y + h - 2, w, 2, accent);
	text(d, x + 9, y + h - 22, 15, CDI_FACE_BOLD, cdi_ink, CDI_ALIGN_LEFT, w - 14, value);
	text(d, x + 9, y + 16, SIZE_SMALL, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_LEFT, w - 14, label);
	if (note)
		text(d, x + 9, y + 7, SIZE_SMALL, CDI_FACE_BOLD, accent, CDI_ALIGN_LEFT, w - 14, note);
}

static void thousands(char *out, size_t cap, size_t v)
{
	char tmp[32];
	int n = snprintf(tmp, sizeof tmp, "%zu", v);
	size_t o = 0;
	for (int i = 0; i < n && o + 2 < cap; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = tmp[i];
	}
	out[o] = '\0';
}

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

static void verdict(doc *d)
{
	const cd_result *r = d->r;
	double x0 = MARGIN, x1 = d->w - MARGIN, cw = x1 - x0;
	outline(d, "Verdict");

	/* Title block. */
	double y = d->y - SIZE_TITLE;
	int lines = para(d, x0, y, cw, SIZE_TITLE, CDI_FACE_BOLD, cdi_ink, SIZE_TITLE * 1.2, 2, d->title);
	y -= (lines ? lines - 1 : 0) * SIZE_TITLE * 1.2 + 15;
	textf(d, x0, y, SIZE_TEXT, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_LEFT, cw,
	      "%s  \xC2\xB7  reviewed %s  \xC2\xB7  copydesk %s", d->file, d->date, CD_VERSION);
	y -= 16;

	/* Score panel: the number large in its band colour, deductions beside. */
	double ph = 100;
	y -= ph;
	int band = cdi_score_band(r->score.band);
	cdi_rgb bc = cdi_band_color[band];
	rect(d, x0, y, cw, ph, cdi_panel);
	rect(d, x0, y, 4, ph, bc);
	char score[16];
	snprintf(score, sizeof score, "%.0f", r->score.quality);
	double sw = text(d, x0 + 18, y + 34, 44, CDI_FACE_BOLD, bc, CDI_ALIGN_LEFT, 0, score);
	text(d, x0 + 21 + sw, y + 34, 11, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_LEFT, 0, "/ 100");
	text(d, x0 + 18, y + ph - 16, SIZE_SMALL, CDI_FACE_BOLD, cdi_muted, CDI_ALIGN_LEFT, 0,
	     "QUALITY SCORE");
	text(d, x0 + 18, y + 13, 10, CDI_FACE_BOLD, bc, CDI_ALIGN_LEFT, 0,
	     r->score.band ? r->score.band : "not scored");
	double dx = x0 + 150, dw = x1 - dx - 12;
	text(d, dx, y + ph - 16, SIZE_SMALL, CDI_FACE_BOLD, cdi_muted, CDI_ALIGN_LEFT, 0,
	     "BIGGEST DEDUCTIONS");
	if (r->score.n_deductions == 0) {
		text(d, dx, y + ph - 34, SIZE_TEXT + 0.5, CDI_FACE_REGULAR, cdi_ink, CDI_ALIGN_LEFT, dw,
		     "None: every measure is within its target.");
	}
	/* Up to three deductions of up to two lines each: 5 leadings and 2
	 * gaps (56 pt) fit between the label and the foot of the panel. */
	double yy = y + ph - 34;
	for (size_t i = 0; i < r->score.n_deductions && i < 3; i++) {
		const cd_deduction *dd = &r->score.deductions[i];
		textf(d, dx + 34, yy, SIZE_TEXT + 0.5, CDI_FACE_BOLD, cdi_band_color[4], CDI_ALIGN_RIGHT,
		      0, "\xE2\x88\x92%.1f", dd->points);
		int lines = para(d, dx + 42, yy, dw - 42, SIZE_TEXT + 0.5, CDI_FACE_REGULAR, cdi_ink,
		                 10, 2, dd->reason ? dd->reason : "");
		yy -= 10 * (lines > 1 ? lines : 1) + 3.5;
	}
	y -= 14;

	/* Tiles. */
	double th = 50, gap = 8, tw = (cw - 4 * gap) / 5;
	y -= th;
	char words[32], sents[32], read[32], grade[32], fre[32];
	size_t nw = r->counts.all_words ? r->counts.all_words : r->counts.words;
	thousands(words, sizeof words, nw);
	thousands(sents, sizeof sents, r->counts.sentences);
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
	tile(d, x0, y, tw, th, words, "words", NULL, cdi_accent);
	tile(d, x0 + (tw + gap), y, tw, th, sents, "sentences", NULL, cdi_accent);
	tile(d, x0 + 2 * (tw + gap), y, tw, th, read, "reading time", "238 words/min",
	     cdi_accent);
	tile(d, x0 + 3 * (tw + gap), y, tw, th, grade, "consensus grade", cdi_grade_band_name(gb),
	     cdi_band_color[gb]);
	tile(d, x0 + 4 * (tw + gap), y, tw, th, fre, "Flesch Reading Ease", fre_name,
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
	text(d, x0, y, SIZE_SMALL, CDI_FACE_BOLD, cdi_muted, CDI_ALIGN_LEFT, 0, "READABILITY");
	text(d, x0 + 190, y, SIZE_SMALL, CDI_FACE_BOLD, cdi_muted, CDI_ALIGN_RIGHT, 0, "VALUE");
	text(d, x0 + 206, y, SIZE_SMALL, CDI_FACE_BOLD, cdi_muted, CDI_ALIGN_LEFT, 0, "WHAT IT MEASURES");
	text(d, x1 - 88, y, SIZE_SMALL, CDI_FACE_BOLD, cdi_muted, CDI_ALIGN_LEFT, 0, "BAND");
	y -= 5;
	hline(d, x0, x1, y, 0.5, cdi_ink);
	double rh = 13.5;
	for (size_t i = 0; i < nf; i++) {
		double yy = y - (double)(i + 1) * rh + 4;
		int last = i + 1 == nf;
		int face = last ? CDI_FACE_BOLD : CDI_FACE_REGULAR;
		const char *bn;
		int b = formula_band(&fs[i], &bn);
		text(d, x0, yy, SIZE_TEXT, face, cdi_ink, CDI_ALIGN_LEFT, 180, fs[i].name);
		textf(d, x0 + 190, yy, SIZE_TEXT, face, cdi_ink, CDI_ALIGN_RIGHT, 0, "%.1f", fs[i].value);
		text(d, x0 + 206, yy, SIZE_TEXT - 0.5, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_LEFT,
		     x1 - 100 - (x0 + 206), fs[i].meaning);
		rect(d, x1 - 88, yy - 1.5, 7, 7, cdi_band_color[b]);
		text(d, x1 - 77, yy, SIZE_TEXT - 0.5, CDI_FACE_REGULAR, cdi_ink, CDI_ALIGN_LEFT, 77, bn);
		hline(d, x0, x1, yy - 4.5, 0.3, cdi_rule);
	}
	y -= nf * rh + 22;

	/* Charts: sentence lengths and fillers side by side, paragraphs below. */
	double chh = 128, half = (cw - 24) / 2;
	text(d, x0, y, SIZE_SMALL, CDI_FACE_BOLD, cdi_muted, CDI_ALIGN_LEFT, 0, "SENTENCE LENGTH");
	text(d, x0 + half + 24, y, SIZE_SMALL, CDI_FACE_BOLD, cdi_muted, CDI_ALIGN_LEFT, 0,
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
	paint_chart(d, &c);
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
	paint_chart(d, &c);
	cdi_chart_free(&c);
	y -= 22;

	text(d, x0, y, SIZE_SMALL, CDI_FACE_BOLD, cdi_muted, CDI_ALIGN_LEFT, 0,
	     "READABILITY PER PARAGRAPH");
	double rest = y - 8 - body_bottom(d);
	double ph2 = rest < 140 ? rest : 140;
	y -= ph2 + 4;
	double *grades = malloc((r->n_blocks ? r->n_blocks : 1) * sizeof *grades);
	size_t ng = 0;
	for (size_t i = 0; grades && i < r->n_blocks; i++)
		if (r->blocks[i].kind == CD_BLOCK_PROSE || r->blocks[i].kind == CD_BLOCK_LIST_ITEM)
			grades[ng++] = r->blocks[i].grade;
	cdi_chart_paragraphs(&c, x0, y, cw, ph2, grades, ng, d->analysis.target_grade);
	paint_chart(d, &c);
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
	char *m = strndup(r->text + a, b - a);
	if (!m)
		return;
	size_t mn;
	const char *mc = clean(d, m, strlen(m), &mn);
	double mw = mc ? width_of(d, mc, mn, CDI_FACE_BOLD, size) : 0;
	double side = (width - mw) / 2;
	/* Context before: drop whole words from the left until it fits. */
	size_t from = s0;
	for (;;) {
		size_t n;
		const char *t = clean(d, r->text + from, a - from, &n);
		double ell = from > sentence_start ?
			width_of(d, "\xE2\x80\xA6", 3, CDI_FACE_REGULAR, size) : 0;
		if (!t || width_of(d, t, n, CDI_FACE_REGULAR, size) + ell <= side || from >= a)
			break;
		while (from < a && r->text[from] != ' ')
			from++;
		while (from < a && r->text[from] == ' ')
			from++;
	}
	char *before = malloc(a - from + 4);
	if (before) {
		size_t k = 0;
		if (from > sentence_start) {
			memcpy(before, "\xE2\x80\xA6", 3);
			k = 3;
		}
		memcpy(before + k, r->text + from, a - from);
		before[k + a - from] = '\0';
		x += text(d, x, y, size, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_LEFT, 0, before);
		free(before);
	}
	x += text(d, x, y, size, CDI_FACE_BOLD, cdi_band_color[4], CDI_ALIGN_LEFT, 0, m);
	free(m);
	char *after = strndup(r->text + b, s1 - b);
	if (after) {
		if (x_end - x > 8)
			text(d, x, y, size, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_LEFT, x_end - x, after);
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

static void table_head(doc *d, const char *const *cols, const double *xs, const int *right, int n)
{
	need(d, 40);
	for (int i = 0; i < n; i++)
		text(d, xs[i], d->y, SIZE_SMALL, CDI_FACE_BOLD, cdi_muted,
		     right[i] ? CDI_ALIGN_RIGHT : CDI_ALIGN_LEFT, 0, cols[i]);
	d->y -= 5;
	hline(d, MARGIN, d->w - MARGIN, d->y, 0.5, cdi_ink);
	d->y -= 11;
}

static void row_rule(doc *d)
{
	hline(d, MARGIN, d->w - MARGIN, d->y - 4.5, 0.3, cdi_rule);
	d->y -= 13.5;
}

/* At most this many rows per evidence table: the annotated article shows
 * every case; the tables show the worst. */
#define MAX_ROWS 12
#define MAX_MECHANICS 24

static void evidence(doc *d)
{
	const cd_result *r = d->r;
	double x0 = MARGIN, x1 = d->w - MARGIN;
	new_page(d);
	outline(d, "Evidence");
	section(d, "The evidence", "every case is marked in the annotated article");

	subhead(d, "Repeated phrases");
	if (r->repetition.n_phrases == 0) {
		empty_note(d, "No repeated phrases.");
	} else {
		const char *cols[] = { "PHRASE", "WORDS", "TIMES", "FIRST IN PARAGRAPH" };
		double xs[] = { x0, x1 - 150, x1 - 105, x1 };
		int right[] = { 0, 1, 1, 1 };
		table_head(d, cols, xs, right, 4);
		for (size_t i = 0; i < r->repetition.n_phrases && i < MAX_ROWS; i++) {
			const cd_repeat *p = &r->repetition.phrases[i];
			need(d, 14);
			textf(d, x0, d->y, SIZE_TEXT, CDI_FACE_REGULAR, cdi_ink, CDI_ALIGN_LEFT,
			      x1 - 170 - x0, "\xE2\x80\x9C%s\xE2\x80\x9D", p->phrase ? p->phrase : "");
			textf(d, xs[1], d->y, SIZE_TEXT, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_RIGHT, 0,
			      "%zu", p->n_words);
			textf(d, xs[2], d->y, SIZE_TEXT, CDI_FACE_BOLD, cdi_ink, CDI_ALIGN_RIGHT, 0, "%zu",
			      p->count);
			unsigned pn = p->count && p->starts ? paragraph_at(r, p->starts[0]) : 0;
			if (pn)
				textf(d, xs[3], d->y, SIZE_TEXT, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_RIGHT, 0,
				      "%u", pn);
			row_rule(d);
		}
		if (r->repetition.n_phrases > MAX_ROWS)
			empty_note(d, "\xE2\x80\xA6 and more, underlined in the article.");
	}

	subhead(d, "Filler phrases");
	if (r->fillers.n_top == 0) {
		empty_note(d, "No filler phrases.");
	} else {
		const char *cols[] = { "PHRASE", "CATEGORY", "TIMES", "PLAINER" };
		double xs[] = { x0, x0 + 190, x0 + 300, x0 + 316 };
		int right[] = { 0, 0, 1, 0 };
		table_head(d, cols, xs, right, 4);
		for (size_t i = 0; i < r->fillers.n_top && i < MAX_ROWS; i++) {
			const cd_phrase_count *pc = &r->fillers.top[i];
			const cd_phrase_entry *e = pc->entry;
			if (!e)
				continue;
			need(d, 14);
			int cat = e->category >= 0 && e->category < CD_CAT_COUNT ? e->category : 0;
			textf(d, x0, d->y, SIZE_TEXT, CDI_FACE_REGULAR, cdi_ink, CDI_ALIGN_LEFT, 180,
			      "\xE2\x80\x9C%s\xE2\x80\x9D", e->phrase ? e->phrase : "");
			rect(d, xs[1], d->y - 1.5, 7, 7, cdi_category_color[cat]);
			text(d, xs[1] + 11, d->y, SIZE_TEXT, CDI_FACE_REGULAR, cdi_ink, CDI_ALIGN_LEFT, 0,
			     cd_category_name(cat));
			textf(d, xs[2], d->y, SIZE_TEXT, CDI_FACE_BOLD, cdi_ink, CDI_ALIGN_RIGHT, 0, "%zu",
			      pc->count);
			const char *alt = e->alternative && *e->alternative ? e->alternative : "(cut)";
			text(d, xs[3], d->y, SIZE_TEXT, CDI_FACE_REGULAR, cdi_accent, CDI_ALIGN_LEFT,
			     x1 - xs[3], alt);
			row_rule(d);
		}
		if (r->fillers.n_top > MAX_ROWS)
			empty_note(d, "\xE2\x80\xA6 and more, tinted in the article.");
	}

	subhead(d, "Mechanics");
	size_t nm = 0;
	for (size_t i = 0; i < r->n_findings; i++)
		nm += is_mechanics((int)r->findings[i].kind);
	if (nm == 0) {
		empty_note(d, "No mechanics errors: spacing, capitals, a/an, doubled words and same-root "
		           "pairs are clean.");
	} else {
		const char *cols[] = { "KIND", "PARA", "IN ITS SENTENCE" };
		double xs[] = { x0, x0 + 96, x0 + 104 };
		int right[] = { 0, 1, 0 };
		table_head(d, cols, xs, right, 3);
		size_t shown = 0;
		for (size_t i = 0; i < r->n_findings && shown < MAX_MECHANICS; i++) {
			const cd_finding *f = &r->findings[i];
			if (!is_mechanics((int)f->kind) || f->end > r->text_len || f->start > f->end)
				continue;
			need(d, 26);
			text(d, x0, d->y, SIZE_TEXT, CDI_FACE_BOLD, cdi_ink, CDI_ALIGN_LEFT, 90,
			     mechanics_label((int)f->kind));
			unsigned pn = paragraph_at(r, f->start);
			if (pn)
				textf(d, xs[1], d->y, SIZE_TEXT, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_RIGHT, 0,
				      "%u", pn);
			excerpt(d, xs[2], d->y, x1 - xs[2], f->start, f->end);
			if (f->message)
				text(d, xs[2], d->y - 10, SIZE_SMALL, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_LEFT,
				     x1 - xs[2], f->message);
			d->y -= 10;
			row_rule(d);
			shown++;
		}
		if (nm > shown)
			textf(d, x0, d->y - 2, SIZE_TEXT, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_LEFT, 0,
			      "\xE2\x80\xA6 and %zu more, outlined in the article.", nm - shown), d->y -= 16;
	}

	subhead(d, "Same-opener runs");
	if (r->repetition.n_runs == 0) {
		empty_note(d, "No runs of three or more sentences opening with the same word.");
	} else {
		for (size_t i = 0; i < r->repetition.n_runs && i < MAX_ROWS; i++) {
			const cd_opener_run *run = &r->repetition.runs[i];
			need(d, 26);
			unsigned pn = paragraph_at(r, run->start);
			char head[160];
			snprintf(head, sizeof head, "\xE2\x80\x9C%s\xE2\x80\x9D opens %zu sentences in a row",
			         run->word ? run->word : "", run->length);
			double hw = text(d, x0, d->y, SIZE_TEXT, CDI_FACE_BOLD, cdi_ink, CDI_ALIGN_LEFT, 0, head);
			if (pn)
				textf(d, x0 + hw + 6, d->y, SIZE_TEXT, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_LEFT,
				      0, "from paragraph %u", pn);
			const cd_sentence *s = run->first_sentence < r->n_sentences ?
				&r->sentences[run->first_sentence] : NULL;
			if (s && s->end <= r->text_len && s->start <= s->end) {
				char *t = strndup(r->text + s->start, s->end - s->start);
				if (t) {
					text(d, x0 + 12, d->y - 11, SIZE_TEXT - 0.5, CDI_FACE_REGULAR, cdi_muted,
					     CDI_ALIGN_LEFT, x1 - x0 - 12, t);
					free(t);
				}
			}
			d->y -= 11;
			row_rule(d);
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
	hline(d, MARGIN, d->w - MARGIN, y + 22, 0.3, cdi_rule);
	text(d, x, y + 11, size, CDI_FACE_BOLD, cdi_muted, CDI_ALIGN_LEFT, 0, "FILLER");
	double xx = x + 40;
	for (int c = 0; c < CD_CAT_COUNT; c++) {
		const char *n = cd_category_name(c);
		rect(d, xx, y + 9, 16, 9, cdi_tint(cdi_category_color[c], 0.35));
		xx += 19;
		xx += text(d, xx, y + 11, size, CDI_FACE_REGULAR, cdi_ink, CDI_ALIGN_LEFT, 0, n) + 9;
	}
	xx = x + 40;
	text(d, x, y - 1, size, CDI_FACE_BOLD, cdi_muted, CDI_ALIGN_LEFT, 0, "MARKS");
	/* repeated: underline */
	rect(d, xx, y - 2.5, 16, 0.8, mark_color(CDI_MARK_REPEAT));
	xx += 19;
	xx += text(d, xx, y - 1, size, CDI_FACE_REGULAR, cdi_ink, CDI_ALIGN_LEFT, 0, mark_names[1]) + 10;
	stroke_color(d, mark_color(CDI_MARK_MECHANICS));
	HPDF_Page_SetLineWidth(d->page, 0.8);
	HPDF_Page_Rectangle(d->page, (HPDF_REAL)xx, (HPDF_REAL)(y - 3), 16, 9);
	HPDF_Page_Stroke(d->page);
	xx += 19;
	xx += text(d, xx, y - 1, size, CDI_FACE_REGULAR, cdi_ink, CDI_ALIGN_LEFT, 0, mark_names[2]) + 10;
	for (int m = CDI_MARK_LONG; m <= CDI_MARK_VERY_LONG; m++) {
		rect(d, xx + 6, y - 3, 2.5, 9, mark_color(m));
		xx += 14;
		xx += text(d, xx, y - 1, size, CDI_FACE_REGULAR, cdi_ink, CDI_ALIGN_LEFT, 0,
		           mark_names[m - CDI_MARK_FILLER]) + 10;
	}
	text(d, xx, y - 1, size, CDI_FACE_REGULAR, cdi_faint, CDI_ALIGN_LEFT, 0,
	     "grey: table, boilerplate");
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
			rect(d, rc->x, rc->y, rc->w, rc->h, cdi_tint(cdi_category_color[c], 0.35));
			break;
		}
		case CDI_MARK_RULE:
			rect(d, rc->x, rc->y, rc->w, rc->h, cdi_rule);
			break;
		case CDI_MARK_MECHANICS:
			stroke_color(d, mark_color(rc->mark));
			HPDF_Page_SetLineWidth(d->page, 0.8);
			HPDF_Page_Rectangle(d->page, (HPDF_REAL)rc->x, (HPDF_REAL)rc->y, (HPDF_REAL)rc->w,
			                    (HPDF_REAL)rc->h);
			HPDF_Page_Stroke(d->page);
			break;
		default:
			rect(d, rc->x, rc->y, rc->w, rc->h, mark_color(rc->mark));
			break;
		}
	}
}

static void paint_words(doc *d, const cdi_layout *L, const cdi_lword *w, size_t n, unsigned page,
                        size_t *cursor)
{
	size_t i = *cursor;
	if (i >= n || w[i].page != page)
		return;
	HPDF_Page_BeginText(d->page);
	int face = -1, style = -1;
	double size = 0;
	for (; i < n && w[i].page == page; i++) {
		if (w[i].face != face || w[i].size != size || w[i].style != style) {
			face = w[i].face;
			size = w[i].size;
			style = w[i].style;
			use_face(d, face, size, style == CDI_STYLE_GREY ? cdi_muted :
			         style == CDI_STYLE_NUMBER ? cdi_faint : cdi_ink);
		}
		HPDF_Page_TextOut(d->page, (HPDF_REAL)w[i].x, (HPDF_REAL)w[i].y, L->strings.v + w[i].str);
	}
	HPDF_Page_EndText(d->page);
	*cursor = i;
}

static int annotated(doc *d)
{
	cdi_layout_cfg cfg;
	cdi_layout_cfg_default(&cfg, d->w, d->h);
	cfg.top = body_top(d) - 4;
	cfg.first_top = cfg.top - 44;
	cfg.bottom = MARGIN + 44;
	cdi_layout L = {0};
	int rc = cdi_layout_article(&L, d->r, &cfg, &d->fns);
	if (rc != CD_OK)
		goto cleanup;
	size_t wi = 0, ni = 0, ri = 0, first_page = d->pages.n;
	HPDF_Outline root = NULL;
	for (unsigned p = 0; p < L.pages; p++) {
		if (new_page(d) != 0) {
			rc = CD_ENOMEM;
			goto cleanup;
		}
		if (p == 0) {
			root = outline(d, "Annotated article");
			section(d, "The annotated article",
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
		if (w + lo >= end || w[lo].src_start >= b->end || first_page + w[lo].page >= d->pages.n)
			continue;
		char *title = strndup(d->r->text + b->start, b->end - b->start);
		if (title)
			outline_at(d, root, d->pages.v[first_page + w[lo].page],
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
	need(d, 24);
	text(d, MARGIN, d->y, SIZE_TEXT - 0.5, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_LEFT, 150, key);
	int lines = para(d, MARGIN + 160, d->y, d->w - 2 * MARGIN - 160, SIZE_TEXT - 0.5,
	                 CDI_FACE_REGULAR, cdi_ink, 10.5, 3, v);
	d->y -= 10.5 * (lines > 1 ? lines : 1) + 1.5;
}

static void appendix(doc *d)
{
	const cd_options *o = &d->analysis;
	new_page(d);
	outline(d, "Appendix");
	section(d, "Appendix", "how this report was measured");
	subhead(d, "Thresholds and weights in force");
	kv(d, "long / very long sentence", "more than %u / %u words", o->long_sentence,
	   o->very_long_sentence);
	kv(d, "long paragraph", "more than %u words", o->long_paragraph);
	kv(d, "repeated phrases", "%u to %u words", o->ngram_min, o->ngram_max);
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

	subhead(d, "Configuration");
	if (!d->opt->n_config_lines)
		empty_note(d, "Built-in defaults: no copydesk.ini was read.");
	for (size_t i = 0; i < d->opt->n_config_lines; i++) {
		need(d, 12);
		text(d, MARGIN, d->y, SIZE_TEXT - 0.5, CDI_FACE_REGULAR, cdi_ink, CDI_ALIGN_LEFT,
		     d->w - 2 * MARGIN, d->opt->config_lines[i] ? d->opt->config_lines[i] : "");
		d->y -= 11.5;
	}

	subhead(d, "Formulas (W words, S sentences, Y syllables)");
	static const char *const f[][2] = {
		{ "Flesch Reading Ease", "206.835 \xE2\x88\x92 1.015 W/S \xE2\x88\x92 84.6 Y/W  (Flesch, 1948)" },
		{ "Flesch\xE2\x80\x93Kincaid grade", "0.39 W/S + 11.8 Y/W \xE2\x88\x92 15.59  (Kincaid et al., 1975)" },
		{ "Gunning Fog", "0.4 (W/S + 100 complex/W)  (Gunning, 1952)" },
		{ "SMOG", "1.0430 \xE2\x88\x9A(polysyllables \xC2\xB7 30/S) + 3.1291  (McLaughlin, 1969)" },
		{ "Coleman\xE2\x80\x93Liau", "0.0588 L \xE2\x88\x92 0.296 S100 \xE2\x88\x92 15.8  (Coleman & Liau, 1975)" },
		{ "ARI", "4.71 letters/W + 0.5 W/S \xE2\x88\x92 21.43  (Senter & Smith, 1967)" },
		{ "Linsear Write", "easy words 1, hard words 3, per sentence  (O\xE2\x80\x99Hayre, 1966)" },
		{ "LIX", "W/S + 100 long words/W, long = 7+ letters  (Bj\xC3\xB6rnsson, 1968)" },
		{ "RIX", "long words/S  (Anderson, 1983)" },
		{ "Consensus grade", "median of the grade-level formulas" },
		{ "Reading-ease bands", "Flesch (1949): 70+ fairly easy, 60 standard, 50 fairly difficult, 30 difficult" },
		{ "Grade bands", "up to 6 easy, 9 plain, 12 high school, 16 college, above graduate" },
	};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		kv(d, f[i][0], "%s", f[i][1]);
}

/* ---- fonts, files, the entry point ---------------------------------- */

static int exists(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* out = dir + mid + name when that is a file; 0 then, else -1. */
static int try_font(char *out, size_t cap, const char *dir, const char *mid, const char *name)
{
	int n = snprintf(out, cap, "%s%s%s", dir, mid, name);
	return n > 0 && (size_t)n < cap && exists(out) ? 0 : -1;
}

/* Finds name in the usual font folders; out gets the path. */
static int find_font(const char *name, char *out, size_t cap)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			if (try_font(out, cap, exe, "/fonts/", name) == 0 ||
			    try_font(out, cap, exe, "/../fonts/", name) == 0 ||
			    try_font(out, cap, exe, "/../share/copydesk/fonts/", name) == 0)
				return 0;
		}
	}
	static const char *const dirs[] = {
		"fonts", "/usr/local/share/copydesk/fonts", "/usr/share/copydesk/fonts"
	};
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
		if (try_font(out, cap, dirs[i], "/", name) == 0)
			return 0;
	return -1;
}

static int load_font(doc *d, int face, const char *given, const char *fallback, char *err,
                     size_t errlen)
{
	char path[PATH_MAX];
	if (given) {
		snprintf(path, sizeof path, "%s", given);
	} else if (find_font(fallback, path, sizeof path) != 0) {
		snprintf(err, errlen, "font %s not found (looked in fonts/ next to copydesk, ./fonts "
		         "and share/copydesk/fonts)", fallback);
		return -1;
	}
	if (!exists(path)) {
		snprintf(err, errlen, "font %s: %s", path, errno ? strerror(errno) : "not a file");
		return -1;
	}
	const char *name = HPDF_LoadTTFontFromFile(d->pdf, path, HPDF_TRUE);
	HPDF_Font f = name ? HPDF_GetFont(d->pdf, name, "UTF-8") : NULL;
	HPDF_FontDef def = name ? HPDF_Doc_FindFontDef(d->pdf, name) : NULL;
	if (!f || !def || d->error) {
		snprintf(err, errlen, "font %s: not a usable TrueType font (libharu error 0x%04X)",
		         path, (unsigned)d->error);
		return -1;
	}
	d->font[face] = f;
	d->def[face] = def;
	return 0;
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
	while (n) {
		ssize_t k = write(fd, p, n);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* Writes the saved document to fd; 0 or -1 with errno set. */
static int copy_out(doc *d, int fd)
{
	unsigned char chunk[65536];
	for (;;) {
		HPDF_UINT32 n = sizeof chunk;
		HPDF_STATUS st = HPDF_ReadFromStream(d->pdf, chunk, &n);
		if (n && write_all(fd, chunk, n) != 0)
			return -1;
		if (st == HPDF_STREAM_EOF)
			return 0;
		if (st != HPDF_OK) {
			errno = EIO;
			return -1;
		}
	}
}

static int save(doc *d, const char *pdf_path, char *err, size_t errlen)
{
	if (HPDF_SaveToStream(d->pdf) != HPDF_OK || d->error) {
		snprintf(err, errlen, "%s: the PDF could not be built (libharu error 0x%04X)", pdf_path,
		         (unsigned)d->error);
		return -1;
	}
	HPDF_ResetStream(d->pdf);
	struct stat st;
	if (stat(pdf_path, &st) == 0 && !S_ISREG(st.st_mode)) {
		/* A device or pipe (/dev/full, /dev/stdout): written in place. */
		int fd = open(pdf_path, O_WRONLY | O_TRUNC);
		if (fd < 0 || copy_out(d, fd) != 0 || close(fd) != 0) {
			snprintf(err, errlen, "%s: %s", pdf_path, strerror(errno));
			return -1;
		}
		return 0;
	}
	size_t n = strlen(pdf_path);
	char *tmp = malloc(n + 16);
	if (!tmp) {
		snprintf(err, errlen, "%s: out of memory", pdf_path);
		return -1;
	}
	/* .name.pdf.XXXXXX in the same folder, so that rename is atomic. */
	const char *slash = strrchr(pdf_path, '/');
	size_t dir = slash ? (size_t)(slash - pdf_path) + 1 : 0;
	memcpy(tmp, pdf_path, dir);
	snprintf(tmp + dir, n + 16 - dir, ".%s.XXXXXX", pdf_path + dir);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		int e = errno;
		if (dir)
			snprintf(err, errlen, "%s: cannot write in folder %.*s: %s", pdf_path, (int)(dir - 1),
			         pdf_path, strerror(e));
		else
			snprintf(err, errlen, "%s: cannot write in the current folder: %s", pdf_path,
			         strerror(e));
		free(tmp);
		return -1;
	}
	int rc = 0;
	if (fchmod(fd, 0644) != 0 || copy_out(d, fd) != 0 || fsync(fd) != 0) {
		snprintf(err, errlen, "%s: %s", pdf_path, strerror(errno));
		rc = -1;
	}
	if (close(fd) != 0 && rc == 0) {
		snprintf(err, errlen, "%s: %s", pdf_path, strerror(errno));
		rc = -1;
	}
	if (rc == 0 && rename(tmp, pdf_path) != 0) {
		snprintf(err, errlen, "%s: %s", pdf_path, strerror(errno));
		rc = -1;
	}
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

int cd_report_article(const char *pdf_path, const cd_article *article,
                      const char *source_path, const cd_report_options *opt,
                      char *err, size_t errlen)
{
	static const cd_report_options defaults = {0};
	char dummy[2];
	if (!err || errlen == 0) {
		err = dummy;
		errlen = sizeof dummy;
	}
	err[0] = '\0';
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
	d->fns.measure = measure;
	d->fns.has_glyph = has_glyph;
	d->fns.ctx = d;
	d->w = opt->letter ? 612 : 595.28;
	d->h = opt->letter ? 792 : 841.89;
	const char *base = source_path ? strrchr(source_path, '/') : NULL;
	d->file = source_path ? (base ? base + 1 : source_path) : "(no file)";
	time_t t = (time_t)opt->date;
	struct tm tm;
	if (!gmtime_r(&t, &tm))
		memset(&tm, 0, sizeof tm);
	strftime(d->date, sizeof d->date, "%Y-%m-%d", &tm);

	d->pdf = HPDF_New(on_error, d);
	if (!d->pdf) {
		snprintf(err, errlen, "%s: out of memory", pdf_path);
		goto cleanup;
	}
	HPDF_SetCompressionMode(d->pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(d->pdf);
	HPDF_SetCurrentEncoder(d->pdf, "UTF-8");
	/* font_bold "": one embedded face, bold synthesized (about half the
	 * time and size: libharu maps all 65,536 code points per face). */
	d->synthetic_bold = opt->font_bold && !*opt->font_bold;
	if (load_font(d, CDI_FACE_REGULAR, opt->font_regular, "DejaVuSans.ttf", err, errlen) != 0)
		goto cleanup;
	if (d->synthetic_bold) {
		d->font[CDI_FACE_BOLD] = d->font[CDI_FACE_REGULAR];
		d->def[CDI_FACE_BOLD] = d->def[CDI_FACE_REGULAR];
	} else if (load_font(d, CDI_FACE_BOLD, opt->font_bold, "DejaVuSans-Bold.ttf", err,
	                     errlen) != 0) {
		goto cleanup;
	}

	/* Title: the article's, with the optional prefix. */
	const char *at = d->r->title && *d->r->title ? d->r->title : d->file;
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
	d->title = title;

	HPDF_Date date = { tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	                   tm.tm_sec, 'Z', 0, 0 };
	HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_CREATION_DATE, date);
	HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_MOD_DATE, date);
	const char *ct = clean(d, title, strlen(title), NULL);
	if (ct)
		HPDF_SetInfoAttr(d->pdf, HPDF_INFO_TITLE, ct);
	HPDF_SetInfoAttr(d->pdf, HPDF_INFO_SUBJECT, "Quality report: readability, repetition, "
	                 "filler phrases, mechanics");
	HPDF_SetInfoAttr(d->pdf, HPDF_INFO_CREATOR, "copydesk " CD_VERSION);
	HPDF_SetInfoAttr(d->pdf, HPDF_INFO_PRODUCER, "copydesk " CD_VERSION " with libharu");

	if (new_page(d) != 0) {
		snprintf(err, errlen, "%s: out of memory", pdf_path);
		goto cleanup;
	}
	verdict(d);
	evidence(d);
	if (annotated(d) != CD_OK) {
		snprintf(err, errlen, "%s: out of memory (libharu error 0x%04X, detail %u)", pdf_path,
		         (unsigned)d->error, (unsigned)d->detail);
		goto cleanup;
	}
	appendix(d);
	for (size_t i = 0; i < d->pages.n; i++)
		furniture(d, i, d->pages.n);
	HPDF_SetPageMode(d->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
	if (d->error) {
		snprintf(err, errlen, "%s: the PDF could not be built (libharu error 0x%04X, detail %u)",
		         pdf_path, (unsigned)d->error, (unsigned)d->detail);
		goto cleanup;
	}
	rc = save(d, pdf_path, err, errlen);
cleanup:
	if (d->pdf)
		HPDF_Free(d->pdf);
	free(d->pages.v);
	free(d->buf);
	free(title);
	free(d);
	return rc;
}
