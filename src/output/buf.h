/*
 * buf.h - a growable byte buffer for building output. A failed allocation
 * makes the buffer sticky-failed: nothing grows it again (short appends
 * may still fill the room it has) and cdi_buf_finish returns NULL, so
 * writers check once at the end.
 */
#ifndef CD_OUTPUT_BUF_H
#define CD_OUTPUT_BUF_H

#include <stddef.h>
#include <stdio.h>
#include <string.h>

typedef struct cdi_buf {
	char *data;
	size_t len, cap;
	int failed;
	FILE *sink;      /* set by cdi_buf_init_sink: full buffers go there */
} cdi_buf;

void cdi_buf_init(cdi_buf *b);
/* A buffer that writes itself to f when it fills (64 KiB at a time),
 * keeping its last byte so a writer may still take back a trailing comma;
 * cdi_buf_flush writes the rest. A failed write makes it fail as a failed
 * allocation does. */
int cdi_buf_init_sink(cdi_buf *b, FILE *f);
/* Writes what a sink buffer holds and frees it: 0, or -1 when an
 * allocation or a write failed. */
int cdi_buf_flush(cdi_buf *b);
/* The slow paths of the two below: grow, then append (or fail). */
void cdi_buf_put_grow(cdi_buf *b, const char *s, size_t n);
void cdi_buf_putc_grow(cdi_buf *b, char c);

/* Appends s[0, n). Inline: JSON writers append millions of short pieces,
 * and the room is nearly always there already. */
static inline void cdi_buf_put(cdi_buf *b, const char *s, size_t n)
{
	if (b->cap - b->len > n) {
		memcpy(b->data + b->len, s, n);
		b->len += n;
	} else {
		cdi_buf_put_grow(b, s, n);
	}
}

static inline void cdi_buf_putc(cdi_buf *b, char c)
{
	if (b->cap - b->len > 1)
		b->data[b->len++] = c;
	else
		cdi_buf_putc_grow(b, c);
}

/* A string literal, its length known at compile time. */
#define CDI_BUF_LIT(b, lit) cdi_buf_put((b), "" lit, sizeof(lit) - 1)

void cdi_buf_puts(cdi_buf *b, const char *s);
void cdi_buf_printf(cdi_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* v in decimal, as printf's %zu (without printf: JSON writes millions). */
void cdi_buf_uint(cdi_buf *b, size_t v);
/* r, a multiple of 0.0001 as round(v * 1e4) / 1e4 gives, exactly as
 * printf's %.10g prints it, when 0 < |r| < 1e5 (then the ten digits hold
 * every decimal): 0 done, -1 otherwise (nothing written). */
int cdi_buf_fixed4(cdi_buf *b, double r);
/* s[0, n) as a JSON string with quotes; s is valid UTF-8. */
void cdi_buf_json_string(cdi_buf *b, const char *s, size_t n);
/* The NUL-terminated contents (caller frees), or NULL after a failure. */
char *cdi_buf_finish(cdi_buf *b);

#endif
