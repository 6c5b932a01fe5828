/*
 * fuzz_check.h - what the analyzer harness checks on every input, shared
 * by fuzz/fuzz_analyze.c (which aborts on a broken promise, so libFuzzer
 * saves the input) and tests/test_regress.c (which replays the saved
 * inputs of tests/data/regress/ and counts each promise as a check).
 *
 * cd_fuzz_check analyzes the text with the options (fuzz_options.h
 * decodes them from the input's first bytes), writes the article as JSON
 * (cd_article_json) and as a CSV row (cd_csv_row), and checks what
 * copydesk.h promises: errors only for NUL bytes or an input over
 * max_bytes; offsets inside the text, findings in text order; valid UTF-8
 * in the text, words, messages and phrases; finite figures; a quality
 * between 0 and 100; no filler counted in a category turned off; a JSON
 * object on one line that parses; a CSV row with as many fields as the
 * header. Crashes, leaks and sanitizer reports are caught by the
 * sanitizers around it.
 */
#ifndef CD_FUZZ_CHECK_H
#define CD_FUZZ_CHECK_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "copydesk.h"
#include "output/csv.h"

/* Returns "LINE: the condition" from the function when cond is false. */
#define CD_FUZZ_STR2(x) #x
#define CD_FUZZ_STR(x) CD_FUZZ_STR2(x)
#define REQUIRE(cond) do { \
	if (!(cond)) \
		return "fuzz_check.h:" CD_FUZZ_STR(__LINE__) ": " #cond; \
} while (0)

/* The phrase book fuzz_options.h may choose: the built-in entries and a
 * user phrase file as copydesk.ini's extra_files would add, which changes
 * built-in entries' weight and category, and adds hyphenated, apostrophe,
 * non-ASCII and long phrases. */
static const char extra_phrases[] =
	"[transition]\n"
	"moreover | 3 | -\n"
	"on the other hand | 1 | but\n"
	"[hedge]\n"
	"it's worth noting | 2 | -\n"
	"some say | 0.5\n"
	"[cliche]\n"
	"state-of-the-art | 1.5 | new\n"
	"caf\xc3\xa9 society | 1\n"
	"a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a | 3 | -\n"
	"[ai]\n"
	"delve into | 3 | explore\n"
	"in today\xe2\x80\x99s world\n"
	"[wordy]\n"
	"the the | 1 | the\n"
	"u.s. government | 0.5 | government\n"
	"[closing]\n"
	"in conclusion | 0.5 | -\n"
	"[boilerplate]\n"
	"click here | 2 | -\n";

static const cd_phrasebook *cd_fuzz_extra_book(void)
{
	static cd_phrasebook *book;
	static int tried;
	if (!tried) {
		tried = 1;
		size_t bad = 0;
		if (cd_phrasebook_new(&book) != CD_OK ||
		    cd_phrasebook_add(book, extra_phrases, sizeof extra_phrases - 1, &bad) != CD_OK) {
			fprintf(stderr, "fuzz_check.h: the extra phrase book failed (line %zu)\n", bad);
			abort();
		}
	}
	return book;
}

/* ---- UTF-8 and JSON ------------------------------------------------------ */

/* The length of the valid UTF-8 sequence at s[0, n), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	unsigned min;
	if (c < 0x80)
		return 1;
	else if (c >= 0xc2 && c <= 0xdf)
		len = 2, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, min = 0x10000;
	else
		return 0;
	if (n < len)
		return 0;
	unsigned cp = c & (0x3f >> (len - 1));
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

static int valid_utf8(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		size_t l = utf8_seq(u + i, n - i);
		if (!l)
			return 0;
		i += l;
	}
	return 1;
}

typedef struct { const char *p, *end; int depth; } json_in;

static void json_ws(json_in *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static int json_lit(json_in *j, const char *w)
{
	size_t n = strlen(w);
	if ((size_t)(j->end - j->p) < n || memcmp(j->p, w, n) != 0)
		return 0;
	j->p += n;
	return 1;
}

static int json_string(json_in *j)
{
	if (j->p >= j->end || *j->p != '"')
		return 0;
	j->p++;
	while (j->p < j->end) {
		unsigned char c = (unsigned char)*j->p;
		if (c == '"') {
			j->p++;
			return 1;
		}
		if (c < 0x20)
			return 0;
		if (c == '\\') {
			if (++j->p >= j->end)
				return 0;
			char e = *j->p++;
			if (e == 'u') {
				for (int i = 0; i < 4; i++, j->p++)
					if (j->p >= j->end || !strchr("0123456789abcdefABCDEF", *j->p) || !*j->p)
						return 0;
			} else if (!strchr("\"\\/bfnrt", e) || !e) {
				return 0;
			}
			continue;
		}
		size_t l = utf8_seq((const unsigned char *)j->p, (size_t)(j->end - j->p));
		if (!l)
			return 0;
		j->p += l;
	}
	return 0;
}

static int json_digits(json_in *j)
{
	const char *s = j->p;
	while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
		j->p++;
	return j->p > s;
}

static int json_number(json_in *j)
{
	if (j->p < j->end && *j->p == '-')
		j->p++;
	if (j->p < j->end && *j->p == '0')
		j->p++;
	else if (!json_digits(j))
		return 0;
	if (j->p < j->end && *j->p == '.') {
		j->p++;
		if (!json_digits(j))
			return 0;
	}
	if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
		j->p++;
		if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
			j->p++;
		if (!json_digits(j))
			return 0;
	}
	return 1;
}

static int json_value(json_in *j);

static int json_members(json_in *j, char close, int object)
{
	j->p++;
	json_ws(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		return 1;
	}
	for (;;) {
		if (object) {
			json_ws(j);
			if (!json_string(j))
				return 0;
			json_ws(j);
			if (j->p >= j->end || *j->p++ != ':')
				return 0;
		}
		if (!json_value(j))
			return 0;
		json_ws(j);
		if (j->p >= j->end)
			return 0;
		char c = *j->p++;
		if (c == close)
			return 1;
		if (c != ',')
			return 0;
	}
}

static int json_value(json_in *j)
{
	json_ws(j);
	if (j->p >= j->end || ++j->depth > 64)
		return 0;
	int ok;
	switch (*j->p) {
	case '{': ok = json_members(j, '}', 1); break;
	case '[': ok = json_members(j, ']', 0); break;
	case '"': ok = json_string(j); break;
	case 't': ok = json_lit(j, "true"); break;
	case 'f': ok = json_lit(j, "false"); break;
	case 'n': ok = json_lit(j, "null"); break;
	default: ok = json_number(j); break;
	}
	j->depth--;
	return ok;
}

/* One JSON object on one line, nothing after it. */
static int json_object_line(const char *s)
{
	json_in j = { s, s + strlen(s), 0 };
	if (j.p >= j.end || *j.p != '{' || !json_value(&j))
		return 0;
	return j.p == j.end && !memchr(s, '\n', strlen(s));
}

/* ---- CSV ----------------------------------------------------------------- */

/* The fields of one RFC 4180 record ending in "\n" at s[0, n) with nothing
 * after it, or -1 when it is not one. */
static long csv_fields(const char *s, size_t n)
{
	long fields = 1;
	int quoted = 0, at_start = 1;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (quoted) {
			if (c == '"') {
				if (i + 1 < n && s[i + 1] == '"')
					i++;
				else
					quoted = 0;
			}
			continue;
		}
		if (c == '"') {
			if (!at_start)
				return -1;
			quoted = 1;
			at_start = 0;
		} else if (c == ',') {
			fields++;
			at_start = 1;
		} else if (c == '\n') {
			return i == n - 1 ? fields : -1;
		} else if (c == '\r') {
			return -1;
		} else {
			at_start = 0;
		}
	}
	return -1;
}

static long csv_header_fields(void)
{
	static long n;
	if (!n) {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		if (!f)
			return -2;
		cd_csv_header(f);
		fclose(f);
		n = csv_fields(buf, len);
		free(buf);
	}
	return n;
}

/* ---- what copydesk.h promises --------------------------------------------- */

/* NULL when r keeps the promises of copydesk.h, else the broken one. */
static const char *cd_fuzz_check_result(const cd_result *r, const cd_options *opt)
{
	REQUIRE(r->text && r->text[r->text_len] == '\0');
	REQUIRE(strlen(r->text) == r->text_len);
	REQUIRE(valid_utf8(r->text, r->text_len));
	REQUIRE(r->title && valid_utf8(r->title, strlen(r->title)));

	for (size_t i = 0; i < r->n_blocks; i++) {
		const cd_block *b = &r->blocks[i];
		REQUIRE((unsigned)b->kind < CD_BLOCK_KIND_COUNT && cd_block_kind_name(b->kind));
		REQUIRE(b->start <= b->end && b->end <= r->text_len);
		REQUIRE(b->first_sentence + b->n_sentences <= r->n_sentences);
		REQUIRE(b->first_word + b->n_words <= r->n_words);
		REQUIRE(isfinite(b->grade) && isfinite(b->reading_ease));
	}
	for (size_t i = 0; i < r->n_sentences; i++) {
		const cd_sentence *s = &r->sentences[i];
		REQUIRE(s->start <= s->end && s->end <= r->text_len);
		REQUIRE(s->block < r->n_blocks);
		REQUIRE(s->first_word + s->n_words <= r->n_words);
		REQUIRE(isfinite(s->grade));
	}
	for (size_t i = 0; i < r->n_words; i++) {
		const cd_word *w = &r->words[i];
		REQUIRE(w->start < w->end && w->end <= r->text_len);
		REQUIRE(i == 0 || r->words[i - 1].end <= w->start);
		REQUIRE(r->folded[i] && valid_utf8(r->folded[i], strlen(r->folded[i])));
	}
	size_t prev = 0;
	for (size_t i = 0; i < r->n_findings; i++) {
		const cd_finding *f = &r->findings[i];
		REQUIRE((unsigned)f->kind < CD_FIND_KIND_COUNT && cd_finding_kind_name(f->kind));
		REQUIRE(f->start <= f->end && f->end <= r->text_len);
		REQUIRE(f->start >= prev);
		prev = f->start;
		if (f->kind == CD_FIND_FILLER)
			REQUIRE(cd_category_name(f->category) && opt->category_enabled[f->category]);
		else
			REQUIRE(f->category == -1);
		REQUIRE(f->message && valid_utf8(f->message, strlen(f->message)));
	}
	const cd_repetition *rp = &r->repetition;
	for (size_t i = 0; i < rp->n_phrases; i++) {
		const cd_repeat *p = &rp->phrases[i];
		REQUIRE(p->phrase && valid_utf8(p->phrase, strlen(p->phrase)));
		REQUIRE(p->count >= 2 && p->n_words >= opt->ngram_min);
		for (size_t k = 0; k < p->count; k++)
			REQUIRE(p->starts[k] < r->text_len && (k == 0 || p->starts[k - 1] < p->starts[k]));
	}
	for (size_t i = 0; i < rp->n_near_duplicates; i++) {
		const cd_near_duplicate *d = &rp->near_duplicates[i];
		REQUIRE(d->first < d->second && d->second < r->n_sentences);
		REQUIRE(d->similarity >= 0 && d->similarity <= 1);
	}
	for (size_t i = 0; i < rp->n_same_root; i++) {
		const cd_span *s = &rp->same_root[i];
		REQUIRE(s->text && s->start <= s->end && s->end <= r->text_len);
	}
	for (size_t i = 0; i < rp->n_runs; i++)
		REQUIRE(rp->runs[i].length >= 3 && rp->runs[i].start <= r->text_len);
	REQUIRE(isfinite(rp->ttr) && isfinite(rp->mattr) && isfinite(rp->mtld));
	REQUIRE(isfinite(rp->repeated_word_share) && isfinite(rp->transition_opener_share));

	const cd_readability *rd = &r->readability;
	const double figures[] = {
		rd->flesch_reading_ease, rd->flesch_kincaid_grade, rd->gunning_fog, rd->smog,
		rd->coleman_liau, rd->ari, rd->lix, rd->rix, rd->linsear_write, rd->consensus_grade,
		r->sentence_stats.mean_words, r->sentence_stats.median_words,
		r->sentence_stats.long_share, r->fillers.per_1000_words,
		r->fillers.weighted_per_1000_words
	};
	for (size_t i = 0; i < sizeof figures / sizeof figures[0]; i++)
		REQUIRE(isfinite(figures[i]));

	size_t fill = 0;
	for (int c = 0; c < CD_CAT_COUNT; c++) {
		fill += r->fillers.count[c];
		REQUIRE(opt->category_enabled[c] || r->fillers.count[c] == 0);
	}
	REQUIRE(fill == r->fillers.total);

	REQUIRE(r->score.quality >= 0 && r->score.quality <= 100);
	REQUIRE(r->score.band);
	for (size_t i = 0; i < r->score.n_deductions; i++) {
		const cd_deduction *d = &r->score.deductions[i];
		REQUIRE(d->key && d->reason && d->points > 0);
	}
	for (size_t i = 0; i < r->n_warnings; i++)
		REQUIRE(r->warnings[i] && valid_utf8(r->warnings[i], strlen(r->warnings[i])));
	return NULL;
}

/* Analyzes text[0, size) with opt and checks every promise: NULL when
 * all are kept, else "fuzz_check.h:LINE: the broken one". */
static const char *cd_fuzz_check(const cd_options *opt, const uint8_t *text, size_t size)
{
	cd_article *a = NULL;
	int err = cd_analyze(&a, (const char *)text, size, opt);
	if (err != CD_OK) {
		REQUIRE(a == NULL);
		REQUIRE(err == CD_EBINARY || err == CD_ETOOBIG);
		REQUIRE(err != CD_ETOOBIG || size > opt->max_bytes);
		REQUIRE(err != CD_EBINARY || memchr(text, 0, size));
		return NULL;
	}
	const char *bad = NULL;
	char *json = NULL, *csv = NULL;
	size_t csv_len = 0;
	FILE *f = NULL;
	const cd_result *r = cd_article_result(a);
	const char *path = "fuzz/\"dir\"\\a,b.txt";
#define CHECK_OR_OUT(cond) do { if (!(cond) && !bad) { \
		bad = "fuzz_check.h:" CD_FUZZ_STR(__LINE__) ": " #cond; goto out; } } while (0)
	CHECK_OR_OUT(size <= opt->max_bytes && !memchr(text, 0, size));
	if ((bad = cd_fuzz_check_result(r, opt)) != NULL)
		goto out;
	json = cd_article_json(a, path);
	CHECK_OR_OUT(json && json_object_line(json));
	f = open_memstream(&csv, &csv_len);
	CHECK_OR_OUT(f);
	cd_csv_row(f, path, r);
	int closed = fclose(f);
	CHECK_OR_OUT(closed == 0);
	CHECK_OR_OUT(csv_header_fields() > 1 && csv_fields(csv, csv_len) == csv_header_fields());
#undef CHECK_OR_OUT
out:
	free(json);
	free(csv);
	cd_article_free(a);
	return bad;
}

#undef REQUIRE
#endif
