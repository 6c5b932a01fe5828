/*
 * json.c - one JSON object per article (DESIGN.md, "JSON Lines"); every key
 * is always present. Numbers are printed with %.6g-style precision that
 * round-trips the figures tools compare (4 decimals for ratios).
 */
#include "copydesk.h"
#include "output/buf.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Keys are string literals: each goes out as one piece, '"key":', its
 * length known at compile time (a report of a long article writes
 * hundreds of thousands of them). */
#define KQ(k) "\"" k "\":"
#define key(b, k) CDI_BUF_LIT(b, KQ(k))
#define num(b, k, v) num_(b, KQ(k), sizeof KQ(k) - 1, v)
#define uint_(b, k, v) uint__(b, KQ(k), sizeof KQ(k) - 1, v)
#define str(b, k, s) str_(b, KQ(k), sizeof KQ(k) - 1, s)
#define strn(b, k, s, n) strn_(b, KQ(k), sizeof KQ(k) - 1, s, n)

static void num_(cdi_buf *b, const char *kq, size_t kn, double v)
{
	cdi_buf_put(b, kq, kn);
	if (!isfinite(v))
		v = 0;
	/* Round to 4 decimals; print integers without a fraction. */
	double r = round(v * 10000.0) / 10000.0;
	if (r == 0)
		r = 0;   /* no -0 */
	if (r >= 0 && r < 1e9 && r == (double)(size_t)r) {
		/* what %.10g prints for a whole number below 1e10, faster */
		cdi_buf_uint(b, (size_t)r);
		cdi_buf_putc(b, ',');
		return;
	}
	if (cdi_buf_fixed4(b, r) == 0)
		cdi_buf_putc(b, ',');
	else
		cdi_buf_printf(b, "%.10g,", r);
}

static void uint__(cdi_buf *b, const char *kq, size_t kn, size_t v)
{
	cdi_buf_put(b, kq, kn);
	cdi_buf_uint(b, v);
	cdi_buf_putc(b, ',');
}

static void strn_(cdi_buf *b, const char *kq, size_t kn, const char *s, size_t n)
{
	cdi_buf_put(b, kq, kn);
	cdi_buf_json_string(b, s, n);
	cdi_buf_putc(b, ',');
}

static void str_(cdi_buf *b, const char *kq, size_t kn, const char *s)
{
	strn_(b, kq, kn, s, s ? strlen(s) : 0);
}

/* Replaces a trailing comma by the closing character. */
static void close_(cdi_buf *b, char c)
{
	if (b->len && b->data[b->len - 1] == ',')
		b->len--;
	cdi_buf_putc(b, c);
	cdi_buf_putc(b, ',');
}

/* The object of r for path into b (see cd_article_json). */
static void write_json(cdi_buf *b, const cd_result *r, const char *path)
{
	cdi_buf_putc(b, '{');
	str(b, "path", path ? path : "");
	str(b, "title", r->title);

	const cd_counts *c = &r->counts;
	key(b, "counts");
	cdi_buf_putc(b, '{');
	uint_(b, "words", c->words);
	uint_(b, "sentences", c->sentences);
	uint_(b, "syllables", c->syllables);
	uint_(b, "letters", c->letters);
	uint_(b, "polysyllables", c->polysyllables);
	uint_(b, "complex_words", c->complex_words);
	uint_(b, "long_words", c->long_words);
	uint_(b, "paragraphs", c->paragraphs);
	uint_(b, "headings", c->headings);
	uint_(b, "list_items", c->list_items);
	uint_(b, "table_rows", c->table_rows);
	uint_(b, "boilerplate_lines", c->boilerplate_lines);
	uint_(b, "all_words", c->all_words);
	close_(b, '}');

	const cd_readability *rd = &r->readability;
	key(b, "readability");
	cdi_buf_putc(b, '{');
	num(b, "flesch_reading_ease", rd->flesch_reading_ease);
	num(b, "flesch_kincaid_grade", rd->flesch_kincaid_grade);
	num(b, "gunning_fog", rd->gunning_fog);
	num(b, "smog", rd->smog);
	num(b, "coleman_liau", rd->coleman_liau);
	num(b, "ari", rd->ari);
	num(b, "lix", rd->lix);
	num(b, "rix", rd->rix);
	num(b, "linsear_write", rd->linsear_write);
	num(b, "consensus_grade", rd->consensus_grade);
	close_(b, '}');

	const cd_sentence_stats *ss = &r->sentence_stats;
	key(b, "sentences");
	cdi_buf_putc(b, '{');
	num(b, "mean_words", ss->mean_words);
	num(b, "median_words", ss->median_words);
	uint_(b, "max_words", ss->max_words);
	num(b, "long_share", ss->long_share);
	uint_(b, "long_count", ss->long_count);
	uint_(b, "very_long_count", ss->very_long_count);
	close_(b, '}');

	const cd_repetition *rp = &r->repetition;
	key(b, "repetition");
	cdi_buf_putc(b, '{');
	key(b, "repeated_phrases");
	cdi_buf_putc(b, '[');
	for (size_t i = 0; i < rp->n_phrases; i++) {
		const cd_repeat *p = &rp->phrases[i];
		cdi_buf_putc(b, '{');
		str(b, "phrase", p->phrase);
		uint_(b, "words", p->n_words);
		uint_(b, "count", p->count);
		key(b, "starts");
		cdi_buf_putc(b, '[');
		for (size_t k = 0; k < p->count; k++) {
			cdi_buf_uint(b, p->starts[k]);
			cdi_buf_putc(b, ',');
		}
		close_(b, ']');
		close_(b, '}');
	}
	close_(b, ']');
	num(b, "repeated_word_share", rp->repeated_word_share);
	num(b, "ttr", rp->ttr);
	num(b, "mattr", rp->mattr);
	num(b, "mtld", rp->mtld);
	num(b, "transition_opener_share", rp->transition_opener_share);
	key(b, "same_opener_runs");
	cdi_buf_putc(b, '[');
	for (size_t i = 0; i < rp->n_runs; i++) {
		cdi_buf_putc(b, '{');
		str(b, "word", rp->runs[i].word);
		uint_(b, "length", rp->runs[i].length);
		uint_(b, "start", rp->runs[i].start);
		close_(b, '}');
	}
	close_(b, ']');
	key(b, "top_openers");
	cdi_buf_putc(b, '[');
	for (size_t i = 0; i < rp->n_openers; i++) {
		cdi_buf_putc(b, '{');
		str(b, "word", rp->openers[i].word);
		uint_(b, "count", rp->openers[i].count);
		key(b, "transition");
		cdi_buf_puts(b, rp->openers[i].transition ? "true," : "false,");
		close_(b, '}');
	}
	close_(b, ']');
	key(b, "same_root_pairs");
	cdi_buf_putc(b, '[');
	for (size_t i = 0; i < rp->n_same_root; i++) {
		cdi_buf_putc(b, '{');
		str(b, "text", rp->same_root[i].text);
		uint_(b, "start", rp->same_root[i].start);
		uint_(b, "end", rp->same_root[i].end);
		close_(b, '}');
	}
	close_(b, ']');
	key(b, "near_duplicate_sentences");
	cdi_buf_putc(b, '[');
	for (size_t i = 0; i < rp->n_near_duplicates; i++) {
		const cd_near_duplicate *d = &rp->near_duplicates[i];
		cdi_buf_putc(b, '{');
		uint_(b, "first", r->sentences[d->first].start);
		uint_(b, "second", r->sentences[d->second].start);
		num(b, "similarity", d->similarity);
		close_(b, '}');
	}
	close_(b, ']');
	close_(b, '}');

	const cd_fillers *fl = &r->fillers;
	key(b, "fillers");
	cdi_buf_putc(b, '{');
	uint_(b, "total", fl->total);
	num(b, "per_1000_words", fl->per_1000_words);
	num(b, "weighted_per_1000_words", fl->weighted_per_1000_words);
	key(b, "by_category");
	cdi_buf_putc(b, '{');
	for (int k = 0; k < CD_CAT_COUNT; k++) {
		cdi_buf_putc(b, '"');
		cdi_buf_puts(b, cd_category_name(k));
		CDI_BUF_LIT(b, "\":");
		cdi_buf_putc(b, '{');
		uint_(b, "count", fl->count[k]);
		num(b, "per_1000_words", fl->per_1000[k]);
		close_(b, '}');
	}
	close_(b, '}');
	key(b, "top");
	cdi_buf_putc(b, '[');
	for (size_t i = 0; i < fl->n_top; i++) {
		const cd_phrase_count *p = &fl->top[i];
		cdi_buf_putc(b, '{');
		str(b, "phrase", p->entry->phrase);
		str(b, "category", cd_category_name(p->entry->category));
		uint_(b, "count", p->count);
		str(b, "alternative", p->entry->alternative ? p->entry->alternative : "");
		close_(b, '}');
	}
	close_(b, ']');
	close_(b, '}');

	const cd_mechanics *m = &r->mechanics;
	key(b, "mechanics");
	cdi_buf_putc(b, '{');
	uint_(b, "spacing_errors", m->spacing_errors);
	uint_(b, "lowercase_starts", m->lowercase_starts);
	uint_(b, "article_errors", m->article_errors);
	uint_(b, "doubled_words", m->doubled_words);
	uint_(b, "passive_sentences", m->passive_sentences);
	uint_(b, "adverbs", m->adverbs);
	uint_(b, "long_sentences", m->long_sentences);
	uint_(b, "very_long_sentences", m->very_long_sentences);
	uint_(b, "long_paragraphs", m->long_paragraphs);
	close_(b, '}');

	key(b, "findings");
	cdi_buf_putc(b, '[');
	for (size_t i = 0; i < r->n_findings; i++) {
		const cd_finding *f = &r->findings[i];
		cdi_buf_putc(b, '{');
		str(b, "kind", cd_finding_kind_name(f->kind));
		str(b, "category", f->category >= 0 ? cd_category_name(f->category) : "");
		uint_(b, "start", f->start);
		uint_(b, "end", f->end);
		strn(b, "text", r->text + f->start, f->end - f->start);
		str(b, "message", f->message);
		close_(b, '}');
	}
	close_(b, ']');

	key(b, "score");
	cdi_buf_putc(b, '{');
	num(b, "quality", r->score.quality);
	str(b, "band", r->score.band ? r->score.band : "");
	key(b, "deductions");
	cdi_buf_putc(b, '[');
	for (size_t i = 0; i < r->score.n_deductions; i++) {
		const cd_deduction *d = &r->score.deductions[i];
		cdi_buf_putc(b, '{');
		str(b, "key", d->key);
		str(b, "reason", d->reason);
		num(b, "points", d->points);
		close_(b, '}');
	}
	close_(b, ']');
	close_(b, '}');

	key(b, "warnings");
	cdi_buf_putc(b, '[');
	for (size_t i = 0; i < r->n_warnings; i++) {
		cdi_buf_json_string(b, r->warnings[i], strlen(r->warnings[i]));
		cdi_buf_putc(b, ',');
	}
	close_(b, ']');
	b->len--;   /* the last comma */
	cdi_buf_putc(b, '}');
}

char *cd_article_json(const cd_article *article, const char *path)
{
	cdi_buf b;
	cdi_buf_init(&b);
	write_json(&b, cd_article_result(article), path);
	return cdi_buf_finish(&b);
}

int cd_article_json_write(const cd_article *article, const char *path, FILE *f)
{
	cdi_buf b;
	if (cdi_buf_init_sink(&b, f) != 0)
		return -1;
	write_json(&b, cd_article_result(article), path);
	cdi_buf_putc(&b, '\n');
	return cdi_buf_flush(&b);
}
