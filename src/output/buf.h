/*
 * buf.h - a growable byte buffer for building output. A failed allocation
 * makes the buffer sticky-failed: later calls do nothing and
 * cdi_buf_finish returns NULL, so writers check once at the end.
 */
#ifndef CD_OUTPUT_BUF_H
#define CD_OUTPUT_BUF_H

#include <stddef.h>

typedef struct cdi_buf {
	char *data;
	size_t len, cap;
	int failed;
} cdi_buf;

void cdi_buf_init(cdi_buf *b);
void cdi_buf_put(cdi_buf *b, const char *s, size_t n);
void cdi_buf_puts(cdi_buf *b, const char *s);
void cdi_buf_putc(cdi_buf *b, char c);
void cdi_buf_printf(cdi_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* v in decimal, as printf's %zu (without printf: JSON writes millions). */
void cdi_buf_uint(cdi_buf *b, size_t v);
/* s[0, n) as a JSON string with quotes; s is valid UTF-8. */
void cdi_buf_json_string(cdi_buf *b, const char *s, size_t n);
/* The NUL-terminated contents (caller frees), or NULL after a failure. */
char *cdi_buf_finish(cdi_buf *b);

#endif
