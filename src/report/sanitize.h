/*
 * sanitize.h - makes any UTF-8 text safe to hand to libharu.
 *
 * libharu mangles invalid UTF-8, turns code points above U+FFFF into
 * spaces and prints TAB and soft hyphen as boxes (DESIGN.md). Every string
 * the report draws goes through cdi_sanitize first: the result is valid
 * UTF-8 holding only BMP code points the font can draw, so what the font
 * lacks shows as a visible replacement instead of vanishing.
 */
#ifndef CD_REPORT_SANITIZE_H
#define CD_REPORT_SANITIZE_H

#include <stddef.h>
#include <stdint.h>

/* 1 when the font has a glyph for code point cp (cp <= 0xFFFF). */
typedef int (*cdi_glyph_fn)(void *ctx, uint32_t cp);

/* Writes a sanitized copy of s[0, len) to out (cap bytes, always
 * NUL-terminated when cap > 0) and returns its length in bytes. Rules:
 *   - TAB, LF, CR, U+2028/U+2029 become one space each;
 *   - the soft hyphen, other C0/C1 controls, DEL, zero-width and bidi
 *     control characters and U+FEFF are removed;
 *   - an invalid UTF-8 sequence, a surrogate, a code point above U+FFFF,
 *     and a code point the font lacks (has_glyph, when not NULL, says 0)
 *     become U+FFFD when the font has it, else '?'.
 * out needs at most 3 * len + 1 bytes (CDI_SANITIZE_CAP). A result that
 * does not fit is cut at a code point boundary. */
size_t cdi_sanitize(const char *s, size_t len, char *out, size_t cap,
                    cdi_glyph_fn has_glyph, void *ctx);

#define CDI_SANITIZE_CAP(len) (3 * (len) + 1)

/* Decodes one UTF-8 code point at s[0, len): its value in *cp and its
 * length (1..4) as the return value; an invalid sequence gives
 * *cp = 0xFFFD and length 1. len must be > 0. */
size_t cdi_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

#endif
