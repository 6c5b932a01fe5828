/*
 * history.c - the review history in SQLite (see history.h for the contract)
 * and a small SHA-256 for the digests it stores.
 *
 * Layout: two tables.
 *   reviews(id, time, version, config_digest, paths, articles, mean_quality,
 *           mean_filler, share_failing)   one row per committed review
 *   articles(review_id -> reviews(id) ON DELETE CASCADE, path, digest, title,
 *            quality, grade, filler, failing, main_problem, pdf, json, csv,
 *            PRIMARY KEY(review_id, path))
 * articles is an ordinary rowid table: its rows carry a whole results.jsonl
 * line (often several KB), and SQLite's documentation advises WITHOUT ROWID
 * only for rows under ~1/20 of a page. The primary key's index serves both
 * "every article of a review, by path" and the cascade on delete.
 *
 * Versioning: PRAGMA application_id marks the file as a copydesk history;
 * PRAGMA user_version is the number of migrations applied. Migration k (the
 * k-th string of `migrations`) takes the schema from version k-1 to k; each
 * runs in its own BEGIN IMMEDIATE transaction together with the version bump,
 * after the version is read again inside that transaction (two copydesks
 * opening a new file at once migrate it once). Released migrations are never
 * edited: a change is a new migration at the end of the list.
 *
 * Atomicity: a review is one transaction. In WAL mode a transaction's pages
 * reach the -wal file before its commit frame; on the next open, SQLite
 * ignores frames after the last commit frame, so a process killed anywhere
 * before COMMIT leaves no trace. synchronous=FULL makes a committed review
 * survive a power cut too (one fsync per review: negligible next to the
 * analysis).
 */
#include "review/history.h"

#include <math.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/vec.h"

/* "cdkh" (copydesk history) in PRAGMA application_id, so `file` and our own
 * open can tell a copydesk history from any other SQLite database. */
#define HISTORY_APP_ID 0x63646b68

/* The migrations, in order: migrations[k - 1] takes user_version k-1 to k.
 * To change the schema, append a string (e.g. migration 2:
 * "ALTER TABLE articles ADD COLUMN words INTEGER;") and raise
 * CD_HISTORY_SCHEMA_VERSION in history.h to the new count. */
static const char *const migrations[] = {
	/* 1: the initial schema */
	"CREATE TABLE reviews("
	" id INTEGER PRIMARY KEY,"
	" time INTEGER NOT NULL,"
	" version TEXT NOT NULL,"
	" config_digest TEXT NOT NULL,"
	" paths TEXT NOT NULL,"
	" articles INTEGER NOT NULL DEFAULT 0,"
	" mean_quality REAL NOT NULL DEFAULT 0,"
	" mean_filler REAL NOT NULL DEFAULT 0,"
	" share_failing REAL NOT NULL DEFAULT 0);"
	"CREATE TABLE articles("
	" review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,"
	" path TEXT NOT NULL,"
	" digest TEXT NOT NULL,"
	" title TEXT,"
	" quality REAL,"
	" grade REAL,"
	" filler REAL,"
	" failing INTEGER NOT NULL DEFAULT 0,"
	" main_problem TEXT,"
	" pdf TEXT,"
	" json TEXT,"
	" csv TEXT,"
	" PRIMARY KEY(review_id, path));",
};
#define N_MIGRATIONS (sizeof migrations / sizeof migrations[0])
_Static_assert(N_MIGRATIONS == CD_HISTORY_SCHEMA_VERSION,
               "CD_HISTORY_SCHEMA_VERSION must equal the number of migrations");

struct cd_history {
	sqlite3 *db;
	char *path;                /* as given to open, for messages */
	int busy_ms;
	int64_t open_review;       /* id of the review begun and not yet committed; 0 for none */
	sqlite3_stmt *add_stmt;    /* prepared once per handle: add and get run once per article */
	sqlite3_stmt *get_stmt;
	char msg[512];             /* last failure, one line */
};

/* ---- messages -------------------------------------------------------------- */

static void set_msg(cd_history *h, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(h->msg, sizeof h->msg, "%s: ", h->path);
	if (n < 0 || (size_t)n >= sizeof h->msg)
		return;
	va_start(ap, fmt);
	vsnprintf(h->msg + n, sizeof h->msg - (size_t)n, fmt, ap);
	va_end(ap);
}

static void copy_msg(const cd_history *h, char *err, size_t errlen)
{
	if (err && errlen)
		snprintf(err, errlen, "%s", h->msg);
}

/* Turns a failed SQLite call into an error value and a message in h->msg.
 * what says what was being done ("reading the reviews"). */
static int db_fail(cd_history *h, int rc, const char *what)
{
	const char *why = sqlite3_errmsg(h->db);
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		set_msg(h, "database is locked by another review (waited %g s)", h->busy_ms / 1000.0);
		return CD_HISTORY_EBUSY;
	case SQLITE_NOTADB:
		set_msg(h, "not a copydesk history (%s)", why);
		return CD_HISTORY_EFORMAT;
	case SQLITE_CORRUPT:
		set_msg(h, "the history is damaged (%s) while %s", why, what);
		return CD_HISTORY_EFORMAT;
	case SQLITE_NOMEM:
		set_msg(h, "out of memory while %s", what);
		return CD_ENOMEM;
	default:
		set_msg(h, "%s failed (%s)", what, why);
		return CD_HISTORY_EDB;
	}
}

/* ---- small SQLite helpers -------------------------------------------------- */

static int exec(cd_history *h, const char *sql, const char *what)
{
	int rc = sqlite3_exec(h->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? CD_OK : db_fail(h, rc, what);
}

/* Runs a statement that yields one integer (a PRAGMA) into *val. */
static int query_int(cd_history *h, const char *sql, int64_t *val, const char *what)
{
	sqlite3_stmt *st = NULL;
	int ret = CD_OK;
	int rc = sqlite3_prepare_v2(h->db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*val = sqlite3_column_int64(st, 0);
	else if (rc == SQLITE_DONE)
		*val = 0;
	else
		ret = db_fail(h, rc, what);
	sqlite3_finalize(st);
	return ret;
}

/* A malloc'd copy of a text column; NULL for SQL NULL. *ok becomes 0 when
 * the copy could not be allocated. */
static char *column_dup(sqlite3_stmt *st, int col, int *ok)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return NULL;
	const unsigned char *s = sqlite3_column_text(st, col);
	size_t n = (size_t)sqlite3_column_bytes(st, col);
	char *copy = s ? malloc(n + 1) : NULL;
	if (!copy) {
		*ok = 0;
		return NULL;
	}
	memcpy(copy, s, n);
	copy[n] = '\0';
	return copy;
}

/* A REAL column; SQL NULL (how SQLite stores a NaN) reads back as NAN. */
static double column_real(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL ? NAN : sqlite3_column_double(st, col);
}

/* Copies a text column into a fixed buffer, truncated to fit. */
static void column_copy(sqlite3_stmt *st, int col, char *dst, size_t size)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	snprintf(dst, size, "%s", s ? (const char *)s : "");
}

static int is_hex_digest(const char *s)
{
	size_t i;
	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[64] == '\0';
}

/* BEGIN IMMEDIATE: takes the write lock now (waiting busy_ms), so a second
 * review fails at its start rather than at its end. */
static int begin_write(cd_history *h, const char *what)
{
	return exec(h, "BEGIN IMMEDIATE", what);
}

static void rollback_quietly(cd_history *h)
{
	if (!sqlite3_get_autocommit(h->db))
		sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
}

/* ---- open, schema, migrations ---------------------------------------------- */

/* Refuses a file that is some other SQLite database or a newer history.
 * *version receives user_version. */
static int check_format(cd_history *h, int64_t *version)
{
	int64_t app_id, tables;
	int ret = query_int(h, "PRAGMA application_id", &app_id, "reading the file");
	if (ret == CD_OK)
		ret = query_int(h, "PRAGMA user_version", version, "reading the file");
	if (ret == CD_OK)
		ret = query_int(h, "SELECT count(*) FROM sqlite_schema", &tables, "reading the file");
	if (ret != CD_OK)
		return ret;
	if (app_id != 0 && app_id != HISTORY_APP_ID) {
		set_msg(h, "not a copydesk history (application id 0x%08llx)", (unsigned long long)app_id);
		return CD_HISTORY_EFORMAT;
	}
	if (app_id == 0 && (tables != 0 || *version != 0)) {
		set_msg(h, "not a copydesk history (an SQLite database holding other tables)");
		return CD_HISTORY_EFORMAT;
	}
	if (*version > (int64_t)N_MIGRATIONS) {
		set_msg(h, "written by a newer copydesk (schema version %lld; this one knows %d)",
		        (long long)*version, (int)N_MIGRATIONS);
		return CD_HISTORY_EFORMAT;
	}
	return CD_OK;
}

/* Applies the migrations the file lacks, one transaction each. */
static int migrate(cd_history *h, int64_t version)
{
	while (version < (int64_t)N_MIGRATIONS) {
		char sql[96];
		int ret = begin_write(h, "migrating the schema");
		if (ret != CD_OK)
			return ret;
		/* Read again under the write lock: another copydesk may have
		 * migrated since check_format. */
		ret = check_format(h, &version);
		if (ret == CD_OK && version < (int64_t)N_MIGRATIONS) {
			ret = exec(h, migrations[version], "creating the schema");
			snprintf(sql, sizeof sql, "PRAGMA application_id=%d; PRAGMA user_version=%lld;",
			         HISTORY_APP_ID, (long long)version + 1);
			if (ret == CD_OK)
				ret = exec(h, sql, "setting the schema version");
		}
		if (ret == CD_OK)
			ret = exec(h, "COMMIT", "migrating the schema");
		if (ret != CD_OK) {
			rollback_quietly(h);
			return ret;
		}
		ret = query_int(h, "PRAGMA user_version", &version, "reading the schema version");
		if (ret != CD_OK)
			return ret;
	}
	return CD_OK;
}

static int set_wal(cd_history *h)
{
	sqlite3_stmt *st = NULL;
	int ret = CD_OK;
	int rc = sqlite3_prepare_v2(h->db, "PRAGMA journal_mode=WAL", -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		ret = db_fail(h, rc, "turning on the WAL journal");
	} else {
		const unsigned char *mode = sqlite3_column_text(st, 0);
		if (!mode || strcmp((const char *)mode, "wal") != 0) {
			set_msg(h, "cannot use the WAL journal (journal mode stays %s)",
			        mode ? (const char *)mode : "unknown");
			ret = CD_HISTORY_EDB;
		}
	}
	sqlite3_finalize(st);
	return ret;
}

int cd_history_open(cd_history **out, const char *path, int busy_ms, char *err, size_t errlen)
{
	static const char add_sql[] =
		"INSERT INTO articles(review_id, path, digest, title, quality, grade, filler,"
		" failing, main_problem, pdf, json, csv) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)";
	static const char get_sql[] =
		"SELECT path, digest, title, quality, grade, filler, failing, main_problem, pdf,"
		" json, csv FROM articles WHERE review_id = ? AND path = ?";
	cd_history *h = NULL;
	int64_t version = 0;
	int ret = CD_OK;
	int rc;

	*out = NULL;
	if (err && errlen)
		err[0] = '\0';
	if (!path || !*path || busy_ms < 0) {
		if (err && errlen)
			snprintf(err, errlen, "history: no database file given");
		return CD_EINVAL;
	}
	h = calloc(1, sizeof *h);
	if (!h || !(h->path = strdup(path))) {
		if (err && errlen)
			snprintf(err, errlen, "%s: out of memory", path);
		ret = CD_ENOMEM;
		goto cleanup;
	}
	h->busy_ms = busy_ms;
	rc = sqlite3_open_v2(path, &h->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		if (!h->db) {
			set_msg(h, "out of memory");
			ret = CD_ENOMEM;
		} else {
			set_msg(h, "cannot open the history (%s)", sqlite3_errmsg(h->db));
			ret = CD_EIO;
		}
		goto cleanup;
	}
	sqlite3_busy_timeout(h->db, busy_ms);
	if (sqlite3_db_readonly(h->db, "main") == 1) {
		set_msg(h, "cannot write the history (the file is read-only)");
		ret = CD_EIO;
		goto cleanup;
	}
	ret = check_format(h, &version);
	if (ret == CD_OK)
		ret = set_wal(h);
	if (ret == CD_OK)
		ret = exec(h, "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;", "setting up");
	if (ret == CD_OK)
		ret = migrate(h, version);
	if (ret != CD_OK)
		goto cleanup;
	rc = sqlite3_prepare_v2(h->db, add_sql, -1, &h->add_stmt, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(h->db, get_sql, -1, &h->get_stmt, NULL);
	if (rc != SQLITE_OK) {
		ret = db_fail(h, rc, "preparing the article statements");
		goto cleanup;
	}
	*out = h;
	h = NULL;

cleanup:
	if (h) {
		if (h->path)
			copy_msg(h, err, errlen);
		cd_history_close(h);
	}
	return ret;
}

void cd_history_close(cd_history *h)
{
	if (!h)
		return;
	if (h->db) {
		sqlite3_finalize(h->add_stmt);
		sqlite3_finalize(h->get_stmt);
		rollback_quietly(h);
		sqlite3_close(h->db);
	}
	free(h->path);
	free(h);
}

const char *cd_history_error(const cd_history *h)
{
	return h ? h->msg : "";
}

/* ---- reading --------------------------------------------------------------- */

int cd_history_reviews(cd_history *h, size_t n, cd_history_review **out, size_t *count)
{
	static const char sql[] =
		"SELECT id, time, version, config_digest, articles, mean_quality, mean_filler,"
		" share_failing FROM (SELECT * FROM reviews WHERE id <> ?1 ORDER BY id DESC LIMIT ?2)"
		" ORDER BY id";
	sqlite3_stmt *st = NULL;
	cd_history_review *arr = NULL;
	size_t len = 0, cap = 0;
	int ret = CD_OK;
	int rc;

	*out = NULL;
	*count = 0;
	if (n == 0)
		return CD_OK;
	rc = sqlite3_prepare_v2(h->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		ret = db_fail(h, rc, "reading the reviews");
		goto cleanup;
	}
	sqlite3_bind_int64(st, 1, h->open_review);
	sqlite3_bind_int64(st, 2, n > (size_t)INT64_MAX ? INT64_MAX : (int64_t)n);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap) {
			/* n may be huge (SIZE_MAX: "all"): grow as rows come. */
			size_t ncap = cap ? 2 * cap : 64;
			cd_history_review *grown = realloc(arr, ncap * sizeof *arr);
			if (!grown) {
				ret = CD_ENOMEM;
				goto cleanup;
			}
			arr = grown;
			cap = ncap;
		}
		cd_history_review *r = &arr[len++];
		memset(r, 0, sizeof *r);
		r->id = sqlite3_column_int64(st, 0);
		r->time = sqlite3_column_int64(st, 1);
		column_copy(st, 2, r->version, sizeof r->version);
		column_copy(st, 3, r->config_digest, sizeof r->config_digest);
		r->articles = (size_t)sqlite3_column_int64(st, 4);
		r->mean_quality = sqlite3_column_double(st, 5);
		r->mean_filler_per_1000 = sqlite3_column_double(st, 6);
		r->share_failing = sqlite3_column_double(st, 7);
	}
	if (rc != SQLITE_DONE)
		ret = db_fail(h, rc, "reading the reviews");

cleanup:
	sqlite3_finalize(st);
	if (ret == CD_ENOMEM)
		set_msg(h, "out of memory while reading the reviews");
	if (ret != CD_OK || len == 0) {
		free(arr);
	} else {
		*out = arr;
		*count = len;
	}
	return ret;
}

/* Fills a from a row whose columns are path, digest, title, quality, grade,
 * filler, failing, main_problem, pdf[, json, csv]. 0 or CD_ENOMEM. */
static int read_article(sqlite3_stmt *st, cd_history_article *a, int full)
{
	int ok = 1;
	memset(a, 0, sizeof *a);
	a->path = column_dup(st, 0, &ok);
	column_copy(st, 1, a->digest, sizeof a->digest);
	a->title = column_dup(st, 2, &ok);
	a->quality = column_real(st, 3);
	a->grade = column_real(st, 4);
	a->filler_per_1000 = column_real(st, 5);
	a->failing = sqlite3_column_int(st, 6) != 0;
	a->main_problem = column_dup(st, 7, &ok);
	a->pdf = column_dup(st, 8, &ok);
	if (full) {
		a->json = column_dup(st, 9, &ok);
		a->csv = column_dup(st, 10, &ok);
	}
	if (!ok || !a->path) {
		cd_history_article_clear(a);
		return CD_ENOMEM;
	}
	return CD_OK;
}

int cd_history_each(cd_history *h, int64_t review_id,
                    int (*fn)(void *ctx, cd_history_article *a), void *ctx)
{
	static const char sql[] =
		"SELECT path, digest, title, quality, grade, filler, failing, main_problem, pdf"
		" FROM articles WHERE review_id = ? ORDER BY path";
	sqlite3_stmt *st = NULL;
	int ret = CD_OK;
	int rc = sqlite3_prepare_v2(h->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		ret = db_fail(h, rc, "reading the articles");
		goto cleanup;
	}
	sqlite3_bind_int64(st, 1, review_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cd_history_article a;
		if ((ret = read_article(st, &a, 0)) != CD_OK)
			goto cleanup;
		ret = fn(ctx, &a);
		cd_history_article_clear(&a);
		if (ret != CD_OK) {
			if (ret != CD_ENOMEM)
				set_msg(h, "the articles read could not be kept (%s)", cd_strerror(ret));
			goto cleanup;
		}
	}
	if (rc != SQLITE_DONE)
		ret = db_fail(h, rc, "reading the articles");

cleanup:
	sqlite3_finalize(st);
	if (ret == CD_ENOMEM)
		set_msg(h, "out of memory while reading the articles");
	return ret;
}

typedef struct {
	cd_history_article *v;
	size_t n, cap;
} article_list;

/* cd_history_each's callback for cd_history_index: keeps a copy. */
static int keep_article(void *ctx, cd_history_article *a)
{
	article_list *l = ctx;
	if (cdi_vec_grow((void **)&l->v, &l->cap, l->n, sizeof *l->v) != 0)
		return CD_ENOMEM;
	l->v[l->n++] = *a;
	memset(a, 0, sizeof *a);   /* the list owns its strings now */
	return CD_OK;
}

int cd_history_index(cd_history *h, int64_t review_id, cd_history_article **out, size_t *n)
{
	article_list l = { NULL, 0, 0 };
	*out = NULL;
	*n = 0;
	int ret = cd_history_each(h, review_id, keep_article, &l);
	if (ret != CD_OK) {
		cd_history_articles_free(l.v, l.n);
	} else if (l.n == 0) {
		free(l.v);
	} else {
		*out = l.v;
		*n = l.n;
	}
	return ret;
}

int cd_history_get(cd_history *h, int64_t review_id, const char *path, cd_history_article *out)
{
	sqlite3_stmt *st = h->get_stmt;
	int ret = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!path) {
		set_msg(h, "no article path given");
		return CD_EINVAL;
	}
	sqlite3_bind_int64(st, 1, review_id);
	sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		ret = read_article(st, out, 1);
		if (ret == CD_ENOMEM)
			set_msg(h, "out of memory while reading an article");
		else
			ret = 1;
	} else if (rc != SQLITE_DONE) {
		ret = db_fail(h, rc, "reading an article");
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return ret;
}

void cd_history_article_clear(cd_history_article *a)
{
	if (!a)
		return;
	free(a->path);
	free(a->title);
	free(a->main_problem);
	free(a->pdf);
	free(a->json);
	free(a->csv);
	memset(a, 0, sizeof *a);
}

void cd_history_articles_free(cd_history_article *arr, size_t n)
{
	if (!arr)
		return;
	for (size_t i = 0; i < n; i++)
		cd_history_article_clear(&arr[i]);
	free(arr);
}

/* ---- writing a review ------------------------------------------------------ */

int cd_history_begin(cd_history *h, long long time, const char *version, const char *config_digest,
                     const char *paths, int64_t *review_id, char *err, size_t errlen)
{
	static const char sql[] =
		"INSERT INTO reviews(time, version, config_digest, paths) VALUES(?,?,?,?)";
	sqlite3_stmt *st = NULL;
	int ret = CD_OK;
	int rc;

	*review_id = 0;
	h->msg[0] = '\0';
	if (h->open_review) {
		set_msg(h, "a review is already open on this handle");
		ret = CD_EINVAL;
		goto cleanup;
	}
	if (config_digest && *config_digest && !is_hex_digest(config_digest)) {
		set_msg(h, "the config digest is not 64 hex digits");
		ret = CD_EINVAL;
		goto cleanup;
	}
	ret = begin_write(h, "starting the review");
	if (ret != CD_OK)
		goto cleanup;
	rc = sqlite3_prepare_v2(h->db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, time);
		sqlite3_bind_text(st, 2, version ? version : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, config_digest ? config_digest : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, paths ? paths : "", -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE) {
		ret = db_fail(h, rc, "recording the review");
		rollback_quietly(h);
		goto cleanup;
	}
	h->open_review = sqlite3_last_insert_rowid(h->db);
	*review_id = h->open_review;

cleanup:
	sqlite3_finalize(st);
	if (ret != CD_OK)
		copy_msg(h, err, errlen);
	return ret;
}

/* Binds text, or SQL NULL for a NULL pointer. */
static void bind_text_or_null(sqlite3_stmt *st, int col, const char *s)
{
	if (s)
		sqlite3_bind_text(st, col, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, col);
}

int cd_history_add(cd_history *h, int64_t review_id, const cd_history_article *a)
{
	sqlite3_stmt *st = h->add_stmt;
	int ret = CD_OK;
	int rc;

	if (!h->open_review || review_id != h->open_review) {
		set_msg(h, "review %lld is not the open review", (long long)review_id);
		return CD_EINVAL;
	}
	if (!a || !a->path) {
		set_msg(h, "an article without a path");
		return CD_EINVAL;
	}
	if (!is_hex_digest(a->digest)) {
		set_msg(h, "%s: the content digest is not 64 hex digits", a->path);
		return CD_EINVAL;
	}
	sqlite3_bind_int64(st, 1, review_id);
	sqlite3_bind_text(st, 2, a->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, a->digest, 64, SQLITE_STATIC);
	bind_text_or_null(st, 4, a->title);
	sqlite3_bind_double(st, 5, a->quality);   /* a NaN is stored as NULL */
	sqlite3_bind_double(st, 6, a->grade);
	sqlite3_bind_double(st, 7, a->filler_per_1000);
	sqlite3_bind_int(st, 8, a->failing != 0);
	bind_text_or_null(st, 9, a->main_problem);
	bind_text_or_null(st, 10, a->pdf);
	bind_text_or_null(st, 11, a->json);
	bind_text_or_null(st, 12, a->csv);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		if ((rc & 0xff) == SQLITE_CONSTRAINT) {
			set_msg(h, "%s: the path appears twice in one review", a->path);
			ret = CD_EINVAL;
		} else {
			ret = db_fail(h, rc, "adding an article");
		}
		/* Some failures (disk full, I/O) make SQLite roll the whole
		 * transaction back: then the review is gone. */
		if (sqlite3_get_autocommit(h->db)) {
			h->open_review = 0;
			size_t used = strlen(h->msg);
			snprintf(h->msg + used, sizeof h->msg - used, "; the review was rolled back");
		}
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return ret;
}

int cd_history_commit(cd_history *h, char *err, size_t errlen)
{
	static const char sql[] =
		"UPDATE reviews SET (articles, mean_quality, mean_filler, share_failing) ="
		" (SELECT count(*), coalesce(avg(quality), 0), coalesce(avg(filler), 0),"
		"  coalesce(avg(failing <> 0), 0) FROM articles WHERE review_id = ?1)"
		" WHERE id = ?1";
	sqlite3_stmt *st = NULL;
	int ret = CD_OK;
	int rc;

	if (!h->open_review) {
		set_msg(h, "no review is open");
		ret = CD_EINVAL;
		goto cleanup;
	}
	rc = sqlite3_prepare_v2(h->db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, h->open_review);
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE)
		ret = db_fail(h, rc, "storing the review's figures");
	if (ret == CD_OK)
		ret = exec(h, "COMMIT", "committing the review");
	if (ret != CD_OK)
		rollback_quietly(h);
	h->open_review = 0;

cleanup:
	sqlite3_finalize(st);
	if (ret != CD_OK)
		copy_msg(h, err, errlen);
	return ret;
}

void cd_history_rollback(cd_history *h)
{
	if (!h)
		return;
	sqlite3_reset(h->add_stmt);
	rollback_quietly(h);
	h->open_review = 0;
}

/* ---- upkeep ---------------------------------------------------------------- */

int cd_history_prune(cd_history *h, size_t keep, size_t *deleted)
{
	static const char sql[] =
		"DELETE FROM reviews WHERE id NOT IN (SELECT id FROM reviews ORDER BY id DESC LIMIT ?)";
	sqlite3_stmt *st = NULL;
	int own = !h->open_review;    /* a transaction of its own, or part of the open review */
	int ret = CD_OK;
	int rc;

	if (deleted)
		*deleted = 0;
	if (keep == 0) {
		set_msg(h, "pruning would keep no review");
		return CD_EINVAL;
	}
	if (own && (ret = begin_write(h, "pruning old reviews")) != CD_OK)
		return ret;
	rc = sqlite3_prepare_v2(h->db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, keep > (size_t)INT64_MAX ? INT64_MAX : (int64_t)keep);
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE)
		ret = db_fail(h, rc, "pruning old reviews");
	else if (deleted)
		*deleted = (size_t)sqlite3_changes(h->db);
	sqlite3_finalize(st);
	if (own) {
		if (ret == CD_OK)
			ret = exec(h, "COMMIT", "pruning old reviews");
		if (ret != CD_OK)
			rollback_quietly(h);
	} else if (ret != CD_OK && sqlite3_get_autocommit(h->db)) {
		h->open_review = 0;   /* SQLite rolled the review back */
	}
	return ret;
}

int cd_history_check(cd_history *h, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	int ret = CD_OK;
	int rc = sqlite3_prepare_v2(h->db, "PRAGMA integrity_check", -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const unsigned char *s = sqlite3_column_text(st, 0);
		if (!s || strcmp((const char *)s, "ok") != 0) {
			set_msg(h, "the history is damaged (%s)", s ? (const char *)s : "?");
			ret = CD_HISTORY_EFORMAT;
		}
	} else {
		ret = db_fail(h, rc, "checking the history");
	}
	sqlite3_finalize(st);
	st = NULL;
	if (ret == CD_OK) {
		rc = sqlite3_prepare_v2(h->db, "PRAGMA foreign_key_check", -1, &st, NULL);
		if (rc == SQLITE_OK)
			rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			set_msg(h, "the history is damaged (a row of %s points at no %s)",
			        (const char *)sqlite3_column_text(st, 0),
			        (const char *)sqlite3_column_text(st, 2));
			ret = CD_HISTORY_EFORMAT;
		} else if (rc != SQLITE_DONE) {
			ret = db_fail(h, rc, "checking the history");
		}
		sqlite3_finalize(st);
	}
	if (ret != CD_OK)
		copy_msg(h, err, errlen);
	return ret;
}

/* ---- SHA-256 (FIPS 180-4) -------------------------------------------------- */

/* FIPS 180-4 section 4.2.2: the first 32 bits of the fractional parts of the
 * cube roots of the first 64 primes. */
static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t rotr(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

/* FIPS 180-4 section 6.2.2: one 512-bit block. */
static void sha256_block(uint32_t st[8], const unsigned char *p)
{
	uint32_t w[64], a, b, c, d, e, f, g, hh;
	int i;
	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
	for (i = 16; i < 64; i++) {
		uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = st[0]; b = st[1]; c = st[2]; d = st[3];
	e = st[4]; f = st[5]; g = st[6]; hh = st[7];
	for (i = 0; i < 64; i++) {
		uint32_t t1 = hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) +
		              sha256_k[i] + w[i];
		uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
		hh = g; g = f; f = e; e = d + t1;
		d = c; c = b; b = a; a = t1 + t2;
	}
	st[0] += a; st[1] += b; st[2] += c; st[3] += d;
	st[4] += e; st[5] += f; st[6] += g; st[7] += hh;
}

void cd_sha256_init(cd_sha256 *s)
{
	/* FIPS 180-4 section 5.3.3: the initial hash value. */
	static const uint32_t h0[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};
	memcpy(s->state, h0, sizeof h0);
	s->bytes = 0;
	s->used = 0;
}

void cd_sha256_update(cd_sha256 *s, const void *data, size_t len)
{
	const unsigned char *p = data;
	s->bytes += len;
	if (s->used) {
		size_t take = 64 - s->used < len ? 64 - s->used : len;
		memcpy(s->block + s->used, p, take);
		s->used += take;
		p += take;
		len -= take;
		if (s->used < 64)
			return;
		sha256_block(s->state, s->block);
		s->used = 0;
	}
	for (; len >= 64; p += 64, len -= 64)
		sha256_block(s->state, p);
	memcpy(s->block, p, len);
	s->used = len;
}

void cd_sha256_final_hex(cd_sha256 *s, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	uint64_t bits = s->bytes * 8;
	/* FIPS 180-4 section 5.1.1: a 1 bit, zeros, then the length in bits. */
	s->block[s->used++] = 0x80;
	if (s->used > 56) {
		memset(s->block + s->used, 0, 64 - s->used);
		sha256_block(s->state, s->block);
		s->used = 0;
	}
	memset(s->block + s->used, 0, 56 - s->used);
	for (int i = 0; i < 8; i++)
		s->block[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
	sha256_block(s->state, s->block);
	for (int i = 0; i < 32; i++) {
		unsigned char byte = (unsigned char)(s->state[i / 4] >> (24 - 8 * (i % 4)));
		out[2 * i] = hex[byte >> 4];
		out[2 * i + 1] = hex[byte & 15];
	}
	out[64] = '\0';
}

void cd_sha256_hex(const void *data, size_t len, char out[65])
{
	cd_sha256 s;
	cd_sha256_init(&s);
	cd_sha256_update(&s, data, len);
	cd_sha256_final_hex(&s, out);
}
