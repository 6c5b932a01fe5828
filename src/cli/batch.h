/*
 * batch.h - analyze and report a list of files with worker threads.
 *
 * Workers take files in path order, each reading, analyzing and rendering
 * its own; one aggregator (the calling thread) takes the results back in
 * path order, writes results.jsonl and summary.csv, keeps a small record
 * per article (in a temporary file: batch/records.h) and feeds the
 * cross-article analysis. At most a few articles per worker are in memory
 * at once, so memory does not grow with the number of files. The output is the same bytes whatever the number of
 * threads.
 */
#ifndef CD_CLI_BATCH_H
#define CD_CLI_BATCH_H

#include "batch/records.h"
#include "cli/cli.h"
#include "report/report.h"

/* The aggregator's view of one finished article, in path order. */
typedef struct cd_batch_item {
	size_t index;
	const char *path;              /* as the walk found it */
	const cd_batch_record *record;
	const char *json;              /* its results.jsonl line, or NULL when it failed */
	const char *csv;               /* its summary.csv row (no newline), or NULL */
	const char *digest;            /* hex SHA-256 of its bytes; "" when unread or not asked for */
	int reused;                    /* 1 when taken from the last review, not analyzed */
	const cd_result *result;       /* the analysis, NULL when reused or failed */
	const cd_article *article;     /* the article it came from, NULL with result */
} cd_batch_item;

typedef struct cd_batch_job {
	const cd_config *cfg;
	const cd_report_options *report;   /* fonts, date, appendix lines */
	const char *out_dir;
	const char *label;                 /* what was named on the command line, for titles */
	unsigned jobs;                     /* worker threads, >= 1 */
	int quiet;                         /* no progress bar */
	int article_pdfs;                  /* write one PDF per article */
	int tables;                        /* write results.jsonl and summary.csv */
	int no_strings;                    /* on_item needs no JSON line or CSV row */
	int digests;                       /* hash each file (cd_batch_item.digest; reviews) */
	int no_records;                    /* keep no records (outcome.records NULL): no summary */

	/* Scheduled reviews. prior, consulted when reuse is set: what the
	 * last review recorded of input index (path): the hex SHA-256 of its
	 * bytes then into digest, its report then (relative to the output
	 * folder, malloc'd) or NULL into *pdf; 1 when it was there, 0 when not.
	 * Called from the worker threads. A file whose digest is unchanged is
	 * not analyzed or rendered again; fetch supplies its stored JSON line
	 * and CSV row (malloc'd; 0 ok). on_item is called by the aggregator for
	 * every article; non-zero stops the run. */
	int (*prior)(void *ctx, size_t index, const char *path, char digest[65], char **pdf);
	int reuse;
	int (*fetch)(void *ctx, const char *path, char **json, char **csv);
	int (*on_item)(void *ctx, const cd_batch_item *item);
	void *ctx;
} cd_batch_job;

typedef struct cd_batch_outcome {
	cd_records *records;               /* n records, path order (NULL with no_records);
	                                    * free with cd_batch_outcome_free */
	size_t n;
	size_t failed_inputs;              /* files that could not be read or analyzed */
	size_t failed_outputs;             /* reports or tables that could not be written */
	int interrupted;                   /* 0, or the signal that stopped the run */
	int stopped;                       /* on_item asked to stop */
	int tables_written;                /* results.jsonl and summary.csv are in place */
	size_t analyzed;                   /* articles analyzed in this run */
	size_t reused;                     /* articles taken from the last review */
} cd_batch_outcome;

/* Runs the job over inputs. Returns 0, -1 on no memory, or -2 when no
 * worker thread could be started (nothing was done); cd_batch_strerror
 * says which. */
int cd_batch_run(const cd_batch_job *job, const cd_inputs *inputs, cd_batch_outcome *out);
void cd_batch_outcome_free(cd_batch_outcome *out);
const char *cd_batch_strerror(int rc);

/* Installs the SIGINT/SIGTERM handlers; cd_batch_signal() is the signal
 * caught since, or 0. */
void cd_batch_catch_signals(void);
int cd_batch_signal(void);

#endif
