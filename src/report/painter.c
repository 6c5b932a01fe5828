/*
 * painter.c - what the article report (pdf.c) and the batch summary
 * (summary.c) both draw with: fonts, sanitized and measured text, shapes,
 * chart display lists, page flow with bookmarks, the header and footer
 * on every page, and writing the file safely (painter.h).
 */
#include "report/painter.h"

#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>

struct cdi_fonts {
	HPDF_Doc pdf;
	cdi_pdf *cur;                       /* the document being drawn: errors go there */
	int faces;                          /* fonts loaded: 1 (bold synthesized) or 2 */
	char path[CDI_FACE_COUNT][PATH_MAX];
	struct stat st[CDI_FACE_COUNT];     /* the files as loaded */
	const char *name[CDI_FACE_COUNT];
	HPDF_FontDef def[CDI_FACE_COUNT];
	uint16_t gid[CDI_FACE_COUNT][65536];  /* glyph of each code point, 0 none */
	unsigned char glyph[65536];
	uint16_t advance[CDI_FACE_COUNT][65536];
	HPDF_BYTE map[2 * 65536];             /* a CIDToGIDMap being cut */
};

static void HPDF_STDCALL on_error(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
	cdi_fonts *c = user;
	cdi_pdf *d = c->cur;
	if (d && !d->error) {
		d->error = error;
		d->detail = detail;
	}
}

static pthread_key_t fonts_key;
static pthread_once_t fonts_once = PTHREAD_ONCE_INIT;
static int fonts_key_ok;

static void fonts_free(void *p)
{
	cdi_fonts *c = p;
	if (c && c->pdf)
		HPDF_Free(c->pdf);
	free(c);
}

static void fonts_key_make(void)
{
	fonts_key_ok = pthread_key_create(&fonts_key, fonts_free) == 0;
}

/* The calling thread's cache, made on first use; NULL on no memory. */
static cdi_fonts *thread_fonts(void)
{
	pthread_once(&fonts_once, fonts_key_make);
	if (!fonts_key_ok)
		return NULL;
	cdi_fonts *c = pthread_getspecific(fonts_key);
	if (!c) {
		c = calloc(1, sizeof *c);
		if (c && pthread_setspecific(fonts_key, c) != 0) {
			free(c);
			c = NULL;
		}
	}
	return c;
}

/* Unloads the fonts (the cache itself stays for the thread). */
static void fonts_drop(cdi_fonts *c)
{
	if (c->pdf)
		HPDF_Free(c->pdf);
	c->pdf = NULL;
	c->faces = 0;
	c->cur = NULL;
}

void cd_report_release(void)
{
	pthread_once(&fonts_once, fonts_key_make);
	if (!fonts_key_ok)
		return;
	fonts_free(pthread_getspecific(fonts_key));
	pthread_setspecific(fonts_key, NULL);
}

/* ---- text helpers --------------------------------------------------- */

static int has_glyph(void *ctx, uint32_t cp)
{
	cdi_pdf *d = ctx;
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
 * looks every character up in the cmap again. The width comes from the
 * font definition, not from HPDF_Font_GetUnicodeWidth, which would also
 * mark the glyph for embedding: only what is drawn is embedded, so a PDF
 * does not depend on what the thread measured for earlier reports. */
static double measure(void *ctx, int face, const char *s, size_t len)
{
	cdi_pdf *d = ctx;
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
			HPDF_UINT16 gid = HPDF_TTFontDef_GetGlyphid(d->def[face], (HPDF_UINT16)cp);
			HPDF_INT w = HPDF_TTFontDef_GetGidWidth(d->def[face], gid);
			adv[cp] = (uint16_t)((w > 0 && w < 65000 ? w : 0) + 1);
		}
		total += adv[cp] - 1u;
	}
	return (double)total / 1000.0;
}

/* s sanitized into d->buf (valid until the next call); NULL on no memory. */
const char *cdi_pdf_clean(cdi_pdf *d, const char *s, size_t len, size_t *out_len)
{
	/* 8 bytes spare: cdi_pdf_text() may put an ellipsis after a cut. */
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

/* The setters below skip what the page's graphics state (libharu keeps
 * one per page) already holds: every libharu operator costs a formatting
 * buffer, and a report sets colours and fonts thousands of times. */
void cdi_pdf_fill(cdi_pdf *d, cdi_rgb c)
{
	HPDF_REAL r = (HPDF_REAL)c.r, g = (HPDF_REAL)c.g, b = (HPDF_REAL)c.b;
	if (HPDF_Page_GetFillingColorSpace(d->page) == HPDF_CS_DEVICE_RGB) {
		HPDF_RGBColor now = HPDF_Page_GetRGBFill(d->page);
		if (now.r == r && now.g == g && now.b == b)
			return;
	}
	HPDF_Page_SetRGBFill(d->page, r, g, b);
}

void cdi_pdf_stroke(cdi_pdf *d, cdi_rgb c)
{
	HPDF_REAL r = (HPDF_REAL)c.r, g = (HPDF_REAL)c.g, b = (HPDF_REAL)c.b;
	if (HPDF_Page_GetStrokingColorSpace(d->page) == HPDF_CS_DEVICE_RGB) {
		HPDF_RGBColor now = HPDF_Page_GetRGBStroke(d->page);
		if (now.r == r && now.g == g && now.b == b)
			return;
	}
	HPDF_Page_SetRGBStroke(d->page, r, g, b);
}

void cdi_pdf_line_width(cdi_pdf *d, double width)
{
	if (HPDF_Page_GetLineWidth(d->page) != (HPDF_REAL)width)
		HPDF_Page_SetLineWidth(d->page, (HPDF_REAL)width);
}

static void text_mode(cdi_pdf *d, HPDF_TextRenderingMode mode)
{
	if (HPDF_Page_GetTextRenderingMode(d->page) != mode)
		HPDF_Page_SetTextRenderingMode(d->page, mode);
}

/* Inside a text object: face, size and colour for what follows. With a
 * synthetic bold the regular outlines are filled and stroked 0.05 em
 * wide, about the stem difference between DejaVu Sans and its bold. */
void cdi_pdf_use_face(cdi_pdf *d, int face, double size, cdi_rgb c)
{
	if (HPDF_Page_GetCurrentFont(d->page) != d->font[face] ||
	    HPDF_Page_GetCurrentFontSize(d->page) != (HPDF_REAL)size)
		HPDF_Page_SetFontAndSize(d->page, d->font[face], (HPDF_REAL)size);
	cdi_pdf_fill(d, c);
	if (d->synthetic_bold) {
		if (face == CDI_FACE_BOLD) {
			text_mode(d, HPDF_FILL_THEN_STROKE);
			cdi_pdf_line_width(d, size * 0.05);
			cdi_pdf_stroke(d, c);
		} else {
			text_mode(d, HPDF_FILL);
		}
	}
}

/* Paints already sanitized text (in a text object of its own). */
static void paint(cdi_pdf *d, double x, double y, double size, int face, cdi_rgb c, const char *s)
{
	HPDF_Page_BeginText(d->page);
	cdi_pdf_use_face(d, face, size, c);
	HPDF_Page_TextOut(d->page, (HPDF_REAL)x, (HPDF_REAL)y, s);
	HPDF_Page_EndText(d->page);
}

double cdi_pdf_width(cdi_pdf *d, const char *clean_s, size_t len, int face, double size)
{
	return measure(d, face, clean_s, len) * size;
}

/* Draws s at x (aligned) fitted into maxw (cut with an ellipsis when too
 * wide; maxw <= 0: no limit). Returns the width drawn. */
double cdi_pdf_text(cdi_pdf *d, double x, double y, double size, int face, cdi_rgb c,
                   int align, double maxw, const char *s)
{
	size_t n;
	const char *t = cdi_pdf_clean(d, s, strlen(s), &n);
	if (!t)
		return 0;
	double wd = cdi_pdf_width(d, t, n, face, size);
	if (maxw > 0 && wd > maxw) {
		double ell = cdi_pdf_width(d, "\xE2\x80\xA6", 3, face, size);
		size_t next;
		size_t cut = cdi_wrap_next(t, n, maxw - ell, size, face, &d->fns, &next);
		if (cut == n || cut == 0) {
			/* One long word: cut at a code point. */
			cut = 0;
			double acc = 0;
			while (cut < n) {
				uint32_t cp;
				size_t k = cdi_utf8_decode((const unsigned char *)t + cut, n - cut, &cp);
				double cw = cdi_pdf_width(d, t + cut, k, face, size);
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
		wd = cdi_pdf_width(d, t, n, face, size);
	}
	if (align == CDI_ALIGN_CENTER)
		x -= wd / 2;
	else if (align == CDI_ALIGN_RIGHT)
		x -= wd;
	paint(d, x, y, size, face, c, t);
	return wd;
}

double cdi_pdf_textf(cdi_pdf *d, double x, double y, double size, int face, cdi_rgb c,
                    int align, double maxw, const char *fmt, ...)
{
	char s[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s, sizeof s, fmt, ap);
	va_end(ap);
	return cdi_pdf_text(d, x, y, size, face, c, align, maxw, s);
}

/* Wraps s into width from baseline y down; at most max_lines lines (the
 * last cut with an ellipsis). Returns the number of lines drawn. */
int cdi_pdf_para(cdi_pdf *d, double x, double y, double width, double size, int face, cdi_rgb c,
                double leading, int max_lines, const char *s)
{
	size_t n;
	const char *t0 = cdi_pdf_clean(d, s, strlen(s), &n);
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
		/* With room for two more lines, no runt ends the paragraph. */
		size_t cut = lines + 2 <= max_lines ?
			cdi_wrap_no_runt(t + pos, n - pos, width, size, face, &d->fns, &next) :
			cdi_wrap_next(t + pos, n - pos, width, size, face, &d->fns, &next);
		if (lines + 1 == max_lines && pos + cut < n) {
			/* The last line allowed: the rest, cut with an ellipsis. */
			cdi_pdf_text(d, x, y - lines * leading, size, face, c, CDI_ALIGN_LEFT, width, t + pos);
			lines++;
			break;
		}
		char save = t[pos + cut];
		t[pos + cut] = '\0';
		cdi_pdf_text(d, x, y - lines * leading, size, face, c, CDI_ALIGN_LEFT, 0, t + pos);
		t[pos + cut] = save;
		lines++;
		pos += next;
		if (next == 0)
			break;
	}
	free(t);
	return lines;
}

void cdi_pdf_rect(cdi_pdf *d, double x, double y, double w, double h, cdi_rgb c)
{
	cdi_pdf_fill(d, c);
	HPDF_Page_Rectangle(d->page, (HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)w, (HPDF_REAL)h);
	HPDF_Page_Fill(d->page);
}

void cdi_pdf_hline(cdi_pdf *d, double x0, double x1, double y, double width, cdi_rgb c)
{
	cdi_pdf_stroke(d, c);
	cdi_pdf_line_width(d, width);
	HPDF_Page_MoveTo(d->page, (HPDF_REAL)x0, (HPDF_REAL)y);
	HPDF_Page_LineTo(d->page, (HPDF_REAL)x1, (HPDF_REAL)y);
	HPDF_Page_Stroke(d->page);
}

void cdi_pdf_chart(cdi_pdf *d, const cdi_chart *c)
{
	for (size_t i = 0; i < c->items.n; i++) {
		const cdi_dl_item *it = &c->items.v[i];
		switch (it->type) {
		case CDI_DL_RECT:
			cdi_pdf_rect(d, it->x, it->y, it->w, it->h, it->color);
			break;
		case CDI_DL_LINE: {
			static const HPDF_UINT16 dash[] = { 3, 2 };
			if (it->dashed)
				HPDF_Page_SetDash(d->page, dash, 2, 0);
			cdi_pdf_stroke(d, it->color);
			cdi_pdf_line_width(d, it->size);
			HPDF_Page_MoveTo(d->page, (HPDF_REAL)it->x, (HPDF_REAL)it->y);
			HPDF_Page_LineTo(d->page, (HPDF_REAL)(it->x + it->w), (HPDF_REAL)(it->y + it->h));
			HPDF_Page_Stroke(d->page);
			if (it->dashed)
				HPDF_Page_SetDash(d->page, NULL, 0, 0);
			break;
		}
		default:
			cdi_pdf_text(d, it->x, it->y, it->size, it->bold ? CDI_FACE_BOLD : CDI_FACE_REGULAR,
			     it->color, it->align, 0, it->text);
			break;
		}
	}
}

/* ---- pages and flow ------------------------------------------------- */

double cdi_pdf_body_top(const cdi_pdf *d) { return d->h - CDI_MARGIN - 10; }
double cdi_pdf_body_bottom(const cdi_pdf *d) { (void)d; return CDI_MARGIN + 6; }

int cdi_pdf_new_page(cdi_pdf *d)
{
	HPDF_Page p = HPDF_AddPage(d->pdf);
	if (!p)
		return -1;
	HPDF_Page_SetWidth(p, (HPDF_REAL)d->w);
	HPDF_Page_SetHeight(p, (HPDF_REAL)d->h);
	if (CDI_VEC_PUSH(&d->pages, p) != 0)
		return -1;
	d->page = p;
	d->y = cdi_pdf_body_top(d);
	return 0;
}

/* Makes room for h points of flow; a new page when they do not fit. */
int cdi_pdf_need(cdi_pdf *d, double h)
{
	if (d->y - h >= cdi_pdf_body_bottom(d))
		return 0;
	return cdi_pdf_new_page(d);
}

/* A bookmark to the current page (under parent, or at the top level);
 * top > 0 scrolls to that height. */
HPDF_Outline cdi_pdf_outline_at(cdi_pdf *d, HPDF_Outline parent, HPDF_Page page, double top,
                               const char *title)
{
	const char *t = cdi_pdf_clean(d, title, strlen(title), NULL);
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

HPDF_Outline cdi_pdf_outline(cdi_pdf *d, const char *title)
{
	return cdi_pdf_outline_at(d, NULL, d->page, 0, title);
}

void cdi_pdf_section(cdi_pdf *d, const char *title, const char *note)
{
	cdi_pdf_need(d, 60);
	d->y -= CDI_SIZE_SECTION;
	cdi_pdf_text(d, CDI_MARGIN, d->y, CDI_SIZE_SECTION, CDI_FACE_BOLD, cdi_ink, CDI_ALIGN_LEFT, 0, title);
	if (note)
		cdi_pdf_text(d, d->w - CDI_MARGIN, d->y, CDI_SIZE_SMALL, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_RIGHT,
		     0, note);
	d->y -= 6;
	cdi_pdf_hline(d, CDI_MARGIN, d->w - CDI_MARGIN, d->y, 0.6, cdi_ink);
	d->y -= 12;
}

void cdi_pdf_subhead(cdi_pdf *d, const char *title)
{
	cdi_pdf_need(d, 40);
	d->y -= 14;
	cdi_pdf_text(d, CDI_MARGIN, d->y, 9.5, CDI_FACE_BOLD, cdi_accent, CDI_ALIGN_LEFT, 0, title);
	d->y -= 13;
}

void cdi_pdf_note(cdi_pdf *d, const char *s)
{
	cdi_pdf_text(d, CDI_MARGIN, d->y - 2, CDI_SIZE_TEXT, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_LEFT, 0, s);
	d->y -= 16;
}

static void furniture(cdi_pdf *d, size_t i, size_t n)
{
	d->page = d->pages.v[i];
	double top = d->h - 34;
	cdi_pdf_text(d, CDI_MARGIN, top, CDI_SIZE_SMALL, CDI_FACE_BOLD, cdi_accent, CDI_ALIGN_LEFT, 0,
	     d->header);
	cdi_pdf_text(d, d->w - CDI_MARGIN, top, CDI_SIZE_SMALL, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_RIGHT,
	     d->w - 2 * CDI_MARGIN - 120, d->title);
	cdi_pdf_hline(d, CDI_MARGIN, d->w - CDI_MARGIN, top - 6, 0.4, cdi_rule);
	double bot = 32;
	cdi_pdf_hline(d, CDI_MARGIN, d->w - CDI_MARGIN, bot + 10, 0.4, cdi_rule);
	cdi_pdf_textf(d, CDI_MARGIN, bot, CDI_SIZE_SMALL, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_LEFT,
	      d->w - 2 * CDI_MARGIN - 100, "%s \xC2\xB7 reviewed %s", d->file, d->date);
	cdi_pdf_textf(d, d->w - CDI_MARGIN, bot, CDI_SIZE_SMALL, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_RIGHT, 0,
	      "page %zu of %zu", i + 1, n);
}

void cdi_pdf_tile(cdi_pdf *d, double x, double y, double w, double h, const char *value,
                 const char *label, const char *note, cdi_rgb accent)
{
	cdi_pdf_rect(d, x, y, w, h, cdi_panel);
	cdi_pdf_rect(d, x, y + h - 2, w, 2, accent);
	cdi_pdf_text(d, x + 9, y + h - 22, 15, CDI_FACE_BOLD, cdi_ink, CDI_ALIGN_LEFT, w - 14, value);
	cdi_pdf_text(d, x + 9, y + 16, CDI_SIZE_SMALL, CDI_FACE_REGULAR, cdi_muted, CDI_ALIGN_LEFT, w - 14, label);
	if (note)
		cdi_pdf_text(d, x + 9, y + 7, CDI_SIZE_SMALL, CDI_FACE_BOLD, accent, CDI_ALIGN_LEFT, w - 14, note);
}

void cdi_thousands(char *out, size_t cap, size_t v)
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

void cdi_pdf_table_head(cdi_pdf *d, const char *const *cols, const double *xs, const int *right, int n)
{
	cdi_pdf_need(d, 40);
	for (int i = 0; i < n; i++)
		cdi_pdf_text(d, xs[i], d->y, CDI_SIZE_SMALL, CDI_FACE_BOLD, cdi_muted,
		     right[i] ? CDI_ALIGN_RIGHT : CDI_ALIGN_LEFT, 0, cols[i]);
	d->y -= 5;
	cdi_pdf_hline(d, CDI_MARGIN, d->w - CDI_MARGIN, d->y, 0.5, cdi_ink);
	d->y -= 11;
}

void cdi_pdf_row_rule(cdi_pdf *d)
{
	cdi_pdf_hline(d, CDI_MARGIN, d->w - CDI_MARGIN, d->y - 4.5, 0.3, cdi_rule);
	d->y -= 13.5;
}

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

/* path gets the font file of face: given, or found by name; 0, or -1 with
 * err set. */
static int font_path(int face, const char *given, const char *fallback, char *path,
                     struct stat *st, char *err, size_t errlen)
{
	const char *key = face == CDI_FACE_BOLD ? "font_bold" : "font_regular";
	if (given) {
		snprintf(path, PATH_MAX, "%s", given);
	} else if (find_font(fallback, path, PATH_MAX) != 0) {
		snprintf(err, errlen, "font %s not found (looked in fonts/ next to copydesk, ./fonts "
		         "and share/copydesk/fonts)", fallback);
		return -1;
	}
	errno = 0;
	if (stat(path, st) != 0 || !S_ISREG(st->st_mode)) {
		snprintf(err, errlen, "font %s ([report] %s): %s", path, key,
		         errno ? strerror(errno) : "not a regular file");
		return -1;
	}
	return 0;
}

static int same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* gid[cp]: the glyph of each code point, looked up only inside the cmap's
 * segments (a format 4 cmap maps nothing outside them). */
static void fill_gids(uint16_t *gid, HPDF_FontDef def)
{
	HPDF_TTFontDefAttr a = (HPDF_TTFontDefAttr)def->attr;
	memset(gid, 0, 65536 * sizeof *gid);
	if (a->cmap.format != 4) {
		for (unsigned cp = 0; cp < 65536; cp++)
			gid[cp] = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)cp);
		return;
	}
	for (unsigned i = 0; i < a->cmap.seg_count_x2 / 2u; i++)
		for (unsigned cp = a->cmap.start_count[i]; cp <= a->cmap.end_count[i] && cp < 65536; cp++)
			gid[cp] = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)cp);
}

/* Loads the fonts of paths into a new libharu document in c. */
static int fonts_load(cdi_fonts *c, cdi_pdf *d, int faces, char path[][PATH_MAX],
                      const struct stat *st, const char *pdf_path, char *err, size_t errlen)
{
	c->cur = d;
	c->pdf = HPDF_New(on_error, c);
	if (!c->pdf) {
		c->cur = NULL;
		snprintf(err, errlen, "%s: out of memory", pdf_path);
		return -1;
	}
	HPDF_UseUTFEncodings(c->pdf);
	memset(c->glyph, 0, sizeof c->glyph);
	memset(c->advance, 0, sizeof c->advance);
	for (int f = 0; f < faces; f++) {
		const char *name = HPDF_LoadTTFontFromFile(c->pdf, path[f], HPDF_TRUE);
		HPDF_FontDef def = name ? HPDF_Doc_FindFontDef(c->pdf, name) : NULL;
		if (!def || d->error) {
			snprintf(err, errlen, "font %s ([report] %s): not a usable TrueType font "
			         "(libharu error 0x%04X)", path[f],
			         f == CDI_FACE_BOLD ? "font_bold" : "font_regular", (unsigned)d->error);
			fonts_drop(c);
			return -1;
		}
		c->name[f] = name;
		c->def[f] = def;
		fill_gids(c->gid[f], def);
		memcpy(c->path[f], path[f], PATH_MAX);
		c->st[f] = st[f];
	}
	if (faces == 1) {
		c->name[CDI_FACE_BOLD] = c->name[CDI_FACE_REGULAR];
		c->def[CDI_FACE_BOLD] = c->def[CDI_FACE_REGULAR];
	}
	c->faces = faces;
	return 0;
}

/* d's document: the thread's fonts (loaded again when the files or the
 * settings changed) in a new libharu document. */
static int fonts_begin(cdi_pdf *d, const cd_report_options *opt, const char *pdf_path, char *err,
                       size_t errlen)
{
	char path[CDI_FACE_COUNT][PATH_MAX];
	struct stat st[CDI_FACE_COUNT];
	int faces = d->synthetic_bold ? 1 : 2;
	if (font_path(CDI_FACE_REGULAR, opt->font_regular, "DejaVuSans.ttf", path[0], &st[0], err,
	              errlen) != 0)
		return -1;
	if (faces == 2 && font_path(CDI_FACE_BOLD, opt->font_bold, "DejaVuSans-Bold.ttf", path[1],
	                            &st[1], err, errlen) != 0)
		return -1;
	cdi_fonts *c = thread_fonts();
	if (!c) {
		snprintf(err, errlen, "%s: out of memory", pdf_path);
		return -1;
	}
	int same = c->pdf && c->faces == faces;
	for (int f = 0; same && f < faces; f++)
		same = strcmp(c->path[f], path[f]) == 0 && same_file(&c->st[f], &st[f]);
	if (!same) {
		fonts_drop(c);
		if (fonts_load(c, d, faces, path, st, pdf_path, err, errlen) != 0)
			return -1;
	} else {
		c->cur = d;
		if (HPDF_NewDoc(c->pdf) != HPDF_OK) {
			fonts_drop(c);
			snprintf(err, errlen, "%s: out of memory", pdf_path);
			return -1;
		}
	}
	d->fonts = c;
	d->pdf = c->pdf;
	d->glyph = c->glyph;
	for (int f = 0; f < CDI_FACE_COUNT; f++) {
		d->def[f] = c->def[f];
		d->advance[f] = c->advance[f];
	}
	/* Pages are compressed; the fonts as finish_fonts decides. */
	HPDF_SetCompressionMode(d->pdf, HPDF_COMP_TEXT | HPDF_COMP_IMAGE);
	HPDF_SetCurrentEncoder(d->pdf, "UTF-8");
	for (int f = 0; f < faces; f++) {
		d->font[f] = HPDF_GetFont(d->pdf, c->name[f], "UTF-8");
		if (!d->font[f] || d->error) {
			snprintf(err, errlen, "font %s ([report] %s): not a usable TrueType font "
			         "(libharu error 0x%04X)", c->path[f],
			         f == CDI_FACE_BOLD ? "font_bold" : "font_regular", (unsigned)d->error);
			return -1;
		}
	}
	if (faces == 1)
		d->font[CDI_FACE_BOLD] = d->font[CDI_FACE_REGULAR];
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
static int copy_out(cdi_pdf *d, int fd)
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

static int save(cdi_pdf *d, const char *pdf_path, char *err, size_t errlen)
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
		if (fd < 0) {
			snprintf(err, errlen, "%s: %s", pdf_path, strerror(errno));
			return -1;
		}
		int bad = copy_out(d, fd) != 0;
		int e = errno;
		if (close(fd) != 0 && !bad) {
			bad = 1;
			e = errno;
		}
		if (bad) {
			snprintf(err, errlen, "%s: %s", pdf_path, strerror(e));
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
	/* No fsync: the rename is what keeps a reader from ever seeing half a
	 * report (a crash, a kill, a full disk leave the old file or none).
	 * A power cut just after may leave a report missing, empty or cut on
	 * some file systems, as it may the tables; a report is made again
	 * from its article, and an fsync per PDF cost a third of the time of
	 * writing one (I/O wait). */
	int rc = 0;
	if (fchmod(fd, 0644) != 0 || copy_out(d, fd) != 0) {
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
/* ---- the document ------------------------------------------------------ */

int cdi_pdf_begin(cdi_pdf *d, const cd_report_options *opt, const char *pdf_path, char *err,
                  size_t errlen)
{
	d->fns.measure = measure;
	d->fns.has_glyph = has_glyph;
	d->fns.ctx = d;
	d->w = opt->letter ? 612 : 595.28;
	d->h = opt->letter ? 792 : 841.89;
	d->header = "copydesk quality report";
	d->title = "";
	d->file = "";
	time_t t = (time_t)opt->date;
	struct tm tm;
	if (!gmtime_r(&t, &tm))
		memset(&tm, 0, sizeof tm);
	strftime(d->date, sizeof d->date, "%Y-%m-%d", &tm);

	/* font_bold "": one embedded face, bold synthesized (about half the
	 * time and size: libharu maps all 65,536 code points per face). */
	d->synthetic_bold = opt->font_bold && !*opt->font_bold;
	d->plain_fonts = opt->plain_fonts;
	if (fonts_begin(d, opt, pdf_path, err, errlen) != 0)
		return -1;
	HPDF_Date date = { tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	                   tm.tm_sec, 'Z', 0, 0 };
	HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_CREATION_DATE, date);
	HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_MOD_DATE, date);
	HPDF_SetInfoAttr(d->pdf, HPDF_INFO_CREATOR, "copydesk " CD_VERSION);
	HPDF_SetInfoAttr(d->pdf, HPDF_INFO_PRODUCER, "copydesk " CD_VERSION " with libharu");
	return 0;
}

void cdi_pdf_info(cdi_pdf *d, const char *title, const char *subject)
{
	d->title = title;
	const char *ct = cdi_pdf_clean(d, title, strlen(title), NULL);
	if (ct)
		HPDF_SetInfoAttr(d->pdf, HPDF_INFO_TITLE, ct);
	HPDF_SetInfoAttr(d->pdf, HPDF_INFO_SUBJECT, subject);
}

/* The ToUnicode CMap of a face, for CIDs (= code points) 0..top: libharu
 * 2.3 writes its encoding CMap there, a code-to-CID map that readers do not
 * take as ToUnicode (pdftotext warns about it, and copying text is left to
 * each viewer's guess). bfrange lines may not cross a last-byte boundary:
 * one line per 256 code points, 100 lines a block; surrogates are left
 * out. */
static int write_to_unicode(HPDF_Stream st, unsigned top)
{
	char buf[8192];
	unsigned rows = 0;
	for (unsigned hi = 0; hi <= top >> 8; hi++)
		rows += hi < 0xD8 || hi > 0xDF;
	int n = snprintf(buf, sizeof buf,
	                 "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
	                 "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
	                 "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
	                 "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	if (HPDF_Stream_Write(st, (HPDF_BYTE *)buf, (HPDF_UINT)n) != HPDF_OK)
		return -1;
	unsigned hi = 0;
	while (rows) {
		unsigned block = rows < 100 ? rows : 100;
		n = snprintf(buf, sizeof buf, "%u beginbfrange\n", block);
		for (unsigned k = 0; k < block; hi++) {
			if (hi >= 0xD8 && hi <= 0xDF)
				continue;
			n += snprintf(buf + n, sizeof buf - (size_t)n, "<%02X00> <%02XFF> <%02X00>\n", hi, hi,
			              hi);
			k++;
		}
		n += snprintf(buf + n, sizeof buf - (size_t)n, "endbfrange\n");
		if (HPDF_Stream_Write(st, (HPDF_BYTE *)buf, (HPDF_UINT)n) != HPDF_OK)
			return -1;
		rows -= block;
	}
	n = snprintf(buf, sizeof buf, "endcmap\nCMapName currentdict /CMap defineresource pop\n"
	             "end\nend\n");
	return HPDF_Stream_Write(st, (HPDF_BYTE *)buf, (HPDF_UINT)n) == HPDF_OK ? 0 : -1;
}

/* Per face, before saving: libharu 2.3 gives each face a CIDToGIDMap of
 * all 65,536 code points (128 KB to compress in every PDF, though an
 * article uses a few hundred). Code points are CIDs here, and a CID past
 * the end of the map has no glyph, so the map is cut after the highest
 * code point whose glyph the document uses (libharu flags every glyph it
 * draws): the same glyphs show, and the PDF is written in less time. The
 * ToUnicode CMap is written anew up to the same code point. */
#define CDI_PLAIN_MAP_TOP 0x2FFF   /* a 12 KB map, left plain */

static void finish_fonts(cdi_pdf *d)
{
	int faces = d->fonts->faces;
	for (int f = 0; f < faces; f++) {
		HPDF_FontAttr attr = d->font[f] ? (HPDF_FontAttr)d->font[f]->attr : NULL;
		HPDF_TTFontDefAttr def = (HPDF_TTFontDefAttr)d->def[f]->attr;
		if (!attr || !attr->map_stream || !def->glyph_tbl.flgs)
			continue;
		const uint16_t *gid = d->fonts->gid[f];
		unsigned top = 65535;
		while (top > 0 && !(gid[top] && gid[top] < def->num_glyphs && def->glyph_tbl.flgs[gid[top]]))
			top--;
		HPDF_BYTE *map = d->fonts->map;
		for (unsigned cp = 0; cp <= top; cp++) {
			map[2 * cp] = (HPDF_BYTE)(gid[cp] >> 8);
			map[2 * cp + 1] = (HPDF_BYTE)gid[cp];
		}
		/* The face's streams (font program, map, ToUnicode) take its
		 * dictionary's filter when saved. Compressing them takes zlib
		 * about 15% of a report at libharu's level (the font programs
		 * mostly); with plain_fonts they stay plain, unless the map
		 * reaches past U+2FFF (such as U+FFFD for a character the font
		 * lacks) and would add up to 128 KB. */
		if (!d->plain_fonts || top > CDI_PLAIN_MAP_TOP)
			d->font[f]->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
		HPDF_Stream st = attr->map_stream->stream;
		HPDF_MemStream_FreeData(st);
		if (HPDF_Stream_Write(st, map, 2 * (top + 1)) != HPDF_OK && !d->error)
			d->error = HPDF_FAILD_TO_ALLOC_MEM;
		HPDF_Dict tu = HPDF_Dict_GetItem(d->font[f], "ToUnicode", HPDF_OCLASS_DICT);
		if (tu && tu->stream) {
			/* The dictionary's keys describe the encoding CMap; a
			 * ToUnicode stream needs none of them. */
			static const char *const keys[] = { "Type", "CMapName", "CIDSystemInfo", "WMode" };
			for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
				HPDF_Dict_RemoveElement(tu, keys[k]);   /* no error when absent */
			HPDF_MemStream_FreeData(tu->stream);
			if (write_to_unicode(tu->stream, top) != 0 && !d->error)
				d->error = HPDF_FAILD_TO_ALLOC_MEM;
		}
	}
}

int cdi_pdf_finish(cdi_pdf *d, const char *pdf_path, char *err, size_t errlen)
{
	for (size_t i = 0; i < d->pages.n; i++)
		furniture(d, i, d->pages.n);
	HPDF_SetPageMode(d->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
	if (!d->error)
		finish_fonts(d);
	if (d->error) {
		snprintf(err, errlen, "%s: the PDF could not be built (libharu error 0x%04X, detail %u)",
		         pdf_path, (unsigned)d->error, (unsigned)d->detail);
		return -1;
	}
	return save(d, pdf_path, err, errlen);
}

void cdi_pdf_free(cdi_pdf *d)
{
	/* The fonts stay loaded for the next document, unless libharu failed
	 * on this one: then they are loaded again from scratch. */
	if (d->fonts && d->fonts->cur == d) {
		if (d->error)
			fonts_drop(d->fonts);
		else
			HPDF_FreeDoc(d->pdf);
		d->fonts->cur = NULL;
	}
	d->fonts = NULL;
	d->pdf = NULL;
	free(d->pages.v);
	d->pages.v = NULL;
	d->pages.n = d->pages.cap = 0;
	free(d->buf);
	d->buf = NULL;
	d->cap = 0;
}
