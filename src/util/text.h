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

/* At text[k] == ']': the end (past its ')') of a Markdown link target
 * "](target)" that follows, the target without space or bracket and with
 * its parentheses balanced, looked for before limit; 0 when there is
 * none. A scan stops at the next bracket, so scans from every ']' of a
 * text read each byte about once. */
static inline size_t cdi_md_target_end(const char *text, size_t k, size_t limit)
{
	if (k + 2 >= limit || text[k] != ']' || text[k + 1] != '(')
		return 0;
	int depth = 0;
	for (size_t j = k + 2; j < limit; j++) {
		char c = text[j];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
		    c == '[' || c == ']')
			return 0;
		if (c == '(')
			depth++;
		else if (c == ')' && depth-- == 0)
			return j > k + 2 ? j + 1 : 0;
	}
	return 0;
}

/* At text[p] == '[': 1 when a Markdown link "[text](target)" opens there
 * (text without brackets) and ends before limit; sets *close to its ']'
 * and *end past its ')'. */
static inline int cdi_md_link_at(const char *text, size_t p, size_t limit, size_t *close,
                                 size_t *end)
{
	if (p >= limit || text[p] != '[')
		return 0;
	size_t k = p + 1;
	while (k < limit && text[k] != ']' && text[k] != '[')
		k++;
	size_t e = k < limit ? cdi_md_target_end(text, k, limit) : 0;
	if (!e)
		return 0;
	*close = k;
	*end = e;
	return 1;
}

/* Markdown link syntax at text[k], links looked for before limit: the end
 * of what a reader does not see there ('!' and '[' opening a link,
 * "](target)" closing one; emphasis marks right after an opening '['), or
 * k when text[k] is seen. */
static inline size_t cdi_md_syntax_end(const char *text, size_t k, size_t limit)
{
	size_t close, end, e = k;
	if (text[k] == '!' && k + 1 < limit && cdi_md_link_at(text, k + 1, limit, &close, &end))
		e = k + 2;
	else if (text[k] == '[' && cdi_md_link_at(text, k, limit, &close, &end))
		e = k + 1;
	else if (text[k] == ']' && (end = cdi_md_target_end(text, k, limit)) != 0)
		return end;
	if (e > k)
		while (e < limit && (text[e] == '*' || text[e] == '_'))
			e++;   /* "[**Bold**](...)" */
	return e;
}

#endif
