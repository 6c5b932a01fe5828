/*
 * chars.h - code point classes for the segmenter and the tokenizer.
 *
 * ASCII is answered from a table; anything else asks utf8proc. Text reaching
 * these functions is valid UTF-8 (text.c repaired it).
 */
#ifndef CD_ANALYZER_CHARS_H
#define CD_ANALYZER_CHARS_H

#include <stddef.h>
#include <stdint.h>
#include <utf8proc.h>

/* Decodes the code point at s[i] (i < n); returns its length in bytes. */
static inline size_t cdi_decode(const char *s, size_t n, size_t i, int32_t *cp)
{
	unsigned char c = (unsigned char)s[i];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	utf8proc_ssize_t len = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
	                                        (utf8proc_ssize_t)(n - i), cp);
	if (len < 1) {
		*cp = 0xFFFD;
		return 1;
	}
	return (size_t)len;
}

/* The start of the code point that ends just before s[i] (i > 0). */
/* 1 when a[0, n) and b[0, n) are the same but for ASCII case. */
static inline int cdi_ascii_ieq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
		if (x >= 'A' && x <= 'Z')
			x += 32;
		if (y >= 'A' && y <= 'Z')
			y += 32;
		if (x != y)
			return 0;
	}
	return 1;
}

static inline size_t cdi_prev_start(const char *s, size_t i)
{
	do
		i--;
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80);
	return i;
}

/* Letters, digits and combining marks make words. */
static inline int cdi_is_word(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
	if (cp == 0xFFFD)
		return 0;
	utf8proc_category_t c = utf8proc_category(cp);
	return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO);
}

/* A combining mark (accents, variation selectors): part of the word before
 * it, never a word by itself. */
static inline int cdi_is_mark(int32_t cp)
{
	if (cp < 0x300)
		return 0;
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC || c == UTF8PROC_CATEGORY_ME;
}

static inline int cdi_is_digit(int32_t cp)
{
	if (cp < 0x80)
		return cp >= '0' && cp <= '9';
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_ND;
}

static inline int cdi_is_letter(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
	utf8proc_category_t c = utf8proc_category(cp);
	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

static inline int cdi_is_upper(int32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z';
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

static inline int cdi_is_lower(int32_t cp)
{
	if (cp < 0x80)
		return cp >= 'a' && cp <= 'z';
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

/* Spaces and tabs (not line feeds): ASCII space, TAB, no-break space and
 * the other Unicode space separators. */
static inline int cdi_is_space(int32_t cp)
{
	if (cp < 0x80)
		return cp == ' ' || cp == '\t';
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

/* ' and the right single quote / modifier apostrophe. */
static inline int cdi_is_apostrophe(int32_t cp)
{
	return cp == '\'' || cp == 0x2019 || cp == 0x02BC;
}

/* - and the Unicode hyphen / non-breaking hyphen. */
static inline int cdi_is_hyphen(int32_t cp)
{
	return cp == '-' || cp == 0x2010 || cp == 0x2011;
}

/* Closing quotes and brackets that may follow a sentence's end. */
static inline int cdi_is_closer(int32_t cp)
{
	return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == '}' ||
	       cp == 0x2019 || cp == 0x201D || cp == 0x00BB || cp == 0x203A;
}

/* An emoji or another pictograph, with the marks that join and shape
 * them (zero-width joiner, variation selectors, skin tones: Sk). */
static inline int cdi_is_pictograph(int32_t cp)
{
	if (cp < 0x80)
		return 0;
	if (cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F))
		return 1;
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_SO || c == UTF8PROC_CATEGORY_SK;
}

/* Opening quotes and brackets that may come before a sentence's first word. */
static inline int cdi_is_opener(int32_t cp)
{
	return cp == '"' || cp == '\'' || cp == '(' || cp == '[' || cp == '{' ||
	       cp == 0x2018 || cp == 0x201C || cp == 0x00AB || cp == 0x2039;
}

/* Sentence-ending punctuation: . ! ? and the ellipsis. */
static inline int cdi_is_terminal(int32_t cp)
{
	return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 || cp == 0x203D;
}

#endif
