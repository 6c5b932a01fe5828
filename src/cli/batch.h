/*
 * batch.h - analyze and report a list of files with worker threads.
 *
 * Workers take files in path order, each reading, analyzing and rendering
 * its own; one aggregator (the calling thread) takes the results back in
 * path order, writes results.jsonl and summary.csv, keeps a small record
 * per article and feeds the cross-article analysis. At most a few articles
 * per worker are in memory at once, so memory does not grow with the
 * number of files. The output is the same bytes whatever the number of
 * threads.
 */
#ifndef CD_CLI_BATCH_H
#define CD_CLI_BATCH_H

#include "batch/records.h"
#include "cli/cli.h"
#include "report/report.h"

typedef struct cd_batch_job {
	const cd_config *cfg;
	const cd_report_options *report;   /* fonts, date, appendix lines */
	const char *out_dir;
	unsigned jobs;                     /* worker threads, >= 1 */
	int quiet;                         /* no progress bar */
	int article_pdfs;                  /* write one PDF per article */
	int tables;                        /* write results.jsonl and summary.csv */
} cd_batch_job;

typedef struct cd_batch_outcome {
	cd_batch_record *records;          /* n records, path order; free with cd_batch_outcome_free */
	size_t n;
	size_t failed_inputs;              /* files that could not be read or analyzed */
	size_t failed_outputs;             /* reports or tables that could not be written */
	int interrupted;                   /* 0, or the signal that stopped the run */
	void *reuse;                       /* the cross-article analysis (batch/reuse.h), or NULL */
} cd_batch_outcome;

/* Runs the job over inputs. Returns 0, or -1 on no memory. */
int cd_batch_run(const cd_batch_job *job, const cd_input *inputs, size_t n, cd_batch_outcome *out);
void cd_batch_outcome_free(cd_batch_outcome *out);

/* Installs the SIGINT/SIGTERM handlers; cd_batch_signal() is the signal
 * caught since, or 0. */
void cd_batch_catch_signals(void);
int cd_batch_signal(void);

#endif
