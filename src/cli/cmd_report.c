/*
 * cmd_report.c - copydesk report: a PDF quality report per article; for
 * several articles or a folder also results.jsonl, summary.csv and
 * summary.pdf, with worker threads (batch.c).
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/batch.h"
#include "cli/cli.h"
#include "cli/opt.h"
#include "cli/report_setup.h"

static const cd_opt report_opts[] = {
	{ 'o', "output", "DIR", "folder for the reports (default: out)" },
	{ 'c', "config", "INI", "settings file (default: ./copydesk.ini when present)" },
	{ 'j', "jobs", "N", "worker threads (default: the number of cores)" },
	{ 'q', "quiet", NULL, "no progress bar" },
	{ CD_OPT_NO_PDFS, "no-article-pdfs", NULL, "skip the per-article PDFs (tables and summary only)" },
	{ CD_OPT_SHARD, "shard", "K/N", "take only shard K of N (a stable subset by path hash)" },
	{ 0, NULL, NULL, NULL }
};

static int on_opt(int id, const char *arg, void *ctx)
{
	int rc = cd_cli_batch_option(ctx, id, arg, "report");
	return rc == 1 ? CD_EXIT_USAGE : rc;
}

/* The aggregator feeds every analyzed article to the cross-article
 * analysis, in path order. */
/* The cross-article analysis of a batch; after an error it is dropped
 * (one line on stderr) and the batch goes on without it. */
typedef struct reuse_ctx {
	cd_reuse *r;
	int failed;
} reuse_ctx;

static void reuse_failed(reuse_ctx *c, int err)
{
	if (err == CD_EIO)
		cd_cli_error("cross-article analysis: cannot use its temporary file in %s: %s; the "
		             "summary leaves it out", getenv("TMPDIR") && *getenv("TMPDIR") ?
		             getenv("TMPDIR") : "/tmp", strerror(errno));
	else if (err == CD_ENOMEM)
		cd_cli_error("cross-article analysis: out of memory; the summary leaves it out");
	else
		cd_cli_error("cross-article analysis: failed (error %d); the summary leaves it out", err);
	c->failed = 1;
}

static int feed_reuse(void *ctx, const cd_batch_item *item)
{
	reuse_ctx *c = ctx;
	if (!item->result || c->failed)
		return 0;
	int err = cd_reuse_add(c->r, item->index, item->result);
	if (err != CD_OK)
		reuse_failed(c, err);
	return 0;
}

int cd_cmd_report(int argc, char **argv)
{
	cd_batch_args args = { "out", NULL, 0, 0, 0, 0, 0 };
	int first;
	int rc = cd_opt_parse(report_opts, "copydesk report [-o DIR] [-c INI] [-j N] [-q] "
	                      "[--no-article-pdfs] [--shard K/N] PATH...",
	                      "Write a PDF quality report for each article (files, or folders of "
	                      ".txt/.md files). For several articles, also results.jsonl, "
	                      "summary.csv and summary.pdf.", argc, argv, &first, on_opt, &args);
	if (rc)
		return rc < 0 ? CD_EXIT_OK : rc;
	if (first >= argc) {
		cd_cli_error("report: no file named (see 'copydesk report --help')");
		return CD_EXIT_USAGE;
	}
	cd_config cfg;
	if ((rc = cd_cli_load_config(&cfg, args.config)) != 0)
		return rc;
	cd_report_setup setup;
	if (cd_report_setup_init(&setup, &cfg) != 0) {
		cd_config_free(&cfg);
		cd_cli_error("out of memory");
		return CD_EXIT_OUTPUT;
	}
	/* Fonts and the output folder first: when either is wrong, one line
	 * and nothing written. */
	char err[CD_CLI_ERR_MAX];
	if (cd_report_check_fonts(&setup.opt, err, sizeof err) != 0) {
		cd_cli_error("%s; no report written", err);
		cd_report_setup_free(&setup);
		cd_config_free(&cfg);
		return CD_EXIT_OUTPUT;
	}
	if (cd_cli_prepare_output(args.out) != 0) {
		cd_report_setup_free(&setup);
		cd_config_free(&cfg);
		return CD_EXIT_OUTPUT;
	}
	cd_walk walk;
	cd_walk_from_config(&walk, &cfg);
	walk.shard_index = args.shard_k ? args.shard_k - 1 : 0;
	walk.shard_count = args.shard_n;
	int bad = 0, folder = 0;
	for (int i = first; i < argc; i++)
		folder |= cd_cli_is_dir(argv[i]);
	cd_inputs in = { 0 };
	if (cd_cli_collect(argv + first, argc - first, &walk, &in, &bad) != 0) {
		cd_cli_error("out of memory");
		rc = CD_EXIT_INPUT;
		goto cleanup;
	}

	cd_batch_job job = { 0 };
	job.cfg = &cfg;
	job.report = &setup.opt;
	job.out_dir = args.out;
	char *label = cd_cli_join_args(argv + first, argc - first);
	job.label = label;
	job.jobs = args.jobs ? args.jobs : cd_cli_cores();
	job.quiet = args.quiet;
	job.article_pdfs = !args.no_pdfs;
	job.tables = folder || in.n > 1 || args.no_pdfs;
	cd_reuse *reuse = NULL;
	reuse_ctx rctx = { NULL, 0 };
	if (job.tables) {
		/* A phrase counts as shared from 3 articles on; in a batch of under
		 * 100 articles, from 2 (a pair of articles sharing a template
		 * sentence is already worth an editor's look there). */
		cd_reuse_options ro;
		cd_reuse_options_init(&ro);
		if (in.n < 100)
			ro.min_articles = 2;
		if (cd_reuse_new(&reuse, &ro) != CD_OK) {
			cd_cli_error("out of memory");
			rc = CD_EXIT_OUTPUT;
			goto cleanup;
		}
		rctx.r = reuse;
		job.on_item = feed_reuse;
		job.ctx = &rctx;
	}
	cd_batch_catch_signals();
	cd_batch_outcome res;
	int ran = cd_batch_run(&job, &in, &res);
	if (ran != 0) {
		cd_cli_error("%s", cd_batch_strerror(ran));
		rc = CD_EXIT_OUTPUT;
		goto finish;
	}
	if (job.tables && !res.interrupted && !res.stopped) {
		const cd_reuse_result *shared = NULL;
		int err = rctx.failed ? CD_OK : cd_reuse_finish(reuse, &shared);
		if (err != CD_OK)
			reuse_failed(&rctx, err);
		res.failed_outputs += (size_t)rctx.failed;
		res.failed_outputs += (size_t)(cd_cli_write_summary(&job, &res, &setup, NULL, shared) != 0);
	}

	if (res.interrupted) {
		cd_cli_error("interrupted by %s: the reports finished so far are kept in %s%s",
		             res.interrupted == SIGINT ? "SIGINT" : "SIGTERM", args.out,
		             job.tables ? "; results.jsonl, summary.csv and summary.pdf not written" : "");
		rc = res.interrupted == SIGINT ? CD_EXIT_SIGINT : CD_EXIT_SIGTERM;
	}
	else if (res.failed_outputs)
		rc = CD_EXIT_OUTPUT;
	else if (res.failed_inputs || bad)
		rc = CD_EXIT_INPUT;
	else
		rc = CD_EXIT_OK;
	if (!res.interrupted && cd_batch_signal()) {
		/* Caught while the summary was written: it is whole (written, then
		 * renamed), but the run was asked to stop. */
		cd_cli_error("interrupted by %s after the last report; the outputs are complete",
		             cd_batch_signal() == SIGINT ? "SIGINT" : "SIGTERM");
		rc = cd_batch_signal() == SIGINT ? CD_EXIT_SIGINT : CD_EXIT_SIGTERM;
	}
finish:
	cd_batch_outcome_free(&res);
	cd_reuse_free(reuse);
	free(label);
cleanup:
	cd_cli_free_inputs(&in);
	cd_report_setup_free(&setup);
	cd_config_free(&cfg);
	return rc;
}
