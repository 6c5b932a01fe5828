/*
 * summary.h - everything summary.pdf shows for a batch of articles, as plain
 * data: filled by the batch and review commands, drawn by
 * src/report/summary.c (cd_report_summary). Nothing here is analyzed again.
 */
#ifndef CD_BATCH_SUMMARY_H
#define CD_BATCH_SUMMARY_H

#include <stddef.h>

#include "batch/records.h"

/* A phrase several articles share (template phrases, openers, closers). */
typedef struct cd_summary_phrase {
	const char *text;          /* case-folded words */
	size_t articles;           /* how many articles use it */
} cd_summary_phrase;

/* Two articles that are near-duplicates of each other. */
typedef struct cd_summary_pair {
	size_t a, b;               /* indexes into records, a < b */
	double similarity;         /* estimated Jaccard similarity, 0..1 */
} cd_summary_pair;

/* One past review, for the trend charts (oldest first). */
typedef struct cd_summary_trend {
	long long time;            /* seconds since the epoch */
	size_t articles;
	double mean_quality;
	double filler_per_1000;    /* mean over the articles */
	double share_failing;      /* share of articles over a threshold */
} cd_summary_trend;

typedef enum {
	CD_CHANGE_NEW,             /* not in the last review */
	CD_CHANGE_CHANGED,         /* content changed, quality within the regression margin */
	CD_CHANGE_REMOVED,         /* in the last review, gone now */
	CD_CHANGE_REGRESSION,      /* quality fell by the margin or more, or newly over a threshold */
	CD_CHANGE_IMPROVEMENT      /* quality rose by the margin or more, or no longer over a threshold */
} cd_change_kind;

typedef struct cd_summary_change {
	const char *path;
	cd_change_kind kind;
	double before, after;      /* quality; before is 0 for new, after is 0 for removed */
	const char *reason;        /* one line: "quality 72.0 -> 58.5", "now over max_grade (15.2 > 14)" */
} cd_summary_change;

typedef struct cd_summary {
	const char *title;                     /* "copydesk summary: feeds/" */
	cd_records *records;                   /* every article, path order (read back one by one) */
	size_t n_records;
	size_t failures;                       /* records with an error */

	/* [thresholds]: articles crossing one are listed */
	double min_quality, max_grade, max_filler_per_1000;

	/* cross-article reuse; counts 0 when not computed */
	const cd_summary_phrase *phrases; size_t n_phrases;
	const cd_summary_phrase *openers; size_t n_openers;
	const cd_summary_phrase *closers; size_t n_closers;
	const cd_summary_pair *pairs; size_t n_pairs;

	/* scheduled reviews: since the last review (n_trend 0 outside reviews) */
	const cd_summary_trend *trend; size_t n_trend;   /* the current review last */
	const cd_summary_change *changes; size_t n_changes;
	size_t n_new, n_changed, n_removed, n_unchanged, n_regressions, n_improvements;
	int is_review;                         /* 1 for copydesk review */
} cd_summary;

#endif
