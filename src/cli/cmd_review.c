/*
 * cmd_review.c - copydesk review: a scheduled quality review. It is a
 * report run with a memory (src/review/history.c): articles unchanged since
 * the last review (same bytes, same settings, same copydesk) are not
 * analyzed or rendered again, the changes since the last review are listed
 * on stdout and in summary.pdf, and the thresholds gate the exit code:
 * 1 when an article crosses one (with --baseline: only new or worse ones).
 * The whole review is one transaction on the history.
 */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cli/batch.h"
#include "cli/cli.h"
#include "cli/opt.h"
#include "cli/report_setup.h"
#include "review/history.h"
#include "util/arena.h"
#include "util/vec.h"

enum { OPT_HISTORY = CD_OPT_OWN, OPT_FULL, OPT_BASELINE, OPT_WAIT };

static const cd_opt review_opts[] = {
	{ 'o', "output", "DIR", "folder for the reports (default: out)" },
	{ 'c', "config", "INI", "settings file (default: ./copydesk.ini when present)" },
	{ OPT_HISTORY, "history", "DB", "the review history (default: [review] history)" },
	{ 'j', "jobs", "N", "worker threads (default: the number of cores)" },
	{ 'q', "quiet", NULL, "no progress bar" },
	{ OPT_FULL, "full", NULL, "analyze every article again, changed or not" },
	{ OPT_BASELINE, "baseline", NULL, "fail only on articles that are new or got worse" },
	{ CD_OPT_NO_PDFS, "no-article-pdfs", NULL, "skip the per-article PDFs" },
	{ CD_OPT_SHARD, "shard", "K/N", "take only shard K of N (a stable subset by path hash)" },
	{ OPT_WAIT, "wait", "SECONDS", "how long to wait for another review of the same history (5)" },
	{ 0, NULL, NULL, NULL }
};

typedef struct {
	cd_batch_args b;
	const char *history;
	int full, baseline;
	double wait;
} review_args;

static int on_opt(int id, const char *arg, void *ctx)
{
	review_args *a = ctx;
	char *end;
	int rc = cd_cli_batch_option(&a->b, id, arg, "review");
	if (rc != 1)
		return rc;
	switch (id) {
	case OPT_HISTORY: a->history = arg; return 0;
	case OPT_FULL: a->full = 1; return 0;
	case OPT_BASELINE: a->baseline = 1; return 0;
	case OPT_WAIT:
		a->wait = strtod(arg, &end);
		if (end == arg || *end || !(a->wait >= 0 && a->wait <= 3600)) {
			cd_cli_error("review: --wait takes seconds from 0 to 3600, not '%s'", arg);
			return CD_EXIT_USAGE;
		}
		return 0;
	}
	return CD_EXIT_USAGE;
}

/* ---- the last review's articles, in temporary files ------------------------ */

/* What this review needs of each article of the last one, in path order,
 * kept in spills (util/spill.h) so that memory does not grow with the
 * number of articles, and for each input which of them it is. */
typedef struct {
	double quality;
	uint64_t off;          /* of "path\0digest\0pdf\0" in names */
	uint32_t len;
	uint8_t failing;
	uint8_t has_pdf;
} prior_entry;

typedef struct {
	cdi_spill entries, names;
	cdi_spill match;       /* per input, a uint32_t: 1 + its entry, 0 for none */
	size_t n;
} prior_store;

/* An entry read back: path, digest and pdf in one allocation (free path). */
typedef struct {
	char *path;
	const char *digest;
	const char *pdf;       /* NULL for none */
	double quality;
	int failing;
} prior_item;

static int prior_add(void *ctx, cd_history_article *a)
{
	prior_store *ps = ctx;
	const char *pdf = a->pdf ? a->pdf : "";
	size_t lp = strlen(a->path) + 1, ld = strlen(a->digest) + 1, lf = strlen(pdf) + 1;
	prior_entry e;
	memset(&e, 0, sizeof e);   /* padding too: the bytes written are defined */
	e.quality = a->quality;
	e.off = ps->names.size;
	e.len = (uint32_t)(lp + ld + lf);
	e.failing = a->failing != 0;
	e.has_pdf = a->pdf != NULL;
	int err;
	if ((err = cdi_spill_append(&ps->names, a->path, lp)) != CD_OK ||
	    (err = cdi_spill_append(&ps->names, a->digest, ld)) != CD_OK ||
	    (err = cdi_spill_append(&ps->names, pdf, lf)) != CD_OK ||
	    (err = cdi_spill_append(&ps->entries, &e, sizeof e)) != CD_OK)
		return err;
	ps->n++;
	return CD_OK;
}

/* Entry j into *out. 0, or -1 (no memory, or a read that failed). */
static int prior_read(const prior_store *ps, size_t j, prior_item *out)
{
	memset(out, 0, sizeof *out);
	prior_entry e;
	if (cdi_spill_read(&ps->entries, (uint64_t)j * sizeof e, &e, sizeof e) != CD_OK || e.len < 3)
		return -1;
	char *b = malloc(e.len);
	if (!b || cdi_spill_read(&ps->names, e.off, b, e.len) != CD_OK || b[e.len - 1] != '\0') {
		free(b);
		return -1;
	}
	size_t lp = strlen(b) + 1;
	size_t ld = lp < e.len ? strlen(b + lp) + 1 : 0;
	if (!ld || lp + ld >= e.len) {
		free(b);
		return -1;
	}
	out->path = b;
	out->digest = b + lp;
	out->pdf = e.has_pdf ? b + lp + ld : NULL;
	out->quality = e.quality;
	out->failing = e.failing;
	return 0;
}

/* A walk through the entries in order: cur is entry pi while pi < n. */
typedef struct {
	const prior_store *ps;
	size_t pi;
	prior_item cur;
	int bad;               /* an entry could not be read back */
} prior_cursor;

static void cursor_start(prior_cursor *c, const prior_store *ps)
{
	memset(c, 0, sizeof *c);
	c->ps = ps;
	c->bad = ps->n && prior_read(ps, 0, &c->cur) != 0;
}

/* Moves to the next entry; what cur held is freed unless taken (cur.path
 * set to NULL by the caller). */
static void cursor_next(prior_cursor *c)
{
	free(c->cur.path);
	memset(&c->cur, 0, sizeof c->cur);
	c->bad = ++c->pi < c->ps->n && prior_read(c->ps, c->pi, &c->cur) != 0;
}

static int cursor_more(const prior_cursor *c)
{
	return !c->bad && c->pi < c->ps->n;
}

/* Which entry each input is: a merge of two lists in path order. 0, -1
 * when the inputs cannot be read back, -2 when the entries cannot. */
static int prior_match(prior_store *ps, const cd_inputs *in)
{
	prior_cursor c;
	cursor_start(&c, ps);
	int rc = c.bad ? -2 : 0;
	for (size_t i = 0; rc == 0 && i < in->n; i++) {
		cd_input one;
		if (cd_inputs_get(in, i, &one) != 0) {
			rc = -1;
			break;
		}
		if (c.bad) {
			free(one.path);
			rc = -2;
			break;
		}
		while (cursor_more(&c) && strcmp(c.cur.path, one.path) < 0)
			cursor_next(&c);
		uint32_t m = cursor_more(&c) && strcmp(c.cur.path, one.path) == 0 ? (uint32_t)c.pi + 1 : 0;
		free(one.path);
		if (c.bad)
			rc = -2;
		else if (cdi_spill_append(&ps->match, &m, sizeof m) != CD_OK)
			rc = -2;   /* (only on no memory: the spill goes on in memory) */
	}
	free(c.cur.path);
	return rc;
}

/* ---- the review's state, shared with the batch callbacks ------------------ */

typedef struct {
	const cd_config *cfg;
	cd_history *h;
	int64_t last_id;              /* the last review, 0 when none */
	int64_t id;                   /* this review */
	int failed;                   /* the history could not be written */
	prior_store prior;            /* the last review's articles */
	cdi_spill digests;            /* by input index: the content digest now (65 bytes) */
	char err[CD_CLI_ERR_MAX];
} review_ctx;

/* cd_batch_job.prior, from the worker threads (spill reads change nothing). */
static int prior_of(void *vctx, size_t index, const char *path, char digest[65], char **pdf)
{
	const review_ctx *c = vctx;
	uint32_t m = 0;
	prior_item p;
	if (!c->prior.n || cdi_spill_read(&c->prior.match, (uint64_t)index * sizeof m, &m, sizeof m) !=
	    CD_OK || m == 0 || prior_read(&c->prior, m - 1, &p) != 0)
		return 0;   /* (a failed read: analyzed again, which is always right) */
	int same = strcmp(p.path, path) == 0;
	if (same) {
		snprintf(digest, 65, "%s", p.digest);
		*pdf = p.pdf ? strdup(p.pdf) : NULL;
		same = !p.pdf || *pdf;
	}
	free(p.path);
	return same;
}

/* Whether a record crosses a threshold; why, in reason. */
static int failing(const cd_config *cfg, const cd_batch_record *r, char *why, size_t n)
{
	if (r->error)
		return 0;
	if (r->quality < cfg->min_quality) {
		snprintf(why, n, "quality %.1f < min_quality %g", r->quality, cfg->min_quality);
		return 1;
	}
	if (r->grade > cfg->max_grade) {
		snprintf(why, n, "grade %.1f > max_grade %g", r->grade, cfg->max_grade);
		return 1;
	}
	if (r->filler_per_1000 > cfg->max_filler_per_1000) {
		snprintf(why, n, "%.1f filler phrases per 1,000 words > max_filler_per_1000 %g",
		         r->filler_per_1000, cfg->max_filler_per_1000);
		return 1;
	}
	return 0;
}

static int fetch(void *vctx, const char *path, char **json, char **csv)
{
	review_ctx *c = vctx;
	cd_history_article a;
	memset(&a, 0, sizeof a);
	if (cd_history_get(c->h, c->last_id, path, &a) != 1)
		return -1;
	*json = a.json;
	*csv = a.csv;
	a.json = a.csv = NULL;
	cd_history_article_clear(&a);
	return 0;
}

static int on_item(void *vctx, const cd_batch_item *it)
{
	review_ctx *c = vctx;
	const cd_batch_record *r = it->record;
	char now[65] = { 0 };
	snprintf(now, sizeof now, "%s", it->digest);
	if (cdi_spill_append(&c->digests, now, sizeof now) != CD_OK) {
		snprintf(c->err, sizeof c->err, "out of memory");
		c->failed = 1;
		return -1;
	}
	if (r->error)
		return 0;   /* unreadable now: not part of this review */
	char why[256];
	cd_history_article a;
	memset(&a, 0, sizeof a);
	a.path = r->path;
	snprintf(a.digest, sizeof a.digest, "%s", it->digest);
	a.title = r->title;
	a.quality = r->quality;
	a.grade = r->grade;
	a.filler_per_1000 = r->filler_per_1000;
	a.failing = failing(c->cfg, r, why, sizeof why);
	a.main_problem = r->main_problem;
	a.pdf = r->pdf;
	a.json = (char *)it->json;
	a.csv = (char *)it->csv;
	if (cd_history_add(c->h, c->id, &a) != CD_OK) {
		snprintf(c->err, sizeof c->err, "%s: cannot record %s in the history",
		         c->cfg->history, r->path);
		c->failed = 1;
		return -1;
	}
	return 0;
}

/* The digest of the settings in force and the copydesk version: stored
 * results stand only when both are the same. */
static int config_digest(const cd_config *cfg, char out[65])
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return -1;
	fprintf(f, "copydesk %s\n", CD_VERSION);
	int rc = cd_config_write(cfg, f);
	if (fclose(f) != 0 || rc != 0) {
		free(buf);
		return -1;
	}
	cd_sha256_hex(buf, len, out);
	free(buf);
	return 0;
}

static int cmp_change(const void *x, const void *y)
{
	const cd_summary_change *a = x, *b = y;
	static const int rank[] = { [CD_CHANGE_REGRESSION] = 0, [CD_CHANGE_NEW] = 1,
	                            [CD_CHANGE_CHANGED] = 2, [CD_CHANGE_IMPROVEMENT] = 3,
	                            [CD_CHANGE_REMOVED] = 4 };
	if (rank[a->kind] != rank[b->kind])
		return rank[a->kind] - rank[b->kind];
	return strcmp(a->path, b->path);
}

/* The changes since the last review: memory for the changes only, not
 * for every article. */
typedef struct change_list {
	cd_summary_change *v;
	size_t n, cap;
	cdi_arena text;   /* their paths and reasons */
} change_list;

/* Appends a change, with copies of path and reason. 0, or -1 on no memory. */
static int add_change(change_list *l, const char *path, cd_change_kind kind, double before,
                      double after, const char *reason)
{
	if (cdi_vec_grow((void **)&l->v, &l->cap, l->n, sizeof *l->v) != 0)
		return -1;
	const char *p = cdi_arena_strndup(&l->text, path, strlen(path));
	const char *r = cdi_arena_strndup(&l->text, reason, strlen(reason));
	if (!p || !r)
		return -1;
	l->v[l->n++] = (cd_summary_change){ p, kind, before, after, r };
	return 0;
}

int cd_cmd_review(int argc, char **argv)
{
	review_args args = { { "out", NULL, 0, 0, 0, 0, 0 }, NULL, 0, 0, 5.0 };
	int first;
	int rc = cd_opt_parse(review_opts, "copydesk review [-o DIR] [-c INI] [--history DB] [-j N] "
	                      "[-q] [--full] [--baseline] [--no-article-pdfs] [--shard K/N] "
	                      "[--wait SECONDS] PATH...",
	                      "Run a scheduled quality review: report on the articles, record the "
	                      "review in the history, say what changed since the last one, and exit "
	                      "1 when an article crosses a threshold.", argc, argv, &first, on_opt, &args);
	if (rc)
		return rc < 0 ? CD_EXIT_OK : rc;
	if (first >= argc) {
		cd_cli_error("review: no file named (see 'copydesk review --help')");
		return CD_EXIT_USAGE;
	}
	cd_config cfg;
	if ((rc = cd_cli_load_config(&cfg, args.b.config)) != 0)
		return rc;
	if (args.history)
		snprintf(cfg.history, sizeof cfg.history, "%s", args.history);
	int baseline = args.baseline || cfg.baseline;

	review_ctx ctx;
	memset(&ctx, 0, sizeof ctx);
	ctx.cfg = &cfg;
	cdi_spill_init(&ctx.prior.entries, "prior", 1);
	cdi_spill_init(&ctx.prior.names, "prior", 1);
	cdi_spill_init(&ctx.prior.match, "prior", 1);
	cdi_spill_init(&ctx.digests, "digest", 1);
	cd_report_setup setup;
	int setup_ok = 0;
	/* Fonts and the output folder first: when either is wrong, one line,
	 * nothing written and no review recorded. */
	if (cd_report_setup_init(&setup, &cfg) != 0) {
		cd_cli_error("out of memory");
		cd_config_free(&cfg);
		return CD_EXIT_OUTPUT;
	}
	char err[CD_CLI_ERR_MAX];
	rc = cd_report_check_fonts(&setup.opt, err, sizeof err);
	if (rc != 0)
		cd_cli_error("%s; no review run", err);
	if (rc != 0 || cd_cli_prepare_output(args.b.out) != 0) {
		cd_report_setup_free(&setup);
		cd_config_free(&cfg);
		return CD_EXIT_OUTPUT;
	}
	setup_ok = 1;
	cd_history_review *revs = NULL;
	size_t n_revs = 0;
	cd_inputs in = { 0 };
	cd_batch_outcome res;
	memset(&res, 0, sizeof res);
	change_list changes = { 0 };
	cdi_arena_init(&changes.text);
	cd_summary_trend *trend = NULL;
	int in_review = 0;
	char digest[65];
	char *paths = NULL;

	if (cd_history_open(&ctx.h, cfg.history, (int)(args.wait * 1000), ctx.err, sizeof ctx.err) != 0) {
		cd_cli_error("%s", ctx.err);
		rc = CD_EXIT_OUTPUT;
		goto cleanup;
	}
	if (config_digest(&cfg, digest) != 0) {
		cd_cli_error("out of memory");
		rc = CD_EXIT_OUTPUT;
		goto cleanup;
	}
	/* Begin first: the review holds the history from here, so the last
	 * review read below is still the last one when this one commits. */
	paths = cd_cli_join_args(argv + first, argc - first);
	int began = paths && cd_history_begin(ctx.h, setup.opt.date, CD_VERSION, digest, paths,
	                                      &ctx.id, ctx.err, sizeof ctx.err) == 0;
	if (!began) {
		cd_cli_error("%s", ctx.err[0] ? ctx.err : "out of memory");
		rc = CD_EXIT_OUTPUT;
		goto cleanup;
	}
	in_review = 1;
	if (cd_history_reviews(ctx.h, 30, &revs, &n_revs) != 0) {
		cd_cli_error("%s", cd_history_error(ctx.h));   /* it names the file */
		rc = CD_EXIT_OUTPUT;
		goto cleanup;
	}
	const cd_history_review *last = n_revs ? &revs[n_revs - 1] : NULL;
	if (last) {
		ctx.last_id = last->id;
		if (cd_history_each(ctx.h, last->id, prior_add, &ctx.prior) != 0) {
			cd_cli_error("%s", cd_history_error(ctx.h));   /* it names the file */
			rc = CD_EXIT_OUTPUT;
			goto cleanup;
		}
	}

	cd_walk walk;
	cd_walk_from_config(&walk, &cfg);
	walk.shard_index = args.b.shard_k ? args.b.shard_k - 1 : 0;
	walk.shard_count = args.b.shard_n;
	int bad = 0;
	int collected = cd_cli_collect(argv + first, argc - first, &walk, &in, &bad) == 0;
	if (!collected) {
		rc = CD_EXIT_INPUT;
		goto cleanup;
	}
	int matched = prior_match(&ctx.prior, &in);
	if (matched != 0) {
		cd_cli_error("out of memory, or %s cannot be read back from %s temporary file; the "
		             "review is not recorded", matched == -1 ? "the list of files" :
		             "the last review's articles", matched == -1 ? "its" : "their");
		rc = CD_EXIT_OUTPUT;
		goto cleanup;
	}

	cd_batch_job job = { 0 };
	job.cfg = &cfg;
	job.report = &setup.opt;
	job.out_dir = args.b.out;
	job.label = paths;
	job.jobs = args.b.jobs ? args.b.jobs : cd_cli_cores();
	job.quiet = args.b.quiet;
	job.article_pdfs = !args.b.no_pdfs;
	job.tables = 1;
	job.digests = 1;
	job.prior = prior_of;
	job.reuse = !args.full && last && strcmp(last->config_digest, digest) == 0;
	job.fetch = fetch;
	job.on_item = on_item;
	job.ctx = &ctx;
	cd_batch_catch_signals();
	int ran = cd_batch_run(&job, &in, &res);
	if (ran != 0 || ctx.failed || (!res.interrupted && res.n != in.n)) {
		/* (every article went through on_item, or the review is not
		 * recorded: the digests are read back by index) */
		cd_cli_error("%s", ctx.failed ? ctx.err : ran ? cd_batch_strerror(ran) :
		             "the batch stopped early; the review is not recorded");
		rc = CD_EXIT_OUTPUT;
		goto cleanup;
	}
	if (res.interrupted) {
		cd_cli_error("interrupted by %s: the reports finished so far are kept in %s; "
		             "results.jsonl, summary.csv and summary.pdf not written, the review not "
		             "recorded", res.interrupted == SIGINT ? "SIGINT" : "SIGTERM", args.b.out);
		rc = res.interrupted == SIGINT ? CD_EXIT_SIGINT : CD_EXIT_SIGTERM;
		goto cleanup;
	}

	/* Since the last review. */
	size_t n_new = 0, n_changed = 0, n_removed = 0, n_same = 0, n_reg = 0, n_imp = 0;
	size_t gate = 0, n_ok = 0;
	double points = cfg.regression_points;
	prior_cursor pc;              /* the last review's articles, in step */
	cursor_start(&pc, &ctx.prior);
	int no_memory = 0, bad_read = pc.bad;
	printf("copydesk review of %zu articles: %zu analyzed, %zu unchanged and reused\n",
	       res.n, res.analyzed, res.reused);
	cd_batch_record one = { 0 };
	for (size_t i = 0; i < res.n && !no_memory && !bad_read; cd_batch_record_clear(&one), i++) {
		/* The record is read back from the store. */
		const cd_batch_record *r = &one;
		if (cd_records_get(res.records, i, &one) != CD_OK) {
			/* Without every record the changes and the gate would be
			 * wrong: the review is not recorded. */
			int e;
			cd_records_error(res.records, &e);
			cd_cli_error("%s: cannot read the article records back from their temporary file in "
			             "%s: %s; the review is not recorded", args.b.out,
			             getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
			             strerror(e ? e : EIO));
			free(pc.cur.path);
			rc = CD_EXIT_OUTPUT;
			goto cleanup;
		}
		if (r->error)
			continue;
		n_ok++;
		/* The last review's entries before this one are gone; this one's
		 * (p), if any, is taken out of cur. */
		prior_item then = { 0 };
		const prior_item *p = NULL;
		while (cursor_more(&pc) && strcmp(pc.cur.path, r->path) < 0) {
			no_memory |= add_change(&changes, pc.cur.path, CD_CHANGE_REMOVED, pc.cur.quality, 0,
			                        "no longer found");
			n_removed++;
			cursor_next(&pc);
		}
		if (cursor_more(&pc) && strcmp(pc.cur.path, r->path) == 0) {
			then = pc.cur;
			pc.cur.path = NULL;   /* taken */
			p = &then;
			cursor_next(&pc);
		}
		char now[65] = "";
		if (pc.bad || (p && cdi_spill_read(&ctx.digests, (uint64_t)i * sizeof now, now,
		                                   sizeof now) != CD_OK)) {
			bad_read = 1;   /* the review is not recorded: nothing more is said */
			free(then.path);
			break;
		}
		char why[256], reason[320];
		int fails = failing(&cfg, r, why, sizeof why);
		int counts_for_gate = fails;
		if (!p) {
			snprintf(reason, sizeof reason, "new, quality %.1f", r->quality);
			no_memory |= add_change(&changes, r->path, CD_CHANGE_NEW, 0, r->quality, reason);
			n_new++;
		} else {
			double d = r->quality - p->quality;
			int worse = d <= -points || (fails && !p->failing);
			int better = d >= points || (!fails && p->failing);
			if (worse) {
				if (fails && !p->failing)
					snprintf(reason, sizeof reason, "now over a threshold: %s", why);
				else
					snprintf(reason, sizeof reason, "quality %.1f -> %.1f (%+.1f)", p->quality,
					         r->quality, d);
				no_memory |= add_change(&changes, r->path, CD_CHANGE_REGRESSION, p->quality,
				                        r->quality, reason);
				n_reg++;
			} else if (better) {
				snprintf(reason, sizeof reason, "quality %.1f -> %.1f (%+.1f)", p->quality,
				         r->quality, d);
				no_memory |= add_change(&changes, r->path, CD_CHANGE_IMPROVEMENT, p->quality,
				                        r->quality, reason);
				n_imp++;
			} else if (strcmp(p->digest, now) != 0) {
				snprintf(reason, sizeof reason, "changed, quality %.1f -> %.1f (%+.1f)",
				         p->quality, r->quality, d);
				no_memory |= add_change(&changes, r->path, CD_CHANGE_CHANGED, p->quality,
				                        r->quality, reason);
				n_changed++;
			} else {
				n_same++;
			}
			if (baseline && !worse)
				counts_for_gate = 0;
		}
		if (counts_for_gate) {
			if (!gate++)
				printf("over a threshold%s:\n", baseline ? " (new or worse since the last review)" : "");
			printf("  FAIL %s: %s\n", r->path, why);
		}
		free(then.path);
	}
	cd_batch_record_clear(&one);
	while (cursor_more(&pc) && !no_memory && !bad_read) {
		no_memory |= add_change(&changes, pc.cur.path, CD_CHANGE_REMOVED, pc.cur.quality, 0,
		                        "no longer found");
		n_removed++;
		cursor_next(&pc);
	}
	bad_read |= pc.bad;
	free(pc.cur.path);
	if (no_memory || bad_read) {
		cd_cli_error(no_memory ? "out of memory; the review is not recorded" :
		             "the last review's articles cannot be read back from their temporary file; "
		             "the review is not recorded");
		rc = CD_EXIT_OUTPUT;
		goto cleanup;
	}
	if (changes.n > 1)
		qsort(changes.v, changes.n, sizeof *changes.v, cmp_change);
	if (!last)
		printf("first review: %zu articles recorded\n", n_ok);
	else if (n_new + n_changed + n_removed + n_reg + n_imp == 0)
		printf("since the last review: no changes\n");
	else
		printf("since the last review: %zu new, %zu changed, %zu removed, %zu unchanged; "
		       "%zu regressions, %zu improvements\n", n_new, n_changed + n_reg + n_imp,
		       n_removed, n_same, n_reg, n_imp);
	for (size_t i = 0; last && i < changes.n; i++) {
		static const char *const names[] = { "new", "changed", "removed", "regression", "improvement" };
		printf("  %-11s %s: %s\n", names[changes.v[i].kind], changes.v[i].path, changes.v[i].reason);
	}

	if (cd_batch_signal()) {
		/* Caught after the batch, before the commit: nothing recorded. */
		cd_cli_error("interrupted by %s: the reports are kept in %s; results.jsonl and "
		             "summary.csv written, summary.pdf not written, the review not recorded",
		             cd_batch_signal() == SIGINT ? "SIGINT" : "SIGTERM", args.b.out);
		rc = cd_batch_signal() == SIGINT ? CD_EXIT_SIGINT : CD_EXIT_SIGTERM;
		goto cleanup;
	}
	if (cd_history_commit(ctx.h, ctx.err, sizeof ctx.err) != 0) {
		cd_cli_error("%s", ctx.err);
		rc = CD_EXIT_OUTPUT;
		goto cleanup;
	}
	in_review = 0;
	/* The trend: the past reviews and this one. */
	free(revs);
	revs = NULL;
	cd_history_reviews(ctx.h, 30, &revs, &n_revs);
	trend = calloc(n_revs + 1, sizeof *trend);
	for (size_t i = 0; trend && i < n_revs; i++)
		trend[i] = (cd_summary_trend){ revs[i].time, revs[i].articles, revs[i].mean_quality,
		                               revs[i].mean_filler_per_1000, revs[i].share_failing };
	cd_summary_review rs = { changes.v, changes.n, trend, trend ? n_revs : 0, n_new,
	                         n_changed, n_removed, n_same, n_reg, n_imp };
	int wrote = cd_cli_write_summary(&job, &res, &setup, &rs, NULL) == 0;
	if (!wrote || res.failed_outputs)
		rc = CD_EXIT_OUTPUT;
	else if (gate)
		rc = CD_EXIT_THRESHOLD;
	else if (res.failed_inputs || bad)
		rc = CD_EXIT_INPUT;
	else
		rc = CD_EXIT_OK;
	if (cd_batch_signal()) {
		/* Caught while the summary was written: it is whole (written, then
		 * renamed), but the run was asked to stop. */
		cd_cli_error("interrupted by %s after the review was recorded; its outputs are complete",
		             cd_batch_signal() == SIGINT ? "SIGINT" : "SIGTERM");
		rc = cd_batch_signal() == SIGINT ? CD_EXIT_SIGINT : CD_EXIT_SIGTERM;
	}

cleanup:
	if (in_review)
		cd_history_rollback(ctx.h);
	cd_history_close(ctx.h);
	cd_batch_outcome_free(&res);
	cd_cli_free_inputs(&in);
	cdi_arena_free(&changes.text);
	free(changes.v);
	free(trend);
	cdi_spill_free(&ctx.digests);
	cdi_spill_free(&ctx.prior.entries);
	cdi_spill_free(&ctx.prior.names);
	cdi_spill_free(&ctx.prior.match);
	free(paths);
	free(revs);
	if (setup_ok)
		cd_report_setup_free(&setup);
	cd_config_free(&cfg);
	return rc;
}
