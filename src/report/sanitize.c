/*
 * sanitize.c - valid, printable, BMP-only UTF-8 for libharu (see sanitize.h).
 */
#include "report/sanitize.h"

size_t cdi_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	unsigned c = s[0];
	size_t n;
	uint32_t v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2; v = c & 0x1F; min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3; v = c & 0x0F; min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4; v = c & 0x07; min = 0x10000;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	if (len < n) {
		*cp = 0xFFFD;
		return 1;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = v;
	return n;
}

static size_t encode(uint32_t cp, char *o)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	o[0] = (char)(0xE0 | (cp >> 12));
	o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[2] = (char)(0x80 | (cp & 0x3F));
	return 3;
}

/* Characters that take no room and have no business in print. */
static int invisible(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0xAD ||
	       (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x206F) ||
	       cp == 0xFEFF || (cp >= 0xFE00 && cp <= 0xFE0F);
}

size_t cdi_sanitize(const char *s, size_t len, char *out, size_t cap,
                    cdi_glyph_fn has_glyph, void *ctx)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0, i = 0;
	if (cap == 0)
		return 0;
	/* U+FFFD when the font has it, else '?' (DejaVu Sans has it). */
	uint32_t repl = !has_glyph || has_glyph(ctx, 0xFFFD) ? 0xFFFD : '?';
	while (i < len) {
		uint32_t cp;
		size_t n = cdi_utf8_decode(p + i, len - i, &cp);
		i += n;
		if (cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029)
			cp = ' ';
		else if (invisible(cp))
			continue;
		else if (cp > 0xFFFF)
			cp = repl;
		else if (cp >= 0x80 && cp != 0xFFFD && has_glyph && !has_glyph(ctx, cp))
			cp = repl;
		else if (cp == 0xFFFD)
			cp = repl;
		char b[3];
		size_t k = encode(cp, b);
		if (o + k + 1 > cap)
			break;
		for (size_t j = 0; j < k; j++)
			out[o++] = b[j];
	}
	out[o] = '\0';
	return o;
}
