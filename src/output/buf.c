/* buf.c - see buf.h. */
#include "output/buf.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cdi_buf_init(cdi_buf *b)
{
	memset(b, 0, sizeof *b);
}

#define SINK_CHUNK 65536

int cdi_buf_init_sink(cdi_buf *b, FILE *f)
{
	memset(b, 0, sizeof *b);
	b->data = malloc(SINK_CHUNK);
	if (!b->data)
		return -1;
	b->cap = SINK_CHUNK;
	b->sink = f;
	return 0;
}

/* Writes all but the last byte to the sink. */
static void drain(cdi_buf *b)
{
	if (b->len < 2)
		return;
	size_t n = b->len - 1;
	if (fwrite(b->data, 1, n, b->sink) != n) {
		b->failed = 1;
		return;
	}
	b->data[0] = b->data[n];
	b->len = 1;
}

int cdi_buf_flush(cdi_buf *b)
{
	int rc = b->failed ? -1 : 0;
	if (!b->failed && b->len && fwrite(b->data, 1, b->len, b->sink) != b->len)
		rc = -1;
	free(b->data);
	memset(b, 0, sizeof *b);
	return rc;
}

static int reserve(cdi_buf *b, size_t n)
{
	if (b->failed)
		return -1;
	if (b->cap - b->len > n)
		return 0;
	if (b->sink) {
		drain(b);
		if (b->failed)
			return -1;
		if (b->cap - b->len > n)
			return 0;
	}
	size_t cap = b->cap ? b->cap : 256;
	while (cap - b->len <= n) {
		if (cap > ((size_t)-1) / 2) {
			b->failed = 1;
			return -1;
		}
		cap *= 2;
	}
	char *p = realloc(b->data, cap);
	if (!p) {
		b->failed = 1;
		return -1;
	}
	b->data = p;
	b->cap = cap;
	return 0;
}

void cdi_buf_put_grow(cdi_buf *b, const char *s, size_t n)
{
	if (reserve(b, n) == 0) {
		memcpy(b->data + b->len, s, n);
		b->len += n;
	}
}

void cdi_buf_puts(cdi_buf *b, const char *s)
{
	cdi_buf_put(b, s, strlen(s));
}

void cdi_buf_putc_grow(cdi_buf *b, char c)
{
	if (reserve(b, 1) == 0)
		b->data[b->len++] = c;
}

void cdi_buf_printf(cdi_buf *b, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof tmp) {
		cdi_buf_put(b, tmp, (size_t)n);
		return;
	}
	if (reserve(b, (size_t)n + 1) != 0)
		return;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void cdi_buf_uint(cdi_buf *b, size_t v)
{
	char d[24];
	size_t i = sizeof d;
	do {
		d[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	cdi_buf_put(b, d + i, sizeof d - i);
}

int cdi_buf_fixed4(cdi_buf *b, double r)
{
	if (!(r > -1e5 && r < 1e5) || r == 0)
		return -1;   /* out of range, or 0 (%g keeps the sign of -0) */
	long long k = llround(r * 10000.0);
	char d[32];
	size_t i = sizeof d;
	unsigned long long u = k < 0 ? 0ull - (unsigned long long)k : (unsigned long long)k;
	unsigned frac = (unsigned)(u % 10000);
	u /= 10000;
	if (frac) {
		int digits = 4;
		while (frac % 10 == 0) {   /* no trailing zeros, as %g */
			frac /= 10;
			digits--;
		}
		while (digits-- > 0) {
			d[--i] = (char)('0' + frac % 10);
			frac /= 10;
		}
		d[--i] = '.';
	}
	do {
		d[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (k < 0)
		d[--i] = '-';
	cdi_buf_put(b, d + i, sizeof d - i);
	return 0;
}

/* 1 when none of the 8 bytes at p needs escaping in JSON: no byte below
 * 0x20, no '"', no '\\' (the exact "has a byte less than / equal to"
 * tests of Anderson's Bit Twiddling Hacks, 8 bytes at a time). */
static int json_plain8(const char *p)
{
	const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
	uint64_t x, q, e;
	memcpy(&x, p, 8);
	q = x ^ (ones * '"');
	e = x ^ (ones * '\\');
	return !((((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((e - ones) & ~e)) & high);
}

void cdi_buf_json_string(cdi_buf *b, const char *s, size_t n)
{
	cdi_buf_putc(b, '"');
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		while (i + 8 <= n && json_plain8(s + i))
			i += 8;
		if (i >= n)
			break;
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		cdi_buf_put(b, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"': cdi_buf_puts(b, "\\\""); break;
		case '\\': cdi_buf_puts(b, "\\\\"); break;
		case '\n': cdi_buf_puts(b, "\\n"); break;
		case '\t': cdi_buf_puts(b, "\\t"); break;
		default: cdi_buf_printf(b, "\\u%04x", c); break;
		}
	}
	cdi_buf_put(b, s + run, n - run);
	cdi_buf_putc(b, '"');
}

char *cdi_buf_finish(cdi_buf *b)
{
	cdi_buf_putc(b, '\0');
	if (b->failed) {
		free(b->data);
		b->data = NULL;
		return NULL;
	}
	char *p = b->data;
	b->data = NULL;
	return p;
}
