/* records.c - see records.h. */
#include "batch/records.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/spill.h"

/* The bands src/analyzer/score.c gives, in order. */
static const char *const bands[] = { "excellent", "good", "fair", "poor", "very poor" };
#define N_BANDS (sizeof bands / sizeof bands[0])

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
		for (size_t i = 0; band && i < N_BANDS; i++)
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

/* ---- the store ------------------------------------------------------------ */

/* A record's fixed-size entry. Its strings follow one another in the
 * strings spill from offset strings: path, title, main problem, then the
 * PDF and the error when the flags say so, each NUL-terminated. The folder
 * is made again from the path. */
typedef struct {
	double quality, grade, reading_ease, filler_per_1000;
	double transition_share, repeated_share;
	uint64_t words, sentences, mechanics_errors;
	uint64_t strings;
	uint32_t strings_len;
	uint8_t band;          /* 1 + index in bands, 0 for none */
	uint8_t flags;
} entry;

enum { HAS_PDF = 1, HAS_ERROR = 2 };

struct cd_records {
	cdi_spill entries, strings;
	size_t n;
	int err, err_errno;
	/* the window: entries first .. first + n_win - 1 and their strings */
	entry win[CD_RECORDS_WINDOW];
	size_t first, n_win;
	char *win_strings;
	size_t win_cap;
};

cd_records *cd_records_new(void)
{
	cd_records *rs = calloc(1, sizeof *rs);
	if (rs) {
		/* A full TMPDIR costs memory, never the summary. */
		cdi_spill_init(&rs->entries, "rec", 1);
		cdi_spill_init(&rs->strings, "str", 1);
	}
	return rs;
}

static int fail(cd_records *rs, int err)
{
	if (!rs->err) {
		rs->err = err;
		rs->err_errno = err == CD_ENOMEM ? ENOMEM : err == CD_EINVAL ? EINVAL : errno ? errno : EIO;
	}
	return err;
}

int cd_records_add(cd_records *rs, const cd_batch_record *rec)
{
	if (rs->err)
		return rs->err;
	const char *parts[5] = { rec->path, rec->title, rec->main_problem, rec->pdf, rec->error };
	size_t n_parts = rec->pdf || rec->error ? 5 : 3;
	entry e;
	memset(&e, 0, sizeof e);   /* padding too: the bytes written are defined */
	e.quality = rec->quality;
	e.grade = rec->grade;
	e.reading_ease = rec->reading_ease;
	e.filler_per_1000 = rec->filler_per_1000;
	e.transition_share = rec->transition_share;
	e.repeated_share = rec->repeated_share;
	e.words = rec->words;
	e.sentences = rec->sentences;
	e.mechanics_errors = rec->mechanics_errors;
	e.strings = rs->strings.size;
	for (size_t b = 0; rec->band && b < N_BANDS; b++)
		if (strcmp(rec->band, bands[b]) == 0)
			e.band = (uint8_t)(b + 1);
	e.flags = (rec->pdf ? HAS_PDF : 0) | (rec->error ? HAS_ERROR : 0);
	size_t len = 0;
	for (size_t k = 0; k < n_parts; k++) {
		const char *p = parts[k] ? parts[k] : "";
		size_t l = strlen(p) + 1;
		int err = cdi_spill_append(&rs->strings, p, l);
		if (err != CD_OK)
			return fail(rs, err);
		len += l;
	}
	if (len > UINT32_MAX)
		return fail(rs, CD_EINVAL);   /* over 4 GiB of names */
	e.strings_len = (uint32_t)len;
	int err = cdi_spill_append(&rs->entries, &e, sizeof e);
	if (err != CD_OK)
		return fail(rs, err);
	rs->n++;
	return CD_OK;
}

size_t cd_records_count(const cd_records *rs)
{
	return rs ? rs->n : 0;
}

/* Loads the window that starts at entry i. */
static int load_window(cd_records *rs, size_t i)
{
	size_t k = rs->n - i < CD_RECORDS_WINDOW ? rs->n - i : CD_RECORDS_WINDOW;
	rs->n_win = 0;
	int err = cdi_spill_read(&rs->entries, (uint64_t)i * sizeof(entry), rs->win, k * sizeof(entry));
	if (err != CD_OK)
		return fail(rs, err);
	uint64_t from = rs->win[0].strings;
	uint64_t to = rs->win[k - 1].strings + rs->win[k - 1].strings_len;
	if (to < from || to - from > SIZE_MAX - 1) {
		errno = EIO;   /* entries that do not fit together: a damaged file */
		return fail(rs, CD_EIO);
	}
	size_t bytes = (size_t)(to - from);
	if (bytes > rs->win_cap) {
		char *b = realloc(rs->win_strings, bytes);
		if (!b)
			return fail(rs, CD_ENOMEM);
		rs->win_strings = b;
		rs->win_cap = bytes;
	}
	if ((err = cdi_spill_read(&rs->strings, from, rs->win_strings, bytes)) != CD_OK)
		return fail(rs, err);
	rs->first = i;
	rs->n_win = k;
	return CD_OK;
}

/* The next NUL-terminated string at *p (within end), strdup'd; NULL with
 * *damaged set when there is none. */
static char *next_string(const char **p, const char *end, int *damaged)
{
	const char *nul = memchr(*p, '\0', (size_t)(end - *p));
	if (!nul) {
		*damaged = 1;
		return NULL;
	}
	char *s = strdup(*p);
	*p = nul + 1;
	return s;
}

int cd_records_get(cd_records *rs, size_t i, cd_batch_record *out)
{
	memset(out, 0, sizeof *out);
	if (i >= rs->n)
		return CD_EINVAL;
	if (rs->err)
		return rs->err;
	if (i < rs->first || i >= rs->first + rs->n_win) {
		int err = load_window(rs, i);
		if (err != CD_OK)
			return err;
	}
	const entry *e = &rs->win[i - rs->first];
	const char *p = rs->win_strings + (e->strings - rs->win[0].strings);
	const char *end = p + e->strings_len;
	out->quality = e->quality;
	out->grade = e->grade;
	out->reading_ease = e->reading_ease;
	out->filler_per_1000 = e->filler_per_1000;
	out->transition_share = e->transition_share;
	out->repeated_share = e->repeated_share;
	out->words = (size_t)e->words;
	out->sentences = (size_t)e->sentences;
	out->mechanics_errors = (size_t)e->mechanics_errors;
	out->band = e->band ? bands[e->band - 1] : "";
	int damaged = 0;
	out->path = next_string(&p, end, &damaged);
	out->title = next_string(&p, end, &damaged);
	out->main_problem = next_string(&p, end, &damaged);
	char *pdf = e->flags & (HAS_PDF | HAS_ERROR) ? next_string(&p, end, &damaged) : NULL;
	char *error = e->flags & (HAS_PDF | HAS_ERROR) ? next_string(&p, end, &damaged) : NULL;
	int ok = out->path && out->title && out->main_problem && (pdf || !(e->flags & HAS_PDF)) &&
	         (error || !(e->flags & HAS_ERROR));
	out->folder = out->path ? folder_of(out->path) : NULL;
	if (e->flags & HAS_PDF) {
		out->pdf = pdf;
		pdf = NULL;
	}
	if (e->flags & HAS_ERROR) {
		out->error = error;
		error = NULL;
	}
	free(pdf);
	free(error);
	if (!ok || !out->folder) {
		cd_batch_record_clear(out);
		if (damaged) {
			errno = EIO;
			return fail(rs, CD_EIO);
		}
		return fail(rs, CD_ENOMEM);
	}
	return CD_OK;
}

int cd_records_error(const cd_records *rs, int *errno_out)
{
	int err = rs ? rs->err : CD_OK;
	if (errno_out)
		*errno_out = err ? rs->err_errno : 0;
	return err;
}

void cd_records_free(cd_records *rs)
{
	if (!rs)
		return;
	cdi_spill_free(&rs->entries);
	cdi_spill_free(&rs->strings);
	free(rs->win_strings);
	free(rs);
}
