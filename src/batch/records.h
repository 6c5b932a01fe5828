/*
 * records.h - what a batch run keeps of each article once its own outputs
 * are written: a few figures and strings, so that memory grows by a few
 * hundred bytes an article, never by its text. The summary report
 * (src/report/summary.c) draws from these.
 */
#ifndef CD_BATCH_RECORDS_H
#define CD_BATCH_RECORDS_H

#include <stddef.h>

#include "copydesk.h"

typedef struct cd_batch_record {
	char *path;              /* as found by the walk */
	char *folder;            /* the folder part of path ("." for none) */
	char *pdf;               /* its report, relative to the output folder; NULL when none */
	char *title;
	char *error;             /* why it failed; NULL when it was analyzed */
	char *main_problem;      /* the biggest deduction's reason, "" when none */
	const char *band;        /* static */
	double quality, grade, reading_ease, filler_per_1000;
	double transition_share, repeated_share;
	size_t words, sentences, mechanics_errors;
} cd_batch_record;

/* Fills rec from an analyzed article (strings are strdup'd). 0 or -1. */
int cd_batch_record_fill(cd_batch_record *rec, const char *path, const cd_result *r);
/* A record for a file that could not be analyzed. 0 or -1. */
int cd_batch_record_fail(cd_batch_record *rec, const char *path, const char *error);
void cd_batch_record_clear(cd_batch_record *rec);



/* Refills a record from a line of results.jsonl (copydesk's own JSON, as
 * cd_article_json writes it), for merging shard outputs and for reviews
 * that reuse stored results. 0, or -1 when the line is not such JSON. */
int cd_batch_record_from_json(cd_batch_record *rec, const char *json);

/* The "path" of a results.jsonl line, malloc'd, or NULL. */
char *cd_json_path(const char *json);
#endif
