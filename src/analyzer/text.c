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
 *   - The result is NFC (utf8proc). Only stretches holding non-ASCII
 *     characters are passed to utf8proc, with the ASCII character before
 *     them as a possible base: ASCII text is already NFC.
 * Offsets everywhere else in copydesk are byte offsets into this text.
 */
#include "analyzer/internal.h"

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
	size_t invalid = 0;
	size_t run = (size_t)-1;   /* start of the stretch waiting for NFC */

	while (i < len) {
		unsigned char c = p[i];
		if (c < 0x80) {
			if (run != (size_t)-1) {
				if (compose_tail(&b, run) != 0)
					goto nomem;
				run = (size_t)-1;
			}
			/* Copy the ASCII stretch in one go. */
			size_t j = i;
			while (j < len && p[j] >= 0x20 && p[j] < 0x7F)
				j++;
			if (j > i) {
				if (put(&b, bytes + i, j - i) != 0)
					goto nomem;
				i = j;
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
			if (put(&b, &out, 1) != 0)
				goto nomem;
			i++;
			continue;
		}
		int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
		if (n < 0) {
			cp = 0xFFFD;
			n = 1;
			invalid++;
		}
		i += (size_t)n;
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
	return CD_OK;

nomem:
	free(b.v);
	return CD_ENOMEM;
}

const char *cd_utf8proc_version(void)
{
	return utf8proc_version();
}
