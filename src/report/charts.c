/*
 * charts.c - display lists for the report's charts and its palette (charts.h).
 */
#include "report/charts.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const cdi_rgb cdi_ink = { 0.13, 0.16, 0.20 };
const cdi_rgb cdi_muted = { 0.42, 0.45, 0.50 };
const cdi_rgb cdi_faint = { 0.62, 0.64, 0.68 };
const cdi_rgb cdi_rule = { 0.84, 0.85, 0.87 };
const cdi_rgb cdi_panel = { 0.96, 0.965, 0.97 };
const cdi_rgb cdi_accent = { 0.17, 0.31, 0.47 };
const cdi_rgb cdi_warn_ink = { 0.60, 0.32, 0.04 };   /* dark amber: 5.9:1 on white (WCAG) */

const cdi_rgb cdi_band_color[CDI_BANDS] = {
	{ 0.22, 0.56, 0.40 },   /* green */
	{ 0.47, 0.66, 0.35 },   /* yellow-green */
	{ 0.85, 0.65, 0.20 },   /* amber */
	{ 0.87, 0.46, 0.22 },   /* orange */
	{ 0.78, 0.25, 0.22 },   /* red */
};

/* Tableau 10 (Stone, 2004): distinct at equal lightness, friendly in print. */
const cdi_rgb cdi_category_color[CD_CAT_COUNT] = {
	{ 0.306, 0.475, 0.655 },  /* transition: blue */
	{ 0.612, 0.459, 0.373 },  /* hedge: brown */
	{ 0.949, 0.557, 0.169 },  /* intensifier: orange */
	{ 0.882, 0.341, 0.349 },  /* cliche: red */
	{ 0.690, 0.478, 0.631 },  /* ai: purple */
	{ 0.463, 0.718, 0.698 },  /* wordy: teal */
	{ 0.349, 0.631, 0.310 },  /* closing: green */
	{ 0.729, 0.690, 0.675 },  /* boilerplate: grey */
};

double cdi_score_shown(double quality)
{
	double r = nearbyint(quality);   /* as printf's %.0f rounds: half to even */
	return r >= 100 && quality < 100 ? 99 : r;
}

cdi_rgb cdi_tint(cdi_rgb c, double t)
{
	cdi_rgb o = { 1 - t * (1 - c.r), 1 - t * (1 - c.g), 1 - t * (1 - c.b) };
	return o;
}

/* sRGB relative luminance (WCAG 2.x). */
static double luminance(cdi_rgb c)
{
	double v[3] = { c.r, c.g, c.b };
	for (int k = 0; k < 3; k++)
		v[k] = v[k] <= 0.04045 ? v[k] / 12.92 : pow((v[k] + 0.055) / 1.055, 2.4);
	return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}

cdi_rgb cdi_highlight(int cat)
{
	cdi_rgb c = cdi_category_color[cat >= 0 && cat < CD_CAT_COUNT ? cat : 0];
	/* Luminance falls as t grows: bisect for the target (40 halvings
	 * leave t exact to 1e-12, the same on every run). */
	double lo = 0, hi = 1;
	for (int k = 0; k < 40; k++) {
		double mid = (lo + hi) / 2;
		if (luminance(cdi_tint(c, mid)) > CDI_HIGHLIGHT_LUMINANCE)
			lo = mid;
		else
			hi = mid;
	}
	return cdi_tint(c, lo);
}

int cdi_grade_band(double grade)
{
	return grade <= 6 ? 0 : grade <= 9 ? 1 : grade <= 12 ? 2 : grade <= 16 ? 3 : 4;
}

const char *cdi_grade_band_name(int band)
{
	static const char *const names[CDI_BANDS] = {
		"easy", "plain", "high school", "college", "graduate"
	};
	return band >= 0 && band < CDI_BANDS ? names[band] : "";
}

int cdi_fre_band(double fre, const char **name)
{
	int b = fre >= 70 ? 0 : fre >= 60 ? 1 : fre >= 50 ? 2 : fre >= 30 ? 3 : 4;
	if (name)
		*name = b == 0 ? (fre >= 90 ? "very easy" : fre >= 80 ? "easy" : "fairly easy") :
		        b == 1 ? "standard" : b == 2 ? "fairly difficult" :
		        b == 3 ? "difficult" : "very confusing";
	return b;
}

int cdi_score_band(const char *band)
{
	static const char *const names[CDI_BANDS] = {
		"excellent", "good", "fair", "poor", "very poor"
	};
	for (int i = 0; band && i < CDI_BANDS; i++)
		if (strcmp(band, names[i]) == 0)
			return i;
	return 2;
}

void cdi_chart_free(cdi_chart *c)
{
	if (!c)
		return;
	free(c->items.v);
	memset(c, 0, sizeof *c);
}

static void push(cdi_chart *c, cdi_dl_item it)
{
	if (CDI_VEC_PUSH(&c->items, it) != 0)
		c->failed = 1;
}

static void rect(cdi_chart *c, double x, double y, double w, double h, cdi_rgb col)
{
	cdi_dl_item it = { .type = CDI_DL_RECT, .x = x, .y = y, .w = w, .h = h, .color = col };
	push(c, it);
}

static void line(cdi_chart *c, double x0, double y0, double x1, double y1, double width,
                 cdi_rgb col, int dashed)
{
	cdi_dl_item it = { .type = CDI_DL_LINE, .x = x0, .y = y0, .w = x1 - x0, .h = y1 - y0,
	                   .size = width, .color = col, .dashed = (unsigned char)dashed };
	push(c, it);
}

static void label(cdi_chart *c, double x, double y, double size, int align, int bold,
                  cdi_rgb col, const char *fmt, ...) __attribute__((format(printf, 8, 9)));
static void label(cdi_chart *c, double x, double y, double size, int align, int bold,
                  cdi_rgb col, const char *fmt, ...)
{
	cdi_dl_item it = { .type = CDI_DL_TEXT, .x = x, .y = y, .size = size,
	                   .align = (unsigned char)align, .bold = (unsigned char)bold, .color = col };
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(it.text, sizeof it.text, fmt, ap);
	va_end(ap);
	push(c, it);
}

double cdi_nice_step(double max, int ticks)
{
	if (!(max > 0) || ticks < 1)
		return 1;
	double raw = max / ticks;
	double p = pow(10, floor(log10(raw)));
	double m = raw / p;
	double step = m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10;
	return step * p;
}

/* Label size for axes and ticks: small but legible in print (7 pt). */
#define TICK 6.5
#define PAD_LEFT 22.0
#define PAD_BOTTOM 22.0

/* The y axis with ticks and grid lines from 0 to top every step; returns
 * the scale in points per unit. */
static double y_axis(cdi_chart *c, double px, double py, double pw, double ph,
                     double top, double step)
{
	double k = ph / top;
	for (double v = 0; v <= top + step * 1e-6; v += step) {
		double yy = py + v * k;
		line(c, px, yy, px + pw, yy, 0.4, v == 0 ? cdi_muted : cdi_rule, 0);
		if (step < 1)
			label(c, px - 4, yy - 2.2, TICK, CDI_ALIGN_RIGHT, 0, cdi_muted, "%.1f", v);
		else
			label(c, px - 4, yy - 2.2, TICK, CDI_ALIGN_RIGHT, 0, cdi_muted, "%.0f", v);
	}
	return k;
}

void cdi_chart_histogram(cdi_chart *c, double x, double y, double w, double h,
                         const size_t *lengths, size_t n,
                         unsigned long_at, unsigned very_long_at)
{
	enum { BIN = 5, MAX_BINS = 12 };
	size_t counts[MAX_BINS] = {0};
	size_t longest = 0;
	for (size_t i = 0; i < n; i++)
		longest = lengths[i] > longest ? lengths[i] : longest;
	size_t bins = (longest + BIN - 1) / BIN;
	bins = bins < 8 ? 8 : bins > MAX_BINS ? MAX_BINS : bins;
	size_t peak = 0;
	for (size_t i = 0; i < n; i++) {
		if (lengths[i] == 0)
			continue;
		size_t b = (lengths[i] - 1) / BIN;
		b = b >= bins ? bins - 1 : b;
		counts[b]++;
		peak = counts[b] > peak ? counts[b] : peak;
	}
	double px = x + PAD_LEFT, py = y + PAD_BOTTOM, pw = w - PAD_LEFT - 4, ph = h - PAD_BOTTOM - 12;
	double step = cdi_nice_step(peak ? (double)peak : 4, 4);
	if (step < 1)
		step = 1;
	double top = ceil((peak ? (double)peak : 4) / step) * step;
	double k = y_axis(c, px, py, pw, ph, top, step);
	double bw = pw / (double)bins;
	for (size_t b = 0; b < bins; b++) {
		double lo = (double)(b * BIN + 1);
		cdi_rgb col = lo > very_long_at ? cdi_band_color[4] : lo > long_at ? cdi_band_color[2] :
		              cdi_accent;
		if (counts[b])
			rect(c, px + b * bw + 1, py, bw - 2, counts[b] * k, cdi_tint(col, 0.85));
		if (b % 2 == 1 || bins <= 8)
			label(c, px + (b + 1) * bw, py - 9, TICK, CDI_ALIGN_CENTER, 0, cdi_muted,
			      b + 1 == bins && longest > bins * BIN ? "%zu+" : "%zu", (b + 1) * BIN);
	}
	label(c, px, py - 9, TICK, CDI_ALIGN_CENTER, 0, cdi_muted, "0");
	label(c, px + pw / 2, y + 2, TICK, CDI_ALIGN_CENTER, 0, cdi_muted, "words per sentence");
	unsigned at[2] = { long_at, very_long_at };
	const char *names[2] = { "long", "very long" };
	for (int i = 0; i < 2; i++) {
		double xx = px + at[i] * bw / BIN;
		if (at[i] == 0 || xx > px + pw)
			continue;
		line(c, xx, py, xx, py + ph + 4, 0.7, cdi_band_color[i ? 4 : 2], 1);
		/* "long" to the left of its line when there is room, "very long"
		 * to the right of its own: close lines keep their labels apart. */
		int left = i == 0 && xx - px > 44;
		label(c, left ? xx - 2 : xx + 2, py + ph + 1, TICK, left ? CDI_ALIGN_RIGHT : CDI_ALIGN_LEFT,
		      0, cdi_band_color[i ? 4 : 2], "%s > %u", names[i], at[i]);
	}
	if (n == 0)
		label(c, px + pw / 2, py + ph / 2, 7.5, CDI_ALIGN_CENTER, 0, cdi_muted,
		      "no sentences counted");
}

void cdi_chart_hbars(cdi_chart *c, double x, double y, double w, double h,
                     const char *const *labels, const double *values,
                     const cdi_rgb *colors, size_t n, const char *axis_title)
{
	double label_w = 58, px = x + label_w, pw = w - label_w - 22;
	double py = y + PAD_BOTTOM, ph = h - PAD_BOTTOM - 12;
	double peak = 0;
	for (size_t i = 0; i < n; i++)
		peak = values[i] > peak ? values[i] : peak;
	double step = cdi_nice_step(peak > 0 ? peak : 4, 3);
	double top = ceil((peak > 0 ? peak : 4) / step) * step;
	double k = pw / top;
	for (double v = 0; v <= top + step * 1e-6; v += step) {
		double xx = px + v * k;
		line(c, xx, py, xx, py + ph, 0.4, v == 0 ? cdi_muted : cdi_rule, 0);
		if (step < 1)
			label(c, xx, py - 9, TICK, CDI_ALIGN_CENTER, 0, cdi_muted, "%.1f", v);
		else
			label(c, xx, py - 9, TICK, CDI_ALIGN_CENTER, 0, cdi_muted, "%.0f", v);
	}
	label(c, px + pw / 2, y + 2, TICK, CDI_ALIGN_CENTER, 0, cdi_muted, "%s", axis_title);
	double row = n ? ph / (double)n : ph;
	for (size_t i = 0; i < n; i++) {
		double yy = py + ph - (i + 1) * row;
		double bh = row * 0.62;
		label(c, px - 5, yy + (row - TICK) / 2 + 1, TICK + 0.5, CDI_ALIGN_RIGHT, 0, cdi_ink,
		      "%s", labels[i]);
		if (values[i] > 0) {
			rect(c, px, yy + (row - bh) / 2, values[i] * k, bh, colors[i]);
			label(c, px + values[i] * k + 3, yy + (row - TICK) / 2 + 1, TICK, CDI_ALIGN_LEFT,
			      0, cdi_muted, "%.1f", values[i]);
		}
	}
	if (!(peak > 0))
		label(c, px + pw / 2, py + ph / 2, 7.5, CDI_ALIGN_CENTER, 0, cdi_muted,
		      "no filler phrases found");
}

#define GRADE_AXIS_MAX 24   /* school grades beyond college; the chart stops here */

void cdi_chart_paragraphs(cdi_chart *c, double x, double y, double w, double h,
                          const double *grades, size_t n, double target)
{
	double px = x + PAD_LEFT, py = y + PAD_BOTTOM, pw = w - PAD_LEFT - 4, ph = h - PAD_BOTTOM - 12;
	double peak = target;
	for (size_t i = 0; i < n; i++)
		peak = grades[i] > peak ? grades[i] : peak;
	/* A fragment of a few long words ("Version 2.0, January 2004") can
	 * score grade 60: the axis stops at GRADE_AXIS_MAX, where a grade
	 * means anything, and such a column is cut there. */
	if (peak > GRADE_AXIS_MAX && target <= GRADE_AXIS_MAX)
		peak = GRADE_AXIS_MAX;
	/* A tick every 24 pt or more: a short chart gets fewer. */
	int ticks = (int)(ph / 24);
	ticks = ticks < 2 ? 2 : ticks > 4 ? 4 : ticks;
	double step = cdi_nice_step(peak > 0 ? peak : 12, ticks);
	double top = ceil((peak > 0 ? peak : 12) / step) * step;
	double k = y_axis(c, px, py, pw, ph, top, step);
	/* Columns no wider than 24 pt: a short article keeps slim columns. */
	double cw = n ? pw / (double)n : pw;
	cw = cw > 24 ? 24 : cw;
	size_t every = n <= 30 ? 1 : n <= 60 ? 2 : n <= 150 ? 5 : 10;
	for (size_t i = 0; i < n; i++) {
		double g = grades[i] > 0 ? grades[i] : 0;
		double gap = cw > 4 ? cw * 0.18 : 0;
		if (g > 0)
			rect(c, px + i * cw + gap / 2, py, cw - gap, (g < top ? g : top) * k,
			     cdi_tint(cdi_band_color[cdi_grade_band(g)], 0.8));
		/* Every paragraph, or every 2nd, 5th or 10th: "2 4 6", "1 5 10" */
		if ((i + 1) % every == 0 || (i == 0 && every >= 5))
			label(c, px + (i + 0.5) * cw, py - 9, TICK, CDI_ALIGN_CENTER, 0, cdi_muted, "%zu", i + 1);
	}
	if (target > 0 && target <= top) {
		line(c, px, py + target * k, px + pw, py + target * k, 0.7, cdi_band_color[3], 1);
		/* The key sits above the plot, clear of the columns. */
		line(c, px + pw - 78, py + ph + 3, px + pw - 64, py + ph + 3, 0.7, cdi_band_color[3], 1);
		label(c, px + pw, py + ph + 1, TICK, CDI_ALIGN_RIGHT, 0, cdi_muted,
		      "target grade %.0f", target);
	}
	label(c, px + pw / 2, y + 2, TICK, CDI_ALIGN_CENTER, 0, cdi_muted,
	      "paragraph (Flesch-Kincaid grade, band)");
	if (n == 0)
		label(c, px + pw / 2, py + ph / 2, 7.5, CDI_ALIGN_CENTER, 0, cdi_muted, "no paragraphs");
}

void cdi_chart_bins(cdi_chart *c, double x, double y, double w, double h,
                    const size_t *counts, size_t bins, double step, int open_last,
                    const cdi_rgb *colors, double mark, const char *mark_label,
                    const char *axis_title)
{
	/* The bars stop 10 pt below the top: the threshold's label goes there,
	 * clear of the count printed over the tallest bar. */
	double px = x + PAD_LEFT + 4, py = y + PAD_BOTTOM, pw = w - PAD_LEFT - 8;
	double ph = h - PAD_BOTTOM - 14, bars_h = ph - 10;
	size_t peak = 0;
	for (size_t b = 0; b < bins; b++)
		peak = counts[b] > peak ? counts[b] : peak;
	double top_v = peak ? (double)peak : 4;
	double ystep = cdi_nice_step(top_v, 4);
	if (ystep < 1)
		ystep = 1;
	double top = ceil(top_v / ystep) * ystep;
	double k = y_axis(c, px, py, pw, bars_h, top, ystep);
	label(c, px - 4, py + bars_h + 6, TICK, CDI_ALIGN_RIGHT, 0, cdi_muted, "articles");
	double bw = bins ? pw / (double)bins : pw;
	/* Tick labels at bin edges, thinned so that they never touch: a label
	 * is about 5 characters of 3.6 pt. */
	size_t every = 1;
	while (every < bins && bw * (double)every < 20)
		every++;
	for (size_t b = 0; b < bins; b++) {
		cdi_rgb col = colors ? colors[b] : cdi_accent;
		if (counts[b]) {
			rect(c, px + b * bw + 1, py, bw - 2, counts[b] * k, cdi_tint(col, 0.75));
			if (bw >= 14)
				label(c, px + (b + 0.5) * bw, py + counts[b] * k + 2, TICK - 0.5,
				      CDI_ALIGN_CENTER, 0, cdi_muted, "%zu", counts[b]);
		}
	}
	/* Edge labels counted back from the end, which is always labelled:
	 * the right edge of a closed axis, the start of an open last bin. */
	size_t edges = open_last ? bins : bins + 1;
	for (size_t e = 0; e < edges; e++) {
		if ((edges - 1 - e) % every != 0)
			continue;
		int open = open_last && e + 1 == edges;
		label(c, px + e * bw, py - 9, TICK, open ? CDI_ALIGN_LEFT : CDI_ALIGN_CENTER, 0,
		      cdi_muted, open ? "%g+" : "%g", (double)e * step);
	}
	label(c, px + pw / 2, y + 2, TICK, CDI_ALIGN_CENTER, 0, cdi_muted, "%s", axis_title);
	if (peak && mark >= 0 && bins && mark <= (double)bins * step) {
		double xx = px + mark / step * bw;
		/* The label sits in the 10 pt left free above the bars. */
		line(c, xx, py, xx, py + ph + 4, 0.7, cdi_band_color[4], 1);
		int right = xx > px + pw * 0.7;
		label(c, right ? xx - 2 : xx + 2, py + ph + 1, TICK, right ? CDI_ALIGN_RIGHT :
		      CDI_ALIGN_LEFT, 0, cdi_band_color[4], "%s", mark_label ? mark_label : "");
	}
	if (!peak)
		label(c, px + pw / 2, py + ph / 2, 7.5, CDI_ALIGN_CENTER, 0, cdi_muted, "no articles");
}

void cdi_chart_line(cdi_chart *c, double x, double y, double w, double h,
                    const double *values, const char *const *xlabels, size_t n,
                    double floor_top, int percent, cdi_rgb color, const char *axis_title)
{
	double px = x + PAD_LEFT + 6, py = y + PAD_BOTTOM, pw = w - PAD_LEFT - 14;
	double ph = h - PAD_BOTTOM - 12;
	double scale = percent ? 100 : 1;
	double peak = floor_top * scale;
	for (size_t i = 0; i < n; i++)
		peak = values[i] * scale > peak && values[i] * scale < 1e9 ? values[i] * scale : peak;
	if (!(peak > 0))
		peak = 1;
	double step = cdi_nice_step(peak, 4);
	double top = ceil(peak / step) * step;
	double k = y_axis(c, px, py, pw, ph, top, step);
	if (percent)
		label(c, px - 4, py + ph + 6, TICK, CDI_ALIGN_RIGHT, 0, cdi_muted, "%%");
	/* Points sit in the middle of n equal slots, so one review is centred
	 * and the first and last keep clear of the axis. */
	double slot = n ? pw / (double)n : pw;
	/* A date label is 10 characters, about 38 pt at 6.5 pt, plus a gap. */
	size_t every = 1;
	while (every < n && slot * (double)every < 46)
		every++;
	double prev_x = 0, prev_y = 0;
	int have_prev = 0;
	for (size_t i = 0; i < n; i++) {
		double xx = px + (i + 0.5) * slot;
		/* Count from the newest so that the current review is labelled. */
		if ((n - 1 - i) % every == 0)
			label(c, xx, py - 9, TICK, CDI_ALIGN_CENTER, 0, cdi_muted, "%s",
			      xlabels && xlabels[i] ? xlabels[i] : "");
		double v = values[i] * scale;
		if (!(v > -1e300 && v < 1e300)) {
			have_prev = 0;   /* not a number: a gap in the line */
			continue;
		}
		v = v < 0 ? 0 : v > top ? top : v;
		double yy = py + v * k;
		if (have_prev)
			line(c, prev_x, prev_y, xx, yy, 1.2, color, 0);
		if (n <= 60)
			rect(c, xx - 1.8, yy - 1.8, 3.6, 3.6, color);
		prev_x = xx;
		prev_y = yy;
		have_prev = 1;
	}
	double last = n ? values[n - 1] * scale : 0;
	if (n && last > -1e300 && last < 1e300) {
		double v = last < 0 ? 0 : last > top ? top : last;
		label(c, px + (n - 0.5) * slot, py + v * k + 4, TICK, n == 1 ? CDI_ALIGN_CENTER :
		      CDI_ALIGN_RIGHT, 1, color, percent ? "%.1f%%" : "%.1f", last);
	}
	label(c, px + pw / 2, y + 2, TICK, CDI_ALIGN_CENTER, 0, cdi_muted, "%s", axis_title);
	if (n == 0)
		label(c, px + pw / 2, py + ph / 2, 7.5, CDI_ALIGN_CENTER, 0, cdi_muted, "no reviews yet");
}
