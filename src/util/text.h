/*
 * text.h - small questions about the bytes of a text, shared by the
 * analyzer and the report.
 */
#ifndef CDI_UTIL_TEXT_H
#define CDI_UTIL_TEXT_H

#include <stddef.h>

/* 1 when text[from, to) holds a blank line: two line ends with only
 * spaces between (what separates one list or table from the next). */
static inline int cdi_has_blank_line(const char *text, size_t from, size_t to)
{
	int ends = 0;
	for (size_t k = from; k < to; k++) {
		if (text[k] == '\n') {
			if (++ends == 2)
				return 1;
		} else if (text[k] != ' ' && text[k] != '\t' && text[k] != '\r') {
			ends = 0;
		}
	}
	return 0;
}

#endif
