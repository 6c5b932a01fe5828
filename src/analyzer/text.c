/*
 * text.c - from file bytes to the text every other stage reads.
 *
 * Input policy, the text half (README "Input policy"; the file half, what
 * is refused before a file is read - missing, unreadable, not a regular
 * file, over [analysis] max_bytes, a path over PATH_MAX, link loops - is
 * enforced in src/cli/files.c). Here:
 *   - A NUL byte anywhere: the file is binary and refused (CD_EBINARY; the
 *     command line skips it with "binary file (NUL bytes), not text;
 *     skipped", exit 3). UTF-16 text holds NULs and is refused too.
 *   - A UTF-8 byte order mark at the start is dropped.
 *   - CRLF and lone CR become LF; form feed and vertical tab become LF.
 *   - Every byte that does not start a valid UTF-8 sequence (overlongs,
 *     surrogates, truncated sequences, bytes over U+10FFFF) becomes U+FFFD,
 *     one replacement per bad byte; the number is kept in
 *     r.invalid_sequences and turned into one warning.
 *   - Other C0 controls and DEL become a space; TAB stays.
 *   - Soft hyphen (U+00AD), zero-width space/joiners (U+200B..U+200D) and
 *     a BOM inside the text (U+FEFF) are removed: they are invisible and
 *     would split words.
 *   - An empty text is valid here: every figure comes out zero and
 *     readability.c adds the warning "no prose: readability figures are
 *     zero" (never NaN).
 *   - HTML left in the text by a scraper or a model is read as a browser
 *     shows it: a character reference (&amp; &nbsp; &#39; &#x2014; and
 *     the named ones below) becomes its character, a known tag in lower
 *     case is removed (<b>, <a href="...">, <!-- comments -->; an opening
 *     tag only with its closing tag after it, or br, hr, img), a block tag
 *     (<p>, <br>, <div>...) becomes a line end, <h2> a "## " heading line,
 *     <li> a "- " list item, a table row a pipe row ("| a | b |"). A
 *     formatting tag (b, i, em...) takes no attributes, others only
 *     name=value ones, so "if a<b and c>d" is prose. Markdown code
 *     (`spans`, ``` fences) is left as written, and so is anything else
 *     with '<' or '&' ("<10%", "AT&T", "<I> is the input"). A reference to
 *     an invisible character (&#8203;) is removed, as the character itself
 *     is. One warning counts what was read so.
 *   - The result is NFC (utf8proc). Only stretches holding non-ASCII
 *     characters are passed to utf8proc, with the ASCII character before
 *     them as a possible base: ASCII text is already NFC.
 * Offsets everywhere else in copydesk are byte offsets into this text.
 */
#include "analyzer/internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

typedef CDI_VEC(char) charbuf;

static int put(charbuf *b, const char *s, size_t n)
{
	while (b->cap - b->n < n)
		if (cdi_vec_grow((void **)&b->v, &b->cap, b->cap, 1) != 0)
			return -1;
	memcpy(b->v + b->n, s, n);
	b->n += n;
	return 0;
}

static int put_cp(charbuf *b, int32_t cp)
{
	utf8proc_uint8_t tmp[4];
	utf8proc_ssize_t n = utf8proc_encode_char(cp, tmp);
	return put(b, (const char *)tmp, (size_t)n);
}

/* NFC of b->v[from .. b->n), in place at the end of b. */
static int compose_tail(charbuf *b, size_t from)
{
	utf8proc_uint8_t *nfc = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)b->v + from,
	                                  (utf8proc_ssize_t)(b->n - from), &nfc,
	                                  UTF8PROC_COMPOSE | UTF8PROC_STABLE);
	if (n < 0)
		return n == UTF8PROC_ERROR_NOMEM ? -1 : 0;   /* already valid: keep as is */
	b->n = from;
	int rc = put(b, (const char *)nfc, (size_t)n);
	free(nfc);
	return rc;
}

/* ---- HTML left in the text --------------------------------------------- */

static const struct { const char *name; int32_t cp; } named_refs[] = {
	{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' }, { "apos", '\'' },
	{ "nbsp", 0x00A0 }, { "ndash", 0x2013 }, { "mdash", 0x2014 }, { "hellip", 0x2026 },
	{ "lsquo", 0x2018 }, { "rsquo", 0x2019 }, { "ldquo", 0x201C }, { "rdquo", 0x201D },
	{ "laquo", 0x00AB }, { "raquo", 0x00BB }, { "copy", 0x00A9 }, { "reg", 0x00AE },
	{ "trade", 0x2122 }, { "deg", 0x00B0 }, { "euro", 0x20AC }, { "pound", 0x00A3 },
	{ "cent", 0x00A2 }, { "yen", 0x00A5 }, { "times", 0x00D7 }, { "middot", 0x00B7 },
	{ "bull", 0x2022 }, { "shy", 0x00AD }, { "thinsp", 0x2009 }, { "eacute", 0x00E9 },
};

/* A character reference at p[i] == '&' ("&amp;", "&#39;", "&#x2014;"):
 * its code point in *cp and its length, or 0. A reference to a control
 * character, a surrogate or past U+10FFFF is not one. */
static size_t char_ref(const unsigned char *p, size_t i, size_t len, int32_t *cp)
{
	size_t j = i + 1, max = i + 12 < len ? i + 12 : len;
	if (j < max && p[j] == '#') {
		int hex = j + 1 < max && (p[j + 1] == 'x' || p[j + 1] == 'X');
		size_t k = j + 1 + (size_t)hex;
		int32_t v = 0;
		size_t digits = 0;
		for (; k < max && digits < 7; k++, digits++) {
			int d = p[k] >= '0' && p[k] <= '9' ? p[k] - '0' :
			        hex && (p[k] | 0x20) >= 'a' && (p[k] | 0x20) <= 'f' ? (p[k] | 0x20) - 'a' + 10 : -1;
			if (d < 0)
				break;
			v = v * (hex ? 16 : 10) + d;
		}
		if (!digits || k >= max || p[k] != ';' || v > 0x10FFFF || v < 0x20 ||
		    (v >= 0x7F && v < 0xA0) || (v >= 0xD800 && v < 0xE000))
			return 0;
		*cp = v;
		return k + 1 - i;
	}
	size_t k = j;
	while (k < max && ((p[k] >= 'a' && p[k] <= 'z') || (p[k] >= 'A' && p[k] <= 'Z')))
		k++;
	if (k == j || k >= max || p[k] != ';')
		return 0;
	for (size_t e = 0; e < sizeof named_refs / sizeof named_refs[0]; e++)
		if (strlen(named_refs[e].name) == k - j &&
		    memcmp(named_refs[e].name, p + j, k - j) == 0) {
			*cp = named_refs[e].cp;
			return k + 1 - i;
		}
	return 0;
}

/* Tags read as layout: a line end (block), a list item, a cell or the end
 * of a row of a pipe table ("<tr><td>a</td><td>b</td></tr>" reads as
 * "| a | b |", a table row), or nothing (inline; "plain" ones take no attributes, so the
 * "<b and c>" of "if a<b and c>d" is no tag). */
enum { TAG_INLINE, TAG_BLOCK, TAG_ITEM, TAG_CELL, TAG_ROW, TAG_HEAD, TAG_PLAIN };
static const struct { const char *name; unsigned char kind; } html_tags[] = {
	{ "p", TAG_BLOCK }, { "br", TAG_BLOCK }, { "div", TAG_BLOCK }, { "hr", TAG_BLOCK },
	{ "h1", TAG_HEAD }, { "h2", TAG_HEAD }, { "h3", TAG_HEAD }, { "h4", TAG_HEAD },
	{ "h5", TAG_HEAD }, { "h6", TAG_HEAD }, { "ul", TAG_BLOCK }, { "ol", TAG_BLOCK },
	{ "li", TAG_ITEM }, { "blockquote", TAG_BLOCK }, { "table", TAG_BLOCK },
	{ "tr", TAG_ROW }, { "section", TAG_BLOCK }, { "article", TAG_BLOCK },
	{ "header", TAG_BLOCK }, { "footer", TAG_BLOCK }, { "figure", TAG_BLOCK },
	{ "figcaption", TAG_BLOCK }, { "pre", TAG_BLOCK }, { "main", TAG_BLOCK },
	{ "a", TAG_INLINE }, { "b", TAG_PLAIN }, { "i", TAG_PLAIN }, { "em", TAG_PLAIN },
	{ "strong", TAG_PLAIN }, { "u", TAG_PLAIN }, { "span", TAG_INLINE },
	{ "sup", TAG_PLAIN }, { "sub", TAG_PLAIN }, { "small", TAG_PLAIN },
	{ "mark", TAG_PLAIN }, { "cite", TAG_PLAIN }, { "code", TAG_PLAIN },
	{ "img", TAG_INLINE }, { "time", TAG_INLINE }, { "abbr", TAG_INLINE },
	{ "td", TAG_CELL }, { "th", TAG_CELL }, { "tbody", TAG_INLINE },
	{ "thead", TAG_INLINE },
};

#define TAG_MAX 512        /* bytes a tag with its attributes may take */
#define COMMENT_MAX 4096   /* bytes an HTML comment may take */

#define CLOSE_LOOKAHEAD 65536   /* bytes after a tag its closing tag is looked for in */
#define N_TAGS (sizeof html_tags / sizeof html_tags[0])

/* Where the search for each tag's closing tag got to: every byte is
 * scanned once per tag name, so "<b>" a million times stays linear. */
typedef struct {
	size_t found[N_TAGS];     /* the next "</name" found, or SIZE_MAX */
	size_t scanned[N_TAGS];   /* searched up to here (found or not) */
	size_t comment_found, comment_scanned;   /* the same for "-->" */
} close_memo;

/* 1 when "</name" and then '>' or a space (tag e) start in
 * [from, from + CLOSE_LOOKAHEAD). */
static int closed_later(const unsigned char *p, size_t from, size_t len, size_t e,
                        close_memo *m)
{
	const char *name = html_tags[e].name;
	size_t nl = strlen(name);
	size_t end = from + CLOSE_LOOKAHEAD < len ? from + CLOSE_LOOKAHEAD : len;
	if (m->found[e] != SIZE_MAX && m->found[e] >= from)
		return m->found[e] < end;
	size_t k = m->scanned[e] > from ? m->scanned[e] : from;
	m->found[e] = SIZE_MAX;
	for (; k < end; k++) {
		const unsigned char *q = memchr(p + k, '<', end - k);
		if (!q)
			break;
		k = (size_t)(q - p);
		if (k + 2 + nl < len && q[1] == '/' && memcmp(q + 2, name, nl) == 0 &&
		    (q[2 + nl] == '>' || q[2 + nl] == ' ')) {
			m->found[e] = k;
			m->scanned[e] = k + 1;
			return 1;
		}
	}
	m->scanned[e] = end;
	return 0;
}

static int is_attr_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == ':' || c == '.';
}

/* From p[k] just past a tag's name: the position of its '>' when what
 * comes before it is attributes, each name=value (the value quoted, or
 * without space or quotes), with an optional '/' at the end; 0 when it is
 * anything else (words of prose: "<p and q>"). */
static size_t attributes_end(const unsigned char *p, size_t k, size_t max)
{
	for (;;) {
		while (k < max && (p[k] == ' ' || p[k] == '\t'))
			k++;
		if (k < max && p[k] == '/')
			k++;
		if (k >= max)
			return 0;
		if (p[k] == '>')
			return k;
		size_t n = k;
		while (n < max && is_attr_char(p[n]))
			n++;
		if (n == k || n >= max || p[n] != '=')
			return 0;
		k = n + 1;
		if (k < max && (p[k] == '"' || p[k] == '\'')) {
			unsigned char qc = p[k];
			size_t q = k + 1;
			while (q < max && p[q] != qc && p[q] != '\n')
				q++;
			if (q >= max || p[q] != qc)
				return 0;
			k = q + 1;
		} else {
			size_t v = k;
			while (v < max && p[v] != ' ' && p[v] != '\t' && p[v] != '>' && p[v] != '<' &&
			       p[v] != '"' && p[v] != '\'' && p[v] != '\n')
				v++;
			if (v == k)
				return 0;
			k = v;
		}
		if (k < max && p[k] != ' ' && p[k] != '\t' && p[k] != '>' && p[k] != '/')
			return 0;
	}
}

static int only_blank(const unsigned char *p, size_t a, size_t b)
{
	for (size_t k = a; k < b; k++)
		if (p[k] != ' ' && p[k] != '\t' && p[k] != '/')
			return 0;
	return 1;
}

/* A known tag (lower case) or a comment at p[i] == '<', on one line (a comment may
 * span lines): its length, and its kind in *kind; 0 when there is none. */
static size_t html_tag(const unsigned char *p, size_t i, size_t len, int *kind, close_memo *memo)
{
	size_t max = i + TAG_MAX < len ? i + TAG_MAX : len;
	if (i + 4 <= len && memcmp(p + i, "<!--", 4) == 0) {
		/* "<!-->" and "<!--->" are empty comments, as browsers read them. */
		if (i + 5 <= len && p[i + 4] == '>') {
			*kind = TAG_INLINE;
			return 5;
		}
		if (i + 6 <= len && p[i + 4] == '-' && p[i + 5] == '>') {
			*kind = TAG_INLINE;
			return 6;
		}
		/* The next "-->", remembered as closing tags are. */
		size_t from = i + 4, cmax = from + COMMENT_MAX < len ? from + COMMENT_MAX : len;
		if (memo->comment_found == SIZE_MAX || memo->comment_found < from) {
			size_t k = memo->comment_scanned > from ? memo->comment_scanned : from;
			memo->comment_found = SIZE_MAX;
			for (; k + 3 <= cmax; k++) {
				const unsigned char *q = memchr(p + k, '-', cmax - k);
				if (!q)
					break;
				k = (size_t)(q - p);
				if (k + 3 <= len && q[1] == '-' && q[2] == '>') {
					memo->comment_found = k;
					break;
				}
			}
			/* a "-->" may start in the last two bytes scanned */
			memo->comment_scanned = memo->comment_found != SIZE_MAX ? memo->comment_found + 1 :
			                        cmax >= from + 2 ? cmax - 2 : from;
		}
		if (memo->comment_found == SIZE_MAX || memo->comment_found + 3 > cmax)
			return 0;
		*kind = TAG_INLINE;
		return memo->comment_found + 3 - i;
	}
	int closing = i + 1 < max && p[i + 1] == '/';
	size_t j = i + 1 + (size_t)closing;
	size_t k = j;
	while (k < max && ((p[k] >= 'a' && p[k] <= 'z') || (k > j && p[k] >= '1' && p[k] <= '6')))
		k++;
	if (k == j || k >= max || !(p[k] == '>' || p[k] == ' ' || p[k] == '/' || p[k] == '\t'))
		return 0;
	int found = -1;
	for (size_t e = 0; e < sizeof html_tags / sizeof html_tags[0] && found < 0; e++) {
		const char *n = html_tags[e].name;
		size_t nl = strlen(n), q;
		if (nl != k - j)
			continue;
		for (q = 0; q < nl && p[j + q] == (unsigned char)n[q]; q++)
			;
		if (q == nl)
			found = (int)e;
	}
	if (found < 0)
		return 0;
	size_t e = attributes_end(p, k, max);
	if (e == 0 || (e > k && html_tags[found].kind == TAG_PLAIN && !only_blank(p, k, e)))
		return 0;
	/* An opening tag counts only with its closing tag after it ("<b>" in
	 * "<b>x</b>"), or when it has none in HTML (br, hr, img): "<i> is the
	 * index" keeps its brackets. */
	const char *name = html_tags[found].name;
	if (!closing && strcmp(name, "br") != 0 && strcmp(name, "hr") != 0 &&
	    strcmp(name, "img") != 0 && !closed_later(p, e + 1, len, (size_t)found, memo))
		return 0;
	*kind = html_tags[found].kind == TAG_PLAIN ? TAG_INLINE : html_tags[found].kind;
	if (*kind == TAG_ITEM && closing)
		*kind = TAG_INLINE;   /* </li>: the next item starts its own line */
	if (*kind == TAG_CELL && closing)
		*kind = TAG_INLINE;
	if (*kind == TAG_ROW && !closing)
		*kind = TAG_BLOCK;   /* <tr> starts a line, </tr> closes the pipe row */
	if (*kind == TAG_HEAD && closing)
		*kind = TAG_BLOCK;   /* <h2> opens a "## " line, </h2> ends it */
	return e + 1 - i;
}

/* 1 when the 8 bytes at p are all printable ASCII other than '<', '&'
 * and '`' (byte tests of Anderson's Bit Twiddling Hacks: "has a byte less
 * than", "has a zero byte" after xor, and the high bit). */
static int plain8(const unsigned char *p)
{
	const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
	uint64_t x, lt, amp, del, tick;
	memcpy(&x, p, 8);
	lt = x ^ (ones * '<');
	amp = x ^ (ones * '&');
	del = x ^ (ones * 0x7F);
	tick = x ^ (ones * '`');
	return !((x | ((x - ones * 0x20) & ~x) | ((lt - ones) & ~lt) | ((amp - ones) & ~amp) |
	          ((del - ones) & ~del) | ((tick - ones) & ~tick)) & high);
}

int cdi_text_normalize(cd_article *a, const char *bytes, size_t len)
{
	if (len && memchr(bytes, '\0', len))
		return CD_EBINARY;
	const unsigned char *p = (const unsigned char *)bytes;
	size_t i = 0;
	if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		i = 3;

	charbuf b = { 0 };
	if (cdi_vec_grow((void **)&b.v, &b.cap, 0, len + 16) != 0)
		return CD_ENOMEM;
	size_t invalid = 0, tags = 0, refs = 0;
	close_memo memo;
	for (size_t e = 0; e < N_TAGS; e++) {
		memo.found[e] = SIZE_MAX;
		memo.scanned[e] = 0;
	}
	memo.comment_found = SIZE_MAX;
	memo.comment_scanned = 0;
	size_t run = (size_t)-1;   /* start of the stretch waiting for NFC */

	int fence = 0, span = 0;   /* inside a ``` block, inside a `code span` */

	while (i < len) {
		unsigned char c = p[i];
		int32_t cp;
		size_t m;
		if (c == '&' && !fence && !span && (m = char_ref(p, i, len, &cp)) != 0) {
			refs++;
			i += m;
			if (cp >= 0x80)
				goto other;   /* a mark joins the stretch waiting for NFC */
			c = (unsigned char)cp;
		} else {
			m = 0;
		}
		if (c < 0x80) {
			if (run != (size_t)-1) {
				if (compose_tail(&b, run) != 0)
					goto nomem;
				run = (size_t)-1;
			}
			if (m) {   /* a reference to an ASCII character: as written */
				char out = (char)c;
				if (put(&b, &out, 1) != 0)
					goto nomem;
				continue;
			}
			/* Copy the ASCII stretch in one go, up to markup. */
			size_t j = i;
			while (j + 8 <= len && plain8(p + j))
				j += 8;
			while (j < len && p[j] >= 0x20 && p[j] < 0x7F && p[j] != '<' && p[j] != '&' &&
			       p[j] != '`')
				j++;
			if (j > i) {
				if (put(&b, bytes + i, j - i) != 0)
					goto nomem;
				i = j;
				continue;
			}
			int kind;
			if (c == '`') {
				/* Markdown code is left as written: a fence opens a line. */
				if (i + 3 <= len && memcmp(p + i, "```", 3) == 0 &&
				    (b.n == 0 || b.v[b.n - 1] == '\n')) {
					fence = !fence;
					span = 0;
					if (put(&b, "```", 3) != 0)
						goto nomem;
					i += 3;
					continue;
				}
				if (!fence)
					span = !span;
			}
			if (c == '<' && !fence && !span && (m = html_tag(p, i, len, &kind, &memo)) != 0) {
				tags++;
				i += m;
				if (kind == TAG_BLOCK && put(&b, "\n", 1) != 0)
					goto nomem;
				if (kind == TAG_ITEM && put(&b, "\n- ", 3) != 0)
					goto nomem;
				if (kind == TAG_CELL && put(&b, " | ", 3) != 0)
					goto nomem;
				if (kind == TAG_HEAD && (put(&b, "\n", 1) != 0 ||
				                         put(&b, "######", (size_t)(p[i - m + 2] - '0')) != 0 ||
				                         put(&b, " ", 1) != 0))
					goto nomem;
				if (kind == TAG_ROW && put(&b, " |", 2) != 0)
					goto nomem;
				continue;
			}
			if (c == '<' || c == '&' || c == '`') {
				if (put(&b, bytes + i, 1) != 0)
					goto nomem;
				i++;
				continue;
			}
			char out = (char)c;
			if (c == '\r') {
				out = '\n';
				if (i + 1 < len && p[i + 1] == '\n')
					i++;
			} else if (c == '\f' || c == '\v') {
				out = '\n';
			} else if (c != '\n' && c != '\t') {
				out = ' ';
			}
			if (out == '\n')
				span = 0;   /* a code span ends with its line */
			if (put(&b, &out, 1) != 0)
				goto nomem;
			i++;
			continue;
		}
		utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
		if (n < 0) {
			cp = 0xFFFD;
			n = 1;
			invalid++;
		}
		i += (size_t)n;
other:
		if (cp == 0x00AD || (cp >= 0x200B && cp <= 0x200D) || cp == 0xFEFF)
			continue;
		if (cp >= 0x80 && cp < 0xA0)
			cp = ' ';   /* C1 controls */
		if (run == (size_t)-1) {
			/* The ASCII character before may be a base for what follows. */
			run = b.n;
			if (run > 0 && (unsigned char)b.v[run - 1] < 0x80 && b.v[run - 1] != '\n')
				run--;
		}
		if (put_cp(&b, cp) != 0)
			goto nomem;
	}
	if (run != (size_t)-1 && compose_tail(&b, run) != 0)
		goto nomem;
	if (put(&b, "", 1) != 0)
		goto nomem;

	if (cdi_own(a, b.v) != CD_OK)
		return CD_ENOMEM;
	a->r.text = b.v;
	a->r.text_len = b.n - 1;
	a->r.invalid_sequences = invalid;
	if (invalid && cdi_warn(a, "%zu invalid UTF-8 byte%s replaced by U+FFFD",
	                        invalid, invalid == 1 ? "" : "s") != CD_OK)
		return CD_ENOMEM;
	if ((tags || refs) &&
	    cdi_warn(a, "HTML in the text, read as a browser shows it: %zu tag%s removed, "
	             "%zu character reference%s decoded", tags, tags == 1 ? "" : "s",
	             refs, refs == 1 ? "" : "s") != CD_OK)
		return CD_ENOMEM;
	return CD_OK;

nomem:
	free(b.v);
	return CD_ENOMEM;
}

const char *cd_utf8proc_version(void)
{
	return utf8proc_version();
}
