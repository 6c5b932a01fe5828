/*
 * article.c - cd_analyze: runs the stages of internal.h in order and
 * hands out the result; findings and warnings are gathered here.
 */
#include "analyzer/internal.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *cd_strerror(int err)
{
	switch (err) {
	case CD_OK: return "no error";
	case CD_ENOMEM: return "out of memory";
	case CD_EBINARY: return "binary file (NUL bytes), not text";
	case CD_ETOOBIG: return "file over the size limit";
	case CD_EINVAL: return "invalid argument";
	case CD_EIO: return "input/output error";
	default: return "unknown error";
	}
}

static const char *const block_kind_names[CD_BLOCK_KIND_COUNT] = {
	"prose", "heading", "list_item", "table_row", "boilerplate", "code"
};

const char *cd_block_kind_name(int kind)
{
	return kind >= 0 && kind < CD_BLOCK_KIND_COUNT ? block_kind_names[kind] : NULL;
}

static const char *const finding_kind_names[CD_FIND_KIND_COUNT] = {
	"filler", "repeated_phrase", "transition_opener", "same_opener", "same_root",
	"near_duplicate", "doubled_word", "spacing", "lowercase_start", "article",
	"passive", "adverb", "long_sentence", "very_long_sentence", "long_paragraph"
};

const char *cd_finding_kind_name(int kind)
{
	return kind >= 0 && kind < CD_FIND_KIND_COUNT ? finding_kind_names[kind] : NULL;
}

static const char *const category_names[CD_CAT_COUNT] = {
	"transition", "hedge", "intensifier", "cliche", "ai", "wordy", "closing",
	"boilerplate"
};

const char *cd_category_name(int category)
{
	return category >= 0 && category < CD_CAT_COUNT ? category_names[category] : NULL;
}

int cd_category_from_name(const char *name)
{
	for (int i = 0; name && i < CD_CAT_COUNT; i++)
		if (strcmp(name, category_names[i]) == 0)
			return i;
	return -1;
}

void cd_options_init(cd_options *opt)
{
	memset(opt, 0, sizeof *opt);
	opt->ngram_min = 2;
	opt->ngram_max = 8;
	opt->long_sentence = 20;       /* Cutts, Oxford Guide to Plain English: 15-20 words on average */
	opt->very_long_sentence = 30;  /* the same guide: few sentences over 30 words */
	opt->long_paragraph = 150;     /* news style: paragraphs of a few sentences */
	opt->same_root_window = 4;
	opt->mattr_window = 50;        /* Covington & McFall (2010) use 50-word windows */
	opt->near_duplicate = 0.6;
	opt->max_bytes = 64u * 1024u * 1024u;
	for (int i = 0; i < CD_CAT_COUNT; i++)
		opt->category_enabled[i] = 1;
	opt->fillers_in_quotes = 1;
	opt->phrasebook = NULL;
	opt->target_filler_per_1000 = 4.0;
	opt->target_grade = 12.0;
	opt->target_transition_share = 0.15;
	opt->target_long_share = 0.25;
	opt->target_repeated_share = 0.05;
	opt->target_passive_share = 0.15;
	opt->weight_filler = 25;
	opt->weight_grade = 15;
	opt->weight_transitions = 15;
	opt->weight_long_sentences = 10;
	opt->weight_repetition = 15;
	opt->weight_mechanics = 15;
	opt->weight_passive = 5;
	opt->weight_openers = 10;
}

int cdi_format_fast(char *out, size_t cap, const char *fmt, va_list ap)
{
	size_t n = 0;
#define EMIT(p, len) do { \
		size_t l_ = (len); \
		if (n < cap) \
			memcpy(out + n, (p), n + l_ < cap ? l_ : cap - n); \
		n += l_; \
	} while (0)
	for (const char *f = fmt; *f;) {
		const char *pct = strchr(f, '%');
		if (!pct) {
			EMIT(f, strlen(f));
			break;
		}
		EMIT(f, (size_t)(pct - f));
		f = pct + 1;
		char num[24];
		size_t i = sizeof num;
		unsigned long long v;
		int neg = 0;
		if (f[0] == 's') {
			const char *str = va_arg(ap, const char *);
			if (!str)
				return -1;
			EMIT(str, strlen(str));
			f += 1;
			continue;
		} else if (f[0] == '.' && f[1] == '*' && f[2] == 's') {
			int len = va_arg(ap, int);
			const char *str = va_arg(ap, const char *);
			if (!str)
				return -1;
			EMIT(str, len < 0 ? strlen(str) : strnlen(str, (size_t)len));
			f += 3;
			continue;
		} else if (f[0] == '%') {
			EMIT("%", 1);
			f += 1;
			continue;
		} else if (f[0] == 'z' && f[1] == 'u') {
			v = va_arg(ap, size_t);
			f += 2;
		} else if (f[0] == 'u') {
			v = va_arg(ap, unsigned);
			f += 1;
		} else if (f[0] == 'd') {
			int d = va_arg(ap, int);
			neg = d < 0;
			v = neg ? 0ull - (unsigned long long)d : (unsigned long long)d;
			f += 1;
		} else if (f[0] == '.' && f[1] == '0' && f[2] == 'f') {
			double d = va_arg(ap, double);
			/* printf rounds the exact value half to even, as nearbyint
			 * does in the default rounding mode. */
			if (!(fabs(d) < 1e18))
				return -1;
			double r = nearbyint(d);
			neg = signbit(d) != 0;
			v = (unsigned long long)fabs(r);
			f += 3;
		} else {
			return -1;
		}
		do {
			num[--i] = (char)('0' + v % 10);
			v /= 10;
		} while (v);
		if (neg)
			num[--i] = '-';
		EMIT(num + i, sizeof num - i);
	}
#undef EMIT
	if (cap)
		out[n < cap ? n : cap - 1] = '\0';
	return n > INT_MAX ? -1 : (int)n;
}

/* A message of at most 511 bytes in the arena. A longer one (a repeated
 * phrase of 32 long words) is cut at a character, never inside a UTF-8
 * sequence, and ends in "...". NULL on no memory. */
static const char *message(cd_article *a, const char *fmt, va_list ap)
{
	char buf[512];
	va_list copy;
	va_copy(copy, ap);
	int n = cdi_format_fast(buf, sizeof buf, fmt, copy);
	va_end(copy);
	if (n < 0)
		n = vsnprintf(buf, sizeof buf, fmt, ap);
	size_t len = n < 0 ? 0 : strlen(buf);
	if (n >= 0 && (size_t)n >= sizeof buf) {
		len = sizeof buf - 4;
		while (len > 0 && ((unsigned char)buf[len] & 0xC0) == 0x80)
			len--;
		memcpy(buf + len, "...", 3);
		len += 3;
	}
	return cdi_arena_strndup(&a->arena, buf, len);
}

int cdi_add_finding(cd_article *a, cd_finding_kind kind, int category,
                    size_t start, size_t end, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *msg = message(a, fmt, ap);
	va_end(ap);
	cd_finding f = { kind, category, start, end, msg };
	if (!f.message || CDI_VEC_PUSH(&a->findings, f) != 0)
		return CD_ENOMEM;
	return CD_OK;
}

int cdi_own(cd_article *a, void *p)
{
	if (!p)
		return CD_OK;
	if (CDI_VEC_PUSH(&a->owned, p) != 0) {
		free(p);
		return CD_ENOMEM;
	}
	return CD_OK;
}

int cdi_warn(cd_article *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *w = message(a, fmt, ap);
	va_end(ap);
	if (!w || CDI_VEC_PUSH(&a->warnings, w) != 0)
		return CD_ENOMEM;
	return CD_OK;
}

static int finding_cmp(const void *x, const void *y)
{
	const cd_finding *p = x, *q = y;
	if (p->start != q->start)
		return p->start < q->start ? -1 : 1;
	if (p->end != q->end)
		return p->end > q->end ? -1 : 1;   /* longer first */
	if (p->kind != q->kind)
		return p->kind < q->kind ? -1 : 1;
	return p->category < q->category ? -1 : p->category > q->category;
}

/* Sorts v[0, n) by finding_cmp, stably. Each stage adds its findings in
 * text order, so v is a few long ascending runs: a natural merge sort
 * merges them in about n log(runs) steps where qsort takes n log n.
 * Returns -1 on no memory. */
static int sort_findings(cd_finding *v, size_t n)
{
	cd_finding *tmp = malloc(n * sizeof *tmp);
	if (!tmp)
		return -1;
	cd_finding *src = v, *dst = tmp;
	for (;;) {
		size_t runs = 0;
		for (size_t lo = 0; lo < n;) {
			size_t mid = lo + 1;
			while (mid < n && finding_cmp(&src[mid - 1], &src[mid]) <= 0)
				mid++;
			size_t hi = mid;
			while (hi < n && (hi == mid || finding_cmp(&src[hi - 1], &src[hi]) <= 0))
				hi++;
			/* merge [lo, mid) and [mid, hi); ties from the left run */
			size_t i = lo, j = mid, o = lo;
			while (i < mid && j < hi)
				dst[o++] = finding_cmp(&src[j], &src[i]) < 0 ? src[j++] : src[i++];
			while (i < mid)
				dst[o++] = src[i++];
			while (j < hi)
				dst[o++] = src[j++];
			runs++;
			lo = hi;
		}
		cd_finding *t = src;
		src = dst;
		dst = t;
		if (runs <= 1)
			break;
	}
	if (src != v)
		memcpy(v, src, n * sizeof *v);
	free(tmp);
	return 0;
}

int cd_analyze(cd_article **out, const char *bytes, size_t len, const cd_options *opt)
{
	*out = NULL;
	cd_article *a = calloc(1, sizeof *a);
	if (!a)
		return CD_ENOMEM;
	cdi_arena_init(&a->arena);
	cdi_strmap_init(&a->forms, &a->arena);
	if (opt)
		a->opt = *opt;
	else
		cd_options_init(&a->opt);

	int err;
	if (len > a->opt.max_bytes) {
		err = CD_ETOOBIG;
		goto cleanup;
	}
	if ((err = cdi_text_normalize(a, bytes, len)) != CD_OK ||
	    (err = cdi_segment(a)) != CD_OK ||
	    (err = cdi_readability(a)) != CD_OK ||
	    (err = cdi_phrases(a)) != CD_OK ||
	    (err = cdi_repetition(a)) != CD_OK ||
	    (err = cdi_mechanics(a)) != CD_OK ||
	    (err = cdi_score(a)) != CD_OK)
		goto cleanup;

	/* Findings in text order, moved into the arena with the rest. */
	if (a->findings.n && sort_findings(a->findings.v, a->findings.n) != 0) {
		err = CD_ENOMEM;
		goto cleanup;
	}
	cd_finding *f = cdi_arena_calloc(&a->arena, a->findings.n, sizeof *f);
	const char **w = cdi_arena_calloc(&a->arena, a->warnings.n, sizeof *w);
	if (!f || !w) {
		err = CD_ENOMEM;
		goto cleanup;
	}
	if (a->findings.n)
		memcpy(f, a->findings.v, a->findings.n * sizeof *f);
	if (a->warnings.n)
		memcpy(w, a->warnings.v, a->warnings.n * sizeof *w);
	a->r.findings = f;
	a->r.n_findings = a->findings.n;
	a->r.warnings = w;
	a->r.n_warnings = a->warnings.n;
	free(a->findings.v);
	free(a->warnings.v);
	a->findings.v = NULL;
	a->warnings.v = NULL;
	cdi_strmap_free(&a->forms);
	*out = a;
	return CD_OK;

cleanup:
	cd_article_free(a);
	return err;
}

const cd_result *cd_article_result(const cd_article *article)
{
	return article ? &article->r : NULL;
}

void cd_article_free(cd_article *a)
{
	if (!a)
		return;
	free(a->findings.v);
	free(a->warnings.v);
	for (size_t i = 0; i < a->owned.n; i++)
		free(a->owned.v[i]);
	free(a->owned.v);
	cdi_strmap_free(&a->forms);
	cdi_arena_free(&a->arena);
	free(a);
}
