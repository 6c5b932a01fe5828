/*
 * layout.h - lays the article out word by word, without libharu.
 *
 * The annotated-article pages are typeset here: the text of each block is
 * cut at white space into words, every word sanitized (sanitize.h) and
 * measured through a callback, words filled into lines of a column, lines
 * into pages. Findings become rectangles over the very words they cover
 * (background tints, underlines, outlines) or bars beside their lines
 * (long sentences). The PDF code only paints what this computes, so line
 * breaking, page breaking and highlight placement are tested with a fake
 * fixed-width measurer (tests/test_layout.c).
 *
 * Coordinates are PDF points, origin at the bottom left of the page, y up.
 */
#ifndef CD_REPORT_LAYOUT_H
#define CD_REPORT_LAYOUT_H

#include <stddef.h>

#include "copydesk.h"
#include "report/sanitize.h"
#include "util/vec.h"

enum { CDI_FACE_REGULAR, CDI_FACE_BOLD, CDI_FACE_COUNT };

/* Width of the sanitized UTF-8 s[0, len) in face at size 1 (in em). */
typedef double (*cdi_measure_fn)(void *ctx, int face, const char *s, size_t len);

typedef struct cdi_text_fns {
	cdi_measure_fn measure;
	cdi_glyph_fn has_glyph;     /* may be NULL: every BMP glyph exists */
	void *ctx;
} cdi_text_fns;

/* How a word is painted. */
enum {
	CDI_STYLE_BODY,     /* prose and list items */
	CDI_STYLE_HEADING,  /* bold, larger */
	CDI_STYLE_GREY,     /* table rows and boilerplate */
	CDI_STYLE_NUMBER    /* paragraph number in the margin */
};

/* What a rectangle marks. */
enum {
	CDI_MARK_FILLER,     /* tint behind the words, colour by category */
	CDI_MARK_REPEAT,     /* underline under a repeated phrase */
	CDI_MARK_MECHANICS,  /* outline around a mechanics error */
	CDI_MARK_LONG,       /* bar beside a long sentence */
	CDI_MARK_VERY_LONG,  /* bar beside a very long sentence */
	CDI_MARK_RULE,       /* thin rule for a table separator row */
	CDI_MARK_COUNT
};

typedef struct cdi_lword {
	unsigned page;              /* 0-based page of the article pages */
	double x, y, w;             /* baseline start and advance width */
	double size;                /* font size */
	unsigned char face, style;
	size_t str, str_len;        /* the sanitized text: layout.strings.v + str */
	size_t src_start, src_end;  /* bytes of the source text it shows */
} cdi_lword;

typedef struct cdi_lrect {
	unsigned page;
	double x, y, w, h;          /* lower-left corner and size */
	unsigned char mark;         /* CDI_MARK_* */
	signed char category;       /* cd_category for CDI_MARK_FILLER, else -1 */
} cdi_lrect;

typedef struct cdi_layout_cfg {
	double x0, x1;              /* the text column */
	double first_top;           /* top of the first line on the first page */
	double top;                 /* top of the first line on later pages */
	double bottom;              /* no line reaches below this */
	double number_x;            /* paragraph numbers end (right-aligned) here */
	double bar_x, bar_w;        /* the side bar for long sentences */
	double body_size, heading_size, table_size;
	double leading;             /* line advance as a multiple of the size */
	double paragraph_gap;       /* extra space between blocks, in points */
	double list_indent;         /* list items start this far right of x0 */
} cdi_layout_cfg;

typedef struct cdi_layout {
	CDI_VEC(cdi_lword) words;    /* text words in text order */
	CDI_VEC(cdi_lword) numbers;  /* paragraph numbers */
	CDI_VEC(cdi_lrect) rects;    /* by page, in the order made within a page */
	CDI_VEC(char) strings;
	unsigned pages;              /* pages used, >= 1 */
} cdi_layout;

/* Fills a sensible configuration for a page of width w and height h
 * (points): 20 mm margins, 9.5 pt body text. */
void cdi_layout_cfg_default(cdi_layout_cfg *cfg, double w, double h);

/* Lays out the text of r (its blocks; every line as a paragraph when r has
 * no blocks) with its findings. *out must be zeroed; free it with
 * cdi_layout_free even on failure. Returns CD_OK or CD_ENOMEM. */
int cdi_layout_article(cdi_layout *out, const cd_result *r,
                       const cdi_layout_cfg *cfg, const cdi_text_fns *fns);
void cdi_layout_free(cdi_layout *l);

/* Line breaking for short texts (tables, excerpts): of the sanitized
 * s[0, len), the number of bytes that fit in width at size in face,
 * breaking after the last space that fits (or inside a word that alone is
 * too wide); *next is where the next line starts (spaces skipped).
 * Returns len when everything fits. */
size_t cdi_wrap_next(const char *s, size_t len, double width, double size, int face,
                     const cdi_text_fns *fns, size_t *next);
/* The same, but with no runt: when all that would be left after the line
 * is one word ("target <=" / "5%"), the line gives it its last word, if
 * the two fit on one line. */
size_t cdi_wrap_no_runt(const char *s, size_t len, double width, double size, int face,
                        const cdi_text_fns *fns, size_t *next);

#endif
