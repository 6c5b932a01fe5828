/* records.c - see records.h. */
#include "batch/records.h"

#include <stdlib.h>
#include <string.h>

static char *dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

static char *folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return strdup(".");
	size_t n = (size_t)(slash - path);
	char *f = malloc(n + 1);
	if (f) {
		memcpy(f, path, n);
		f[n] = '\0';
	}
	return f;
}

int cd_batch_record_fill(cd_batch_record *rec, const char *path, const cd_result *r)
{
	memset(rec, 0, sizeof *rec);
	rec->path = strdup(path);
	rec->folder = folder_of(path);
	rec->title = dup_or_empty(r->title);
	rec->main_problem = dup_or_empty(r->score.n_deductions ? r->score.deductions[0].reason : "");
	rec->band = r->score.band ? r->score.band : "";
	rec->quality = r->score.quality;
	rec->grade = r->readability.consensus_grade;
	rec->reading_ease = r->readability.flesch_reading_ease;
	rec->filler_per_1000 = r->fillers.per_1000_words;
	rec->transition_share = r->repetition.transition_opener_share;
	rec->repeated_share = r->repetition.repeated_word_share;
	rec->words = r->counts.words;
	rec->sentences = r->counts.sentences;
	rec->mechanics_errors = r->mechanics.spacing_errors + r->mechanics.lowercase_starts +
	                        r->mechanics.article_errors + r->mechanics.doubled_words;
	if (!rec->path || !rec->folder || !rec->title || !rec->main_problem) {
		cd_batch_record_clear(rec);
		return -1;
	}
	return 0;
}

int cd_batch_record_fail(cd_batch_record *rec, const char *path, const char *error)
{
	memset(rec, 0, sizeof *rec);
	rec->path = strdup(path);
	rec->folder = folder_of(path);
	rec->title = strdup("");
	rec->main_problem = strdup("");
	rec->error = strdup(error);
	rec->band = "";
	if (!rec->path || !rec->folder || !rec->title || !rec->main_problem || !rec->error) {
		cd_batch_record_clear(rec);
		return -1;
	}
	return 0;
}

void cd_batch_record_clear(cd_batch_record *rec)
{
	free(rec->path);
	free(rec->folder);
	free(rec->pdf);
	free(rec->title);
	free(rec->error);
	free(rec->main_problem);
	memset(rec, 0, sizeof *rec);
}
