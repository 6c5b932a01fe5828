/*
 * report_setup.h - what the report commands share: report options from the
 * settings (fonts, page size, date from SOURCE_DATE_EPOCH, the appendix's
 * settings lines), the text summary on stdout, small option helpers.
 */
#ifndef CD_CLI_REPORT_SETUP_H
#define CD_CLI_REPORT_SETUP_H

#include "batch/reuse.h"
#include "batch/summary.h"
#include "cli/batch.h"

typedef struct cd_report_setup {
	cd_report_options opt;
	char **lines;          /* "section:key = value", the settings changed from the defaults */
	size_t n_lines;
} cd_report_setup;

int cd_report_setup_init(cd_report_setup *s, const cd_config *cfg);
void cd_report_setup_free(cd_report_setup *s);

/* The date of a review: SOURCE_DATE_EPOCH when set (reproducible builds),
 * else now. */
long long cd_cli_review_date(void);

/* The options report and review share: -o -c -j -q --no-article-pdfs
 * --shard. Their ids above 255 are CD_OPT_NO_PDFS and CD_OPT_SHARD; a
 * command's own long options start at CD_OPT_OWN. */
enum { CD_OPT_NO_PDFS = 256, CD_OPT_SHARD, CD_OPT_OWN };

typedef struct cd_batch_args {
	const char *out;          /* -o, default "out" */
	const char *config;       /* -c */
	unsigned jobs;            /* -j, 0 = the number of cores */
	unsigned shard_k, shard_n;
	int quiet, no_pdfs;
} cd_batch_args;

/* Takes one of the shared options into a (cmd names the command in
 * errors). 0 taken, 1 not a shared option, else the exit code of a usage
 * error. */
int cd_cli_batch_option(cd_batch_args *a, int id, const char *arg, const char *cmd);
/* --jobs N: 1 to 256 into *jobs; 0, or CD_EXIT_USAGE after a message. */
int cd_cli_parse_jobs(const char *arg, unsigned *jobs, const char *cmd);

/* The arguments joined by spaces, malloc'd (NULL on no memory). */
char *cd_cli_join_args(char *const *argv, int n);

/* Parses "K/N" (1 <= K <= N <= 4096). 0 or -1. */
int cd_cli_parse_shard(const char *arg, unsigned *k, unsigned *n);
int cd_cli_is_dir(const char *path);
unsigned cd_cli_cores(void);

/* What a review adds to a batch summary: the changes since the last
 * review and the trend over the last reviews (this one last). */
typedef struct cd_summary_review {
	const cd_summary_change *changes; size_t n_changes;
	const cd_summary_trend *trend; size_t n_trend;
	size_t n_new, n_changed, n_removed, n_unchanged, n_regressions, n_improvements;
} cd_summary_review;

/* The summary of a batch: summary.pdf in the output folder and a few lines
 * on stdout; review is NULL outside scheduled reviews, reuse NULL when the
 * cross-article analysis was not run. 0, or -1 when the PDF could not be
 * written (message printed). */
int cd_cli_write_summary(const cd_batch_job *job, const cd_batch_outcome *res,
                         const cd_report_setup *setup, const cd_summary_review *review,
                         const cd_reuse_result *reuse);

#endif
