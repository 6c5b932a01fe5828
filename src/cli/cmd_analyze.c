/*
 * cmd_analyze.c - copydesk analyze: the figures of each article on stdout,
 * as a readable table (text), JSON Lines (json) or CSV (csv).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/batch.h"
#include "cli/cli.h"
#include "cli/opt.h"
#include "cli/report_setup.h"
#include "output/csv.h"

enum { FMT_TEXT, FMT_JSON, FMT_CSV };

static const cd_opt analyze_opts[] = {
	{ 'f', "format", "FORMAT", "text (default), json (one object per line) or csv" },
	{ 'c', "config", "INI", "settings file (default: ./copydesk.ini when present)" },
	{ 'j', "jobs", "N", "worker threads (default: the number of cores)" },
	{ 0, NULL, NULL, NULL }
};

typedef struct {
	int format;
	const char *config;
	unsigned jobs;
} analyze_args;

static int on_opt(int id, const char *arg, void *ctx)
{
	analyze_args *a = ctx;
	switch (id) {
	case 'f':
		if (strcmp(arg, "text") == 0)
			a->format = FMT_TEXT;
		else if (strcmp(arg, "json") == 0)
			a->format = FMT_JSON;
		else if (strcmp(arg, "csv") == 0)
			a->format = FMT_CSV;
		else {
			cd_cli_error("analyze: unknown format '%s' (text, json or csv)", arg);
			return CD_EXIT_USAGE;
		}
		return 0;
	case 'c':
		a->config = arg;
		return 0;
	case 'j':
		return cd_cli_parse_jobs(arg, &a->jobs, "analyze");
	}
	return CD_EXIT_USAGE;
}

/* 1-based line and column (in characters) of a byte offset, walking on
 * from where the last call stopped (findings come in text order). */
typedef struct {
	size_t pos, line, col;
} cursor;

static void line_col(const char *text, size_t off, cursor *c)
{
	if (off < c->pos) {
		c->pos = 0;
		c->line = c->col = 1;
	}
	for (; c->pos < off; c->pos++) {
		if (text[c->pos] == '\n') {
			c->line++;
			c->col = 1;
		} else if (((unsigned char)text[c->pos] & 0xC0) != 0x80) {
			c->col++;
		}
	}
}

static void print_text(FILE *out, const char *path, const cd_result *r, const cd_options *opt)
{
	const cd_counts *c = &r->counts;
	const cd_readability *rd = &r->readability;
	const cd_sentence_stats *ss = &r->sentence_stats;
	fprintf(out, "%s\n", path);
	fprintf(out, "  title        %s\n", r->title);
	fprintf(out, "  quality      %.1f (%s)\n", r->score.quality, r->score.band ? r->score.band : "");
	for (size_t i = 0; i < r->score.n_deductions; i++)
		fprintf(out, "               -%.1f  %s\n", r->score.deductions[i].points,
		        r->score.deductions[i].reason);
	fprintf(out, "  counts       %zu words, %zu sentences, %zu paragraphs, %zu headings, "
	        "%zu list items, %zu table rows, %zu boilerplate lines\n",
	        c->words, c->sentences, c->paragraphs, c->headings, c->list_items,
	        c->table_rows, c->boilerplate_lines);
	fprintf(out, "  readability  Flesch %.1f, Flesch-Kincaid %.1f, Fog %.1f, SMOG %.1f, "
	        "Coleman-Liau %.1f, ARI %.1f, LIX %.1f, RIX %.2f, Linsear %.1f; consensus grade %.1f\n",
	        rd->flesch_reading_ease, rd->flesch_kincaid_grade, rd->gunning_fog, rd->smog,
	        rd->coleman_liau, rd->ari, rd->lix, rd->rix, rd->linsear_write, rd->consensus_grade);
	fprintf(out, "  sentences    mean %.1f words, median %.1f, longest %zu; %zu over %u words "
	        "(%.0f%%), %zu over %u\n", ss->mean_words, ss->median_words, ss->max_words,
	        ss->long_count, opt->long_sentence, ss->long_share * 100.0, ss->very_long_count,
	        opt->very_long_sentence);
	const cd_fillers *fl = &r->fillers;
	fprintf(out, "  fillers      %zu (%.1f per 1,000 words)", fl->total, fl->per_1000_words);
	for (int k = 0; k < CD_CAT_COUNT; k++)
		if (fl->count[k])
			fprintf(out, "; %s %zu (%.1f)", cd_category_name(k), fl->count[k], fl->per_1000[k]);
	fputc('\n', out);
	for (size_t i = 0; i < fl->n_top && i < 10; i++) {
		const cd_phrase_entry *e = fl->top[i].entry;
		fprintf(out, "               %2zux %s (%s)%s%s\n", fl->top[i].count, e->phrase,
		        cd_category_name(e->category), e->alternative && *e->alternative ? " -> " : "",
		        e->alternative ? e->alternative : "");
	}
	const cd_repetition *rp = &r->repetition;
	fprintf(out, "  repetition   %.1f%% of words in repeated phrases; TTR %.3f, MATTR %.3f, "
	        "MTLD %.1f; %.0f%% of sentences open with a transition\n",
	        rp->repeated_word_share * 100.0, rp->ttr, rp->mattr, rp->mtld,
	        rp->transition_opener_share * 100.0);
	for (size_t i = 0; i < rp->n_phrases && i < 10; i++)
		fprintf(out, "               %2zux \"%s\"\n", rp->phrases[i].count, rp->phrases[i].phrase);
	for (size_t i = 0; i < rp->n_runs; i++)
		fprintf(out, "               %zu sentences in a row open with \"%s\"\n",
		        rp->runs[i].length, rp->runs[i].word);
	const cd_mechanics *m = &r->mechanics;
	fprintf(out, "  mechanics    %zu spacing, %zu lowercase starts, %zu a/an, %zu doubled words, "
	        "%zu same-root pairs, %zu passive sentences, %zu adverbs\n",
	        m->spacing_errors, m->lowercase_starts, m->article_errors, m->doubled_words,
	        rp->n_same_root, m->passive_sentences, m->adverbs);
	size_t shown = 0;
	cursor cur = { 0, 1, 1 };
	for (size_t i = 0; i < r->n_findings; i++) {
		const cd_finding *f = &r->findings[i];
		if (f->kind == CD_FIND_ADVERB || f->kind == CD_FIND_LONG_SENTENCE ||
		    f->kind == CD_FIND_VERY_LONG_SENTENCE || f->kind == CD_FIND_REPEATED_PHRASE ||
		    f->kind == CD_FIND_LONG_PARAGRAPH || f->kind == CD_FIND_PASSIVE)
			continue;
		if (!shown++)
			fprintf(out, "  findings\n");
		line_col(r->text, f->start, &cur);
		size_t n = f->end - f->start;
		char where[48];
		snprintf(where, sizeof where, "%zu:%zu", cur.line, cur.col);
		fprintf(out, "    %-8s %-18s \"%.*s%s\"  %s\n", where,
		        cd_finding_kind_name(f->kind), (int)(n > 60 ? 60 : n), r->text + f->start,
		        n > 60 ? "..." : "", f->message);
	}
	for (size_t i = 0; i < r->n_warnings; i++)
		fprintf(out, "  warning      %s\n", r->warnings[i]);
	fputc('\n', out);
}

/* Prints each article as the workers finish it, in path order. */
typedef struct {
	int format;
	const cd_options *opt;
	int out_errno;   /* the first write error on stdout: the run stops */
	size_t bad;
} printer;

static int print_item(void *ctx, const cd_batch_item *it)
{
	printer *p = ctx;
	const cd_result *r = it->result;
	if (!r)
		return 0;   /* unreadable or not text: cd_batch_run said why */
	const char *path = it->path;
	errno = 0;
	if (p->format == FMT_JSON) {
		/* Written as it is made: a long article's JSON is several times
		 * its size, and needs no string of its own. */
		if (cd_article_json_write(it->article, path, stdout) != 0 && !ferror(stdout)) {
			cd_cli_error("%s: out of memory", path);
			p->bad++;
		}
	} else if (p->format == FMT_CSV) {
		cd_csv_row(stdout, path, r);
	} else {
		print_text(stdout, path, r, p->opt);
	}
	if (ferror(stdout)) {
		p->out_errno = errno ? errno : EIO;
		return -1;
	}
	for (size_t w = 0; w < r->n_warnings && p->format != FMT_TEXT; w++)
		fprintf(stderr, "copydesk: %s: warning: %s\n", path, r->warnings[w]);
	return 0;
}

int cd_cmd_analyze(int argc, char **argv)
{
	analyze_args args = { FMT_TEXT, NULL, 0 };
	int first;
	int rc = cd_opt_parse(analyze_opts, "copydesk analyze [-f text|json|csv] [-c INI] [-j N] PATH...",
	                      "Analyze articles (files, or folders of .txt/.md files) and print "
	                      "their figures.", argc, argv, &first, on_opt, &args);
	if (rc)
		return rc < 0 ? CD_EXIT_OK : rc;
	if (first >= argc) {
		cd_cli_error("analyze: no file named (see 'copydesk analyze --help')");
		return CD_EXIT_USAGE;
	}
	cd_config cfg;
	if ((rc = cd_cli_load_config(&cfg, args.config)) != 0)
		return rc;
	int bad = 0;
	cd_walk walk;
	cd_walk_from_config(&walk, &cfg);
	cd_inputs in;
	if (cd_cli_collect(argv + first, argc - first, &walk, &in, &bad) != 0) {
		cd_cli_error("out of memory");
		cd_config_free(&cfg);
		return CD_EXIT_INPUT;
	}
	if (args.format == FMT_CSV)
		cd_csv_header(stdout);
	/* The workers analyze (and, for json, write the JSON line); this
	 * thread prints in path order. A write error on stdout (a full disk,
	 * a closed pipe) stops the run: the rest could not be written either. */
	printer p = { args.format, &cfg.analysis, 0, 0 };
	cd_batch_job job = { 0 };
	job.cfg = &cfg;
	job.jobs = args.jobs ? args.jobs : cd_cli_cores();
	job.quiet = 1;
	job.no_strings = 1;   /* print_item writes from the results */
	job.no_records = 1;   /* no summary */
	job.on_item = print_item;
	job.ctx = &p;
	cd_batch_outcome res;
	int ran = cd_batch_run(&job, &in, &res);
	if (ran != 0)
		cd_cli_error("%s", cd_batch_strerror(ran));
	else
		bad += (int)(res.failed_inputs + p.bad);
	cd_batch_outcome_free(&res);
	cd_cli_free_inputs(&in);
	cd_config_free(&cfg);
	int out_errno = p.out_errno;
	errno = 0;
	if (!out_errno && (fflush(stdout) != 0 || ferror(stdout)))
		out_errno = errno ? errno : EIO;
	if (out_errno) {
		cd_cli_error("standard output: write error: %s", strerror(out_errno));
		return CD_EXIT_OUTPUT;
	}
	if (ran != 0)
		return CD_EXIT_OUTPUT;
	return bad ? CD_EXIT_INPUT : CD_EXIT_OK;
}
