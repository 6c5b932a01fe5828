/* records.c - see records.h. */
#include "batch/records.h"

#include <stdio.h>
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

/* ---- reading copydesk's own JSON back ------------------------------------ */

/* The value after "key": that follows the first "anchor": (or from the
 * start when anchor is NULL), or NULL. copydesk's JSON names each key once
 * within its object, so a key found after its object's anchor is the one. */
static const char *value_of(const char *json, const char *anchor, const char *key)
{
	char pat[96];
	const char *p = json;
	if (anchor) {
		snprintf(pat, sizeof pat, "\"%s\":", anchor);
		p = strstr(p, pat);
		if (!p)
			return NULL;
		p += strlen(pat);
	}
	snprintf(pat, sizeof pat, "\"%s\":", key);
	p = strstr(p, pat);
	return p ? p + strlen(pat) : NULL;
}

static int number_of(const char *json, const char *anchor, const char *key, double *out)
{
	const char *v = value_of(json, anchor, key);
	if (!v)
		return -1;
	char *end;
	*out = strtod(v, &end);
	return end == v ? -1 : 0;
}

static size_t count_of(const char *json, const char *anchor, const char *key)
{
	double d = 0;
	number_of(json, anchor, key, &d);
	return d > 0 ? (size_t)d : 0;
}

/* Decodes the JSON string starting at v (at its opening quote). */
static char *string_at(const char *v)
{
	if (!v || *v != '"')
		return NULL;
	v++;
	size_t cap = strlen(v) + 1, n = 0;
	char *out = malloc(cap);
	if (!out)
		return NULL;
	while (*v && *v != '"') {
		char c = *v++;
		if (c == '\\') {
			c = *v++;
			switch (c) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'r': c = '\r'; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case 'u': {
				unsigned cp = 0;
				for (int k = 0; k < 4 && *v; k++, v++) {
					char h = *v;
					cp = cp * 16 + (unsigned)(h >= 'a' ? h - 'a' + 10 : h >= 'A' ? h - 'A' + 10 : h - '0');
				}
				/* copydesk escapes only control characters this way */
				c = (char)(cp < 0x80 ? cp : '?');
				break;
			}
			case '\0': v--; c = '\\'; break;
			default: break;   /* \" \\ \/ */
			}
		}
		out[n++] = c;
	}
	out[n] = '\0';
	return out;
}

char *cd_json_path(const char *json)
{
	return string_at(value_of(json, NULL, "path"));
}

int cd_batch_record_from_json(cd_batch_record *rec, const char *json)
{
	memset(rec, 0, sizeof *rec);
	static const char *const bands[] = { "excellent", "good", "fair", "poor", "very poor" };
	char *path = cd_json_path(json);
	if (!path || !value_of(json, "score", "quality")) {
		free(path);
		return -1;
	}
	char *title = string_at(value_of(json, NULL, "title"));
	char *band = string_at(value_of(json, "score", "band"));
	const char *dv = value_of(json, "deductions", "reason");
	const char *dend = value_of(json, "score", "deductions");
	/* the first deduction's reason, when the list is not empty */
	char *problem = dend && dend[0] == '[' && dend[1] == '{' ? string_at(dv) : strdup("");
	cd_result dummy;
	memset(&dummy, 0, sizeof dummy);
	dummy.title = title ? title : "";
	int rc = cd_batch_record_fill(rec, path, &dummy);
	if (rc == 0) {
		free(rec->main_problem);
		rec->main_problem = problem ? problem : strdup("");
		problem = NULL;
		rec->band = "";
		for (size_t i = 0; band && i < sizeof bands / sizeof bands[0]; i++)
			if (strcmp(band, bands[i]) == 0)
				rec->band = bands[i];
		number_of(json, "score", "quality", &rec->quality);
		number_of(json, "readability", "consensus_grade", &rec->grade);
		number_of(json, "readability", "flesch_reading_ease", &rec->reading_ease);
		number_of(json, "fillers", "per_1000_words", &rec->filler_per_1000);
		number_of(json, "repetition", "transition_opener_share", &rec->transition_share);
		number_of(json, "repetition", "repeated_word_share", &rec->repeated_share);
		rec->words = count_of(json, "counts", "words");
		rec->sentences = count_of(json, "counts", "sentences");
		rec->mechanics_errors = count_of(json, "mechanics", "spacing_errors") +
		                        count_of(json, "mechanics", "lowercase_starts") +
		                        count_of(json, "mechanics", "article_errors") +
		                        count_of(json, "mechanics", "doubled_words");
		if (!rec->main_problem)
			rc = -1;
	}
	free(path);
	free(title);
	free(band);
	free(problem);
	if (rc != 0)
		cd_batch_record_clear(rec);
	return rc;
}
