/*
 * layout.c - word-by-word typesetting of the annotated article (layout.h).
 *
 * One pass over the blocks fills lines and pages; a second pass over the
 * findings turns each into rectangles on the words it covers. Both are
 * linear in the text (findings find their first word by binary search).
 */
#include "report/layout.h"
#include "util/text.h"

#include <stdlib.h>
#include <string.h>

/* Where a line's baseline sits below its top, and how far glyphs reach
 * above and below it, as multiples of the size (DejaVu Sans: ascender
 * 0.93, descender 0.24 of the em; caps 0.73). */
#define BASELINE_DROP 0.95
#define INK_ABOVE 0.86
#define INK_BELOW 0.24
/* Half way up a line's ink, where bars of two sentences sharing it meet. */
#define MID_LINE 0.31

typedef struct lay {
	cdi_layout *L;
	const cd_result *r;
	const cdi_layout_cfg *c;
	const cdi_text_fns *f;
	unsigned page;
	double y;              /* top of the next line */
	int page_fresh;        /* nothing placed on this page yet */
	size_t line_first;     /* first word of the open line */
	double line_x;         /* where the next word goes */
	double line_start;     /* where a continuation line starts */
	double size;
	int face, style;
	unsigned number;       /* paragraph number to put beside the first line */
	char *tmp;
	size_t tmp_cap;
} lay;

void cdi_layout_cfg_default(cdi_layout_cfg *cfg, double w, double h)
{
	memset(cfg, 0, sizeof *cfg);
	/* 20 mm margins: a calm page (Bringhurst's measure of 60-75 characters
	 * at 9.5 pt over a 150 mm A4 column). */
	double m = 56.7;
	cfg->x0 = m + 14;
	cfg->x1 = w - m;
	cfg->top = h - m - 14;
	cfg->first_top = cfg->top - 40;
	cfg->bottom = m + 30;
	cfg->number_x = cfg->x0 - 10;
	cfg->bar_x = cfg->x0 - 6;
	cfg->bar_w = 2.5;
	cfg->body_size = 9.5;
	cfg->heading_size = 11.5;
	cfg->table_size = 8;
	cfg->leading = 1.5;
	cfg->paragraph_gap = 5;
	cfg->list_indent = 10;
}

void cdi_layout_free(cdi_layout *l)
{
	if (!l)
		return;
	free(l->words.v);
	free(l->numbers.v);
	free(l->rects.v);
	free(l->strings.v);
	memset(l, 0, sizeof *l);
}

static int reserve_bytes(cdi_layout *L, size_t more)
{
	if (L->strings.n + more <= L->strings.cap)
		return 0;
	size_t cap = L->strings.cap ? L->strings.cap : 4096;
	while (cap < L->strings.n + more)
		cap *= 2;
	char *v = realloc(L->strings.v, cap);
	if (!v)
		return -1;
	L->strings.v = v;
	L->strings.cap = cap;
	return 0;
}

/* Sanitizes s[0, len) onto the end of the strings; *off gets its offset. */
static int add_string(lay *y, const char *s, size_t len, size_t *off, size_t *out_len)
{
	cdi_layout *L = y->L;
	if (reserve_bytes(L, CDI_SANITIZE_CAP(len)) != 0)
		return -1;
	*off = L->strings.n;
	*out_len = cdi_sanitize(s, len, L->strings.v + L->strings.n, CDI_SANITIZE_CAP(len),
	                        y->f->has_glyph, y->f->ctx);
	L->strings.n += *out_len + 1;
	return 0;
}

/* Width of the raw text s[0, len) at size in face, sanitized as drawn. */
static double raw_width(lay *y, const char *s, size_t len, int face, double size)
{
	if (len == 0)
		return 0;
	if (y->tmp_cap < CDI_SANITIZE_CAP(len)) {
		char *t = realloc(y->tmp, CDI_SANITIZE_CAP(len));
		if (!t)
			return 0;
		y->tmp = t;
		y->tmp_cap = CDI_SANITIZE_CAP(len);
	}
	size_t n = cdi_sanitize(s, len, y->tmp, y->tmp_cap, y->f->has_glyph, y->f->ctx);
	return y->f->measure(y->f->ctx, face, y->tmp, n) * size;
}

static double line_advance(const lay *y)
{
	return y->size * y->c->leading;
}

static void new_page(lay *y)
{
	y->page++;
	y->y = y->c->top;
	y->page_fresh = 1;
}

/* Closes the open line: puts it on the page (breaking the page first when
 * it does not fit) and adds the paragraph number beside a first line. */
static int end_line(lay *y)
{
	cdi_layout *L = y->L;
	if (y->line_first == L->words.n)
		return 0;
	if (!y->page_fresh && y->y - line_advance(y) < y->c->bottom)
		new_page(y);
	double base = y->y - y->size * BASELINE_DROP;
	for (size_t i = y->line_first; i < L->words.n; i++) {
		L->words.v[i].page = y->page;
		L->words.v[i].y = base;
	}
	if (y->number) {
		char num[16];
		int n = 0;
		for (unsigned v = y->number; v; v /= 10)
			num[n++] = (char)('0' + v % 10);
		char s[16];
		for (int i = 0; i < n; i++)
			s[i] = num[n - 1 - i];
		cdi_lword w = {0};
		w.page = y->page;
		w.size = y->c->body_size * 0.75;
		w.face = CDI_FACE_REGULAR;
		w.style = CDI_STYLE_NUMBER;
		if (add_string(y, s, (size_t)n, &w.str, &w.str_len) != 0)
			return -1;
		w.w = y->f->measure(y->f->ctx, w.face, L->strings.v + w.str, w.str_len) * w.size;
		w.x = y->c->number_x - w.w;
		w.y = base;
		if (CDI_VEC_PUSH(&L->numbers, w) != 0)
			return -1;
		y->number = 0;
	}
	y->y -= line_advance(y);
	y->page_fresh = 0;
	y->line_first = L->words.n;
	y->line_x = y->line_start;
	return 0;
}

/* Places one word (already sanitized at str) of width wd. */
static int place(lay *y, size_t str, size_t str_len, double wd, size_t s0, size_t s1)
{
	cdi_layout *L = y->L;
	double space = y->f->measure(y->f->ctx, y->face, " ", 1) * y->size;
	int first = y->line_first == L->words.n;
	double x = first ? y->line_x : y->line_x + space;
	if (!first && x + wd > y->c->x1) {
		if (end_line(y) != 0)
			return -1;
		x = y->line_x;
	}
	cdi_lword w = {0};
	w.x = x;
	w.w = wd;
	w.size = y->size;
	w.face = (unsigned char)y->face;
	w.style = (unsigned char)y->style;
	w.str = str;
	w.str_len = str_len;
	w.src_start = s0;
	w.src_end = s1;
	if (CDI_VEC_PUSH(&L->words, w) != 0)
		return -1;
	y->line_x = x + wd;
	return 0;
}

/* A word wider than the column is cut, code point by code point, into
 * pieces that fit, each keeping its exact source bytes. */
static int place_split(lay *y, const char *s, size_t s0, size_t s1)
{
	size_t i = s0;
	while (i < s1) {
		size_t j = i;
		double wd = 0;
		double room = y->c->x1 - y->line_start;
		while (j < s1) {
			uint32_t cp;
			size_t n = cdi_utf8_decode((const unsigned char *)s + j, s1 - j, &cp);
			double cw = raw_width(y, s + j, n, y->face, y->size);
			if (j > i && wd + cw > room)
				break;
			wd += cw;
			j += n;
		}
		size_t off, len;
		if (add_string(y, s + i, j - i, &off, &len) != 0)
			return -1;
		if (y->line_first != y->L->words.n && end_line(y) != 0)
			return -1;
		if (place(y, off, len, wd, i, j) != 0)
			return -1;
		i = j;
	}
	return 0;
}

static int is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
}

static int has_alnum(const char *s, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++) {
		unsigned char ch = (unsigned char)s[i];
		if ((ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z') || ch >= 0x80)
			return 1;
	}
	return 0;
}

/* 1 when t[a, b) is one to six '#': a Markdown heading marker. */
static int only_hashes(const char *t, size_t a, size_t b)
{
	if (b - a > 6)
		return 0;
	for (size_t k = a; k < b; k++)
		if (t[k] != '#')
			return 0;
	return 1;
}

/* 1 when the word t[s, e) is only '>' marks and opens a line of the
 * block that starts at a (spaces before it). */
static int only_quote_marks(const char *t, size_t a, size_t s, size_t e)
{
	for (size_t k = s; k < e; k++)
		if (t[k] != '>')
			return 0;
	size_t p = s;
	while (p > a && (t[p - 1] == ' ' || t[p - 1] == '\t' || t[p - 1] == '>'))
		p--;   /* "> > nested" */
	return p == a || t[p - 1] == '\n';
}

static int is_emphasis(char ch)
{
	return ch == '*' || ch == '_';
}

static int is_closing_punct(char ch)
{
	return ch == ',' || ch == '.' || ch == ';' || ch == ':' || ch == '!' || ch == '?' ||
	       ch == ')';
}

/* Markdown emphasis is shown as the text it marks: "**Inflation" as
 * "Inflation", "2.4%:**" as "2.4%:", "*Moreover*," as "Moreover,". Narrows
 * the word t[*a, *b) past the marks at its edges; *cut is where marks
 * before its closing punctuation begin (the text drawn is t[*a, *cut) then
 * the punctuation; *cut == *b when there are none). A word with no letter
 * or digit ("*" as a bullet, "***" as a rule) keeps its marks. */
static void strip_emphasis(const char *t, size_t *a, size_t *b, size_t *cut)
{
	*cut = *b;
	if (!has_alnum(t, *a, *b))
		return;
	while (*a < *b && is_emphasis(t[*a]))
		(*a)++;
	while (*b > *a && is_emphasis(t[*b - 1]))
		(*b)--;
	size_t p = *b;
	while (p > *a && is_closing_punct(t[p - 1]))
		p--;
	size_t q = p;
	while (q > *a && is_emphasis(t[q - 1]))
		q--;
	*cut = q < p && has_alnum(t, *a, q) ? q : *b;
}

/* The drawn text of the word t[a, b) into out (room for b - a bytes):
 * without the emphasis marks in [cut, p) (p past the marks from cut) and
 * without link syntax. Returns its length. */
static size_t word_display(const char *t, size_t a, size_t cut, size_t b, size_t limit,
                           char *out)
{
	size_t n = 0;
	for (size_t k = a; k < b;) {
		if (k == cut) {
			while (k < b && is_emphasis(t[k]))
				k++;
			continue;
		}
		size_t e = cdi_md_syntax_end(t, k, limit);
		if (e > k) {
			if (t[k] == ']')
				while (n > 0 && is_emphasis(out[n - 1]))
					n--;   /* the marks closing "[**Bold**](...)" */
			k = e < b ? e : b;
			continue;
		}
		out[n++] = t[k++];
	}
	return n;
}

/* Adds the drawn text of the word t[a, b) (see word_display). */
static int add_display(lay *y, const char *t, size_t a, size_t cut, size_t b, size_t limit,
                       size_t *off, size_t *len)
{
	char small[256];
	char *buf = b - a <= sizeof small ? small : malloc(b - a);
	if (!buf)
		return -1;
	size_t n = word_display(t, a, cut, b, limit, buf);
	int rc = add_string(y, buf, n, off, len);
	if (buf != small)
		free(buf);
	return rc;
}

/* The next word (a run of non-space) of t[*i, e) in [*w0, *i); 0 when
 * only space is left. */
static int next_word(const char *t, size_t *i, size_t e, size_t *w0)
{
	while (*i < e && is_space(t[*i]))
		(*i)++;
	*w0 = *i;
	while (*i < e && !is_space(t[*i]))
		(*i)++;
	return *w0 < *i;
}

static int same_line(const cdi_lword *a, const cdi_lword *b)
{
	return a->page == b->page && a->y == b->y;
}

/* No widow: when the last line of the paragraph whose words start at w0
 * (its number at numbers[n0], if any) is alone at the top of a page, lines
 * before it follow it over, as many as leave two behind or none. The new
 * page holds only that line, so the moved lines fit above it. */
static void no_widow(lay *y, size_t w0, size_t n0)
{
	cdi_lword *v = y->L->words.v;
	size_t n = y->L->words.n;
	if (n == w0)
		return;
	size_t last = n - 1;
	while (last > w0 && same_line(&v[last - 1], &v[n - 1]))
		last--;
	if (last == w0 || v[last - 1].page == v[last].page)
		return;
	/* Lines of the paragraph on the page before, counted up to 3 from the
	 * bottom; from is where the lines to move start. */
	size_t from = last, lines = 0, prev_line = last;
	while (from > w0 && lines < 3) {
		size_t k = from - 1;
		while (k > w0 && same_line(&v[k - 1], &v[from - 1]))
			k--;
		from = k;
		lines++;
		if (lines == 1)
			prev_line = k;   /* the line just before the widow */
	}
	size_t move_from = lines >= 3 ? prev_line : from;   /* one line, or all (1 or 2) */
	if (move_from == w0 && w0 > 0 && v[w0 - 1].style == CDI_STYLE_HEADING &&
	    v[w0 - 1].page == v[w0].page)
		return;   /* moving it all would leave its heading alone: keep the widow */
	unsigned page = v[last].page;
	double top = v[last].y, adv = line_advance(y), base = top;
	for (size_t i = move_from; i < last;) {
		size_t j = i;
		double old = v[i].y;
		unsigned old_page = v[i].page;
		while (j < last && v[j].y == old && v[j].page == old_page) {
			v[j].page = page;
			v[j].y = base;
			j++;
		}
		if (i == w0 && y->L->numbers.n > n0) {
			y->L->numbers.v[n0].page = page;
			y->L->numbers.v[n0].y = base;
		}
		base -= adv;
		i = j;
	}
	for (size_t i = last; i < n; i++)
		v[i].y = base;
	y->y -= top - base;
}

/* Width of block t[a, b) on one line as drawn, without link syntax (an
 * upper bound: emphasis marks are counted). */
static double shown_block_width(lay *y, size_t a, size_t b)
{
	char small[2048];
	if (b - a > sizeof small)
		return raw_width(y, y->r->text + a, b - a, y->face, y->size);
	size_t n = word_display(y->r->text, a, b, b, b, small);
	return raw_width(y, small, n, y->face, y->size);
}

static int lay_block(lay *y, int kind, size_t a, size_t b, unsigned number)
{
	const char *t = y->r->text;
	const cdi_layout_cfg *c = y->c;
	y->face = CDI_FACE_REGULAR;
	y->style = CDI_STYLE_BODY;
	y->size = c->body_size;
	double indent = 0;
	if (kind == CD_BLOCK_HEADING) {
		y->face = CDI_FACE_BOLD;
		y->style = CDI_STYLE_HEADING;
		y->size = c->heading_size;
	} else if (kind == CD_BLOCK_TABLE_ROW || kind == CD_BLOCK_BOILERPLATE || kind == CD_BLOCK_CODE) {
		y->style = CDI_STYLE_GREY;
		y->size = kind == CD_BLOCK_BOILERPLATE ? c->body_size : c->table_size;
	} else if (kind == CD_BLOCK_LIST_ITEM) {
		indent = c->list_indent;
	}

	/* Space before: none at the top of a page; a heading keeps itself and
	 * three body lines together on one page. */
	if (!y->page_fresh) {
		double gap = kind == CD_BLOCK_HEADING ? c->paragraph_gap + c->heading_size * 0.6 :
		             kind == CD_BLOCK_TABLE_ROW || kind == CD_BLOCK_LIST_ITEM ||
		             kind == CD_BLOCK_CODE ? c->paragraph_gap * 0.4 :
		             c->paragraph_gap;
		y->y -= gap;
		double need = kind == CD_BLOCK_HEADING ?
			c->heading_size * c->leading + c->paragraph_gap + 3 * c->body_size * c->leading : 0;
		if (y->y - need < c->bottom)
			new_page(y);
	}

	/* A Markdown blockquote ("> The board will...") is indented, its '>'
	 * marks not drawn. */
	int quote = 0;
	if (kind == CD_BLOCK_PROSE) {
		size_t q = a;
		while (q < b && t[q] == ' ')
			q++;
		quote = q + 1 < b && t[q] == '>' && (t[q + 1] == ' ' || t[q + 1] == '>');
		if (quote)
			indent = c->list_indent;
	}
	/* No orphan: a paragraph that takes more than one line does not
	 * start on the last line a page has room for. */
	if (!y->page_fresh && (kind == CD_BLOCK_PROSE || kind == CD_BLOCK_LIST_ITEM)) {
		double adv = line_advance(y);
		if (y->y - adv >= c->bottom && y->y - 2 * adv < c->bottom &&
		    (b - a > 2048 || shown_block_width(y, a, b) > c->x1 - c->x0 - indent))
			new_page(y);
	}

	if (kind == CD_BLOCK_TABLE_ROW && !has_alnum(t, a, b)) {
		/* A separator row |---|---|: a thin rule instead of dashes. */
		double h = c->table_size * 0.8;
		if (!y->page_fresh && y->y - h < c->bottom)
			new_page(y);
		cdi_lrect rc = { y->page, c->x0, y->y - h / 2, c->x1 - c->x0, 0.5, CDI_MARK_RULE, -1 };
		y->y -= h;
		y->page_fresh = 0;
		return CDI_VEC_PUSH(&y->L->rects, rc);
	}

	size_t w0 = y->L->words.n, n0 = y->L->numbers.n;
	y->number = number;
	y->line_x = c->x0 + indent;
	y->line_start = c->x0 + indent;
	y->line_first = y->L->words.n;
	int first_word = 1;
	size_t i = a;
	size_t s0;
	while (next_word(t, &i, b, &s0)) {
		if (first_word && kind == CD_BLOCK_HEADING && only_hashes(t, s0, i))
			continue;   /* the "##" of a Markdown heading */
		if (quote && only_quote_marks(t, a, s0, i))
			continue;   /* the '>' opening a line of a blockquote */
		size_t off, len, s1 = i, cut;
		strip_emphasis(t, &s0, &s1, &cut);
		/* A link is drawn as its text: its source starts past "[". */
		while (s0 < s1 && cdi_md_syntax_end(t, s0, b) > s0 && t[s0] != ']')
			s0 = cdi_md_syntax_end(t, s0, b);
		if (cut < s0)
			cut = s1;
		if (add_display(y, t, s0, cut, s1, b, &off, &len) != 0)
			return -1;
		if (len == 0) {
			y->L->strings.n -= 1;  /* nothing printable: drop the empty string */
			continue;
		}
		double wd = y->f->measure(y->f->ctx, y->face, y->L->strings.v + off, len) * y->size;
		if (wd > c->x1 - y->line_start) {
			y->L->strings.n = off;
			if (place_split(y, t, s0, s1) != 0)
				return -1;
		} else if (place(y, off, len, wd, s0, s1) != 0) {
			return -1;
		}
		/* A list item hangs: lines after the first start after its marker. */
		if (first_word && kind == CD_BLOCK_LIST_ITEM && s1 - s0 <= 3 && !has_alnum(t, s0, s1)) {
			double space = y->f->measure(y->f->ctx, y->face, " ", 1) * y->size;
			y->line_start = c->x0 + indent + wd + space;
		}
		first_word = 0;
	}
	if (end_line(y) != 0)
		return -1;
	if (kind == CD_BLOCK_PROSE || kind == CD_BLOCK_LIST_ITEM)
		no_widow(y, w0, n0);
	return 0;
}

/* ---- tables -------------------------------------------------------------- */

/* A Markdown pipe table is drawn as a grid: its cells in columns, each
 * wrapped within its column, the head row (the one above a |---| row) in
 * bold, a rule under it. Column widths follow the widest cell of each
 * column, shrunk to fit the text column: a column wider than its fair
 * share of the room left gives way first. A table with more than
 * TABLE_MAX_COLS columns, or a row taller than a page, is drawn row by row
 * as text. */
#define TABLE_MAX_COLS 12
#define TABLE_GAP 8.0      /* points between columns */
/* Widths summed in another order differ in the last bits: a cell as wide
 * as its column must still fit on one line. */
#define WIDTH_SLACK 0.01

typedef struct { size_t start, end; } cell_t;

/* The cells of row t[a, b): split at '|', an outer '|' at either end
 * dropped, each trimmed of spaces. Returns how many (up to max). */
static size_t row_cells(const char *t, size_t a, size_t b, cell_t *cells, size_t max)
{
	while (a < b && is_space(t[a]))
		a++;
	while (b > a && is_space(t[b - 1]))
		b--;
	if (a < b && t[a] == '|')
		a++;
	if (b > a && t[b - 1] == '|')
		b--;
	size_t n = 0, s = a;
	for (size_t i = a; i <= b && n < max; i++) {
		if (i < b && t[i] != '|')
			continue;
		size_t cs = s, ce = i;
		while (cs < ce && is_space(t[cs]))
			cs++;
		while (ce > cs && is_space(t[ce - 1]))
			ce--;
		cells[n++] = (cell_t){ cs, ce };
		s = i + 1;
	}
	return n;
}

/* The end of the longest prefix of the word t[s, e) (one code point at
 * least) that fits in width w. */
static size_t fit_prefix(lay *y, const char *t, size_t s, size_t e, double w, int face)
{
	size_t j = s;
	double used = 0;
	while (j < e) {
		uint32_t cp;
		size_t n = cdi_utf8_decode((const unsigned char *)t + j, e - j, &cp);
		double cw = raw_width(y, t + j, n, face, y->size);
		if (j > s && used + cw > w)
			break;
		used += cw;
		j += n;
	}
	return j;
}

/* Lays the words of cell t[s, e) from x in a column of width w, lines
 * from baseline base down (baseline of line k: base - k * advance); with
 * place 0 only counts. Returns the lines used (at least 1), or -1. */
static int lay_cell(lay *y, const char *t, size_t s, size_t e, double x, double w,
                    double base, int face, int place)
{
	double space = y->f->measure(y->f->ctx, face, " ", 1) * y->size;
	double adv = line_advance(y), at = 0;
	int line = 0, any = 0;
	size_t i = s, w0;
	while (next_word(t, &i, e, &w0)) {
		size_t w1 = i, cut;
		strip_emphasis(t, &w0, &w1, &cut);   /* "**new**" as "new" */
		for (size_t p0 = w0; p0 < w1;) {
			double ww = raw_width(y, t + p0, w1 - p0, face, y->size);
			size_t p1 = w1;
			if (ww > w + WIDTH_SLACK) {   /* wider than the column: a piece that fits */
				p1 = fit_prefix(y, t, p0, w1, w, face);
				ww = raw_width(y, t + p0, p1 - p0, face, y->size);
			}
			if (ww <= 0) {
				p0 = p1;   /* nothing drawn (a zero-width character) */
				continue;
			}
			double xx = any ? at + space : 0;
			if (any && xx + ww > w + WIDTH_SLACK) {
				line++;
				xx = 0;
			}
			if (place) {
				size_t off, len;
				if (add_string(y, t + p0, p1 - p0, &off, &len) != 0)
					return -1;
				cdi_lword lw = {0};
				lw.page = y->page;
				lw.x = x + xx;
				lw.y = base - line * adv;
				lw.w = ww;
				lw.size = y->size;
				lw.face = (unsigned char)face;
				lw.style = CDI_STYLE_GREY;
				lw.str = off;
				lw.str_len = len;
				lw.src_start = p0;
				lw.src_end = p1;
				if (CDI_VEC_PUSH(&y->L->words, lw) != 0)
					return -1;
			}
			at = xx + ww;
			any = 1;
			p0 = p1;
		}
	}
	return line + 1;
}

/* Widths for ncol columns of natural widths nat in room: all of them when
 * they fit, else fair shares, the narrow columns keeping theirs. */
static void column_widths(const double *nat, size_t ncol, double room, double *w)
{
	double total = 0;
	for (size_t c = 0; c < ncol; c++)
		total += nat[c];
	if (total <= room) {
		for (size_t c = 0; c < ncol; c++)
			w[c] = nat[c];
		return;
	}
	int fixed[TABLE_MAX_COLS] = {0};
	size_t left = ncol;
	double rest = room;
	for (int changed = 1; changed && left;) {
		changed = 0;
		double share = rest / (double)left;
		for (size_t c = 0; c < ncol; c++)
			if (!fixed[c] && nat[c] <= share) {
				fixed[c] = 1;
				w[c] = nat[c];
				rest -= nat[c];
				left--;
				changed = 1;
			}
	}
	for (size_t c = 0; c < ncol; c++)
		if (!fixed[c])
			w[c] = rest / (double)left;
}

/* The lines the tallest cell of row b takes in columns w (at x xs). */
static int row_lines(lay *y, const cd_block *bl, const double *xs, const double *w, int face)
{
	cell_t cells[TABLE_MAX_COLS];
	const char *t = y->r->text;
	size_t n = row_cells(t, bl->start, bl->end, cells, TABLE_MAX_COLS);
	int lines = 1;
	for (size_t k = 0; k < n; k++) {
		int l = lay_cell(y, t, cells[k].start, cells[k].end, xs[k], w[k], 0, face, 0);
		if (l < 0)
			return -1;
		if (l > lines)
			lines = l;
	}
	return lines;
}

/* Lays the table rows blocks[first, last]; returns 0, 1 when the table
 * is not drawn as a grid (the caller lays its rows as text), -1 on no
 * memory. The head row is the first row with text when a separator row
 * follows it. */
static int lay_table(lay *y, size_t first, size_t last)
{
	const cd_result *r = y->r;
	const cdi_layout_cfg *c = y->c;
	const char *t = r->text;
	cell_t cells[TABLE_MAX_COLS + 1];
	double nat[TABLE_MAX_COLS] = {0}, w[TABLE_MAX_COLS], xs[TABLE_MAX_COLS];
	size_t ncol = 0, head = first;
	y->size = c->table_size;
	while (head <= last && !has_alnum(t, r->blocks[head].start, r->blocks[head].end))
		head++;
	if (head >= last || has_alnum(t, r->blocks[head + 1].start, r->blocks[head + 1].end))
		head = SIZE_MAX;   /* no head row */
	for (size_t b = first; b <= last; b++) {
		const cd_block *bl = &r->blocks[b];
		if (!has_alnum(t, bl->start, bl->end))
			continue;   /* a separator row */
		size_t n = row_cells(t, bl->start, bl->end, cells, TABLE_MAX_COLS + 1);
		if (n > TABLE_MAX_COLS)
			return 1;
		if (n > ncol)
			ncol = n;
		/* A cell's width on one line: lay_cell's sum in a column with
		 * room to spare. */
		int face = b == head ? CDI_FACE_BOLD : CDI_FACE_REGULAR;
		double space = y->f->measure(y->f->ctx, face, " ", 1) * y->size;
		for (size_t k = 0; k < n; k++) {
			double at = 0;
			int any = 0;
			size_t i = cells[k].start, w0;
			while (next_word(t, &i, cells[k].end, &w0)) {
				size_t w1 = i, cut;
				strip_emphasis(t, &w0, &w1, &cut);
				double ww = raw_width(y, t + w0, w1 - w0, face, y->size);
				if (ww <= 0)
					continue;
				at = (any ? at + space : 0) + ww;
				any = 1;
			}
			if (at > nat[k])
				nat[k] = at;
		}
	}
	if (ncol == 0)
		return 1;
	column_widths(nat, ncol, c->x1 - c->x0 - TABLE_GAP * (double)(ncol - 1), w);
	for (size_t k = 0; k < ncol; k++)
		xs[k] = k ? xs[k - 1] + w[k - 1] + TABLE_GAP : c->x0;
	double adv = line_advance(y), page_room = c->top - c->bottom, rule_h = c->table_size * 0.8;

	if (!y->page_fresh)
		y->y -= c->paragraph_gap * 0.4;
	/* The head row, its rule and the first row below stay together. */
	if (head != SIZE_MAX && !y->page_fresh) {
		int l0 = row_lines(y, &r->blocks[head], xs, w, CDI_FACE_BOLD), l1 = 0;
		for (size_t b = head + 1; b <= last && !l1; b++)
			if (has_alnum(t, r->blocks[b].start, r->blocks[b].end))
				l1 = row_lines(y, &r->blocks[b], xs, w, CDI_FACE_REGULAR);
		if (l0 < 0 || l1 < 0)
			return -1;
		if ((l0 + l1) * adv + rule_h <= page_room && y->y - (l0 + l1) * adv - rule_h < c->bottom)
			new_page(y);
	}
	for (size_t b = first; b <= last; b++) {
		const cd_block *bl = &r->blocks[b];
		if (!has_alnum(t, bl->start, bl->end)) {
			if (!y->page_fresh && y->y - rule_h < c->bottom)
				new_page(y);
			cdi_lrect rc = { y->page, c->x0, y->y - rule_h / 2, c->x1 - c->x0, 0.5, CDI_MARK_RULE, -1 };
			if (CDI_VEC_PUSH(&y->L->rects, rc) != 0)
				return -1;
			y->y -= rule_h;
			y->page_fresh = 0;
			continue;
		}
		int face = b == head ? CDI_FACE_BOLD : CDI_FACE_REGULAR;
		int lines = row_lines(y, bl, xs, w, face);
		if (lines < 0)
			return -1;
		if (lines * adv > page_room)
			return 1;   /* taller than a page: as text */
		if (y->y - lines * adv < c->bottom)
			new_page(y);   /* (a fresh first page is shorter than the others) */
		double base = y->y - y->size * BASELINE_DROP;
		size_t n = row_cells(t, bl->start, bl->end, cells, TABLE_MAX_COLS);
		for (size_t k = 0; k < n; k++)
			if (lay_cell(y, t, cells[k].start, cells[k].end, xs[k], w[k], base, face, 1) < 0)
				return -1;
		y->y -= lines * adv;
		y->page_fresh = 0;
	}
	y->line_first = y->L->words.n;
	return 0;
}

/* ---- highlights --------------------------------------------------------- */

static int mark_of(const cd_finding *f)
{
	switch (f->kind) {
	case CD_FIND_FILLER: return CDI_MARK_FILLER;
	case CD_FIND_REPEATED_PHRASE: return CDI_MARK_REPEAT;
	case CD_FIND_SPACING: case CD_FIND_LOWERCASE_START: case CD_FIND_ARTICLE:
	case CD_FIND_DOUBLED_WORD: case CD_FIND_SAME_ROOT:
		return CDI_MARK_MECHANICS;
	case CD_FIND_LONG_SENTENCE: return CDI_MARK_LONG;
	case CD_FIND_VERY_LONG_SENTENCE: return CDI_MARK_VERY_LONG;
	default: return -1;
	}
}

/* First word whose source ends after pos. */
static size_t first_word_after(const cdi_layout *L, size_t pos)
{
	size_t lo = 0, hi = L->words.n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (L->words.v[mid].src_end <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int push_rect(lay *y, unsigned page, double x0, double x1, double base,
                     double size, int mark, int cat)
{
	cdi_lrect rc = { page, x0, 0, x1 - x0, 0, (unsigned char)mark, (signed char)cat };
	switch (mark) {
	case CDI_MARK_REPEAT:
		rc.y = base - size * 0.16;
		rc.h = 0.8;
		break;
	default:
		rc.x -= 1;
		rc.w += 2;
		rc.y = base - size * INK_BELOW - 0.5;
		rc.h = size * (INK_ABOVE + INK_BELOW) + 1;
		break;
	}
	return CDI_VEC_PUSH(&y->L->rects, rc);
}

/* Width of what word w draws of its source up to byte to: the raw text
 * less any link syntax ("[the report](...)" draws "the report"). */
#define LINK_LOOKAHEAD 4096   /* bytes past a word a link's ']' is looked for */
static double shown_width(lay *y, const cdi_lword *w, size_t to)
{
	const char *t = y->r->text;
	size_t a = w->src_start, limit = w->src_end + LINK_LOOKAHEAD;
	if (limit > y->r->text_len)
		limit = y->r->text_len;
	char small[256];
	char *buf = to - a <= sizeof small ? small : malloc(to - a);
	if (!buf)
		return raw_width(y, t + a, to - a, w->face, w->size);
	size_t n = word_display(t, a, to, to, limit, buf);
	double wd = raw_width(y, buf, n, w->face, w->size);
	if (buf != small)
		free(buf);
	return wd;
}

/* Rectangles over the words of [start, end), one per line. */
static int mark_span(lay *y, size_t start, size_t end, int mark, int cat)
{
	cdi_layout *L = y->L;
	size_t i = first_word_after(L, start);
	int open = 0;
	unsigned page = 0;
	double base = 0, size = 0, x0 = 0, x1 = 0;
	for (; i < L->words.n && L->words.v[i].src_start < end; i++) {
		const cdi_lword *w = &L->words.v[i];
		double a = w->x, b = w->x + w->w;
		if (start > w->src_start)
			a = w->x + shown_width(y, w, start);
		if (end < w->src_end)
			b = w->x + shown_width(y, w, end);
		if (open && w->page == page && w->y == base) {
			x1 = b;
			continue;
		}
		if (open && push_rect(y, page, x0, x1, base, size, mark, cat) != 0)
			return -1;
		open = 1;
		page = w->page;
		base = w->y;
		size = w->size;
		x0 = a;
		x1 = b;
	}
	if (open && x1 > x0 && push_rect(y, page, x0, x1, base, size, mark, cat) != 0)
		return -1;
	return 0;
}

/* A bar beside the lines of a sentence, one per page it spans. A line
 * shared with the sentence before or after is split at its middle, so
 * the bars of neighbouring sentences never overlap. */
static int mark_bar(lay *y, size_t start, size_t end, int mark)
{
	cdi_layout *L = y->L;
	size_t i = first_word_after(L, start);
	int open = 0;
	unsigned page = 0;
	double hi = 0, lo = 0;
	for (; i <= L->words.n; i++) {
		const cdi_lword *w = i < L->words.n && L->words.v[i].src_start < end ? &L->words.v[i] : NULL;
		if (open && (!w || w->page != page)) {
			const cdi_lword *prev = &L->words.v[i - 1];
			if (i < L->words.n && same_line(prev, &L->words.v[i]))
				lo = prev->y + prev->size * MID_LINE + 0.6;
			cdi_lrect rc = { page, y->c->bar_x, lo, y->c->bar_w, hi - lo, (unsigned char)mark, -1 };
			if (hi > lo && CDI_VEC_PUSH(&L->rects, rc) != 0)
				return -1;
			open = 0;
		}
		if (!w)
			break;
		double top = w->y + w->size * INK_ABOVE, bot = w->y - w->size * INK_BELOW;
		if (!open) {
			/* The first word is on the highest line. */
			open = 1;
			page = w->page;
			if (i > 0 && same_line(&L->words.v[i - 1], w))
				top = w->y + w->size * MID_LINE - 0.6;
			hi = top;
			lo = bot;
		} else {
			lo = bot;   /* words come in reading order: the last is lowest */
		}
	}
	return 0;
}

static int lay_findings(lay *y)
{
	const cd_result *r = y->r;
	for (size_t k = 0; k < r->n_findings; k++) {
		const cd_finding *f = &r->findings[k];
		int mark = mark_of(f);
		if (mark < 0 || f->end <= f->start || f->end > r->text_len)
			continue;
		int rc;
		if (mark == CDI_MARK_LONG || mark == CDI_MARK_VERY_LONG) {
			/* A very long sentence is also long: one bar, the stronger. */
			int skip = 0;
			for (size_t j = k + 1; mark == CDI_MARK_LONG && j < r->n_findings &&
			     r->findings[j].start == f->start; j++)
				skip |= r->findings[j].kind == CD_FIND_VERY_LONG_SENTENCE;
			for (size_t j = k; mark == CDI_MARK_LONG && j-- > 0 &&
			     r->findings[j].start == f->start;)
				skip |= r->findings[j].kind == CD_FIND_VERY_LONG_SENTENCE;
			rc = skip ? 0 : mark_bar(y, f->start, f->end, mark);
		} else {
			rc = mark_span(y, f->start, f->end, mark, mark == CDI_MARK_FILLER ? f->category : -1);
		}
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* Rectangles in page order (stable: counting sort), so that painting
 * walks each page's share once. */
static int sort_rects(cdi_layout *L)
{
	size_t n = L->rects.n;
	if (n < 2)
		return 0;
	size_t *start = calloc((size_t)L->pages + 1, sizeof *start);
	cdi_lrect *v = malloc(n * sizeof *v);
	if (!start || !v) {
		free(start);
		free(v);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		start[L->rects.v[i].page + 1]++;
	for (unsigned p = 0; p < L->pages; p++)
		start[p + 1] += start[p];
	for (size_t i = 0; i < n; i++)
		v[start[L->rects.v[i].page]++] = L->rects.v[i];
	free(L->rects.v);
	L->rects.v = v;
	L->rects.cap = n;
	free(start);
	return 0;
}

int cdi_layout_article(cdi_layout *out, const cd_result *r,
                       const cdi_layout_cfg *cfg, const cdi_text_fns *fns)
{
	lay y = {0};
	y.L = out;
	y.r = r;
	y.c = cfg;
	y.f = fns;
	y.y = cfg->first_top;
	y.page_fresh = 1;
	y.size = cfg->body_size;
	int err = CD_ENOMEM;
	if (reserve_bytes(out, r->text_len + 64) != 0)
		goto cleanup;
	if (r->n_blocks) {
		size_t as_text = 0;   /* rows before this are laid as text */
		for (size_t i = 0; i < r->n_blocks; i++) {
			const cd_block *b = &r->blocks[i];
			if (b->end > r->text_len || b->start > b->end)
				continue;
			if (b->kind == CD_BLOCK_TABLE_ROW && i >= as_text) {
				/* The rows that follow one another make one table. */
				size_t last = i;
				while (last + 1 < r->n_blocks && r->blocks[last + 1].kind == CD_BLOCK_TABLE_ROW &&
				       r->blocks[last + 1].end <= r->text_len &&
				       r->blocks[last + 1].start <= r->blocks[last + 1].end &&
				       !cdi_has_blank_line(r->text, r->blocks[last].end, r->blocks[last + 1].start))
					last++;
				size_t words_before = out->words.n, rects_before = out->rects.n;
				size_t strings_before = out->strings.n;
				lay st = y;
				int rc = lay_table(&y, i, last);
				if (rc < 0)
					goto cleanup;
				if (rc == 0) {
					i = last;
					continue;
				}
				/* As text, row by row: back to where the table began (the
				 * scratch buffer stays the one in use). */
				st.tmp = y.tmp;
				st.tmp_cap = y.tmp_cap;
				y = st;
				out->words.n = words_before;
				out->rects.n = rects_before;
				out->strings.n = strings_before;
				as_text = last + 1;
			}
			if (lay_block(&y, (int)b->kind, b->start, b->end, b->paragraph) != 0)
				goto cleanup;
		}
	} else {
		/* No blocks (an empty result): every non-empty line a paragraph. */
		unsigned n = 0;
		for (size_t a = 0; a < r->text_len;) {
			size_t b = a;
			while (b < r->text_len && r->text[b] != '\n')
				b++;
			if (has_alnum(r->text, a, b) && lay_block(&y, CD_BLOCK_PROSE, a, b, ++n) != 0)
				goto cleanup;
			a = b + 1;
		}
	}
	if (lay_findings(&y) != 0)
		goto cleanup;
	out->pages = y.page + 1;
	if (sort_rects(out) != 0)
		goto cleanup;
	err = CD_OK;
cleanup:
	free(y.tmp);
	return err;
}

size_t cdi_wrap_next(const char *s, size_t len, double width, double size, int face,
                     const cdi_text_fns *fns, size_t *next)
{
	double x = 0;
	size_t i = 0, last_break = 0, after_break = 0;
	while (i < len && s[i] == ' ')
		i++;
	size_t begin = i;
	while (i < len) {
		uint32_t cp;
		size_t n = cdi_utf8_decode((const unsigned char *)s + i, len - i, &cp);
		double cw = fns->measure(fns->ctx, face, s + i, n) * size;
		if (x + cw > width && i > begin) {
			if (last_break > begin) {
				*next = after_break;
				return last_break;
			}
			*next = i;
			return i;
		}
		x += cw;
		if (cp == ' ') {
			last_break = i;
			size_t j = i;
			while (j < len && s[j] == ' ')
				j++;
			after_break = j;
		}
		i += n;
	}
	*next = len;
	return len;
}

size_t cdi_wrap_no_runt(const char *s, size_t len, double width, double size, int face,
                        const cdi_text_fns *fns, size_t *next)
{
	size_t cut = cdi_wrap_next(s, len, width, size, face, fns, next);
	if (*next == 0 || *next >= len || memchr(s + *next, ' ', len - *next))
		return cut;   /* everything fits, or more than one word is left */
	size_t sp = cut;
	while (sp > 0 && s[sp - 1] != ' ')
		sp--;
	size_t word_end = sp;
	while (word_end > 0 && s[word_end - 1] == ' ')
		word_end--;
	if (word_end == 0)
		return cut;   /* this line is one word */
	size_t rest_next;
	if (sp + cdi_wrap_next(s + sp, len - sp, width, size, face, fns, &rest_next) < len)
		return cut;   /* its last word and the runt do not fit on one line */
	*next = sp;
	return word_end;
}
