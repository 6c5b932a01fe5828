/*
 * test_textmodel.c - the text conventions of DESIGN.md as data:
 * tests/data/textmodel.txt holds inputs and the counts a person made by
 * hand; a smoke test runs every seed article when ../shared/seeds exists.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "copydesk.h"
#include "harness.h"

/* Expands \r, \n, \xHH and {BOM} into out; returns the length. */
static size_t unescape(const char *s, size_t n, char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n && s[i + 1] == 'r') {
			out[o++] = '\r';
			i++;
		} else if (s[i] == '\\' && i + 1 < n && s[i + 1] == 'n') {
			out[o++] = '\n';
			i++;
		} else if (s[i] == '\\' && i + 3 < n && s[i + 1] == 'x') {
			char hex[3] = { s[i + 2], s[i + 3], 0 };
			out[o++] = (char)strtol(hex, NULL, 16);
			i += 3;
		} else if (strncmp(s + i, "{BOM}", 5) == 0 && i + 5 <= n) {
			memcpy(out + o, "\xEF\xBB\xBF", 3);
			o += 3;
			i += 4;
		} else {
			out[o++] = s[i];
		}
	}
	return o;
}

static size_t count_glued(const cd_result *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n_words; i++)
		n += (r->words[i].flags & CD_WORD_GLUED) != 0;
	return n;
}

static void check_key(const char *name, const cd_result *r, const char *key, const char *val)
{
	static char msg[1400];
	snprintf(msg, sizeof msg, "%s: %s", name, key);
	cdt_current = msg;
	long want = strtol(val, NULL, 10);
	if (strcmp(key, "words") == 0)
		CHECK_EQ_INT(r->counts.words, want);
	else if (strcmp(key, "sentences") == 0)
		CHECK_EQ_INT(r->counts.sentences, want);
	else if (strcmp(key, "paragraphs") == 0)
		CHECK_EQ_INT(r->counts.paragraphs, want);
	else if (strcmp(key, "headings") == 0)
		CHECK_EQ_INT(r->counts.headings, want);
	else if (strcmp(key, "list_items") == 0)
		CHECK_EQ_INT(r->counts.list_items, want);
	else if (strcmp(key, "table_rows") == 0)
		CHECK_EQ_INT(r->counts.table_rows, want);
	else if (strcmp(key, "boilerplate_lines") == 0)
		CHECK_EQ_INT(r->counts.boilerplate_lines, want);
	else if (strcmp(key, "all_words") == 0)
		CHECK_EQ_INT(r->counts.all_words, want);
	else if (strcmp(key, "glued") == 0)
		CHECK_EQ_INT(count_glued(r), want);
	else if (strcmp(key, "invalid") == 0)
		CHECK_EQ_INT(r->invalid_sequences, want);
	else if (strcmp(key, "warning") == 0) {
		int found = 0;
		for (size_t w = 0; w < r->n_warnings; w++)
			found |= strcmp(r->warnings[w], val) == 0;
		if (!found)
			fprintf(stderr, "no warning '%s'\n", val);
		CHECK(found);
	} else if (strcmp(key, "title") == 0)
		CHECK_STR(r->title, val);
	else if (strcmp(key, "word") == 0 || strcmp(key, "sentence") == 0) {
		char *rest;
		long idx = strtol(val, &rest, 10);
		rest++;
		char text[1024];
		size_t tl = unescape(rest, strlen(rest), text);
		text[tl] = '\0';
		int is_word = key[0] == 'w';
		size_t n = is_word ? r->n_words : r->n_sentences;
		CHECK((size_t)idx < n);
		if ((size_t)idx < n) {
			size_t s = is_word ? r->words[idx].start : r->sentences[idx].start;
			size_t e = is_word ? r->words[idx].end : r->sentences[idx].end;
			char got[1024];
			snprintf(got, sizeof got, "%.*s", (int)(e - s), r->text + s);
			CHECK_STR(got, text);
		}
	} else {
		fprintf(stderr, "textmodel.txt: unknown key '%s'\n", key);
		CHECK(0);
	}
}

static void test_cases(void)
{
	size_t len;
	char *data = cdt_slurp("tests/data/textmodel.txt", &len);
	CHECK(data != NULL);
	if (!data)
		return;
	size_t cases = 0;
	char *p = strstr(data, "\n=== ");
	while (p) {
		p += 5;
		char *eol = strchr(p, '\n');
		char name[200];
		snprintf(name, sizeof name, "%.*s", (int)(eol - p), p);
		char *input = eol + 1;
		char *exp = strstr(input - 1, "\n--- expect\n");
		if (!exp)
			break;
		size_t in_len = exp >= input ? (size_t)(exp - input) : 0;
		char *raw = malloc(in_len + 1);
		size_t n = unescape(input, in_len, raw);
		cd_article *a = NULL;
		cdt_current = name;
		CHECK_EQ_INT(cd_analyze(&a, raw, n, NULL), CD_OK);
		char *next = strstr(exp + 1, "\n=== ");
		char *q = exp + 12;
		while (a && q && *q && q != next + 1 && (!next || q < next)) {
			char *le = strchr(q, '\n');
			size_t ll = le ? (size_t)(le - q) : strlen(q);
			if (ll && q[0] != '#') {
				char line[1024];
				snprintf(line, sizeof line, "%.*s", (int)ll, q);
				char *sp = strchr(line, ' ');
				if (sp) {
					*sp = '\0';
					check_key(name, cd_article_result(a), line, sp + 1);
				}
			}
			q = le ? le + 1 : NULL;
		}
		cd_article_free(a);
		free(raw);
		cases++;
		p = next;
	}
	cdt_current = "case count";
	CHECK(cases >= 25);
	free(data);
}

/* Every seed article analyzes, with prose, and no word or sentence spans
 * outside its block. */
static void test_seeds(void)
{
	DIR *d = opendir("../shared/seeds");
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char path[512];
		snprintf(path, sizeof path, "../shared/seeds/%s", e->d_name);
		size_t len = 0;
		char *text = cdt_slurp(path, &len);
		cd_article *a = NULL;
		cdt_current = e->d_name;
		CHECK_EQ_INT(cd_analyze(&a, text, len, NULL), CD_OK);
		const cd_result *r = cd_article_result(a);
		CHECK(r && r->counts.words > 300);
		CHECK(r && r->counts.headings >= 1);
		int inside = 1;
		for (size_t s = 0; r && s < r->n_sentences; s++) {
			const cd_block *b = &r->blocks[r->sentences[s].block];
			inside &= r->sentences[s].start >= b->start && r->sentences[s].end <= b->end;
		}
		CHECK(inside);
		cd_article_free(a);
		free(text);
	}
	closedir(d);
}

/* Every byte value (but NUL) at every position of a 24-byte line of 'a's
 * (text.c copies 8 plain bytes at a time): the text the analyzer reads
 * holds what the input policy says, worked out here byte by byte - CR, VT
 * and FF a line end, TAB and LF kept, other controls and DEL a space, a
 * lone byte of 0x80 and up U+FFFD, '<' and '&' with no markup after them
 * kept, everything else itself; and "&amp;" at every alignment read as
 * "&". */
static void test_every_byte(void)
{
	size_t wrong = 0;
	cdt_current = "every byte at every position";
	for (int b = 1; b < 256; b++) {
		for (size_t pos = 0; pos < 24; pos++) {
			char in[24], want[32];
			memset(in, 'a', sizeof in);
			in[pos] = (char)b;
			size_t n = 0;
			memcpy(want, in, pos);
			n = pos;
			if (b == '\r' || b == '\v' || b == '\f')
				want[n++] = '\n';
			else if (b == '\t' || b == '\n' || (b >= 0x20 && b < 0x7F))
				want[n++] = (char)b;
			else if (b < 0x80)
				want[n++] = ' ';
			else {
				memcpy(want + n, "\xEF\xBF\xBD", 3);
				n += 3;
			}
			memcpy(want + n, in + pos + 1, 23 - pos);
			n += 23 - pos;
			cd_article *a = NULL;
			if (cd_analyze(&a, in, sizeof in, NULL) != CD_OK) {
				wrong++;
				continue;
			}
			const cd_result *r = cd_article_result(a);
			if (r->text_len != n || memcmp(r->text, want, n) != 0)
				wrong++;
			cd_article_free(a);
		}
	}
	/* "&amp;" at every alignment is found and decoded to "&" */
	for (size_t pos = 0; pos + 5 <= 24; pos++) {
		char in[24], want[24];
		memset(in, 'a', sizeof in);
		memcpy(in + pos, "&amp;", 5);
		memcpy(want, in, pos);
		want[pos] = '&';
		memcpy(want + pos + 1, in + pos + 5, 24 - pos - 5);
		cd_article *a = NULL;
		if (cd_analyze(&a, in, sizeof in, NULL) != CD_OK) {
			wrong++;
			continue;
		}
		const cd_result *r = cd_article_result(a);
		if (r->text_len != 20 || memcmp(r->text, want, 20) != 0)
			wrong++;
		cd_article_free(a);
	}
	CHECK_EQ_INT(wrong, 0);
}

/* Word folding works 8 bytes at a time on ASCII: every letter and digit
 * at every position of a 20-letter word folds to lower case, and a
 * non-ASCII letter at any position (É) folds too. */
static void test_fold_every_position(void)
{
	size_t wrong = 0;
	cdt_current = "folding at every position";
	static const char extra[] = "0123456789";
	for (size_t pos = 0; pos < 20; pos++) {
		for (int k = 0; k < 26 + 26 + 10 + 1; k++) {
			char in[64], want[32], word[32];
			const size_t wl = 20;
			memset(word, 'q', 20);
			memset(want, 'q', 20);
			if (k < 26) {
				word[pos] = (char)('A' + k);
				want[pos] = (char)('a' + k);
			} else if (k < 52) {
				word[pos] = want[pos] = (char)('a' + k - 26);
			} else if (k < 62) {
				word[pos] = want[pos] = extra[k - 52];
			} else {
				if (pos > 18)
					continue;   /* É takes two bytes */
				memcpy(word + pos, "\xC3\x89", 2);    /* É */
				memcpy(want + pos, "\xC3\xA9", 2);    /* é */
				memcpy(word + pos + 2, "qqqqqqqqqqqqqqqqqqqq", 18 - pos);
				memcpy(want + pos + 2, "qqqqqqqqqqqqqqqqqqqq", 18 - pos);
			}
			int n = snprintf(in, sizeof in, "See %.*s now.", (int)wl, word);
			cd_article *a = NULL;
			if (cd_analyze(&a, in, (size_t)n, NULL) != CD_OK) {
				wrong++;
				continue;
			}
			const cd_result *r = cd_article_result(a);
			if (r->n_words != 3 || strlen(r->folded[1]) != wl ||
			    memcmp(r->folded[1], want, wl) != 0)
				wrong++;
			cd_article_free(a);
		}
	}
	CHECK_EQ_INT(wrong, 0);
}

CD_TEST_MAIN(TEST(test_every_byte), TEST(test_fold_every_position), TEST(test_cases), TEST(test_seeds))
