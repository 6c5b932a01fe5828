/*
 * summary.c - cd_report_summary: summary.pdf for a batch of articles
 * (report.h), from the plain data of src/batch/summary.h.
 *
 * Sections, each with a bookmark: the overview (totals, histograms of
 * quality, grade and filler), since the last review (reviews only: counts,
 * trend charts, the changes, regressions first), the worst and the best
 * articles, articles over a threshold, per-folder averages, failures, and
 * reuse across articles (template phrases, openers, closers, near-duplicate
 * pairs). Every list is capped so that 10,000 articles stay a few pages;
 * an article row links to its own report (its record's pdf, relative to the
 * folder summary.pdf is written in) with a GoToR link annotation. Drawing,
 * fonts, header and footer and the safe save are painter.c's.
 *
 * The records are read back from their store (batch/records.h) one at a
 * time, in a few passes, and each list keeps only the rows it shows: the
 * memory used here does not grow with the number of articles (the folder
 * table grows with the number of folders).
 */
#include "report/report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf_doc.h>
#include <hpdf_objects.h>

#include "report/painter.h"
#include "util/strmap.h"
#include "util/vec.h"

#define MARGIN CDI_MARGIN
#define SIZE_SMALL CDI_SIZE_SMALL
#define SIZE_TEXT CDI_SIZE_TEXT
#define SIZE_TITLE CDI_SIZE_TITLE

/* List caps: an editor reads the extremes, the CSV holds every row. The
 * worst 25 and best 10 fit on one page each; 200 rows of a list are about
 * five pages, past which a list is read in summary.csv, not on paper. */
#define WORST_ROWS 25
#define BEST_ROWS 10
#define LIST_CAP 200
#define PHRASE_ROWS 50
#define OPENER_ROWS 20
#define PAIR_ROWS 100

/* Quality bands, as src/analyzer/score.c draws them: >= 85 excellent,
 * >= 70 good, >= 55 fair, >= 40 poor, else very poor. */
static int quality_band(double q)
{
	return q >= 85 ? 0 : q >= 70 ? 1 : q >= 55 ? 2 : q >= 40 ? 3 : 4;
}

static const char *const band_names[CDI_BANDS] = {
	"excellent", "good", "fair", "poor", "very poor"
};

enum { CROSS_QUALITY = 1, CROSS_GRADE = 2, CROSS_FILLER = 4 };

typedef struct sdoc {
	cdi_pdf p;
	const cd_summary *s;
	size_t ok;                  /* records analyzed (no error) */
	size_t failing;             /* of those, over a threshold */
	size_t words;
	double mean_quality;
	int records_sorted;         /* records[].path in strcmp order (for change links) */
} sdoc;

static const char *str(const char *s)
{
	return s ? s : "";
}

/* Record i into *r (what *r held is freed first): 0, or -1 when it cannot
 * be read. A failed read sticks in the store, and the summary is then not
 * saved (cd_report_summary). */
static int load(const sdoc *d, size_t i, cd_batch_record *r)
{
	cd_batch_record_clear(r);
	if (!d->s->records)
		return -1;
	return cd_records_get(d->s->records, i, r) == CD_OK ? 0 : -1;
}

static unsigned crosses(const cd_summary *s, const cd_batch_record *r)
{
	if (r->error)
		return 0;
	return (r->quality < s->min_quality ? CROSS_QUALITY : 0) |
	       (r->grade > s->max_grade ? CROSS_GRADE : 0) |
	       (r->filler_per_1000 > s->max_filler_per_1000 ? CROSS_FILLER : 0);
}

/* ---- links -------------------------------------------------------------- */

/* A link over (x0, y0)-(x1, y1) on the current page to the report rel
 * (relative to this file's folder): a GoToR action to its first page,
 * which viewers open beside this file. libharu 2.3 makes only URI links,
 * so its action dictionary is turned into GoToR. */
static void link_to(sdoc *d, double x0, double y0, double x1, double y1, const char *rel)
{
	if (!rel || !*rel)
		return;
	HPDF_Rect r = { (HPDF_REAL)x0, (HPDF_REAL)y0, (HPDF_REAL)x1, (HPDF_REAL)y1 };
	HPDF_Annotation a = HPDF_Page_CreateURILinkAnnot(d->p.page, r, rel);
	if (!a)
		return;
	HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
	HPDF_Dict act = HPDF_Dict_GetItem(a, "A", HPDF_OCLASS_DICT);
	HPDF_MMgr mm = d->p.pdf->mmgr;
	HPDF_String file = HPDF_String_New(mm, rel, NULL);
	HPDF_Array dest = HPDF_Array_New(mm);
	if (!act || !file || !dest)
		return;
	HPDF_Array_AddNumber(dest, 0);
	HPDF_Array_AddName(dest, "Fit");
	HPDF_Dict_RemoveElement(act, "URI");
	HPDF_Dict_AddName(act, "S", "GoToR");
	HPDF_Dict_Add(act, "F", file);
	HPDF_Dict_Add(act, "D", dest);
}

/* The record whose path is path into *r (binary search: records are in
 * path order): r, or NULL when there is none. */
static const cd_batch_record *record_of(const sdoc *d, const char *path, cd_batch_record *r)
{
	if (!d->records_sorted || !path)
		return NULL;
	size_t lo = 0, hi = d->s->n_records;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (load(d, mid, r) != 0)
			break;
		int c = strcmp(str(r->path), path);
		if (c == 0)
			return r;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	cd_batch_record_clear(r);
	return NULL;
}

/* ---- tables ------------------------------------------------------------- */

typedef struct table {
	const char *const *cols;
	const double *xs;
	const int *right;
	int n;
} table;

/* Room for a row of height h; on a new page the column heads again. */
static void row_room(sdoc *d, const table *t, double h)
{
	HPDF_Page before = d->p.page;
	cdi_pdf_need(&d->p, h + 4);
	if (d->p.page != before && t)
		cdi_pdf_table_head(&d->p, t->cols, t->xs, t->right, t->n);
}

static void more_note(sdoc *d, size_t more, const char *where)
{
	if (!more)
		return;
	char s[160], n[32];
	cdi_thousands(n, sizeof n, more);
	snprintf(s, sizeof s, "\xE2\x80\xA6 and %s more%s", n, where);
	cdi_pdf_need(&d->p, 16);
	cdi_pdf_note(&d->p, s);
}

/* A subheading kept with the table head and first row below it. */
static void subhead(sdoc *d, const char *title)
{
	cdi_pdf_need(&d->p, 80);
	cdi_pdf_subhead(&d->p, title);
}

/* A section title at the top of the flow with its bookmark. */
static void section(sdoc *d, const char *title, const char *note)
{
	cdi_pdf_need(&d->p, 80);
	cdi_pdf_outline_at(&d->p, NULL, d->p.page, d->p.y + 8, title);
	cdi_pdf_section(&d->p, title, note);
}

/* Title (bold) over the path (muted) in width w, linked to its report. */
static void article_cell(sdoc *d, double x, double y, double w, const cd_batch_record *r)
{
	const char *title = r->title && *r->title ? r->title : str(r->path);
	cdi_pdf_text(&d->p, x, y, SIZE_TEXT, CDI_FACE_BOLD, cdi_ink, CDI_ALIGN_LEFT, w, title);
	cdi_pdf_text(&d->p, x, y - 9.5, SIZE_SMALL, CDI_FACE_REGULAR,
	             r->pdf ? cdi_accent : cdi_muted, CDI_ALIGN_LEFT, w, str(r->path));
	link_to(d, x, y - 12, x + w, y + SIZE_TEXT, r->pdf);
}

/* ---- overview ------------------------------------------------------------ */

static void histograms(sdoc *d)
{
	const cd_summary *s = d->s;
	double x0 = MARGIN, cw = d->p.w - 2 * MARGIN;
	char mark[40];

	/* Quality in bins of 5: the band limits (85, 70, 55, 40) are bin edges. */
	enum { QBINS = 20 };
	size_t q[QBINS] = {0};
	cdi_rgb qc[QBINS];
	for (int b = 0; b < QBINS; b++)
		qc[b] = cdi_band_color[quality_band(b * 5.0 + 2.5)];
	/* Grade in bins of 2 up to 20, then "20+". */
	enum { GBINS = 11 };
	size_t g[GBINS] = {0};
	cdi_rgb gc[GBINS];
	for (int b = 0; b < GBINS; b++)
		gc[b] = cdi_band_color[cdi_grade_band(b * 2.0 + 1)];
	/* Filler up to twice the threshold (at least 10 per 1,000), then open. */
	enum { FMAX = 16 };
	double ftop = s->max_filler_per_1000 * 2 > 10 ? s->max_filler_per_1000 * 2 : 10;
	double fstep = cdi_nice_step(ftop, 10);
	size_t fbins = (size_t)(ftop / fstep + 0.999) + 1;
	fbins = fbins > FMAX ? FMAX : fbins;
	size_t f[FMAX] = {0};
	cdi_rgb fc[FMAX];
	for (size_t b = 0; b < fbins; b++)
		fc[b] = (double)b * fstep >= s->max_filler_per_1000 ? cdi_band_color[3] : cdi_accent;

	cd_batch_record one = { 0 }, *r = &one;
	for (size_t i = 0; i < s->n_records; i++) {
		if (load(d, i, r) != 0 || r->error)
			continue;
		/* !(v >= 0): a NaN goes into the first bin, never through a cast. */
		double v = r->quality / 5;
		size_t b = !(v >= 0) ? 0 : v >= QBINS ? QBINS - 1 : (size_t)v;
		q[b]++;
		v = r->grade / 2;
		b = !(v >= 0) ? 0 : v >= GBINS ? GBINS - 1 : (size_t)v;
		g[b]++;
		v = r->filler_per_1000 / fstep;
		b = !(v >= 0) ? 0 : v >= (double)fbins ? fbins - 1 : (size_t)v;
		f[b]++;
	}
	cd_batch_record_clear(r);

	double chh = 128;
	cdi_pdf_need(&d->p, chh + 30);
	cdi_pdf_text(&d->p, x0, d->p.y, SIZE_SMALL, CDI_FACE_BOLD, cdi_muted, CDI_ALIGN_LEFT, 0,
	             "QUALITY SCORE");
	d->p.y -= chh + 4;
	cdi_chart c = {0};
	snprintf(mark, sizeof mark, "min_quality %g", s->min_quality);
	cdi_chart_bins(&c, x0, d->p.y, cw, chh, q, QBINS, 5, 0, qc, s->min_quality, mark,
	               "quality score (colour: band)");
	cdi_pdf_chart(&d->p, &c);
	cdi_chart_free(&c);
	d->p.y -= 22;

	double half = (cw - 24) / 2;
	cdi_pdf_need(&d->p, chh + 30);
	cdi_pdf_text(&d->p, x0, d->p.y, SIZE_SMALL, CDI_FACE_BOLD, cdi_muted, CDI_ALIGN_LEFT, 0,
	             "CONSENSUS GRADE");
	cdi_pdf_text(&d->p, x0 + half + 24, d->p.y, SIZE_SMALL, CDI_FACE_BOLD, cdi_muted,
	             CDI_ALIGN_LEFT, 0, "FILLER PER 1,000 WORDS");
	d->p.y -= chh + 4;
	snprintf(mark, sizeof mark, "max_grade %g", s->max_grade);
	cdi_chart_bins(&c, x0, d->p.y, half, chh, g, GBINS, 2, 1, gc, s->max_grade, mark,
	               "US school grade");
	cdi_pdf_chart(&d->p, &c);
	cdi_chart_free(&c);
	snprintf(mark, sizeof mark, "max %g", s->max_filler_per_1000);
	cdi_chart_bins(&c, x0 + half + 24, d->p.y, half, chh, f, fbins, fstep, 1, fc,
	               s->max_filler_per_1000, mark, "filler phrases per 1,000 words");
	cdi_pdf_chart(&d->p, &c);
	cdi_chart_free(&c);
	d->p.y -= 20;
}

/* A count for a tile: 12,345 up to 999,999, then 7.4 M (a tile holds
 * about seven characters at 15 pt). */
static void compact(char *out, size_t cap, size_t v)
{
	if (v < 1000000)
		cdi_thousands(out, cap, v);
	else
		snprintf(out, cap, "%.1f M", (double)v / 1e6);
}

static void overview(sdoc *d)
{
	const cd_summary *s = d->s;
	double x0 = MARGIN, x1 = d->p.w - MARGIN, cw = x1 - x0;
	cdi_pdf_outline(&d->p, "Overview");

	double y = d->p.y - SIZE_TITLE;
	int lines = cdi_pdf_para(&d->p, x0, y, cw, SIZE_TITLE, CDI_FACE_BOLD, cdi_ink,
	                         SIZE_TITLE * 1.2, 2, d->p.title);
	y -= (lines ? lines - 1 : 0) * SIZE_TITLE * 1.2 + 15;
	char n_art[32], n_words[32];
	cdi_thousands(n_art, sizeof n_art, s->n_records);
	compact(n_words, sizeof n_words, d->words);
	cdi_pdf_textf(&d->p, x0, y, SIZE_TEXT, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_LEFT, cw,
	              "%s %s  \xC2\xB7  %s %s  \xC2\xB7  copydesk %s", n_art,
	              s->n_records == 1 ? "article" : "articles", s->is_review ? "review of" :
	              "reviewed", d->p.date, CD_VERSION);
	y -= 16;

	/* Tiles: the five totals. */
	double th = 50, gap = 8, tw = (cw - 4 * gap) / 5;
	y -= th;
	char v[32], note[64];
	cdi_thousands(v, sizeof v, d->ok);
	snprintf(note, sizeof note, "%s analyzed", v);
	cdi_pdf_tile(&d->p, x0, y, tw, th, n_art, "articles", note, cdi_accent);
	snprintf(note, sizeof note, "%.0f per article", d->ok ? (double)d->words / d->ok : 0.0);
	cdi_pdf_tile(&d->p, x0 + (tw + gap), y, tw, th, n_words, "words", d->ok ? note : NULL,
	             cdi_accent);
	cdi_thousands(v, sizeof v, s->failures);
	cdi_pdf_tile(&d->p, x0 + 2 * (tw + gap), y, tw, th, v, "not analyzed",
	             s->failures ? "unreadable files" : "none", s->failures ?
	             cdi_band_color[4] : cdi_band_color[0]);
	int qb = quality_band(d->mean_quality);
	snprintf(v, sizeof v, d->ok ? "%.1f" : "\xE2\x80\x93", d->mean_quality);
	cdi_pdf_tile(&d->p, x0 + 3 * (tw + gap), y, tw, th, v, "mean quality",
	             d->ok ? band_names[qb] : NULL, d->ok ? cdi_band_color[qb] : cdi_accent);
	double share = d->ok ? (double)d->failing / d->ok : 0;
	char nf[32];
	cdi_thousands(nf, sizeof nf, d->failing);
	snprintf(note, sizeof note, "%s failing", nf);
	snprintf(v, sizeof v, "%.1f%%", share * 100);
	cdi_pdf_tile(&d->p, x0 + 4 * (tw + gap), y, tw, th, v, "share failing", note,
	             d->failing ? cdi_band_color[3] : cdi_band_color[0]);
	y -= 16;
	cdi_pdf_textf(&d->p, x0, y, SIZE_TEXT - 0.5, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_LEFT, cw,
	              "An article fails when its quality is below %g, its consensus grade above %g "
	              "or its filler rate above %g per 1,000 words.", s->min_quality, s->max_grade,
	              s->max_filler_per_1000);
	y -= 14;
	if (s->is_review) {
		cdi_pdf_textf(&d->p, x0, y, SIZE_TEXT - 0.5, CDI_FACE_REGULAR, cdi_ink, CDI_ALIGN_LEFT,
		              cw, "Since the last review: %zu new, %zu changed, %zu removed, %zu "
		              "unchanged; %zu regressions, %zu improvements.", s->n_new, s->n_changed,
		              s->n_removed, s->n_unchanged, s->n_regressions, s->n_improvements);
		y -= 14;
	}
	d->p.y = y - 10;
	cdi_pdf_outline_at(&d->p, NULL, d->p.page, d->p.y + 8, "Distributions");
	cdi_pdf_section(&d->p, "Distributions", "analyzed articles only");
	histograms(d);
}

/* ---- since the last review ------------------------------------------------- */

static const char *change_name(cd_change_kind k)
{
	switch (k) {
	case CD_CHANGE_NEW: return "new";
	case CD_CHANGE_CHANGED: return "changed";
	case CD_CHANGE_REMOVED: return "removed";
	case CD_CHANGE_REGRESSION: return "regression";
	default: return "improvement";
	}
}

static cdi_rgb change_color(cd_change_kind k)
{
	switch (k) {
	case CD_CHANGE_REGRESSION: return cdi_band_color[4];
	case CD_CHANGE_IMPROVEMENT: return cdi_band_color[0];
	case CD_CHANGE_NEW: return cdi_accent;
	case CD_CHANGE_CHANGED: return cdi_band_color[2];
	default: return cdi_muted;
	}
}

static void trends(sdoc *d)
{
	const cd_summary *s = d->s;
	double x0 = MARGIN, cw = d->p.w - 2 * MARGIN, gap = 14, w3 = (cw - 2 * gap) / 3, chh = 120;
	size_t n = s->n_trend;
	double *vals = malloc((n ? n : 1) * 3 * sizeof *vals);
	char (*dates)[16] = malloc((n ? n : 1) * sizeof *dates);
	const char **labels = malloc((n ? n : 1) * sizeof *labels);
	if (!vals || !dates || !labels)
		goto cleanup;
	for (size_t i = 0; i < n; i++) {
		const cd_summary_trend *t = &s->trend[i];
		vals[i] = t->mean_quality;
		vals[n + i] = t->filler_per_1000;
		vals[2 * n + i] = t->share_failing;
		time_t tt = (time_t)t->time;
		struct tm tm;
		if (!gmtime_r(&tt, &tm))
			memset(&tm, 0, sizeof tm);
		strftime(dates[i], sizeof dates[i], "%Y-%m-%d", &tm);
		labels[i] = dates[i];
	}
	cdi_pdf_need(&d->p, chh + 30);
	static const char *const heads[3] = {
		"MEAN QUALITY", "FILLER PER 1,000 WORDS", "SHARE FAILING"
	};
	static const char *const axes[3] = {
		"review (quality score)", "review (filler per 1,000 words)", "review (% of articles)"
	};
	for (int k = 0; k < 3; k++)
		cdi_pdf_text(&d->p, x0 + k * (w3 + gap), d->p.y, SIZE_SMALL, CDI_FACE_BOLD, cdi_muted,
		             CDI_ALIGN_LEFT, w3, heads[k]);
	d->p.y -= chh + 4;
	for (int k = 0; k < 3; k++) {
		cdi_chart c = {0};
		/* Quality axis to at least 100: a fall from 80 to 75 must not
		 * look like a collapse. */
		double floor_top = k == 0 ? 100 : k == 1 ? s->max_filler_per_1000 : 0.1;
		cdi_chart_line(&c, x0 + k * (w3 + gap), d->p.y, w3, chh, vals + (size_t)k * n, labels, n,
		               floor_top, k == 2, k == 0 ? cdi_accent : k == 1 ? cdi_band_color[3] :
		               cdi_band_color[4], axes[k]);
		cdi_pdf_chart(&d->p, &c);
		cdi_chart_free(&c);
	}
	d->p.y -= 20;
cleanup:
	free(vals);
	free(dates);
	free(labels);
}

static void since_last(sdoc *d)
{
	const cd_summary *s = d->s;
	double x0 = MARGIN, x1 = d->p.w - MARGIN, cw = x1 - x0;
	section(d, "Since the last review", NULL);
	double th = 50, gap = 8, tw = (cw - 5 * gap) / 6;
	cdi_pdf_need(&d->p, th + 20);
	double y = d->p.y - th + 8;
	struct { size_t n; const char *label; cdi_rgb c; } t[6] = {
		{ s->n_new, "new", cdi_accent },
		{ s->n_changed, "changed", cdi_band_color[2] },
		{ s->n_removed, "removed", cdi_muted },
		{ s->n_unchanged, "unchanged", cdi_faint },
		{ s->n_regressions, "regressions", cdi_band_color[4] },
		{ s->n_improvements, "improvements", cdi_band_color[0] },
	};
	for (int i = 0; i < 6; i++) {
		char v[32];
		cdi_thousands(v, sizeof v, t[i].n);
		cdi_pdf_tile(&d->p, x0 + i * (tw + gap), y, tw, th, v, t[i].label, NULL, t[i].c);
	}
	d->p.y = y - 22;

	subhead(d, "Trends over the last reviews");
	trends(d);

	subhead(d, "Changes, regressions first");
	if (!s->n_changes) {
		cdi_pdf_note(&d->p, "No changes since the last review.");
		return;
	}
	const char *cols[] = { "CHANGE", "ARTICLE", "QUALITY", "REASON" };
	double xs[] = { x0, x0 + 84, x0 + 300, x0 + 310 };
	int right[] = { 0, 0, 1, 0 };
	table tb = { cols, xs, right, 4 };
	cdi_pdf_table_head(&d->p, cols, xs, right, 4);
	/* Regressions, improvements, new, changed, removed; given order within. */
	static const cd_change_kind order[] = { CD_CHANGE_REGRESSION, CD_CHANGE_IMPROVEMENT,
	                                        CD_CHANGE_NEW, CD_CHANGE_CHANGED, CD_CHANGE_REMOVED };
	size_t shown = 0;
	cd_batch_record one = { 0 };
	for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
		for (size_t i = 0; i < s->n_changes && shown < LIST_CAP; i++) {
			const cd_summary_change *ch = &s->changes[i];
			if (ch->kind != order[k])
				continue;
			row_room(d, &tb, 14);
			cdi_rgb c = change_color(ch->kind);
			cdi_pdf_rect(&d->p, x0, d->p.y - 1.5, 7, 7, c);
			cdi_pdf_text(&d->p, x0 + 11, d->p.y, SIZE_TEXT, CDI_FACE_BOLD, c, CDI_ALIGN_LEFT, 70,
			             change_name(ch->kind));
			const cd_batch_record *r = ch->kind == CD_CHANGE_REMOVED ? NULL :
			                           record_of(d, ch->path, &one);
			cdi_pdf_text(&d->p, xs[1], d->p.y, SIZE_TEXT, CDI_FACE_REGULAR,
			             r && r->pdf ? cdi_accent : cdi_ink, CDI_ALIGN_LEFT, 170, str(ch->path));
			if (r)
				link_to(d, xs[1], d->p.y - 3, xs[1] + 170, d->p.y + SIZE_TEXT, r->pdf);
			if (ch->kind == CD_CHANGE_REMOVED)
				cdi_pdf_textf(&d->p, xs[2], d->p.y, SIZE_TEXT, CDI_FACE_REGULAR, cdi_muted,
				              CDI_ALIGN_RIGHT, 0, "%.0f", ch->before);
			else
				cdi_pdf_textf(&d->p, xs[2], d->p.y, SIZE_TEXT, CDI_FACE_BOLD, cdi_ink,
				              CDI_ALIGN_RIGHT, 0, "%.0f", ch->after);
			cdi_pdf_text(&d->p, xs[3], d->p.y, SIZE_TEXT - 0.5, CDI_FACE_REGULAR, cdi_muted,
			             CDI_ALIGN_LEFT, x1 - xs[3], str(ch->reason));
			cdi_pdf_row_rule(&d->p);
			cd_batch_record_clear(&one);
			shown++;
		}
	}
	more_note(d, s->n_changes - shown, " changes (all are in the review's output on stdout)");
}

/* ---- worst and best -------------------------------------------------------- */

typedef struct keyed { double key; size_t i; } keyed;

/* A quality as a key: a NaN (never made by the analyzer, but a record may
 * come from elsewhere) sorts as the lowest, so the order stays total. */
static double sort_key(double q)
{
	return isnan(q) ? -INFINITY : q;
}

static int cmp_keyed(const keyed *x, const keyed *y)
{
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* The cap lowest (dir 1) or highest (dir -1) keys seen so far, best
 * first: a list keeps only the rows it shows. */
typedef struct top {
	keyed *v;
	size_t n, cap;
	int dir;
} top;

static void top_add(top *t, keyed x)
{
	if (!t->cap || (t->n == t->cap && t->dir * cmp_keyed(&x, &t->v[t->n - 1]) >= 0))
		return;
	size_t j = t->n < t->cap ? t->n++ : t->n - 1;
	for (; j > 0 && t->dir * cmp_keyed(&x, &t->v[j - 1]) < 0; j--)
		t->v[j] = t->v[j - 1];
	t->v[j] = x;
}

static void ranked_rows(sdoc *d, const keyed *k, size_t n)
{
	double x0 = MARGIN, x1 = d->p.w - MARGIN;
	const char *cols[] = { "#", "ARTICLE", "QUALITY", "BAND", "MAIN PROBLEM" };
	double xs[] = { x0 + 12, x0 + 20, x0 + 262, x0 + 272, x0 + 340 };
	int right[] = { 1, 0, 1, 0, 0 };
	table tb = { cols, xs, right, 5 };
	cdi_pdf_table_head(&d->p, cols, xs, right, 5);
	cd_batch_record one = { 0 }, *r = &one;
	for (size_t j = 0; j < n; j++) {
		if (load(d, k[j].i, r) != 0)
			continue;
		row_room(d, &tb, 24);
		cdi_pdf_textf(&d->p, xs[0], d->p.y, SIZE_TEXT, CDI_FACE_REGULAR, cdi_muted,
		              CDI_ALIGN_RIGHT, 0, "%zu", j + 1);
		article_cell(d, xs[1], d->p.y, xs[2] - 36 - xs[1], r);
		int b = cdi_score_band(r->band);
		cdi_pdf_textf(&d->p, xs[2], d->p.y, SIZE_TEXT + 1, CDI_FACE_BOLD, cdi_band_color[b],
		              CDI_ALIGN_RIGHT, 0, "%.0f", cdi_score_shown(r->quality));
		cdi_pdf_rect(&d->p, xs[3], d->p.y - 1.5, 7, 7, cdi_band_color[b]);
		cdi_pdf_text(&d->p, xs[3] + 10, d->p.y, SIZE_TEXT - 0.5, CDI_FACE_REGULAR, cdi_ink,
		             CDI_ALIGN_LEFT, xs[4] - xs[3] - 14, r->band && *r->band ? r->band : "");
		const char *mp = r->main_problem && *r->main_problem ? r->main_problem :
		                 "none: every measure within its target";
		cdi_pdf_para(&d->p, xs[4], d->p.y, x1 - xs[4], SIZE_TEXT - 1, CDI_FACE_REGULAR, cdi_ink,
		             9, 2, mp);
		d->p.y -= 10;
		cdi_pdf_row_rule(&d->p);
	}
	cd_batch_record_clear(r);
}

static void worst_best(sdoc *d)
{
	const cd_summary *s = d->s;
	keyed lo[WORST_ROWS], hi[BEST_ROWS];
	top worst = { lo, 0, WORST_ROWS, 1 }, best = { hi, 0, BEST_ROWS, -1 };
	cd_batch_record one = { 0 };
	size_t n = 0;
	for (size_t i = 0; i < s->n_records; i++) {
		if (load(d, i, &one) != 0 || one.error)
			continue;
		keyed k = { sort_key(one.quality), i };
		top_add(&worst, k);
		top_add(&best, k);
		n++;
	}
	cd_batch_record_clear(&one);
	section(d, "The worst articles", "lowest quality first; a title opens its report");
	if (!n)
		cdi_pdf_note(&d->p, "No articles were analyzed.");
	else
		ranked_rows(d, worst.v, worst.n);
	/* The best come from what the worst list left: no article twice (the
	 * best n - worst.n keys of the whole order are past the worst list). */
	size_t nb = n - worst.n < best.n ? n - worst.n : best.n;
	section(d, "The best articles", "highest quality first");
	if (!nb)
		cdi_pdf_note(&d->p, n ? "Every analyzed article is in the list above." :
		             "No articles were analyzed.");
	else
		ranked_rows(d, best.v, nb);
}

/* ---- thresholds ------------------------------------------------------------- */

static void over_threshold(sdoc *d)
{
	const cd_summary *s = d->s;
	double x0 = MARGIN, x1 = d->p.w - MARGIN;
	char note[160];
	snprintf(note, sizeof note, "quality < %g, grade > %g, filler > %g per 1,000; lowest "
	         "quality first", s->min_quality, s->max_grade, s->max_filler_per_1000);
	section(d, "Over a threshold", note);
	if (!d->failing) {
		cdi_pdf_note(&d->p, "No article crosses a threshold.");
		return;
	}
	keyed *k = malloc(LIST_CAP * sizeof *k);
	if (!k) {
		cdi_pdf_note(&d->p, "(out of memory: list left out)");
		return;
	}
	top low = { k, 0, LIST_CAP, 1 };
	cd_batch_record one = { 0 }, *r = &one;
	size_t n = 0;
	for (size_t i = 0; i < s->n_records && n < d->failing; i++) {
		if (load(d, i, r) == 0 && crosses(s, r)) {
			top_add(&low, (keyed){ sort_key(r->quality), i });
			n++;
		}
	}
	const char *cols[] = { "ARTICLE", "QUALITY", "GRADE", "FILLER", "CROSSES" };
	double xs[] = { x0, x0 + 262, x0 + 300, x0 + 338, x0 + 350 };
	int right[] = { 0, 1, 1, 1, 0 };
	table tb = { cols, xs, right, 5 };
	cdi_pdf_table_head(&d->p, cols, xs, right, 5);
	size_t shown = 0;
	for (size_t j = 0; j < low.n; j++) {
		if (load(d, k[j].i, r) != 0)
			continue;
		unsigned c = crosses(s, r);
		row_room(d, &tb, 24);
		article_cell(d, xs[0], d->p.y, 220, r);
		cdi_pdf_textf(&d->p, xs[1], d->p.y, SIZE_TEXT, c & CROSS_QUALITY ? CDI_FACE_BOLD :
		              CDI_FACE_REGULAR, c & CROSS_QUALITY ? cdi_band_color[4] : cdi_ink,
		              CDI_ALIGN_RIGHT, 0, "%.0f", cdi_score_shown(r->quality));
		cdi_pdf_textf(&d->p, xs[2], d->p.y, SIZE_TEXT, c & CROSS_GRADE ? CDI_FACE_BOLD :
		              CDI_FACE_REGULAR, c & CROSS_GRADE ? cdi_band_color[4] : cdi_ink,
		              CDI_ALIGN_RIGHT, 0, "%.1f", r->grade);
		cdi_pdf_textf(&d->p, xs[3], d->p.y, SIZE_TEXT, c & CROSS_FILLER ? CDI_FACE_BOLD :
		              CDI_FACE_REGULAR, c & CROSS_FILLER ? cdi_band_color[4] : cdi_ink,
		              CDI_ALIGN_RIGHT, 0, "%.1f", r->filler_per_1000);
		/* The [thresholds] keys crossed; the values are red in their columns. */
		char why[96];
		snprintf(why, sizeof why, "%s%s%s%s%s", c & CROSS_QUALITY ? "min_quality" : "",
		         c & CROSS_QUALITY && c & (CROSS_GRADE | CROSS_FILLER) ? ", " : "",
		         c & CROSS_GRADE ? "max_grade" : "", c & CROSS_GRADE && c & CROSS_FILLER ?
		         ", " : "", c & CROSS_FILLER ? "max_filler_per_1000" : "");
		cdi_pdf_para(&d->p, xs[4], d->p.y, x1 - xs[4], SIZE_TEXT - 1, CDI_FACE_REGULAR,
		             cdi_band_color[4], 9, 2, why);
		d->p.y -= 10;
		cdi_pdf_row_rule(&d->p);
		shown++;
	}
	cd_batch_record_clear(r);
	more_note(d, n - shown, " (every one is in summary.csv)");
	free(k);
}

/* ---- folders -------------------------------------------------------------- */

/* One folder's sums over its articles. */
typedef struct folder_sum {
	size_t all, failed;
	double quality, grade, filler;
} folder_sum;

typedef struct by_folder { const char *name; const folder_sum *sum; } by_folder;

static int cmp_folder(const void *a, const void *b)
{
	return strcmp(((const by_folder *)a)->name, ((const by_folder *)b)->name);
}

static void folders(sdoc *d)
{
	const cd_summary *s = d->s;
	double x0 = MARGIN, x1 = d->p.w - MARGIN;
	section(d, "Per folder", "means over the analyzed articles of each folder");
	if (!s->n_records) {
		cdi_pdf_note(&d->p, "No articles.");
		return;
	}
	/* The sums, folder by folder (a folder's articles need not be
	 * consecutive in path order: "a/b.txt", "a/b/c.txt", "a/d.txt"). */
	cdi_arena arena;
	cdi_arena_init(&arena);
	cdi_strmap map;
	cdi_strmap_init(&map, &arena);
	CDI_VEC(folder_sum) sums = { 0 };
	by_folder *order = NULL;
	cd_batch_record one = { 0 }, *r = &one;
	int ok = 1;
	for (size_t i = 0; ok && i < s->n_records; i++) {
		if (load(d, i, r) != 0)
			continue;
		const char *f = str(r->folder);
		int64_t id = cdi_strmap_intern(&map, f, strlen(f), NULL);
		if (id < 0 || ((size_t)id == sums.n && CDI_VEC_PUSH(&sums, (folder_sum){ 0 }) != 0)) {
			ok = 0;
			break;
		}
		folder_sum *fs = &sums.v[id];
		fs->all++;
		if (r->error) {
			fs->failed++;
			continue;
		}
		fs->quality += r->quality;
		fs->grade += r->grade;
		fs->filler += r->filler_per_1000;
	}
	cd_batch_record_clear(r);
	if (ok && (order = malloc((sums.n ? sums.n : 1) * sizeof *order)) != NULL) {
		for (size_t g = 0; g < sums.n; g++)
			order[g] = (by_folder){ map.keys[g], &sums.v[g] };
		qsort(order, sums.n, sizeof *order, cmp_folder);
	}
	if (!order) {
		cdi_pdf_note(&d->p, "(out of memory: list left out)");
		goto done;
	}
	const char *cols[] = { "FOLDER", "ARTICLES", "UNREAD", "QUALITY", "GRADE", "FILLER / 1,000" };
	double xs[] = { x0, x0 + 262, x0 + 310, x0 + 360, x0 + 410, x1 };
	int right[] = { 0, 1, 1, 1, 1, 1 };
	table tb = { cols, xs, right, 6 };
	cdi_pdf_table_head(&d->p, cols, xs, right, 6);
	size_t shown = 0;
	for (; shown < sums.n && shown < LIST_CAP; shown++) {
		const folder_sum *fs = order[shown].sum;
		size_t n_ok = fs->all - fs->failed;
		row_room(d, &tb, 14);
		cdi_pdf_text(&d->p, xs[0], d->p.y, SIZE_TEXT, CDI_FACE_REGULAR, cdi_ink,
		             CDI_ALIGN_LEFT, xs[1] - 50 - xs[0], order[shown].name);
		cdi_pdf_textf(&d->p, xs[1], d->p.y, SIZE_TEXT, CDI_FACE_REGULAR, cdi_ink,
		              CDI_ALIGN_RIGHT, 0, "%zu", fs->all);
		cdi_pdf_textf(&d->p, xs[2], d->p.y, SIZE_TEXT, CDI_FACE_REGULAR,
		              fs->failed ? cdi_band_color[4] : cdi_muted, CDI_ALIGN_RIGHT, 0, "%zu",
		              fs->failed);
		if (n_ok) {
			double mq = fs->quality / (double)n_ok;
			cdi_pdf_textf(&d->p, xs[3], d->p.y, SIZE_TEXT, CDI_FACE_BOLD,
			              cdi_band_color[quality_band(mq)], CDI_ALIGN_RIGHT, 0, "%.1f", mq);
			cdi_pdf_textf(&d->p, xs[4], d->p.y, SIZE_TEXT, CDI_FACE_REGULAR, cdi_ink,
			              CDI_ALIGN_RIGHT, 0, "%.1f", fs->grade / (double)n_ok);
			cdi_pdf_textf(&d->p, xs[5], d->p.y, SIZE_TEXT, CDI_FACE_REGULAR, cdi_ink,
			              CDI_ALIGN_RIGHT, 0, "%.1f", fs->filler / (double)n_ok);
		} else {
			cdi_pdf_text(&d->p, xs[3], d->p.y, SIZE_TEXT, CDI_FACE_REGULAR, cdi_muted,
			             CDI_ALIGN_RIGHT, 0, "\xE2\x80\x93");
		}
		cdi_pdf_row_rule(&d->p);
	}
	more_note(d, sums.n - shown, " folders (in summary.csv, by path)");
done:
	free(order);
	free(sums.v);
	cdi_strmap_free(&map);
	cdi_arena_free(&arena);
}

/* ---- failures ------------------------------------------------------------- */

static void failures(sdoc *d)
{
	const cd_summary *s = d->s;
	double x0 = MARGIN, x1 = d->p.w - MARGIN;
	section(d, "Not analyzed", "files that could not be read or analyzed");
	size_t n = 0, shown = 0;
	const char *cols[] = { "FILE", "ERROR" };
	double xs[] = { x0, x0 + 210 };
	int right[] = { 0, 0 };
	table tb = { cols, xs, right, 2 };
	cd_batch_record one = { 0 }, *r = &one;
	for (size_t i = 0; i < s->n_records; i++) {
		if (load(d, i, r) != 0 || !r->error)
			continue;
		if (n++ == 0)
			cdi_pdf_table_head(&d->p, cols, xs, right, 2);
		if (shown >= LIST_CAP)
			continue;
		row_room(d, &tb, 24);
		cdi_pdf_text(&d->p, xs[0], d->p.y, SIZE_TEXT, CDI_FACE_REGULAR, cdi_ink, CDI_ALIGN_LEFT,
		             200, str(r->path));
		int lines = cdi_pdf_para(&d->p, xs[1], d->p.y, x1 - xs[1], SIZE_TEXT - 0.5,
		                         CDI_FACE_REGULAR, cdi_band_color[4], 10, 2, r->error);
		d->p.y -= lines > 1 ? 10 : 0;
		cdi_pdf_row_rule(&d->p);
		shown++;
	}
	cd_batch_record_clear(r);
	if (!n)
		cdi_pdf_note(&d->p, "None: every file was read and analyzed.");
	more_note(d, n - shown, " files not analyzed (every one was also reported on stderr)");
}

/* ---- reuse across articles ------------------------------------------------- */

typedef struct by_count { size_t count, i; } by_count;

static int cmp_count(const void *a, const void *b)
{
	const by_count *x = a, *y = b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* Phrases with the number of articles using each, most used first, and
 * a bar for the share of analyzed articles. */
static void phrase_table(sdoc *d, const char *title, const cd_summary_phrase *ph, size_t n,
                         size_t cap, const char *none)
{
	double x0 = MARGIN, x1 = d->p.w - MARGIN;
	subhead(d, title);
	if (!n) {
		cdi_pdf_note(&d->p, none);
		return;
	}
	by_count *o = malloc(n * sizeof *o);
	if (!o) {
		cdi_pdf_note(&d->p, "(out of memory: list left out)");
		return;
	}
	for (size_t i = 0; i < n; i++)
		o[i] = (by_count){ ph[i].articles, i };
	qsort(o, n, sizeof *o, cmp_count);
	const char *cols[] = { "PHRASE", "ARTICLES", "SHARE OF ARTICLES" };
	double xs[] = { x0, x1 - 130, x1 - 118 };
	int right[] = { 0, 1, 0 };
	table tb = { cols, xs, right, 3 };
	cdi_pdf_table_head(&d->p, cols, xs, right, 3);
	size_t shown = n < cap ? n : cap;
	size_t base = d->ok ? d->ok : 1;
	for (size_t j = 0; j < shown; j++) {
		const cd_summary_phrase *p = &ph[o[j].i];
		row_room(d, &tb, 24);
		/* Up to two lines: the editor needs the whole phrase to find it. */
		size_t tl = strlen(str(p->text)) + 8;
		char *q = malloc(tl);
		int lines = 1;
		if (q) {
			snprintf(q, tl, "\xE2\x80\x9C%s\xE2\x80\x9D", str(p->text));
			lines = cdi_pdf_para(&d->p, x0, d->p.y, xs[1] - 50 - x0, SIZE_TEXT,
			                     CDI_FACE_REGULAR, cdi_ink, 10.5, 2, q);
			free(q);
		}
		cdi_pdf_textf(&d->p, xs[1], d->p.y, SIZE_TEXT, CDI_FACE_BOLD, cdi_ink, CDI_ALIGN_RIGHT,
		              0, "%zu", p->articles);
		double share = (double)p->articles / (double)base;
		share = share > 1 ? 1 : share;
		double bw = 80;
		cdi_pdf_rect(&d->p, xs[2], d->p.y - 1, bw, 6, cdi_panel);
		cdi_pdf_rect(&d->p, xs[2], d->p.y - 1, bw * share, 6, cdi_tint(cdi_accent, 0.7));
		cdi_pdf_textf(&d->p, x1, d->p.y, SIZE_SMALL, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_RIGHT,
		              0, share < 0.1 ? "%.1f%%" : "%.0f%%", share * 100);
		d->p.y -= lines > 1 ? 10.5 : 0;
		cdi_pdf_row_rule(&d->p);
	}
	more_note(d, n - shown, "");
	free(o);
}

typedef struct by_sim { double sim; size_t i; } by_sim;

static int cmp_sim(const void *a, const void *b)
{
	const by_sim *x = a, *y = b;
	if (x->sim != y->sim)
		return x->sim > y->sim ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static void pairs(sdoc *d)
{
	const cd_summary *s = d->s;
	double x0 = MARGIN, x1 = d->p.w - MARGIN;
	subhead(d, "Near-duplicate articles");
	if (!s->n_pairs) {
		cdi_pdf_note(&d->p, "No near-duplicate pairs.");
		return;
	}
	by_sim *o = malloc(s->n_pairs * sizeof *o);
	if (!o) {
		cdi_pdf_note(&d->p, "(out of memory: list left out)");
		return;
	}
	for (size_t i = 0; i < s->n_pairs; i++)
		o[i] = (by_sim){ s->pairs[i].similarity, i };
	qsort(o, s->n_pairs, sizeof *o, cmp_sim);
	const char *cols[] = { "ARTICLE", "NEAR-DUPLICATE OF", "SIMILARITY" };
	double xs[] = { x0, x0 + 210, x1 };
	int right[] = { 0, 0, 1 };
	table tb = { cols, xs, right, 3 };
	cdi_pdf_table_head(&d->p, cols, xs, right, 3);
	size_t shown = 0;
	cd_batch_record ra = { 0 }, rb = { 0 };
	for (size_t j = 0; j < s->n_pairs && shown < PAIR_ROWS; j++) {
		const cd_summary_pair *pr = &s->pairs[o[j].i];
		if (pr->a >= s->n_records || pr->b >= s->n_records || load(d, pr->a, &ra) != 0 ||
		    load(d, pr->b, &rb) != 0)
			continue;
		row_room(d, &tb, 24);
		article_cell(d, xs[0], d->p.y, 200, &ra);
		article_cell(d, xs[1], d->p.y, x1 - 70 - xs[1], &rb);
		cdi_pdf_textf(&d->p, xs[2], d->p.y, SIZE_TEXT + 1, CDI_FACE_BOLD,
		              pr->similarity >= 0.8 ? cdi_band_color[4] : cdi_band_color[3],
		              CDI_ALIGN_RIGHT, 0, "%.0f%%", pr->similarity * 100);
		d->p.y -= 10;
		cdi_pdf_row_rule(&d->p);
		shown++;
	}
	cd_batch_record_clear(&ra);
	cd_batch_record_clear(&rb);
	more_note(d, s->n_pairs - shown, " pairs");
	free(o);
}

static void reuse(sdoc *d)
{
	const cd_summary *s = d->s;
	section(d, "Reuse across articles", "phrases of 4+ words that several articles share");
	phrase_table(d, "Template phrases", s->phrases, s->n_phrases, PHRASE_ROWS,
	             "No phrase is shared by several articles.");
	phrase_table(d, "Shared openers", s->openers, s->n_openers, OPENER_ROWS,
	             "No two articles open the same way.");
	phrase_table(d, "Shared closers", s->closers, s->n_closers, OPENER_ROWS,
	             "No two articles close the same way.");
	pairs(d);
}

/* ---- the entry point --------------------------------------------------------- */

int cd_report_summary(const char *pdf_path, const cd_summary *s, const cd_report_options *opt,
                      char *err, size_t errlen)
{
	static const cd_report_options defaults = {0};
	CDI_ERR_PROLOGUE(err, errlen);
	if (!pdf_path || !s) {
		snprintf(err, errlen, "summary: no output path or summary");
		return -1;
	}
	if (!opt)
		opt = &defaults;
	int rc = -1;
	char *title = NULL;
	sdoc *d = calloc(1, sizeof *d);
	if (!d) {
		snprintf(err, errlen, "%s: out of memory", pdf_path);
		return -1;
	}
	d->s = s;
	double q = 0;
	d->records_sorted = 1;
	cd_batch_record rec[2] = { { 0 }, { 0 } };   /* this one and the one before */
	for (size_t i = 0; i < s->n_records; i++) {
		cd_batch_record *r = &rec[i % 2], *prev = &rec[(i + 1) % 2];
		if (load(d, i, r) != 0) {
			d->records_sorted = 0;
			continue;
		}
		if (i && strcmp(str(prev->path), str(r->path)) >= 0)
			d->records_sorted = 0;
		if (r->error)
			continue;
		d->ok++;
		d->words += r->words;
		q += r->quality;
		d->failing += crosses(s, r) != 0;
	}
	cd_batch_record_clear(&rec[0]);
	cd_batch_record_clear(&rec[1]);
	d->mean_quality = d->ok ? q / (double)d->ok : 0;
	if (cdi_pdf_begin(&d->p, opt, pdf_path, err, errlen) != 0)
		goto cleanup;
	d->p.header = s->is_review ? "copydesk review" : "copydesk summary";
	char foot[64], n_art[32];
	cdi_thousands(n_art, sizeof n_art, s->n_records);
	snprintf(foot, sizeof foot, "%s of %s %s", s->is_review ? "review" : "summary", n_art,
	         s->n_records == 1 ? "article" : "articles");
	d->p.file = foot;

	const char *at = s->title && *s->title ? s->title : "copydesk summary";
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
	cdi_pdf_info(&d->p, title, s->is_review ? "Quality review of a batch of articles: totals, "
	             "changes since the last review, trends, reuse" : "Quality summary of a batch "
	             "of articles: totals, distributions, thresholds, reuse");

	if (cdi_pdf_new_page(&d->p) != 0) {
		snprintf(err, errlen, "%s: out of memory", pdf_path);
		goto cleanup;
	}
	overview(d);
	if (s->is_review) {
		cdi_pdf_new_page(&d->p);
		since_last(d);
	}
	cdi_pdf_new_page(&d->p);
	worst_best(d);
	over_threshold(d);
	folders(d);
	failures(d);
	reuse(d);
	int store_errno;
	if (s->records && cd_records_error(s->records, &store_errno) != CD_OK) {
		/* A record could not be read back: the summary would be wrong. */
		snprintf(err, errlen, "%s: cannot read the article records back: %s; not written",
		         pdf_path, strerror(store_errno));
		goto cleanup;
	}
	rc = cdi_pdf_finish(&d->p, pdf_path, err, errlen);
cleanup:
	cdi_pdf_free(&d->p);
	free(title);
	free(d);
	return rc;
}
