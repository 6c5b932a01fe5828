/*
 * history.h - the review history: one SQLite database that records every
 * scheduled quality review (`copydesk review`) and, for each, every article's
 * path, content digest and results, so that the next review can skip
 * unchanged articles, say what changed, and draw trends.
 *
 * Storage rules (see history.c for how each is enforced):
 * - The schema carries a version (PRAGMA user_version) and an application id;
 *   migrations run in order, each in its own transaction, when a history is
 *   opened. A history written by a newer copydesk is refused, never altered.
 * - WAL journal, synchronous=FULL, foreign keys on.
 * - A review is ONE transaction (begin .. add .. commit). A review that fails,
 *   is rolled back, or whose process is killed at any point leaves the
 *   database exactly as it was before begin.
 * - Only one review writes at a time: begin waits up to busy_ms for another
 *   review holding the database, then fails with a clear message. Readers
 *   (reviews/index/get) are never blocked by a writer and see only
 *   committed reviews.
 * - The database must live on a local file system (WAL needs shared memory
 *   between processes; network file systems do not provide it).
 *
 * Conventions: functions return int, 0 (CD_OK) on success, a negative value
 * from copydesk.h (CD_ENOMEM, CD_EINVAL, CD_EIO) or one of the CD_HISTORY_E*
 * below on failure. Functions that take err/errlen write a one-line message
 * naming the database file; the others keep their message for
 * cd_history_error(). Nothing here prints or exits.
 *
 * Threads: a cd_history handle belongs to one thread at a time (copydesk
 * uses it from the batch aggregator only). Several handles, in one process or
 * in several, may open the same file: SQLite's locks keep them apart.
 *
 * Memory: every string handed back is malloc'd and owned by the caller, freed
 * through cd_history_article_clear() / cd_history_articles_free() or free()
 * as each function says.
 */
#ifndef CD_REVIEW_HISTORY_H
#define CD_REVIEW_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "copydesk.h"

/* History-specific errors (beside copydesk.h's CD_E* values). */
enum {
	CD_HISTORY_EBUSY = -20,    /* another review holds the database (waited busy_ms) */
	CD_HISTORY_EFORMAT = -21,  /* not a copydesk history, a newer schema, or damaged */
	CD_HISTORY_EDB = -22       /* any other SQLite failure (disk full, I/O, ...) */
};

/* The schema version this copydesk writes (the number of migrations). */
#define CD_HISTORY_SCHEMA_VERSION 1

typedef struct cd_history cd_history;

/* Opens the history at path, creating the file and the schema when missing,
 * and running any pending migration. busy_ms (>= 0) is how long to wait for
 * another review holding the database, here and in cd_history_begin().
 * On success *out is a handle to close with cd_history_close(). On error
 * *out is NULL, the result is < 0 and err holds one line naming the file, e.g.
 *   "copydesk-history.db: database is locked by another review (waited 5 s)"
 *   "x.db: not a copydesk history (file is not a database)"
 *   "x.db: written by a newer copydesk (schema version 3; this one knows 1)" */
int cd_history_open(cd_history **out, const char *path, int busy_ms, char *err, size_t errlen);
/* Closes the handle (a review still open is rolled back). Accepts NULL. */
void cd_history_close(cd_history *h);
/* The message of the last failure on h (one line, names the file; "" when
 * none). Owned by h: valid until the next call on h. */
const char *cd_history_error(const cd_history *h);

/* A committed review and its aggregates (0 when it holds no article). */
typedef struct cd_history_review {
	int64_t id;                 /* increases with each review: later reviews have larger ids */
	long long time;             /* as given to begin (seconds since the epoch) */
	char version[32];           /* copydesk version that ran it (truncated to 31 bytes) */
	char config_digest[65];     /* hex SHA-256 of the effective config, "" when none */
	size_t articles;
	double mean_quality, mean_filler_per_1000, share_failing;  /* share_failing in 0..1 */
} cd_history_review;

/* The last n committed reviews (by id), oldest first, for trend charts; the
 * last element is the latest review. *out is malloc'd (free() it; NULL when
 * *count is 0). A review still open on h is not listed. */
int cd_history_reviews(cd_history *h, size_t n, cd_history_review **out, size_t *count);

/* One article of one review. Every string is malloc'd and owned by the
 * struct: free them with cd_history_article_clear(). */
typedef struct cd_history_article {
	char *path;                 /* as the review found it; unique within a review */
	char digest[65];            /* hex SHA-256 of the article's bytes */
	char *title;                /* may be NULL */
	double quality;             /* 0..100 */
	double grade;               /* consensus grade */
	double filler_per_1000;
	int failing;                /* 1 when it crossed a threshold */
	char *main_problem;         /* may be NULL */
	char *pdf;                  /* report path relative to the output folder, may be NULL */
	char *json;                 /* its results.jsonl line (no newline), may be NULL */
	char *csv;                  /* its summary.csv row (no newline), may be NULL */
} cd_history_article;

/* Every article of review review_id, sorted by path in byte order (strcmp
 * order, so bsearch with strcmp works), WITHOUT json and csv (left NULL): for
 * 10,000 articles this stays a few MB. *out is malloc'd: free it with
 * cd_history_articles_free(*out, *n). An unknown review gives 0 articles. */
int cd_history_index(cd_history *h, int64_t review_id, cd_history_article **out, size_t *n);
/* The same articles, in the same order, one at a time: fn gets each (it
 * may take its strings, zeroing them; the rest is cleared after it). A
 * non-zero return from fn stops the walk and is returned. CD_OK or an
 * error (cd_history_error says which). */
int cd_history_each(cd_history *h, int64_t review_id,
                    int (*fn)(void *ctx, cd_history_article *a), void *ctx);
/* One article's full row (json and csv included) from review review_id.
 * Returns 1 when found (fill *out; clear it with cd_history_article_clear()),
 * 0 when not found (*out zeroed), < 0 on error. */
int cd_history_get(cd_history *h, int64_t review_id, const char *path, cd_history_article *out);
/* Frees a's strings and zeroes it. Accepts NULL. */
void cd_history_article_clear(cd_history_article *a);
/* Clears the n articles of arr, then frees arr. Accepts NULL. */
void cd_history_articles_free(cd_history_article *arr, size_t n);

/* Starts a review: BEGIN IMMEDIATE (waiting up to busy_ms for another
 * review, then failing with CD_HISTORY_EBUSY and "PATH: database is locked
 * by another review (waited N s)"), then records the review row. version and
 * config_digest may be NULL (stored as ""); paths is the reviewed paths as
 * one string (e.g. joined by newlines), may be NULL. Sets *review_id. Only one
 * review may be open on a handle.
 * Read the previous review (cd_history_reviews(h, 1, ...), then its index)
 * AFTER begin: the write lock is then held, so no other review can commit
 * in between, and what this review compares against is what it follows. */
int cd_history_begin(cd_history *h, long long time, const char *version, const char *config_digest,
                     const char *paths, int64_t *review_id, char *err, size_t errlen);
/* Adds one article to the open review review_id (a's strings are copied).
 * CD_EINVAL when review_id is not the open review, a's path is NULL or
 * already added to this review, or its digest is not 64 hex digits. The
 * review stays open after a failed add: the caller decides to go on or roll
 * back. Message in cd_history_error(). */
int cd_history_add(cd_history *h, int64_t review_id, const cd_history_article *a);
/* Stores the open review's aggregates, computed from the added rows
 * (articles: every row; mean quality and mean filler rate: over the rows
 * where that value is a number, a NaN is left out; share failing: rows with
 * failing set / articles) and commits. On failure the review is rolled back
 * and err says why. */
int cd_history_commit(cd_history *h, char *err, size_t errlen);
/* Abandons the open review, if any: the database is as before begin. */
void cd_history_rollback(cd_history *h);

/* Keeps the last keep reviews (by id) and deletes older ones with their
 * articles. Inside an open review it becomes part of that review's
 * transaction (so it counts the open review, and rolls back with it);
 * otherwise it runs in a transaction of its own (waiting busy_ms like begin).
 * Freed pages are reused by later reviews (the file does not shrink). keep
 * 0 is CD_EINVAL. Sets *deleted (may be NULL) to the reviews removed. */
int cd_history_prune(cd_history *h, size_t keep, size_t *deleted);
/* Runs SQLite's integrity_check and foreign_key_check. 0 when both pass;
 * CD_HISTORY_EFORMAT and a message in err naming the first problem. */
int cd_history_check(cd_history *h, char *err, size_t errlen);

/* SHA-256 (FIPS 180-4), for content and config digests. */
typedef struct cd_sha256 {
	uint32_t state[8];
	uint64_t bytes;             /* total length so far */
	unsigned char block[64];
	size_t used;                /* bytes waiting in block */
} cd_sha256;
void cd_sha256_init(cd_sha256 *s);
void cd_sha256_update(cd_sha256 *s, const void *data, size_t len);
/* Writes the digest as 64 lowercase hex chars and a NUL. s must be
 * initialized again before reuse. */
void cd_sha256_final_hex(cd_sha256 *s, char out[65]);
/* SHA-256 of len bytes as 64 lowercase hex chars and a NUL. */
void cd_sha256_hex(const void *data, size_t len, char out[65]);

#endif
