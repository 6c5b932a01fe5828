/*
 * records.h - what a batch run keeps of each article once its own outputs
 * are written: a few figures and strings, never its text. The records go
 * to a store (cd_records) kept in a temporary file, so that memory does not
 * grow with the number of articles; the summary report
 * (src/report/summary.c) reads them back one at a time.
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



/* ---- the store ------------------------------------------------------------

 * Records in the order added, each a fixed-size entry plus its strings in a
 * spill (src/util/spill.h: an unlinked file in $TMPDIR, in memory only when
 * no file can be made). Reading goes through a window of consecutive
 * entries, so a pass in order costs two reads per CD_RECORDS_WINDOW records.
 * The first failure sticks: cd_records_error says it (with errno), and
 * later adds and gets fail at once. */
typedef struct cd_records cd_records;

#define CD_RECORDS_WINDOW 64

/* A new, empty store, or NULL on no memory. */
cd_records *cd_records_new(void);
/* Appends a copy of rec. CD_OK, CD_ENOMEM or CD_EIO. */
int cd_records_add(cd_records *rs, const cd_batch_record *rec);
size_t cd_records_count(const cd_records *rs);
/* Record i into out (its strings malloc'd: cd_batch_record_clear). On
 * failure out is zeroed (NULL strings) and the result is CD_ENOMEM, CD_EIO
 * or CD_EINVAL (i out of range). */
int cd_records_get(cd_records *rs, size_t i, cd_batch_record *out);
/* The first failure (CD_OK when none) and its errno. */
int cd_records_error(const cd_records *rs, int *errno_out);
void cd_records_free(cd_records *rs);

/* Refills a record from a line of results.jsonl (copydesk's own JSON, as
 * cd_article_json writes it), for merging shard outputs and for reviews
 * that reuse stored results. 0, or -1 when the line is not such JSON. */
int cd_batch_record_from_json(cd_batch_record *rec, const char *json);

/* The "path" of a results.jsonl line, malloc'd, or NULL. */
char *cd_json_path(const char *json);
#endif
