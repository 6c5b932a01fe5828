/*
 * test_buf.c - the output buffer: JSON string escaping (which skips 8 plain
 * bytes at a time) against a plain byte-by-byte escaper written here, for
 * every byte value at every position of strings up to 24 bytes; hand-worked
 * escapes; whole numbers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "copydesk.h"
#include "harness.h"
#include "output/buf.h"

/* The JSON escape of s[0..n), one byte at a time (RFC 8259, section 7). */
static size_t slow_escape(char *out, const unsigned char *s, size_t n)
{
	size_t o = 0;
	out[o++] = '"';
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];
		if (c == '"') {
			out[o++] = '\\';
			out[o++] = '"';
		} else if (c == '\\') {
			out[o++] = '\\';
			out[o++] = '\\';
		} else if (c == '\n') {
			out[o++] = '\\';
			out[o++] = 'n';
		} else if (c == '\t') {
			out[o++] = '\\';
			out[o++] = 't';
		} else if (c < 0x20) {
			o += (size_t)sprintf(out + o, "\\u%04x", c);
		} else {
			out[o++] = (char)c;
		}
	}
	out[o++] = '"';
	out[o] = '\0';
	return o;
}

static char *escape(const char *s, size_t n)
{
	cdi_buf b;
	cdi_buf_init(&b);
	cdi_buf_json_string(&b, s, n);
	return cdi_buf_finish(&b);
}

/* Every byte value at every position, with plain bytes around it that
 * are ASCII or UTF-8 continuation-range bytes (0x80 and up never need an
 * escape), and strings with two special bytes. */
static void test_every_byte(void)
{
	unsigned char s[24];
	char want[24 * 6 + 3];
	size_t wrong = 0, tried = 0;
	static const unsigned char fill[] = { 'a', 0xC3, 0x7F, ' ', 0x21, 0x5D, 0xFF };
	for (size_t f = 0; f < sizeof fill; f++)
		for (size_t n = 1; n <= sizeof s; n++)
			for (size_t at = 0; at < n; at++)
				for (unsigned c = 0; c < 256; c++) {
					memset(s, fill[f], n);
					s[at] = (unsigned char)c;
					if (c % 3 == 0 && n > 9)
						s[(at + 9) % n] = '"';   /* a second one, 9 bytes on */
					slow_escape(want, s, n);
					char *got = escape((const char *)s, n);
					tried++;
					wrong += !got || strcmp(got, want) != 0;
					free(got);
				}
	CHECK_EQ_INT(tried, 7 * 300 * 256);
	CHECK_EQ_INT(wrong, 0);
}

static void test_by_hand(void)
{
	static const struct { const char *in; size_t n; const char *want; } cases[] = {
		{ "", 0, "\"\"" },
		{ "say \"hi\"", 8, "\"say \\\"hi\\\"\"" },
		{ "a\\b\tc\nd", 7, "\"a\\\\b\\tc\\nd\"" },
		/* a control byte after 16 plain ones: the fast path stops before it */
		{ "0123456789abcdef\x01z", 18, "\"0123456789abcdef\\u0001z\"" },
		/* a NUL inside the given length is escaped too */
		{ "ab\0cd", 5, "\"ab\\u0000cd\"" },
		{ "caf\xC3\xA9 \xE2\x80\x94 ok", 12, "\"caf\xC3\xA9 \xE2\x80\x94 ok\"" },
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		char *g = escape(cases[k].in, cases[k].n);
		CHECK_STR(g, cases[k].want);
		free(g);
	}
}

static void test_uint(void)
{
	cdi_buf b;
	cdi_buf_init(&b);
	cdi_buf_uint(&b, 0);
	cdi_buf_putc(&b, ' ');
	cdi_buf_uint(&b, 7);
	cdi_buf_putc(&b, ' ');
	cdi_buf_uint(&b, 1234567890);
	cdi_buf_putc(&b, ' ');
	cdi_buf_uint(&b, 18446744073709551615ull);
	char *g = cdi_buf_finish(&b);
	CHECK_STR(g, "0 7 1234567890 18446744073709551615");
	free(g);
}

/* The bytes of f from its start, NUL-terminated (caller frees). */
static char *read_back(FILE *f, size_t *n)
{
	fflush(f);
	long end = ftell(f);
	char *s = malloc((size_t)end + 1);
	rewind(f);
	*n = s ? fread(s, 1, (size_t)end, f) : 0;
	if (s)
		s[*n] = '\0';
	return s;
}

/* A sink buffer keeps its last byte when it writes a full chunk, so a
 * trailing comma taken back right at the 64 KiB boundary is really gone:
 * 65,534 'a' and ',' fill the chunk, the next byte drains all but the
 * comma, the comma is taken back and '}' follows. */
static void test_sink_boundary(void)
{
	FILE *f = tmpfile();
	CHECK(f != NULL);
	if (!f)
		return;
	cdi_buf b;
	CHECK_EQ_INT(cdi_buf_init_sink(&b, f), 0);
	for (int k = 0; k < 65534; k++)
		cdi_buf_putc(&b, 'a');
	cdi_buf_putc(&b, ',');
	cdi_buf_putc(&b, 'x');   /* no room: drains 65,534 bytes */
	CHECK_EQ_INT(b.len, 2);
	b.len--;                 /* take back the 'x' */
	if (b.data[b.len - 1] == ',')
		b.len--;             /* and the comma, as json.c's close_ does */
	cdi_buf_putc(&b, '}');
	CHECK_EQ_INT(cdi_buf_flush(&b), 0);
	size_t n;
	char *got = read_back(f, &n);
	CHECK_EQ_INT(n, 65535);
	CHECK(got && got[65533] == 'a' && got[65534] == '}');
	free(got);
	fclose(f);
}

/* cd_article_json_write gives cd_article_json's line and a newline, for
 * an article whose JSON is several chunks long (600 sentences). */
static void test_json_write(void)
{
	size_t cap = 600 * 64, n = 0;
	char *text = malloc(cap);
	for (int k = 0; k < 600; k++)
		n += (size_t)snprintf(text + n, cap - n, "Moreover, the council met on day %d and it was "
		                      "indeed crucial. ", k);
	cd_article *a = NULL;
	CHECK_EQ_INT(cd_analyze(&a, text, n, NULL), CD_OK);
	FILE *f = tmpfile();
	if (a && f) {
		char *want = cd_article_json(a, "x.txt");
		CHECK(want && strlen(want) > 3 * 65536);
		CHECK_EQ_INT(cd_article_json_write(a, "x.txt", f), 0);
		size_t got_n;
		char *got = read_back(f, &got_n);
		CHECK(want && got && got_n == strlen(want) + 1 && memcmp(got, want, got_n - 1) == 0 &&
		      got[got_n - 1] == '\n');
		free(got);
		free(want);
	}
	if (f)
		fclose(f);
	cd_article_free(a);
	free(text);
}

/* cdi_buf_fixed4 against snprintf's %.10g: every multiple of 0.0001 with
 * |r| < 2 (every fraction, both signs), a million spread up to 1e5, and
 * the edges; by hand, 2.5 is "2.5" and 0.0001 is "0.0001". */
static int fixed4_same(double r)
{
	char want[64];
	snprintf(want, sizeof want, "%.10g", r);
	cdi_buf b;
	cdi_buf_init(&b);
	int rc = cdi_buf_fixed4(&b, r);
	char *got = cdi_buf_finish(&b);
	int same = rc == 0 && got && strcmp(got, want) == 0;
	free(got);
	return same;
}

static void test_fixed4(void)
{
	size_t wrong = 0;
	for (long k = -20000; k <= 20000; k++)
		if (k != 0)
			wrong += !fixed4_same(round((double)k) / 10000.0);
	unsigned long long x = 88172645463325252ull;
	for (int n = 0; n < 1000000; n++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		long long k = (long long)(x % 1999999999ull) - 999999999;
		if (k != 0)
			wrong += !fixed4_same(round((double)k * 1.0) / 10000.0);
	}
	static const double edges[] = { 99999.9999, -99999.9999, 0.0001, -0.0001, 12345.6789, 1.1 };
	for (size_t e = 0; e < sizeof edges / sizeof edges[0]; e++)
		wrong += !fixed4_same(round(edges[e] * 10000.0) / 10000.0);
	CHECK_EQ_INT(wrong, 0);
	cdi_buf b;
	cdi_buf_init(&b);
	CHECK_EQ_INT(cdi_buf_fixed4(&b, 2.5), 0);
	cdi_buf_putc(&b, ' ');
	CHECK_EQ_INT(cdi_buf_fixed4(&b, 0.0001), 0);
	CHECK_EQ_INT(cdi_buf_fixed4(&b, 1e5), -1);
	CHECK_EQ_INT(cdi_buf_fixed4(&b, 0.0), -1);
	char *g = cdi_buf_finish(&b);
	CHECK_STR(g, "2.5 0.0001");
	free(g);
}

CD_TEST_MAIN(TEST(test_fixed4), TEST(test_every_byte), TEST(test_by_hand), TEST(test_uint), TEST(test_sink_boundary),
             TEST(test_json_write))
