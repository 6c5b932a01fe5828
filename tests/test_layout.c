/*
 * test_layout.c - the report's layout, charts and sanitizer, without
 * libharu: a fake measurer gives every code point half an em, so at size
 * 10 each character is 5 pt wide and the positions below are worked out
 * by hand.
 */
#include "harness.h"

#include <stdlib.h>

#include "report/charts.h"
#include "report/layout.h"
#include "report/sanitize.h"

static double fake_measure(void *ctx, int face, const char *s, size_t len)
{
	(void)ctx;
	(void)face;
	double n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;   /* one per code point */
	return n * 0.5;
}

static const cdi_text_fns fns = { fake_measure, NULL, NULL };

/* Column 100..200 (20 characters), lines 15 pt apart at size 10, pages
 * from 700 down to 600 (6 lines a page). */
static void cfg_small(cdi_layout_cfg *c)
{
	cdi_layout_cfg_default(c, 300, 800);
	c->x0 = 100;
	c->x1 = 200;
	c->first_top = 700;
	c->top = 700;
	c->bottom = 600;
	c->number_x = 90;
	c->bar_x = 94;
	c->bar_w = 2;
	c->body_size = 10;
	c->heading_size = 12;
	c->table_size = 8;
	c->leading = 1.5;
	c->paragraph_gap = 0;
	c->list_indent = 10;
}

/* A result of one or more blocks over text, with findings. */
typedef struct fake {
	cd_result r;
	cd_block blocks[8];
	cd_finding findings[8];
} fake;

static void fake_init(fake *f, const char *text)
{
	memset(f, 0, sizeof *f);
	f->r.text = text;
	f->r.text_len = strlen(text);
	f->r.blocks = f->blocks;
	f->r.findings = f->findings;
}

static void add_block(fake *f, cd_block_kind kind, const char *from, const char *to, unsigned para)
{
	const char *t = f->r.text;
	cd_block *b = &f->blocks[f->r.n_blocks++];
	b->kind = kind;
	b->start = (size_t)(strstr(t, from) - t);
	b->end = (size_t)(strstr(t, to) - t) + strlen(to);
	b->paragraph = para;
}

static void add_finding(fake *f, cd_finding_kind kind, int cat, const char *what)
{
	const char *t = f->r.text;
	cd_finding *x = &f->findings[f->r.n_findings++];
	x->kind = kind;
	x->category = cat;
	x->start = (size_t)(strstr(t, what) - t);
	x->end = x->start + strlen(what);
	x->message = "";
}

static const char *word(const cdi_layout *L, size_t i)
{
	return L->strings.v + L->words.v[i].str;
}

static void test_line_breaking(void)
{
	fake f;
	fake_init(&f, "aaaa bbbb cccc dddd eeee");
	add_block(&f, CD_BLOCK_PROSE, "aaaa", "eeee", 1);
	cdi_layout_cfg c;
	cfg_small(&c);
	cdi_layout L = {0};
	CHECK_EQ_INT(cdi_layout_article(&L, &f.r, &c, &fns), CD_OK);
	CHECK_EQ_INT(L.words.n, 5);
	CHECK_EQ_INT(L.pages, 1);
	/* 4 chars = 20 pt, a space 5 pt: four words fill 95 pt, the fifth wraps. */
	CHECK_NEAR(L.words.v[0].x, 100, 1e-9);
	CHECK_NEAR(L.words.v[1].x, 125, 1e-9);
	CHECK_NEAR(L.words.v[3].x, 175, 1e-9);
	CHECK_NEAR(L.words.v[3].w, 20, 1e-9);
	CHECK_NEAR(L.words.v[4].x, 100, 1e-9);
	/* Baseline 0.95 of the size below the top; next line 15 pt down. */
	CHECK_NEAR(L.words.v[0].y, 690.5, 1e-9);
	CHECK_NEAR(L.words.v[4].y, 675.5, 1e-9);
	CHECK_STR(word(&L, 2), "cccc");
	CHECK_EQ_INT(L.words.v[2].src_start, 10);
	CHECK_EQ_INT(L.words.v[2].src_end, 14);
	/* The paragraph number sits in the margin, right-aligned at 90. */
	CHECK_EQ_INT(L.numbers.n, 1);
	CHECK_STR(L.strings.v + L.numbers.v[0].str, "1");
	CHECK_NEAR(L.numbers.v[0].x + L.numbers.v[0].w, 90, 1e-9);
	CHECK_NEAR(L.numbers.v[0].y, 690.5, 1e-9);
	cdi_layout_free(&L);
}

static void test_margins_and_pages(void)
{
	/* 30 paragraphs of 7 words and one 55-character word: several pages;
	 * the long word is cut into pieces that fit the 100 pt column. */
	char *text = malloc(8192);
	size_t n = 0;
	fake f;
	for (int p = 0; p < 30; p++)
		n += (size_t)sprintf(text + n, "%sword%02d alpha beta gamma delta epsilon zeta", p ? "\n" : "", p);
	n += (size_t)sprintf(text + n, "\nhttps://example.com/a/very/long/path/that/never/ends/x");
	fake_init(&f, text);
	/* One sentence finding over everything: a bar on every page. */
	f.findings[0] = (cd_finding){ CD_FIND_VERY_LONG_SENTENCE, -1, 0, n, "" };
	f.r.n_findings = 1;
	cdi_layout_cfg c;
	cfg_small(&c);
	cdi_layout L = {0};
	/* No blocks: every line becomes a paragraph. */
	CHECK_EQ_INT(cdi_layout_article(&L, &f.r, &c, &fns), CD_OK);
	int outside = 0, below = 0, order = 0;
	for (size_t i = 0; i < L.words.n; i++) {
		const cdi_lword *w = &L.words.v[i];
		outside += w->x < c.x0 - 1e-9 || w->x + w->w > c.x1 + 1e-9;
		below += w->y - w->size * 0.24 < c.bottom - 1e-9 || w->y > c.top;
		if (i > 0) {
			const cdi_lword *v = &L.words.v[i - 1];
			/* Reading order: same line left to right, or lower, or a later page. */
			order += !(w->page > v->page || (w->page == v->page && (w->y < v->y ||
			           (w->y == v->y && w->x > v->x))));
		}
	}
	CHECK_EQ_INT(outside, 0);
	CHECK_EQ_INT(below, 0);
	CHECK_EQ_INT(order, 0);
	/* Each paragraph takes three lines ("word00 alpha beta" 85 pt, "gamma
	 * delta epsilon" 95 pt, "zeta"), the URL three more: 93 lines at 6 a
	 * page (700 down to 600 in steps of 15) = 16 pages. */
	CHECK_EQ_INT(L.pages, 16);
	const cdi_lword *last = &L.words.v[L.words.n - 1];
	CHECK_EQ_INT(last->page, 15);
	/* The URL: 54 characters in pieces of 20, 20 and 14. */
	CHECK_NEAR(last->w, 70, 1e-9);
	CHECK_NEAR(L.words.v[L.words.n - 2].w, 100, 1e-9);
	CHECK_EQ_INT(last->src_end, n);
	CHECK_EQ_INT(L.words.v[L.words.n - 2].src_end, last->src_start);
	/* The first line of page 2 starts at the top again. */
	size_t first2 = 0;
	while (first2 < L.words.n && L.words.v[first2].page == 0)
		first2++;
	CHECK_NEAR(L.words.v[first2].y, 690.5, 1e-9);
	CHECK_EQ_INT(L.numbers.n, 31);
	CHECK_EQ_INT(L.rects.n, 16);
	int pages_in_order = 1;
	for (size_t i = 0; i < L.rects.n; i++)
		pages_in_order &= L.rects.v[i].page == i;
	CHECK(pages_in_order);
	/* A full page's bar runs from the top line's ink to the sixth line's. */
	CHECK_NEAR(L.rects.v[1].y + L.rects.v[1].h, 690.5 + 8.6, 1e-9);
	CHECK_NEAR(L.rects.v[1].y, 690.5 - 5 * 15 - 2.4, 1e-9);
	cdi_layout_free(&L);
	free(text);
}

static void test_highlights(void)
{
	fake f;
	fake_init(&f, "Also, aaaaa bbbb cccc dddd eeee ffff.");
	add_block(&f, CD_BLOCK_PROSE, "Also", "ffff.", 1);
	add_finding(&f, CD_FIND_FILLER, CD_CAT_TRANSITION, "Also");         /* inside "Also," */
	add_finding(&f, CD_FIND_REPEATED_PHRASE, -1, "bbbb cccc");          /* one line */
	add_finding(&f, CD_FIND_DOUBLED_WORD, -1, "cccc dddd eeee");       /* across a break */
	add_finding(&f, CD_FIND_LONG_SENTENCE, -1, "Also, aaaaa bbbb cccc dddd eeee ffff.");
	cdi_layout_cfg c;
	cfg_small(&c);
	cdi_layout L = {0};
	CHECK_EQ_INT(cdi_layout_article(&L, &f.r, &c, &fns), CD_OK);
	/* Lines: "Also, aaaaa bbbb" (100..180; "cccc" would end at 205) and
	 * "cccc dddd eeee ffff." (100..200). */
	CHECK_STR(word(&L, 3), "cccc");
	CHECK_NEAR(L.words.v[3].x, 100, 1e-9);
	CHECK_EQ_INT(L.rects.n, 5);
	const cdi_lrect *r = L.rects.v;
	/* Filler on "Also" without its comma: 20 pt, padded 1 pt each side. */
	CHECK_EQ_INT(r[0].mark, CDI_MARK_FILLER);
	CHECK_EQ_INT(r[0].category, CD_CAT_TRANSITION);
	CHECK_NEAR(r[0].x, 99, 1e-9);
	CHECK_NEAR(r[0].w, 22, 1e-9);
	CHECK(r[0].y < L.words.v[0].y && r[0].y + r[0].h > L.words.v[0].y + 7);
	/* The repeat: "bbbb" is on line 1 (x 160..180), "cccc" on line 2. */
	CHECK_EQ_INT(r[1].mark, CDI_MARK_REPEAT);
	CHECK_NEAR(r[1].x, 160, 1e-9);
	CHECK_NEAR(r[1].w, 20, 1e-9);
	CHECK_EQ_INT(r[2].mark, CDI_MARK_REPEAT);
	CHECK_NEAR(r[2].x, 100, 1e-9);
	CHECK_NEAR(r[2].w, 20, 1e-9);
	CHECK(r[2].y < L.words.v[3].y && r[2].y > L.words.v[3].y - 3);
	/* The doubled word spans "cccc dddd eeee" on line 2: one rectangle. */
	CHECK_EQ_INT(r[3].mark, CDI_MARK_MECHANICS);
	CHECK_NEAR(r[3].x, 99, 1e-9);
	CHECK_NEAR(r[3].w, 72, 1e-9);
	/* The sentence bar runs beside both lines. */
	CHECK_EQ_INT(r[4].mark, CDI_MARK_LONG);
	CHECK_NEAR(r[4].x, 94, 1e-9);
	CHECK_NEAR(r[4].y + r[4].h, L.words.v[0].y + 8.6, 1e-9);
	CHECK_NEAR(r[4].y, L.words.v[L.words.n - 1].y - 2.4, 1e-9);
	cdi_layout_free(&L);
}

static void test_sentence_bars_meet(void)
{
	fake f;
	fake_init(&f, "aaaa bbbb. cccc dddd eeee ffff gggg.");
	add_block(&f, CD_BLOCK_PROSE, "aaaa", "gggg.", 1);
	add_finding(&f, CD_FIND_LONG_SENTENCE, -1, "aaaa bbbb.");
	add_finding(&f, CD_FIND_VERY_LONG_SENTENCE, -1, "cccc dddd eeee ffff gggg.");
	cdi_layout_cfg c;
	cfg_small(&c);
	cdi_layout L = {0};
	CHECK_EQ_INT(cdi_layout_article(&L, &f.r, &c, &fns), CD_OK);
	/* Line 1 "aaaa bbbb. cccc dddd" (baseline 690.5), line 2 the rest
	 * (675.5): the first bar ends and the second starts half way up line 1
	 * (690.5 + 3.1), 1.2 pt apart. */
	CHECK_EQ_INT(L.rects.n, 2);
	CHECK_NEAR(L.rects.v[0].y, 690.5 + 3.1 + 0.6, 1e-9);
	CHECK_NEAR(L.rects.v[0].y + L.rects.v[0].h, 690.5 + 8.6, 1e-9);
	CHECK_NEAR(L.rects.v[1].y + L.rects.v[1].h, 690.5 + 3.1 - 0.6, 1e-9);
	CHECK_NEAR(L.rects.v[1].y, 675.5 - 2.4, 1e-9);
	CHECK_EQ_INT(L.rects.v[1].mark, CDI_MARK_VERY_LONG);
	cdi_layout_free(&L);
}

static void test_block_kinds(void)
{
	fake f;
	fake_init(&f, "Head line\n- item one two three four\n| a | b |\n|---|---|\nSubscribe now");
	add_block(&f, CD_BLOCK_HEADING, "Head", "line", 0);
	add_block(&f, CD_BLOCK_LIST_ITEM, "- item", "four", 1);
	add_block(&f, CD_BLOCK_TABLE_ROW, "| a", "b |", 0);
	add_block(&f, CD_BLOCK_TABLE_ROW, "|---", "---|", 0);
	add_block(&f, CD_BLOCK_BOILERPLATE, "Subscribe", "now", 0);
	cdi_layout_cfg c;
	cfg_small(&c);
	cdi_layout L = {0};
	CHECK_EQ_INT(cdi_layout_article(&L, &f.r, &c, &fns), CD_OK);
	CHECK_EQ_INT(L.words.v[0].face, CDI_FACE_BOLD);
	CHECK_EQ_INT(L.words.v[0].style, CDI_STYLE_HEADING);
	CHECK_NEAR(L.words.v[0].size, 12, 1e-9);
	/* The list item: "-" at 110, then "item one two" up to 180; "three"
	 * would end at 210, so it wraps and hangs after the marker
	 * (110 + 5 + 5 = 120). */
	CHECK_STR(word(&L, 2), "-");
	CHECK_NEAR(L.words.v[2].x, 110, 1e-9);
	size_t three = 6;
	CHECK_STR(word(&L, three), "three");
	CHECK_NEAR(L.words.v[three].x, 120, 1e-9);
	CHECK(L.words.v[three].y < L.words.v[2].y);
	CHECK_NEAR(L.words.v[three + 1].x, 150, 1e-9);
	/* Table rows are grey and small; the separator row is a rule. */
	CHECK_EQ_INT(L.words.v[8].style, CDI_STYLE_GREY);
	CHECK_NEAR(L.words.v[8].size, 8, 1e-9);
	int rules = 0;
	for (size_t i = 0; i < L.rects.n; i++)
		rules += L.rects.v[i].mark == CDI_MARK_RULE;
	CHECK_EQ_INT(rules, 1);
	CHECK_STR(word(&L, L.words.n - 1), "now");
	CHECK_EQ_INT(L.words.v[L.words.n - 1].style, CDI_STYLE_GREY);
	/* Only the list item is numbered. */
	CHECK_EQ_INT(L.numbers.n, 1);
	cdi_layout_free(&L);
}

/* Markdown marks are drawn as the text they mark: no "##" before a
 * heading, no "**" or "*" around words, the punctuation kept; a bullet
 * "*" stays. A word's source range starts after its opening marks, so a
 * highlight on it starts at the word. */
static void test_markdown_marks(void)
{
	fake f;
	fake_init(&f, "## Key points\n* **Bold** and *Moreover*, done.");
	add_block(&f, CD_BLOCK_HEADING, "## Key", "points", 0);
	add_block(&f, CD_BLOCK_LIST_ITEM, "* **Bold", "done.", 1);
	add_finding(&f, CD_FIND_FILLER, CD_CAT_TRANSITION, "Moreover");
	cdi_layout_cfg c;
	cfg_small(&c);
	cdi_layout L = {0};
	CHECK_EQ_INT(cdi_layout_article(&L, &f.r, &c, &fns), CD_OK);
	/* Key points * Bold and Moreover, done. */
	CHECK_EQ_INT(L.words.n, 7);
	if (L.words.n == 7) {
		CHECK_STR(word(&L, 0), "Key");
		CHECK_EQ_INT(L.words.v[0].src_start, 3);
		CHECK_STR(word(&L, 2), "*");
		CHECK_STR(word(&L, 3), "Bold");
		CHECK_EQ_INT(L.words.v[3].src_start, strstr(f.r.text, "Bold") - f.r.text);
		CHECK_STR(word(&L, 5), "Moreover,");
		CHECK_STR(word(&L, 6), "done.");
		/* "* Bold and " ends at 110 + 5 + 5 + 20 + 5 + 15 + 5 = 165, and
		 * "Moreover," (45 pt) would end at 210: it wraps and hangs after
		 * the bullet at 110 + 5 + 5 = 120. The filler box is "Moreover"
		 * (40 pt), padded 1 pt each side. */
		CHECK_NEAR(L.words.v[5].x, 120, 1e-9);
		CHECK(L.words.v[5].y < L.words.v[3].y);
		CHECK_EQ_INT(L.rects.n, 1);
		if (L.rects.n == 1) {
			CHECK_NEAR(L.rects.v[0].x, 119, 1e-9);
			CHECK_NEAR(L.rects.v[0].w, 42, 1e-9);
		}
	}
	cdi_layout_free(&L);
}

/* A Markdown link is drawn as its text: "[the report](https://...)." as
 * "the report.", an image's "![map](m.png)" as "map"; brackets with no
 * target ("[1]") stay. The fake font gives 5 pt a character at size 10, a
 * space 5 pt: "See" 100-115, "the" 120-135, "report." 140-175, "A"
 * 180-185; "map" (15) would end at 205, past 200, so it wraps: "map"
 * 100-115, "here." 120-145, "Note" 150-170, "[1]" 175-190; "stays." wraps. */
static void test_markdown_links(void)
{
	fake f;
	fake_init(&f, "See [the report](https://example.com/r_(1).pdf). A ![map](m.png) here. "
	              "Note [1] stays.");
	add_block(&f, CD_BLOCK_PROSE, "See", "stays.", 1);
	add_finding(&f, CD_FIND_FILLER, CD_CAT_WORDY, "the report");
	cdi_layout_cfg c;
	cfg_small(&c);
	cdi_layout L = {0};
	CHECK_EQ_INT(cdi_layout_article(&L, &f.r, &c, &fns), CD_OK);
	CHECK_EQ_INT(L.words.n, 9);
	if (L.words.n == 9) {
		static const char *const want[] = { "See", "the", "report.", "A", "map", "here.",
		                                    "Note", "[1]", "stays." };
		static const double x[] = { 100, 120, 140, 180, 100, 120, 150, 175, 100 };
		for (size_t k = 0; k < 9; k++) {
			CHECK_STR(word(&L, k), want[k]);
			CHECK_NEAR(L.words.v[k].x, x[k], 1e-9);
		}
		/* the words keep their place in the source: "the" after '[' */
		CHECK_EQ_INT(L.words.v[1].src_start, strstr(f.r.text, "the") - f.r.text);
		CHECK(L.words.v[4].y < L.words.v[3].y);
		CHECK(L.words.v[8].y < L.words.v[7].y);
		/* the finding's box: "the report" only, 120 to 170, padded 1 pt */
		CHECK_EQ_INT(L.rects.n, 1);
		if (L.rects.n == 1) {
			CHECK_NEAR(L.rects.v[0].x, 119, 1e-9);
			CHECK_NEAR(L.rects.v[0].w, 52, 1e-9);
		}
	}
	cdi_layout_free(&L);
}

/* Links inside a word are drawn as their text too: "([src](u))" as
 * "(src)", two links in one word as both texts, "[**Big**](u)," as
 * "Big,". A finding on "src" is boxed over "src" alone: the word "(src)."
 * starts at 100, "(" is 5 pt, so the box runs 105-120, padded 1 pt. */
static void test_links_in_words(void)
{
	fake f;
	fake_init(&f, "([src](https://x.org/a)). [a](https://x)[b](https://y) [**Big**](https://z),");
	add_block(&f, CD_BLOCK_PROSE, "([src]", "z),", 1);
	add_finding(&f, CD_FIND_FILLER, CD_CAT_WORDY, "src");
	cdi_layout_cfg c;
	cfg_small(&c);
	cdi_layout L = {0};
	CHECK_EQ_INT(cdi_layout_article(&L, &f.r, &c, &fns), CD_OK);
	CHECK_EQ_INT(L.words.n, 3);
	if (L.words.n == 3) {
		CHECK_STR(word(&L, 0), "(src).");
		CHECK_STR(word(&L, 1), "ab");
		CHECK_STR(word(&L, 2), "Big,");
		CHECK_EQ_INT(L.rects.n, 1);
		if (L.rects.n == 1) {
			CHECK_NEAR(L.rects.v[0].x, 104, 1e-9);
			CHECK_NEAR(L.rects.v[0].w, 17, 1e-9);
		}
	}
	cdi_layout_free(&L);
}

/* A blockquote is indented by the list indent (10 pt) and its '>' marks
 * are not drawn, on every line: "The" 110-125, "board" 130-155, "met."
 * 160-180, "3" 185-190; a '>' inside a line stays ("3 > 2" is drawn as
 * written). */
static void test_blockquote(void)
{
	fake f;
	fake_init(&f, "> The board\n> > met. 3 > 2");
	add_block(&f, CD_BLOCK_PROSE, ">", "2", 1);
	cdi_layout_cfg c;
	cfg_small(&c);
	cdi_layout L = {0};
	CHECK_EQ_INT(cdi_layout_article(&L, &f.r, &c, &fns), CD_OK);
	CHECK_EQ_INT(L.words.n, 6);
	if (L.words.n == 6) {
		static const char *const want[] = { "The", "board", "met.", "3", ">", "2" };
		for (size_t k = 0; k < 6; k++)
			CHECK_STR(word(&L, k), want[k]);
		CHECK_NEAR(L.words.v[0].x, 110, 1e-9);
		CHECK_NEAR(L.words.v[1].x, 130, 1e-9);
		CHECK_NEAR(L.words.v[2].x, 160, 1e-9);
		CHECK_NEAR(L.words.v[3].x, 185, 1e-9);
		/* ">" ends at 200, the right edge; "2" wraps to the indent */
		CHECK_NEAR(L.words.v[4].x, 195, 1e-9);
		CHECK_NEAR(L.words.v[5].x, 110, 1e-9);
	}
	cdi_layout_free(&L);
}

/* Paragraphs of 4-letter words, one a line: counts[k] words "a000 a001
 * ..." for paragraph k (letters a, b, c...), each a prose block numbered
 * k + 1. text needs room for 5 bytes a word. */
static void paragraphs_of(fake *f, char *text, const int *counts, int n)
{
	size_t len = 0;
	for (int p = 0; p < n; p++)
		for (int k = 0; k < counts[p]; k++)
			len += (size_t)sprintf(text + len, "%s%c%03d", k ? " " : p ? "\n" : "", 'a' + p, k);
	fake_init(f, text);
	for (int p = 0; p < n; p++) {
		char first[16], last[16];
		snprintf(first, sizeof first, "%c000", 'a' + p);
		snprintf(last, sizeof last, "%c%03d", 'a' + p, counts[p] - 1);
		add_block(f, CD_BLOCK_PROSE, first, last, (unsigned)p + 1);
	}
}

/* Widows and orphans. A page holds 6 lines (baselines 690.5 down by 15;
 * a 7th would end below 600), and four 4-letter words fill a line (95 pt).
 * Paragraph 1: 25 words, 7 lines, the 7th alone on page 2: the 6th line
 * follows it, so page 1 keeps 5 lines and page 2 starts with words 20-23,
 * then word 24. Paragraph 2 (12 words) takes page 2's lines 3 to 5.
 * Paragraph 3 (8 words, 2 lines) would start on page 2's last line: it
 * goes to page 3. */
static void test_widows_and_orphans(void)
{
	char text[1024];
	fake f;
	static const int counts[] = { 25, 12, 8 };
	paragraphs_of(&f, text, counts, 3);
	cdi_layout_cfg c;
	cfg_small(&c);
	cdi_layout L = {0};
	CHECK_EQ_INT(cdi_layout_article(&L, &f.r, &c, &fns), CD_OK);
	CHECK_EQ_INT(L.words.n, 45);
	if (L.words.n == 45) {
		const cdi_lword *v = L.words.v;
		/* page 1: lines 1-5 of paragraph 1 */
		CHECK_EQ_INT(v[19].page, 0);
		CHECK_NEAR(v[19].y, 690.5 - 4 * 15, 1e-9);
		/* page 2: its 6th line at the top, then the 7th */
		CHECK_EQ_INT(v[20].page, 1);
		CHECK_NEAR(v[20].y, 690.5, 1e-9);
		CHECK_NEAR(v[23].y, 690.5, 1e-9);
		CHECK_EQ_INT(v[24].page, 1);
		CHECK_NEAR(v[24].y, 675.5, 1e-9);
		/* paragraph 2: lines 3 to 5 of page 2 */
		CHECK_EQ_INT(v[25].page, 1);
		CHECK_NEAR(v[25].y, 660.5, 1e-9);
		CHECK_NEAR(v[36].y, 630.5, 1e-9);
		/* paragraph 3: page 3, its number beside its first line */
		CHECK_EQ_INT(v[37].page, 2);
		CHECK_NEAR(v[37].y, 690.5, 1e-9);
		CHECK_EQ_INT(L.numbers.n, 3);
		if (L.numbers.n == 3) {
			CHECK_EQ_INT(L.numbers.v[2].page, 2);
			CHECK_NEAR(L.numbers.v[2].y, 690.5, 1e-9);
		}
		CHECK_EQ_INT(L.pages, 3);
	}
	cdi_layout_free(&L);
}

/* A widow whose paragraph has only two lines before it: moving one would
 * leave an orphan, so the whole paragraph goes over. Paragraph 1: 16
 * words, lines 1-4 of page 1. Paragraph 2: 9 words, 3 lines; lines 5 and 6
 * of page 1 and one on page 2, so all three go to page 2, number too. */
static void test_widow_moves_paragraph(void)
{
	char text[512];
	fake f;
	static const int counts[] = { 16, 9 };
	paragraphs_of(&f, text, counts, 2);
	cdi_layout_cfg c;
	cfg_small(&c);
	cdi_layout L = {0};
	CHECK_EQ_INT(cdi_layout_article(&L, &f.r, &c, &fns), CD_OK);
	CHECK_EQ_INT(L.words.n, 25);
	if (L.words.n == 25) {
		const cdi_lword *v = L.words.v;
		CHECK_EQ_INT(v[15].page, 0);
		CHECK_NEAR(v[15].y, 645.5, 1e-9);
		CHECK_EQ_INT(v[16].page, 1);
		CHECK_NEAR(v[16].y, 690.5, 1e-9);
		CHECK_EQ_INT(v[20].page, 1);
		CHECK_NEAR(v[20].y, 675.5, 1e-9);
		CHECK_EQ_INT(v[24].page, 1);
		CHECK_NEAR(v[24].y, 660.5, 1e-9);
		CHECK_EQ_INT(L.numbers.n, 2);
		if (L.numbers.n == 2) {
			CHECK_EQ_INT(L.numbers.v[1].page, 1);
			CHECK_NEAR(L.numbers.v[1].y, 690.5, 1e-9);
		}
	}
	cdi_layout_free(&L);
}

/* A pipe table as a grid. The fake font gives 4 pt a character at the
 * table size (8): column 0's widest cell, "Long pipeline work across the
 * valley floor", is 188 pt, column 1's ("Cost") 16 pt; the room is 100
 * less one 8 pt gap. Column 1 keeps its 16 pt, column 0 gets the rest, 76,
 * so column 1 starts at 100 + 76 + 8 = 184, and the long cell wraps into
 * three lines: "Long pipeline work" (72), "across the valley" (68),
 * "floor". Rows are 12 pt apart (8 x 1.5); the rule under the head row
 * takes 6.4. */
static void test_table_grid(void)
{
	fake f;
	fake_init(&f, "| Name | Cost |\n|---|---|\n| Dam | 3 |\n"
	              "| Long pipeline work across the valley floor | 12 |");
	add_block(&f, CD_BLOCK_TABLE_ROW, "| Name", "Cost |", 0);
	add_block(&f, CD_BLOCK_TABLE_ROW, "|---", "---|", 0);
	add_block(&f, CD_BLOCK_TABLE_ROW, "| Dam", "3 |", 0);
	add_block(&f, CD_BLOCK_TABLE_ROW, "| Long", "12 |", 0);
	cdi_layout_cfg c;
	cfg_small(&c);
	cdi_layout L = {0};
	CHECK_EQ_INT(cdi_layout_article(&L, &f.r, &c, &fns), CD_OK);
	CHECK_EQ_INT(L.words.n, 12);
	if (L.words.n == 12) {
		static const char *const want[] = { "Name", "Cost", "Dam", "3", "Long", "pipeline",
		                                    "work", "across", "the", "valley", "floor", "12" };
		static const double x[] = { 100, 184, 100, 184, 100, 120, 156, 100, 128, 144, 100, 184 };
		for (size_t i = 0; i < 12; i++) {
			CHECK_STR(word(&L, i), want[i]);
			CHECK_NEAR(L.words.v[i].x, x[i], 1e-9);
			CHECK_EQ_INT(L.words.v[i].style, CDI_STYLE_GREY);
		}
		CHECK_EQ_INT(L.words.v[0].face, CDI_FACE_BOLD);
		CHECK_EQ_INT(L.words.v[1].face, CDI_FACE_BOLD);
		CHECK_EQ_INT(L.words.v[2].face, CDI_FACE_REGULAR);
		double y0 = L.words.v[0].y;
		CHECK_NEAR(L.words.v[1].y, y0, 1e-9);
		CHECK_NEAR(L.words.v[2].y, y0 - 18.4, 1e-9);
		CHECK_NEAR(L.words.v[4].y, y0 - 30.4, 1e-9);
		CHECK_NEAR(L.words.v[7].y, y0 - 42.4, 1e-9);
		CHECK_NEAR(L.words.v[10].y, y0 - 54.4, 1e-9);
		CHECK_NEAR(L.words.v[11].y, y0 - 30.4, 1e-9);
		CHECK_EQ_INT(L.words.v[5].src_start, strstr(f.r.text, "pipeline") - f.r.text);
	}
	int rules = 0;
	for (size_t i = 0; i < L.rects.n; i++)
		rules += L.rects.v[i].mark == CDI_MARK_RULE;
	CHECK_EQ_INT(rules, 1);
	cdi_layout_free(&L);

	/* Emphasis marks in a cell are not drawn; a blank line ends a table,
	 * so the second one has its own head row (bold) and columns. */
	fake_init(&f, "| **new** parks | 2 |\n\n| Head | Cost |\n|---|---|\n| x | 1 |");
	add_block(&f, CD_BLOCK_TABLE_ROW, "| **new", "2 |", 0);
	add_block(&f, CD_BLOCK_TABLE_ROW, "| Head", "Cost |", 0);
	add_block(&f, CD_BLOCK_TABLE_ROW, "|---", "---|", 0);
	add_block(&f, CD_BLOCK_TABLE_ROW, "| x |", "1 |", 0);
	cdi_layout K = {0};
	CHECK_EQ_INT(cdi_layout_article(&K, &f.r, &c, &fns), CD_OK);
	CHECK_EQ_INT(K.words.n, 7);
	if (K.words.n == 7) {
		CHECK_STR(word(&K, 0), "new");
		CHECK_EQ_INT(K.words.v[0].src_start, 4);
		CHECK_EQ_INT(K.words.v[0].face, CDI_FACE_REGULAR);   /* no |---| after it */
		/* "new parks" is 36 pt wide, so "2" sits at 100 + 36 + 8 = 144;
		 * "Head" is 16, so the second table's "Cost" is at 124. */
		CHECK_NEAR(K.words.v[2].x, 144, 1e-9);
		CHECK_STR(word(&K, 3), "Head");
		CHECK_EQ_INT(K.words.v[3].face, CDI_FACE_BOLD);
		CHECK_NEAR(K.words.v[4].x, 124, 1e-9);
	}
	cdi_layout_free(&K);

	/* A row that does not fit the rest of a shorter first page (it starts
	 * at 650: 50 pt to 600, four lines of 12) but fits a page (100 pt)
	 * goes to the next page whole. Both columns are wider than their fair
	 * share (46 pt of 92), so each gets 46: two "aaaa" a line, six lines
	 * for twelve. */
	fake_init(&f, "| aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa | "
	              "bbbbbbbbbbbbbbbbbb |");
	add_block(&f, CD_BLOCK_TABLE_ROW, "| aaaa", "bbbb |", 0);
	cdi_layout_cfg c2 = c;
	c2.first_top = 650;
	cdi_layout T = {0};
	CHECK_EQ_INT(cdi_layout_article(&T, &f.r, &c2, &fns), CD_OK);
	CHECK(T.words.n > 0);
	int low = 0;
	for (size_t i = 0; i < T.words.n; i++)
		low += T.words.v[i].page != 1 || T.words.v[i].y < c2.bottom;
	CHECK_EQ_INT(low, 0);
	cdi_layout_free(&T);

	/* 13 columns are more than a grid takes: the row is drawn as text,
	 * its bars and all. */
	fake_init(&f, "| a | b | c | d | e | f | g | h | i | j | k | l | m |");
	add_block(&f, CD_BLOCK_TABLE_ROW, "| a", "m |", 0);
	cdi_layout M = {0};
	CHECK_EQ_INT(cdi_layout_article(&M, &f.r, &c, &fns), CD_OK);
	CHECK_EQ_INT(M.words.n, 27);
	if (M.words.n == 27) {
		CHECK_STR(word(&M, 0), "|");
		CHECK_STR(word(&M, 1), "a");
	}
	cdi_layout_free(&M);
}

static void test_wrap_next(void)
{
	size_t next;
	/* 20 characters fit in 100 pt at size 10: "one two three four f"
	 * breaks after "four" (18 bytes); the next line starts at "five". */
	const char *s = "one two three four five";
	CHECK_EQ_INT(cdi_wrap_next(s, strlen(s), 100, 10, 0, &fns, &next), 18);
	CHECK_EQ_INT(next, 19);
	CHECK_EQ_INT(cdi_wrap_next(s + 19, strlen(s + 19), 100, 10, 0, &fns, &next), 4);
	CHECK_EQ_INT(next, 4);
	const char *w = "abcdefghijklmnopqrstuvwxyz";
	CHECK_EQ_INT(cdi_wrap_next(w, 26, 100, 10, 0, &fns, &next), 20);
	CHECK_EQ_INT(next, 20);
	/* No runt: "five" alone would end the paragraph, so the first line
	 * stops after "three" (13 bytes) and "four five" (9) makes the next. */
	CHECK_EQ_INT(cdi_wrap_no_runt(s, strlen(s), 100, 10, 0, &fns, &next), 13);
	CHECK_EQ_INT(next, 14);
	/* two words left: as cdi_wrap_next */
	const char *t2 = "one two three four five six";
	CHECK_EQ_INT(cdi_wrap_no_runt(t2, strlen(t2), 100, 10, 0, &fns, &next), 18);
	CHECK_EQ_INT(next, 19);
	/* a runt whose partner would not fit with it stays: "abcdefghijklmnop
	 * qrstuvwxyzab" (16 + 1 + 12 = 29 > 20) */
	const char *t3 = "ab abcdefghijklmnop qrstuvwxyzab";
	CHECK_EQ_INT(cdi_wrap_no_runt(t3, strlen(t3), 100, 10, 0, &fns, &next), 19);
	CHECK_EQ_INT(next, 20);
}

static int no_fffd(void *ctx, uint32_t cp)
{
	(void)ctx;
	return cp != 0xFFFD && cp != 0x4E2D;
}

static void test_sanitize(void)
{
	char out[128];
	const char *in = "a\tb\xC2\xAD" "c \xE2\x80\x9Cq\xE2\x80\x9D \xE2\x80\x94 de\xE2\x80\x91x caf\xC3\xA9";
	size_t n = cdi_sanitize(in, strlen(in), out, sizeof out, NULL, NULL);
	CHECK_STR(out, "a bc \xE2\x80\x9Cq\xE2\x80\x9D \xE2\x80\x94 de\xE2\x80\x91x caf\xC3\xA9");
	CHECK_EQ_INT(n, strlen(out));
	/* Emoji (above U+FFFF), an invalid byte, a lone surrogate, controls. */
	const char *bad = "x\xF0\x9F\x99\x82y\xFFz\xED\xA0\x80w\x01\x7F\xE2\x80\x8Bv";
	cdi_sanitize(bad, strlen(bad), out, sizeof out, NULL, NULL);
	CHECK_STR(out, "x\xEF\xBF\xBDy\xEF\xBF\xBDz\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDwv");
	/* A font without U+FFFD or a glyph: '?' instead. */
	const char *cjk = "a\xE4\xB8\xAD" "b\xF0\x9F\x99\x82";
	cdi_sanitize(cjk, strlen(cjk), out, sizeof out, no_fffd, NULL);
	CHECK_STR(out, "a?b?");
	/* A result cut at a code point boundary, always terminated. */
	char small[5];
	n = cdi_sanitize("\xC3\xA9\xC3\xA9\xC3\xA9", 6, small, sizeof small, NULL, NULL);
	CHECK_EQ_INT(n, 4);
	CHECK_STR(small, "\xC3\xA9\xC3\xA9");
	uint32_t cp;
	CHECK_EQ_INT(cdi_utf8_decode((const unsigned char *)"\xE2\x80\x91", 3, &cp), 3);
	CHECK_EQ_INT(cp, 0x2011);
	CHECK_EQ_INT(cdi_utf8_decode((const unsigned char *)"\xC0\xAF", 2, &cp), 1);
	CHECK_EQ_INT(cp, 0xFFFD);
}

static int inside(const cdi_chart *c, double x, double y, double w, double h)
{
	int bad = 0;
	for (size_t i = 0; i < c->items.n; i++) {
		const cdi_dl_item *it = &c->items.v[i];
		double ax = it->x, ay = it->y, bx = it->x + it->w, by = it->y + it->h;
		if (it->type == CDI_DL_TEXT)
			by = ay + it->size;
		double lo_x = ax < bx ? ax : bx, hi_x = ax < bx ? bx : ax;
		double lo_y = ay < by ? ay : by, hi_y = ay < by ? by : ay;
		if (it->type != CDI_DL_TEXT && (lo_x < x - 1e-9 || hi_x > x + w + 1e-9))
			bad++;
		if (lo_y < y - 1e-9 || hi_y > y + h + 1e-9)
			bad++;
	}
	return bad;
}

static int has_label(const cdi_chart *c, const char *s)
{
	for (size_t i = 0; i < c->items.n; i++)
		if (c->items.v[i].type == CDI_DL_TEXT && strcmp(c->items.v[i].text, s) == 0)
			return 1;
	return 0;
}

static void test_charts(void)
{
	CHECK_NEAR(cdi_nice_step(7, 4), 2, 1e-12);
	CHECK_NEAR(cdi_nice_step(23, 4), 10, 1e-12);   /* 5.75 -> 10 */
	CHECK_NEAR(cdi_nice_step(16, 4), 5, 1e-12);    /* 4 -> 5 */
	CHECK_NEAR(cdi_nice_step(0.3, 3), 0.1, 1e-12);
	CHECK_NEAR(cdi_nice_step(0, 4), 1, 1e-12);

	cdi_chart c = {0};
	size_t lengths[] = { 3, 4, 7, 21, 31, 70 };
	cdi_chart_histogram(&c, 10, 20, 200, 120, lengths, 6, 20, 30);
	CHECK(!c.failed);
	int bars = 0;
	for (size_t i = 0; i < c.items.n; i++)
		bars += c.items.v[i].type == CDI_DL_RECT;
	/* Bins 1-5 (2), 6-10, 21-25, 31-35, and 70 in the last bin "60+". */
	CHECK_EQ_INT(bars, 5);
	CHECK(has_label(&c, "60+"));
	CHECK(has_label(&c, "long > 20"));
	CHECK(has_label(&c, "very long > 30"));
	CHECK(has_label(&c, "words per sentence"));
	CHECK_EQ_INT(inside(&c, 10, 20, 200, 120), 0);
	/* The tallest bar (2 sentences) reaches the top of a 0..2 axis. */
	double tallest = 0;
	for (size_t i = 0; i < c.items.n; i++)
		if (c.items.v[i].type == CDI_DL_RECT && c.items.v[i].h > tallest)
			tallest = c.items.v[i].h;
	CHECK_NEAR(tallest, 120 - 22 - 12, 1e-9);
	cdi_chart_free(&c);

	cdi_chart_histogram(&c, 0, 0, 200, 120, NULL, 0, 20, 30);
	CHECK(has_label(&c, "no sentences counted"));
	cdi_chart_free(&c);

	const char *labels[] = { "transition", "ai" };
	double zero[] = { 0, 0 }, some[] = { 2.5, 10 };
	cdi_rgb colors[] = { cdi_ink, cdi_accent };
	cdi_chart_hbars(&c, 0, 0, 200, 100, labels, zero, colors, 2, "per 1,000 words");
	CHECK(has_label(&c, "no filler phrases found"));
	CHECK(has_label(&c, "transition"));
	cdi_chart_free(&c);
	cdi_chart_hbars(&c, 0, 0, 200, 100, labels, some, colors, 2, "per 1,000 words");
	CHECK(has_label(&c, "10.0"));
	CHECK(!has_label(&c, "no filler phrases found"));
	CHECK_EQ_INT(inside(&c, 0, 0, 200, 100), 0);
	cdi_chart_free(&c);

	double grades[] = { 8, 14.5, 19 };
	cdi_chart_paragraphs(&c, 0, 0, 300, 100, grades, 3, 12);
	CHECK(has_label(&c, "target grade 12"));
	CHECK(has_label(&c, "3"));
	CHECK_EQ_INT(inside(&c, 0, 0, 300, 100), 0);
	cdi_chart_free(&c);
	/* A grade-59 fragment among 40 paragraphs: the axis is sized for 24
	 * (its nice top is 30: no tick at 50 or 60), and the labels are every
	 * second paragraph from 2 (no "1" beside "2"). */
	double many[40];
	for (size_t i = 0; i < 40; i++)
		many[i] = i == 0 ? 59 : 10;
	cdi_chart_paragraphs(&c, 0, 0, 300, 140, many, 40, 12);
	CHECK(has_label(&c, "20"));
	CHECK(!has_label(&c, "50") && !has_label(&c, "60"));
	CHECK(has_label(&c, "2") && has_label(&c, "40") && !has_label(&c, "1"));
	CHECK_EQ_INT(inside(&c, 0, 0, 300, 140), 0);
	cdi_chart_free(&c);

	CHECK_EQ_INT(cdi_grade_band(6), 0);
	CHECK_EQ_INT(cdi_grade_band(12), 2);
	CHECK_EQ_INT(cdi_grade_band(12.1), 3);
	CHECK_EQ_INT(cdi_grade_band(19.4), 4);
	const char *name;
	CHECK_EQ_INT(cdi_fre_band(65, &name), 1);
	CHECK_STR(name, "standard");
	CHECK_EQ_INT(cdi_fre_band(-16, &name), 4);
	CHECK_STR(name, "very confusing");
	CHECK_EQ_INT(cdi_score_band("poor"), 3);
}

CD_TEST_MAIN(TEST(test_line_breaking), TEST(test_markdown_marks), TEST(test_markdown_links), TEST(test_blockquote), TEST(test_links_in_words), TEST(test_widows_and_orphans), TEST(test_widow_moves_paragraph), TEST(test_table_grid), TEST(test_margins_and_pages), TEST(test_highlights), TEST(test_sentence_bars_meet),
             TEST(test_block_kinds), TEST(test_wrap_next), TEST(test_sanitize), TEST(test_charts))
