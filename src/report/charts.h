/*
 * charts.h - the report's charts and palette, as display lists.
 *
 * A chart is computed into a list of rectangles, lines and short labels in
 * page coordinates (points, y up); pdf.c paints the list. Nothing here
 * touches libharu, so axes, bins and scales are tested on their own
 * (tests/test_charts.c).
 */
#ifndef CD_REPORT_CHARTS_H
#define CD_REPORT_CHARTS_H

#include <stddef.h>

#include "copydesk.h"
#include "util/vec.h"

typedef struct cdi_rgb { double r, g, b; } cdi_rgb;

/* ---- palette: calm neutrals, one accent, bands from green to red -------- */
extern const cdi_rgb cdi_ink, cdi_muted, cdi_faint, cdi_rule, cdi_panel, cdi_accent;
/* Text of a warning (page 1's notes). */
extern const cdi_rgb cdi_warn_ink;
/* Bands: 0 easy/excellent (green) .. 4 very hard/very poor (red). */
#define CDI_BANDS 5
extern const cdi_rgb cdi_band_color[CDI_BANDS];
/* Filler categories (Tableau 10 hues, strong for bars). */
extern const cdi_rgb cdi_category_color[CD_CAT_COUNT];
/* A quality score as a whole number: rounded, except that a score under
 * 100 never shows as 100 (99.7 is "99": 100 means nothing was deducted). */
double cdi_score_shown(double quality);
/* c mixed with white: t = 0 white .. 1 c. */
cdi_rgb cdi_tint(cdi_rgb c, double t);
/* The highlight behind a filler of category cat in the article and its
 * legend: its colour mixed with white to one lightness for every category
 * (relative luminance CDI_HIGHLIGHT_LUMINANCE), so a pale hue (wordy,
 * boilerplate) marks as plainly as a dark one and black text reads on all. */
#define CDI_HIGHLIGHT_LUMINANCE 0.66
cdi_rgb cdi_highlight(int cat);

/* Band of a US school grade: 0 up to 6 (easy), 1 up to 9 (plain), 2 up to
 * 12 (high school), 3 up to 16 (college), 4 above (graduate). */
int cdi_grade_band(double grade);
const char *cdi_grade_band_name(int band);
/* Band of a Flesch Reading Ease score, by Flesch's (1949) table: 0 >= 70
 * fairly easy or easier, 1 >= 60 standard, 2 >= 50 fairly difficult, 3 >= 30
 * difficult, 4 below 30 very confusing; *name gets Flesch's word. */
int cdi_fre_band(double fre, const char **name);
/* Band of the quality score band name ("excellent" .. "very poor"). */
int cdi_score_band(const char *band);

/* ---- display lists -------------------------------------------------- */
enum { CDI_DL_RECT, CDI_DL_LINE, CDI_DL_TEXT };
enum { CDI_ALIGN_LEFT, CDI_ALIGN_CENTER, CDI_ALIGN_RIGHT };

typedef struct cdi_dl_item {
	unsigned char type;        /* CDI_DL_* */
	unsigned char bold;        /* text: bold face */
	unsigned char align;       /* text: CDI_ALIGN_* around x */
	unsigned char dashed;      /* line: dashed */
	double x, y, w, h;         /* rect: corner and size; line: (x,y) to (x+w,y+h);
	                              text: anchor on the baseline */
	double size;               /* text: font size; line: width */
	cdi_rgb color;
	char text[40];             /* text: the label (ASCII or sanitized UTF-8) */
} cdi_dl_item;

typedef struct cdi_chart {
	CDI_VEC(cdi_dl_item) items;
	int failed;                /* an allocation failed: the list is incomplete */
} cdi_chart;

void cdi_chart_free(cdi_chart *c);

/* A nice axis step (1, 2 or 5 times a power of ten) giving about ticks
 * intervals up to max; the axis then ends at ceil(max / step) * step. */
double cdi_nice_step(double max, int ticks);

/* Histogram of sentence lengths (words) in 5-word bins, with dashed lines
 * at long_at and very_long_at words, in the box (x, y, w, h). Bins run to
 * the longest sentence (at least 40 words, at most 60: longer ones go into
 * the last bin, labelled "60+"). */
void cdi_chart_histogram(cdi_chart *c, double x, double y, double w, double h,
                         const size_t *lengths, size_t n,
                         unsigned long_at, unsigned very_long_at);

/* Horizontal bars, one per label, with the value printed after each bar
 * (one decimal). All zero: the axis and "none found". */
void cdi_chart_hbars(cdi_chart *c, double x, double y, double w, double h,
                     const char *const *labels, const double *values,
                     const cdi_rgb *colors, size_t n, const char *axis_title);

/* Grade per paragraph as columns coloured by grade band, with a dashed
 * line at target; paragraphs are numbered 1..n along the x axis. */
void cdi_chart_paragraphs(cdi_chart *c, double x, double y, double w, double h,
                          const double *grades, size_t n, double target);

/* Histogram of counts already binned: bin b covers [b * step, (b + 1) *
 * step) of the axis_title quantity; the last bin is open ("40+") when
 * open_last. Bars in colors[b] (NULL: the accent), a dashed line at mark
 * labelled mark_label (mark < 0: none), counts on a y axis of nice steps
 * titled "articles". All zero: the axes and "no articles". */
void cdi_chart_bins(cdi_chart *c, double x, double y, double w, double h,
                    const size_t *counts, size_t bins, double step, int open_last,
                    const cdi_rgb *colors, double mark, const char *mark_label,
                    const char *axis_title);

/* Line chart of values[0, n) (oldest first) at evenly spaced points
 * labelled xlabels[i] below the axis (every k-th when they would touch);
 * y from 0 to a nice top of at least floor_top; percent: values are
 * shares 0..1 shown as percentages. One value: a single point, centred.
 * n == 0: the axes and "no reviews yet". A value that is not a number
 * leaves a gap in the line; values are clipped to 0 .. the axis top. */
void cdi_chart_line(cdi_chart *c, double x, double y, double w, double h,
                    const double *values, const char *const *xlabels, size_t n,
                    double floor_top, int percent, cdi_rgb color, const char *axis_title);

#endif
