/*
 * painter.h - the drawing layer shared by the article report (pdf.c) and
 * the batch summary (summary.c), on libharu.
 *
 * A cdi_pdf is one document being drawn: its fonts (embedded TrueType,
 * measured from a per-code-point width table), its pages, and a flow
 * cursor y that sections and table rows move down the page, starting a
 * new page when something does not fit. Every string goes through the
 * sanitizer (sanitize.h) before libharu sees it. libharu errors are
 * sticky: the first is kept in error/detail and checked before the file
 * is written (to a temporary file in the same folder, then renamed).
 *
 * Use: zero a cdi_pdf, cdi_pdf_begin, cdi_pdf_info, cdi_pdf_new_page and
 * draw, cdi_pdf_finish (header and footer on every page, then the file),
 * cdi_pdf_free (always, also after a failed begin).
 */
#ifndef CD_REPORT_PAINTER_H
#define CD_REPORT_PAINTER_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <hpdf.h>

#include "report/charts.h"
#include "report/layout.h"
#include "report/report.h"
#include "report/sanitize.h"
#include "util/vec.h"

/* Page furniture: 20 mm margins; type sizes on a small modular scale. */
#define CDI_MARGIN 56.7
#define CDI_SIZE_SMALL 7.0
#define CDI_SIZE_TEXT 8.5
#define CDI_SIZE_SECTION 12.0
#define CDI_SIZE_TITLE 17.0

/* The fonts of one thread's reports: a libharu document whose font
 * definitions stay loaded from one report to the next (HPDF_FreeDoc keeps
 * them), with the glyph and width tables measured from them. Loading and
 * parsing a TrueType font is a good part of writing a report; the cache is
 * rebuilt when the font files or settings change, and freed when the
 * thread ends (cd_report_release for the main thread). */
typedef struct cdi_fonts cdi_fonts;

typedef struct cdi_pdf {
	HPDF_Doc pdf;                       /* the fonts' document, begun anew */
	HPDF_STATUS error, detail;          /* the first libharu error */
	cdi_fonts *fonts;
	HPDF_Font font[CDI_FACE_COUNT];
	HPDF_FontDef def[CDI_FACE_COUNT];
	unsigned char *glyph;               /* [65536] 0 unknown, 1 in both faces, 2 missing */
	uint16_t *advance[CDI_FACE_COUNT];  /* [65536] glyph width + 1 in 1/1000 em, 0 unknown */
	cdi_text_fns fns;
	double w, h;                        /* page size */
	HPDF_Page page;
	CDI_VEC(HPDF_Page) pages;
	double y;                           /* flow cursor on the current page */
	const char *header;                 /* left of the header: "copydesk quality report" */
	const char *title;                  /* right of the header (cdi_pdf_info) */
	const char *file;                   /* left of the footer, before the date */
	char date[32];                      /* opt->date as YYYY-MM-DD (UTC) */
	char *buf;                          /* sanitize buffer */
	size_t cap;
	int synthetic_bold;                 /* bold drawn by stroking the regular face */
	int plain_fonts;                    /* opt->plain_fonts (painter.c: finish_fonts) */
} cdi_pdf;

/* Sets d (zeroed) up for opt: page size, date, a libharu document with
 * compression and UTF-8, the fonts (opt->font_regular / font_bold as
 * report.h says) and the dates and creator in the document info.
 * pdf_path only names the file in messages. 0, or -1 with a one-line
 * message in err. */
int cdi_pdf_begin(cdi_pdf *d, const cd_report_options *opt, const char *pdf_path, char *err,
                  size_t errlen);
/* Document title (also the right of every header) and subject; title
 * must outlive d. */
void cdi_pdf_info(cdi_pdf *d, const char *title, const char *subject);
/* Header and footer ("page N of M") on every page, bookmarks shown, the
 * first libharu error checked, the file written safely (report.h). 0, or
 * -1 with a one-line message in err. */
int cdi_pdf_finish(cdi_pdf *d, const char *pdf_path, char *err, size_t errlen);
/* Frees what d holds (not d); safe on a zeroed or failed d. */
void cdi_pdf_free(cdi_pdf *d);

/* ---- text ------------------------------------------------------------ */

/* s sanitized into d->buf (valid until the next call); NULL on no memory. */
const char *cdi_pdf_clean(cdi_pdf *d, const char *s, size_t len, size_t *out_len);
/* Width in points of already sanitized text. */
double cdi_pdf_width(cdi_pdf *d, const char *clean_s, size_t len, int face, double size);
void cdi_pdf_fill(cdi_pdf *d, cdi_rgb c);
void cdi_pdf_stroke(cdi_pdf *d, cdi_rgb c);
void cdi_pdf_line_width(cdi_pdf *d, double width);
/* Inside a text object: face, size and colour for what follows. */
void cdi_pdf_use_face(cdi_pdf *d, int face, double size, cdi_rgb c);
/* Draws s at x (aligned: CDI_ALIGN_*) fitted into maxw (cut with an
 * ellipsis when too wide; maxw <= 0: no limit). Returns the width drawn. */
double cdi_pdf_text(cdi_pdf *d, double x, double y, double size, int face, cdi_rgb c,
                    int align, double maxw, const char *s);
double cdi_pdf_textf(cdi_pdf *d, double x, double y, double size, int face, cdi_rgb c,
                     int align, double maxw, const char *fmt, ...)
	__attribute__((format(printf, 9, 10)));
/* Wraps s into width from baseline y down; at most max_lines lines (the
 * last cut with an ellipsis). Returns the number of lines drawn. */
int cdi_pdf_para(cdi_pdf *d, double x, double y, double width, double size, int face, cdi_rgb c,
                 double leading, int max_lines, const char *s);
/* v with thousands separators: 12,345. */
void cdi_thousands(char *out, size_t cap, size_t v);

/* ---- shapes ------------------------------------------------------------ */

void cdi_pdf_rect(cdi_pdf *d, double x, double y, double w, double h, cdi_rgb c);
void cdi_pdf_hline(cdi_pdf *d, double x0, double x1, double y, double width, cdi_rgb c);
/* Paints a chart's display list (charts.h). */
void cdi_pdf_chart(cdi_pdf *d, const cdi_chart *c);
/* A figure tile: value large, label and an optional note below, a rule of
 * accent on top. */
void cdi_pdf_tile(cdi_pdf *d, double x, double y, double w, double h, const char *value,
                  const char *label, const char *note, cdi_rgb accent);

/* ---- pages and flow ---------------------------------------------------- */

double cdi_pdf_body_top(const cdi_pdf *d);
double cdi_pdf_body_bottom(const cdi_pdf *d);
/* A new page of d's size; the flow cursor at its top. 0 or -1. */
int cdi_pdf_new_page(cdi_pdf *d);
/* Makes room for h points of flow; a new page when they do not fit. */
int cdi_pdf_need(cdi_pdf *d, double h);
/* A bookmark to page under parent (NULL: top level); top > 0 scrolls to
 * that height. cdi_pdf_outline: top level, the current page. */
HPDF_Outline cdi_pdf_outline_at(cdi_pdf *d, HPDF_Outline parent, HPDF_Page page, double top,
                                const char *title);
HPDF_Outline cdi_pdf_outline(cdi_pdf *d, const char *title);
/* Section title with a rule (note: small, right-aligned; may be NULL). */
void cdi_pdf_section(cdi_pdf *d, const char *title, const char *note);
void cdi_pdf_subhead(cdi_pdf *d, const char *title);
/* A muted one-line note in the flow ("No repeated phrases."). */
void cdi_pdf_note(cdi_pdf *d, const char *s);
/* Table column heads at xs (right[i]: right-aligned) with a rule below,
 * and the thin rule that ends a row and moves to the next. */
void cdi_pdf_table_head(cdi_pdf *d, const char *const *cols, const double *xs, const int *right,
                        int n);
void cdi_pdf_row_rule(cdi_pdf *d);

/* The prologue of the report entry points: err as given, or a scratch
 * buffer when the caller wants no message (err NULL or errlen 0); either
 * way it starts empty. */
#define CDI_ERR_PROLOGUE(err, errlen) \
	char cdi_err_scratch[2]; \
	if (!(err) || (errlen) == 0) { \
		(err) = cdi_err_scratch; \
		(errlen) = sizeof cdi_err_scratch; \
	} \
	(err)[0] = '\0'

#endif
