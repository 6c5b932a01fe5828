/*
 * test_history.c - the review history (src/review/history.c): schema and
 * migrations, a review stored and read back (values written by hand),
 * rollback, refused files, two reviews at once (the second waits busy_ms,
 * then fails clearly), reviews killed with SIGKILL (before commit, and at
 * random points of a stream of reviews), pruning, and SHA-256 against the
 * FIPS 180-4 examples and sha256sum.
 *
 * Every database lives in a fresh folder under $TMPDIR (or /tmp), removed at
 * the end. The file is inspected with SQLite directly where the API does not
 * expose what is checked (user_version, journal mode, raw rows).
 */
#include "review/history.h"
#include "harness.h"

#include <dirent.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- helpers ---------------------------------------------------------------- */

static char tmpdir[256];

/* A path NAME in the test folder (static buffer: copy it to keep it). */
static const char *tmp_path(const char *name)
{
	static char path[512];
	if (!tmpdir[0]) {
		const char *t = getenv("TMPDIR");
		snprintf(tmpdir, sizeof tmpdir, "%s/copydesk-test-history-XXXXXX", t && *t ? t : "/tmp");
		if (!mkdtemp(tmpdir)) {
			perror("mkdtemp");
			exit(1);
		}
	}
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	return path;
}

static void remove_tmpdir(void)
{
	DIR *d;
	struct dirent *e;
	char p[600];
	if (!tmpdir[0] || !(d = opendir(tmpdir)))
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof p, "%s/%s", tmpdir, e->d_name);
		if (rmdir(p) != 0)
			unlink(p);
	}
	closedir(d);
	rmdir(tmpdir);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* One integer from a query on the file, through SQLite directly; -999 on error. */
static long long raw_int(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	long long v = -999;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* Runs SQL on the file through SQLite directly; 0 when it worked. */
static int raw_exec(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open(path, &db);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

/* A digest of every row of both tables, in a fixed order: equal digests mean
 * the history holds exactly the same data. */
static void fingerprint(const char *path, char out[65])
{
	static const char *const queries[] = {
		"SELECT * FROM reviews ORDER BY id",
		"SELECT * FROM articles ORDER BY review_id, path",
	};
	sqlite3 *db = NULL;
	cd_sha256 s;
	cd_sha256_init(&s);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
		for (size_t q = 0; q < 2; q++) {
			sqlite3_stmt *st = NULL;
			if (sqlite3_prepare_v2(db, queries[q], -1, &st, NULL) != SQLITE_OK)
				cd_sha256_update(&s, "error", 5);
			while (st && sqlite3_step(st) == SQLITE_ROW)
				for (int c = 0; c < sqlite3_column_count(st); c++) {
					const unsigned char *t = sqlite3_column_text(st, c);
					cd_sha256_update(&s, t ? (const char *)t : "\x01", t ? strlen((const char *)t) + 1 : 1);
				}
			sqlite3_finalize(st);
		}
	}
	sqlite3_close(db);
	cd_sha256_final_hex(&s, out);
}

/* An article with hand-made values; digest is the SHA-256 of its path. */
static cd_history_article make_article(const char *path, double quality, double filler, int failing)
{
	cd_history_article a;
	memset(&a, 0, sizeof a);
	a.path = (char *)path;
	cd_sha256_hex(path, strlen(path), a.digest);
	a.quality = quality;
	a.grade = quality / 10;
	a.filler_per_1000 = filler;
	a.failing = failing;
	return a;
}

/* ---- SHA-256 ---------------------------------------------------------------- */

static void test_sha256_vectors(void)
{
	char hex[65];
	/* FIPS 180-4 examples (NIST "SHA256.pdf" and the FIPS 180-2 appendix). */
	cd_sha256_hex("", 0, hex);
	CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	cd_sha256_hex("abc", 3, hex);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	cd_sha256_hex(two, strlen(two), hex);
	CHECK_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	const char *four = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
	                   "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
	cd_sha256_hex(four, strlen(four), hex);
	CHECK_STR(hex, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
	/* One million 'a', fed in pieces of 7 bytes (never aligned to a block). */
	cd_sha256 s;
	cd_sha256_init(&s);
	static const char seven[] = "aaaaaaa";
	for (int i = 0; i < 142857; i++)
		cd_sha256_update(&s, seven, 7);
	cd_sha256_update(&s, "a", 1);
	cd_sha256_final_hex(&s, hex);
	CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Lengths around the padding boundaries (55/56 bytes: the length still fits
 * in the last block or needs a new one; 63/64/65: block edges), split at
 * every point, against one-shot hashing, and against sha256sum when present. */
static void test_sha256_boundaries(void)
{
	static const size_t lens[] = { 55, 56, 57, 63, 64, 65, 119, 120, 128 };
	unsigned char buf[128];
	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (unsigned char)(i * 37 + 11);
	for (size_t k = 0; k < sizeof lens / sizeof lens[0]; k++) {
		size_t len = lens[k];
		char whole[65], split[65];
		int same = 1;
		cd_sha256_hex(buf, len, whole);
		for (size_t cut = 0; cut <= len; cut++) {
			cd_sha256 s;
			cd_sha256_init(&s);
			cd_sha256_update(&s, buf, cut);
			cd_sha256_update(&s, buf + cut, len - cut);
			cd_sha256_final_hex(&s, split);
			same &= strcmp(whole, split) == 0;
		}
		CHECK(same);

		char file[512], cmd[600], line[200];
		snprintf(file, sizeof file, "%s", tmp_path("sha.bin"));
		FILE *f = fopen(file, "wb");
		if (!f)
			continue;
		fwrite(buf, 1, len, f);
		fclose(f);
		snprintf(cmd, sizeof cmd, "sha256sum '%s' 2>/dev/null", file);
		FILE *p = popen(cmd, "r");
		if (p && fgets(line, sizeof line, p) && strlen(line) > 64) {
			line[64] = '\0';
			CHECK_STR(whole, line);
		}
		if (p)
			pclose(p);
		unlink(file);
	}
}

/* ---- schema ------------------------------------------------------------------ */

static void test_open_creates_schema(void)
{
	char path[512], err[256] = "x";
	cd_history *h = NULL;
	snprintf(path, sizeof path, "%s", tmp_path("schema.db"));

	CHECK_EQ_INT(cd_history_open(&h, path, 200, err, sizeof err), CD_OK);
	CHECK_STR(err, "");
	CHECK(h != NULL);
	cd_history_close(h);
	CHECK_EQ_INT(raw_int(path, "PRAGMA user_version"), CD_HISTORY_SCHEMA_VERSION);
	CHECK_EQ_INT(raw_int(path, "PRAGMA application_id"), 0x63646b68);
	CHECK_EQ_INT(raw_int(path, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
	                           " AND name IN ('reviews', 'articles')"), 2);
	/* WAL is a property of the file: a plain connection sees it. */
	CHECK_EQ_INT(raw_int(path, "SELECT journal_mode = 'wal' FROM pragma_journal_mode"), 1);

	/* Reopening: nothing migrates again, nothing changes, data stays. */
	h = NULL;
	CHECK_EQ_INT(cd_history_open(&h, path, 200, err, sizeof err), CD_OK);
	int64_t id = 0;
	cd_history_article a = make_article("one.txt", 70, 1, 0);
	CHECK_EQ_INT(cd_history_begin(h, 100, "0.1.0", NULL, "one.txt", &id, err, sizeof err), CD_OK);
	CHECK_EQ_INT(cd_history_add(h, id, &a), CD_OK);
	CHECK_EQ_INT(cd_history_commit(h, err, sizeof err), CD_OK);
	cd_history_close(h);
	long long schema_before = raw_int(path, "PRAGMA schema_version");
	h = NULL;
	CHECK_EQ_INT(cd_history_open(&h, path, 200, err, sizeof err), CD_OK);
	cd_history_close(h);
	CHECK_EQ_INT(raw_int(path, "PRAGMA schema_version"), schema_before);
	CHECK_EQ_INT(raw_int(path, "PRAGMA user_version"), CD_HISTORY_SCHEMA_VERSION);
	CHECK_EQ_INT(raw_int(path, "SELECT count(*) FROM reviews"), 1);
	CHECK_EQ_INT(raw_int(path, "SELECT count(*) FROM articles"), 1);
}

/* ---- a review stored and read back -------------------------------------------- */

static void test_review_roundtrip(void)
{
	char path[512], err[256];
	cd_history *h = NULL;
	snprintf(path, sizeof path, "%s", tmp_path("roundtrip.db"));
	CHECK_EQ_INT(cd_history_open(&h, path, 200, err, sizeof err), CD_OK);
	if (!h)
		return;

	char cfg[65];
	cd_sha256_hex("[thresholds]\nmin_quality = 50\n", 30, cfg);
	int64_t id1 = 0;
	CHECK_EQ_INT(cd_history_begin(h, 1700000000LL, "0.1.0", cfg, "news/\nfeed/", &id1, err, sizeof err), CD_OK);
	CHECK(id1 > 0);

	/* Added out of order; "z.txt" < "é.txt" in byte order (0x7a < 0xc3). */
	cd_history_article b = make_article("b.txt", 80, 2, 0);
	b.title = "Bee";
	b.main_problem = "long sentences";
	b.pdf = "b.pdf";
	b.json = "{\"path\": \"b.txt\", \"score\": {\"quality\": 80}}";
	b.csv = "b.txt,Bee,80";
	cd_history_article e = make_article("\xc3\xa9.txt", 60, 4, 0);
	e.title = "\xc3\x89t\xc3\xa9";
	cd_history_article z = make_article("z.txt", 40, 9, 1);
	CHECK_EQ_INT(cd_history_add(h, id1, &e), CD_OK);
	CHECK_EQ_INT(cd_history_add(h, id1, &b), CD_OK);
	CHECK_EQ_INT(cd_history_add(h, id1, &z), CD_OK);

	/* While open, the review is not among the committed ones. */
	cd_history_review *revs = NULL;
	size_t nrev = 99;
	CHECK_EQ_INT(cd_history_reviews(h, 10, &revs, &nrev), CD_OK);
	CHECK_EQ_INT(nrev, 0);
	CHECK(revs == NULL);
	CHECK_EQ_INT(cd_history_commit(h, err, sizeof err), CD_OK);

	/* Aggregates by hand: quality (80+60+40)/3 = 60, filler (2+4+9)/3 = 5,
	 * failing 1 of 3. */
	CHECK_EQ_INT(cd_history_reviews(h, 10, &revs, &nrev), CD_OK);
	CHECK_EQ_INT(nrev, 1);
	if (nrev == 1) {
		CHECK_EQ_INT(revs[0].id, id1);
		CHECK_EQ_INT(revs[0].time, 1700000000LL);
		CHECK_STR(revs[0].version, "0.1.0");
		CHECK_STR(revs[0].config_digest, cfg);
		CHECK_EQ_INT(revs[0].articles, 3);
		CHECK_NEAR(revs[0].mean_quality, 60, 1e-9);
		CHECK_NEAR(revs[0].mean_filler_per_1000, 5, 1e-9);
		CHECK_NEAR(revs[0].share_failing, 1.0 / 3, 1e-9);
	}
	free(revs);

	cd_history_article *idx = NULL;
	size_t n = 0;
	CHECK_EQ_INT(cd_history_index(h, id1, &idx, &n), CD_OK);
	CHECK_EQ_INT(n, 3);
	if (n == 3) {
		CHECK_STR(idx[0].path, "b.txt");
		CHECK_STR(idx[1].path, "z.txt");
		CHECK_STR(idx[2].path, "\xc3\xa9.txt");
		CHECK_STR(idx[0].digest, b.digest);
		CHECK_STR(idx[2].digest, e.digest);
		CHECK_STR(idx[0].title, "Bee");
		CHECK_STR(idx[2].title, "\xc3\x89t\xc3\xa9");
		CHECK(idx[1].title == NULL);
		CHECK_NEAR(idx[0].quality, 80, 0);
		CHECK_NEAR(idx[0].grade, 8, 0);
		CHECK_NEAR(idx[1].filler_per_1000, 9, 0);
		CHECK_EQ_INT(idx[1].failing, 1);
		CHECK_EQ_INT(idx[0].failing, 0);
		CHECK_STR(idx[0].main_problem, "long sentences");
		CHECK_STR(idx[0].pdf, "b.pdf");
		CHECK(idx[1].pdf == NULL);
		/* The index leaves the big columns out. */
		CHECK(idx[0].json == NULL && idx[0].csv == NULL);
		for (size_t i = 1; i < n; i++)
			CHECK(strcmp(idx[i - 1].path, idx[i].path) < 0);
	}
	cd_history_articles_free(idx, n);

	cd_history_article got;
	CHECK_EQ_INT(cd_history_get(h, id1, "b.txt", &got), 1);
	CHECK_STR(got.json, b.json);
	CHECK_STR(got.csv, b.csv);
	CHECK_STR(got.title, "Bee");
	CHECK_STR(got.digest, b.digest);
	cd_history_article_clear(&got);
	CHECK(got.path == NULL);
	CHECK_EQ_INT(cd_history_get(h, id1, "z.txt", &got), 1);
	CHECK(got.json == NULL && got.csv == NULL);
	CHECK_NEAR(got.quality, 40, 0);
	cd_history_article_clear(&got);
	CHECK_EQ_INT(cd_history_get(h, id1, "missing.txt", &got), 0);
	CHECK(got.path == NULL);
	CHECK_EQ_INT(cd_history_get(h, id1 + 100, "b.txt", &got), 0);

	/* A second review: one article whose quality is not a number (stored
	 * as NULL, read back as NaN, left out of the mean). */
	int64_t id2 = 0;
	CHECK_EQ_INT(cd_history_begin(h, 1700086400LL, "0.2.0", NULL, NULL, &id2, err, sizeof err), CD_OK);
	CHECK(id2 > id1);
	cd_history_article x = make_article("b.txt", NAN, 1, 0);
	cd_history_article y = make_article("c.txt", 90, 3, 0);
	CHECK_EQ_INT(cd_history_add(h, id2, &x), CD_OK);
	CHECK_EQ_INT(cd_history_add(h, id2, &y), CD_OK);
	CHECK_EQ_INT(cd_history_commit(h, err, sizeof err), CD_OK);
	CHECK_EQ_INT(cd_history_get(h, id2, "b.txt", &got), 1);
	CHECK(isnan(got.quality));
	cd_history_article_clear(&got);

	CHECK_EQ_INT(cd_history_reviews(h, 10, &revs, &nrev), CD_OK);
	CHECK_EQ_INT(nrev, 2);
	if (nrev == 2) {
		CHECK_EQ_INT(revs[0].id, id1);   /* oldest first */
		CHECK_EQ_INT(revs[1].id, id2);
		CHECK_STR(revs[1].config_digest, "");
		CHECK_EQ_INT(revs[1].articles, 2);
		CHECK_NEAR(revs[1].mean_quality, 90, 1e-9);
		CHECK_NEAR(revs[1].mean_filler_per_1000, 2, 1e-9);
		CHECK_NEAR(revs[1].share_failing, 0, 0);
	}
	free(revs);
	CHECK_EQ_INT(cd_history_reviews(h, 1, &revs, &nrev), CD_OK);
	CHECK_EQ_INT(nrev, 1);
	if (nrev == 1)
		CHECK_EQ_INT(revs[0].id, id2);   /* the latest */
	free(revs);
	CHECK_EQ_INT(cd_history_reviews(h, (size_t)-1, &revs, &nrev), CD_OK);
	CHECK_EQ_INT(nrev, 2);
	free(revs);

	/* The first review's articles are untouched by the second. */
	CHECK_EQ_INT(cd_history_index(h, id1, &idx, &n), CD_OK);
	CHECK_EQ_INT(n, 3);
	cd_history_articles_free(idx, n);
	CHECK_EQ_INT(cd_history_check(h, err, sizeof err), CD_OK);
	cd_history_close(h);
}

/* A review with no article stores zeros, not NULLs. */
static void test_empty_review(void)
{
	char path[512], err[256];
	cd_history *h = NULL;
	snprintf(path, sizeof path, "%s", tmp_path("empty.db"));
	CHECK_EQ_INT(cd_history_open(&h, path, 200, err, sizeof err), CD_OK);
	if (!h)
		return;
	int64_t id = 0;
	CHECK_EQ_INT(cd_history_begin(h, 5, "0.1.0", NULL, "", &id, err, sizeof err), CD_OK);
	CHECK_EQ_INT(cd_history_commit(h, err, sizeof err), CD_OK);
	cd_history_review *revs = NULL;
	size_t nrev = 0;
	CHECK_EQ_INT(cd_history_reviews(h, 5, &revs, &nrev), CD_OK);
	CHECK_EQ_INT(nrev, 1);
	if (nrev == 1) {
		CHECK_EQ_INT(revs[0].articles, 0);
		CHECK_NEAR(revs[0].mean_quality, 0, 0);
		CHECK_NEAR(revs[0].share_failing, 0, 0);
	}
	free(revs);
	cd_history_article *idx = (cd_history_article *)1;
	size_t n = 7;
	CHECK_EQ_INT(cd_history_index(h, id, &idx, &n), CD_OK);
	CHECK_EQ_INT(n, 0);
	CHECK(idx == NULL);
	cd_history_close(h);
}

/* ---- rollback and misuse ------------------------------------------------------ */

static void test_rollback(void)
{
	char path[512], err[256], before[65], after[65];
	cd_history *h = NULL;
	snprintf(path, sizeof path, "%s", tmp_path("rollback.db"));
	CHECK_EQ_INT(cd_history_open(&h, path, 200, err, sizeof err), CD_OK);
	if (!h)
		return;
	int64_t id = 0;
	cd_history_article a = make_article("a.txt", 50, 1, 0);
	CHECK_EQ_INT(cd_history_begin(h, 1, "0.1.0", NULL, "a", &id, err, sizeof err), CD_OK);
	CHECK_EQ_INT(cd_history_add(h, id, &a), CD_OK);
	CHECK_EQ_INT(cd_history_commit(h, err, sizeof err), CD_OK);
	fingerprint(path, before);

	/* Rolled back: no review, no article, the same rows as before. */
	int64_t id2 = 0;
	CHECK_EQ_INT(cd_history_begin(h, 2, "0.1.0", NULL, "a", &id2, err, sizeof err), CD_OK);
	cd_history_article b = make_article("b.txt", 10, 1, 1);
	CHECK_EQ_INT(cd_history_add(h, id2, &a), CD_OK);
	CHECK_EQ_INT(cd_history_add(h, id2, &b), CD_OK);
	cd_history_rollback(h);
	fingerprint(path, after);
	CHECK_STR(after, before);
	cd_history_article *idx = NULL;
	size_t n = 9;
	CHECK_EQ_INT(cd_history_index(h, id2, &idx, &n), CD_OK);
	CHECK_EQ_INT(n, 0);
	CHECK_EQ_INT(cd_history_add(h, id2, &b), CD_EINVAL);   /* no longer open */

	/* Closing with a review open rolls it back too. */
	CHECK_EQ_INT(cd_history_begin(h, 3, "0.1.0", NULL, "a", &id2, err, sizeof err), CD_OK);
	CHECK_EQ_INT(cd_history_add(h, id2, &b), CD_OK);
	cd_history_close(h);
	fingerprint(path, after);
	CHECK_STR(after, before);
	CHECK_EQ_INT(raw_int(path, "SELECT count(*) FROM reviews"), 1);
}

static void test_misuse(void)
{
	char path[512], err[256];
	cd_history *h = NULL;
	snprintf(path, sizeof path, "%s", tmp_path("misuse.db"));
	CHECK_EQ_INT(cd_history_open(&h, path, 200, err, sizeof err), CD_OK);
	if (!h)
		return;
	int64_t id = 0, id2 = 0;
	cd_history_article a = make_article("a.txt", 50, 1, 0);

	CHECK_EQ_INT(cd_history_commit(h, err, sizeof err), CD_EINVAL);
	CHECK(strstr(err, "no review is open") != NULL);
	CHECK_EQ_INT(cd_history_add(h, 1, &a), CD_EINVAL);
	CHECK_EQ_INT(cd_history_begin(h, 1, "0.1.0", "not-a-digest", NULL, &id, err, sizeof err), CD_EINVAL);
	CHECK(strstr(err, "config digest") != NULL);

	CHECK_EQ_INT(cd_history_begin(h, 1, "0.1.0", NULL, NULL, &id, err, sizeof err), CD_OK);
	CHECK_EQ_INT(cd_history_begin(h, 1, "0.1.0", NULL, NULL, &id2, err, sizeof err), CD_EINVAL);
	CHECK(strstr(err, "already open") != NULL);
	CHECK_EQ_INT(cd_history_add(h, id + 1, &a), CD_EINVAL);
	CHECK_EQ_INT(cd_history_add(h, id, &a), CD_OK);
	/* The same path twice: refused, named, and the review goes on. */
	CHECK_EQ_INT(cd_history_add(h, id, &a), CD_EINVAL);
	CHECK(starts_with(cd_history_error(h), path));
	CHECK(strstr(cd_history_error(h), "a.txt: the path appears twice in one review") != NULL);
	cd_history_article bad = make_article("bad.txt", 50, 1, 0);
	bad.digest[10] = 'X';
	CHECK_EQ_INT(cd_history_add(h, id, &bad), CD_EINVAL);
	CHECK(strstr(cd_history_error(h), "bad.txt: the content digest") != NULL);
	bad.path = NULL;
	CHECK_EQ_INT(cd_history_add(h, id, &bad), CD_EINVAL);
	CHECK_EQ_INT(cd_history_commit(h, err, sizeof err), CD_OK);
	CHECK_EQ_INT(raw_int(path, "SELECT articles FROM reviews"), 1);
	CHECK_EQ_INT(cd_history_prune(h, 0, NULL), CD_EINVAL);
	cd_history_close(h);
	cd_history_close(NULL);
	cd_history_article_clear(NULL);
	cd_history_articles_free(NULL, 3);
}

/* ---- files that are not a history -------------------------------------------- */

static void expect_open_fails(const char *path, int rc, const char *message)
{
	char err[512] = "";
	cd_history *h = (cd_history *)1;
	CHECK_EQ_INT(cd_history_open(&h, path, 200, err, sizeof err), rc);
	CHECK(h == NULL);
	char want[700];
	snprintf(want, sizeof want, "%s: %s", path, message);
	CHECK_STR(err, want);
}

static void test_refused_files(void)
{
	char path[512];

	/* Text, not a database: refused and left as it was. */
	snprintf(path, sizeof path, "%s", tmp_path("notes.db"));
	FILE *f = fopen(path, "wb");
	for (int i = 0; f && i < 40; i++)
		fputs("These are an editor's notes, not a database.\n", f);
	if (f)
		fclose(f);
	struct stat st1, st2;
	stat(path, &st1);
	expect_open_fails(path, CD_HISTORY_EFORMAT, "not a copydesk history (file is not a database)");
	stat(path, &st2);
	CHECK_EQ_INT(st2.st_size, st1.st_size);
	CHECK(access(tmp_path("notes.db-wal"), F_OK) != 0);

	/* Some other SQLite database: refused, not migrated. */
	snprintf(path, sizeof path, "%s", tmp_path("other.db"));
	CHECK_EQ_INT(raw_exec(path, "CREATE TABLE t(x); INSERT INTO t VALUES(1);"), SQLITE_OK);
	expect_open_fails(path, CD_HISTORY_EFORMAT,
	                  "not a copydesk history (an SQLite database holding other tables)");
	CHECK_EQ_INT(raw_int(path, "SELECT x FROM t"), 1);
	CHECK_EQ_INT(raw_int(path, "SELECT count(*) FROM sqlite_schema"), 1);
	CHECK_EQ_INT(raw_int(path, "PRAGMA user_version"), 0);
	CHECK_EQ_INT(raw_int(path, "SELECT journal_mode = 'delete' FROM pragma_journal_mode"), 1);

	/* A database with another application id. */
	snprintf(path, sizeof path, "%s", tmp_path("app.db"));
	CHECK_EQ_INT(raw_exec(path, "PRAGMA application_id = 1234;"), SQLITE_OK);
	expect_open_fails(path, CD_HISTORY_EFORMAT, "not a copydesk history (application id 0x000004d2)");

	/* A history from a newer copydesk: refused, not touched. */
	char err[256];
	cd_history *h = NULL;
	snprintf(path, sizeof path, "%s", tmp_path("newer.db"));
	CHECK_EQ_INT(cd_history_open(&h, path, 200, err, sizeof err), CD_OK);
	cd_history_close(h);
	CHECK_EQ_INT(raw_exec(path, "PRAGMA user_version = 9;"), SQLITE_OK);
	expect_open_fails(path, CD_HISTORY_EFORMAT,
	                  "written by a newer copydesk (schema version 9; this one knows 1)");
	CHECK_EQ_INT(raw_int(path, "PRAGMA user_version"), 9);

	/* A folder, and a file in a folder that does not exist. */
	snprintf(path, sizeof path, "%s", tmp_path(""));
	expect_open_fails(path, CD_EIO, "cannot open the history (unable to open database file)");
	snprintf(path, sizeof path, "%s", tmp_path("no/such/folder.db"));
	expect_open_fails(path, CD_EIO, "cannot open the history (unable to open database file)");

	/* No path at all. */
	h = (cd_history *)1;
	CHECK_EQ_INT(cd_history_open(&h, NULL, 200, err, sizeof err), CD_EINVAL);
	CHECK(h == NULL);
	CHECK_STR(err, "history: no database file given");
}

/* A file written at an older schema version is brought up to date: here
 * version 0 with our id but no tables (as a crash between creating the file
 * and the first migration would leave it). */
static void test_migrates_old_file(void)
{
	char path[512], err[256];
	cd_history *h = NULL;
	snprintf(path, sizeof path, "%s", tmp_path("old.db"));
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA application_id = %d;", 0x63646b68);
	CHECK_EQ_INT(raw_exec(path, sql), SQLITE_OK);
	CHECK_EQ_INT(raw_int(path, "PRAGMA user_version"), 0);
	CHECK_EQ_INT(cd_history_open(&h, path, 200, err, sizeof err), CD_OK);
	cd_history_close(h);
	CHECK_EQ_INT(raw_int(path, "PRAGMA user_version"), CD_HISTORY_SCHEMA_VERSION);
	CHECK_EQ_INT(raw_int(path, "SELECT count(*) FROM reviews"), 0);
}

/* ---- two reviews at once ------------------------------------------------------- */

static void test_two_reviews_at_once(void)
{
	char path[512], err[256] = "";
	cd_history *a = NULL, *b = NULL;
	snprintf(path, sizeof path, "%s", tmp_path("busy.db"));
	CHECK_EQ_INT(cd_history_open(&a, path, 200, err, sizeof err), CD_OK);
	if (!a)
		return;
	int64_t ida = 0, idb = 0;
	cd_history_article art = make_article("a.txt", 50, 1, 0);
	CHECK_EQ_INT(cd_history_begin(a, 1, "0.1.0", NULL, "a", &ida, err, sizeof err), CD_OK);
	CHECK_EQ_INT(cd_history_add(a, ida, &art), CD_OK);

	/* Opening and reading are not blocked by the open review, and see
	 * none of it. */
	CHECK_EQ_INT(cd_history_open(&b, path, 200, err, sizeof err), CD_OK);
	if (!b) {
		cd_history_close(a);
		return;
	}
	cd_history_review *revs = NULL;
	size_t nrev = 9;
	CHECK_EQ_INT(cd_history_reviews(b, 10, &revs, &nrev), CD_OK);
	CHECK_EQ_INT(nrev, 0);
	cd_history_article got;
	CHECK_EQ_INT(cd_history_get(b, ida, "a.txt", &got), 0);

	/* A second review waits busy_ms (200 ms), then fails clearly. */
	double t0 = now_s();
	int rc = cd_history_begin(b, 2, "0.1.0", NULL, "b", &idb, err, sizeof err);
	double waited = now_s() - t0;
	CHECK_EQ_INT(rc, CD_HISTORY_EBUSY);
	CHECK_EQ_INT(idb, 0);
	char want[700];
	snprintf(want, sizeof want, "%s: database is locked by another review (waited 0.2 s)", path);
	CHECK_STR(err, want);
	CHECK(waited >= 0.18);
	CHECK(waited < 1.0);
	if (waited < 0.18 || waited >= 1.0)
		fprintf(stderr, "  waited %.3f s\n", waited);
	/* Pruning waits the same way. */
	CHECK_EQ_INT(cd_history_prune(b, 1, NULL), CD_HISTORY_EBUSY);

	/* The first review commits; now the second one goes through. */
	CHECK_EQ_INT(cd_history_commit(a, err, sizeof err), CD_OK);
	CHECK_EQ_INT(cd_history_begin(b, 2, "0.1.0", NULL, "b", &idb, err, sizeof err), CD_OK);
	CHECK(idb > ida);
	CHECK_EQ_INT(cd_history_add(b, idb, &art), CD_OK);
	CHECK_EQ_INT(cd_history_commit(b, err, sizeof err), CD_OK);
	CHECK_EQ_INT(cd_history_reviews(a, 10, &revs, &nrev), CD_OK);
	CHECK_EQ_INT(nrev, 2);
	free(revs);
	CHECK_EQ_INT(cd_history_check(a, err, sizeof err), CD_OK);
	cd_history_close(b);
	cd_history_close(a);
}

/* ---- killed reviews -------------------------------------------------------------- */

/* The child's side: adds n articles of about json_len bytes each to an open
 * review. 0 when every add worked. */
static int add_many(cd_history *h, int64_t id, int n, size_t json_len, int tag)
{
	char name[64];
	char *json = malloc(json_len + 1);
	if (!json)
		return -1;
	memset(json, 'j', json_len);
	json[json_len] = '\0';
	int bad = 0;
	for (int i = 0; i < n && !bad; i++) {
		snprintf(name, sizeof name, "feed/%d/article-%05d.txt", tag, i);
		cd_history_article a = make_article(name, i % 100, 1.5, i % 7 == 0);
		a.json = json;
		a.csv = "x,y,z";
		bad = cd_history_add(h, id, &a) != CD_OK;
	}
	free(json);
	return bad ? -1 : 0;
}

/* A child that opens the history, begins a review, adds 3,000 articles of
 * ~3 KB (about 9 MB: more than SQLite's page cache, so uncommitted pages
 * reach the -wal file), tells the parent, and waits to be killed. */
static void kill_before_commit(const char *path)
{
	int fds[2];
	char byte = 0;
	if (pipe(fds) != 0) {
		CHECK(0);
		return;
	}
	pid_t pid = fork();
	if (pid == 0) {
		cd_history *h = NULL;
		char err[256];
		int64_t id = 0;
		close(fds[0]);
		if (cd_history_open(&h, path, 1000, err, sizeof err) != CD_OK ||
		    cd_history_begin(h, 99, "0.1.0", NULL, "killed", &id, err, sizeof err) != CD_OK ||
		    add_many(h, id, 3000, 3000, 99) != 0)
			_exit(2);
		byte = 'r';
		if (write(fds[1], &byte, 1) != 1)
			_exit(2);
		for (;;)
			pause();
	}
	close(fds[1]);
	CHECK(pid > 0);
	CHECK_EQ_INT(read(fds[0], &byte, 1), 1);
	CHECK_EQ_INT(byte, 'r');
	close(fds[0]);
	struct stat st;
	/* The uncommitted review really reached the disk (else this test would
	 * prove little). */
	CHECK(stat(tmp_path("kill.db-wal"), &st) == 0 && st.st_size > 2 * 1024 * 1024);
	if (pid > 0) {
		int status = 0;
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	}
}

static void test_killed_before_commit(void)
{
	char path[512], err[256], before[65], after[65];
	cd_history *h = NULL;
	snprintf(path, sizeof path, "%s", tmp_path("kill.db"));
	CHECK_EQ_INT(cd_history_open(&h, path, 200, err, sizeof err), CD_OK);
	if (!h)
		return;
	int64_t id = 0;
	CHECK_EQ_INT(cd_history_begin(h, 1, "0.1.0", NULL, "first", &id, err, sizeof err), CD_OK);
	CHECK_EQ_INT(add_many(h, id, 20, 100, 1), 0);
	CHECK_EQ_INT(cd_history_commit(h, err, sizeof err), CD_OK);
	/* No connection crosses fork(): close before, reopen after. */
	cd_history_close(h);
	fingerprint(path, before);

	kill_before_commit(path);

	h = NULL;
	CHECK_EQ_INT(cd_history_open(&h, path, 200, err, sizeof err), CD_OK);
	if (!h)
		return;
	CHECK_EQ_INT(cd_history_check(h, err, sizeof err), CD_OK);
	fingerprint(path, after);
	CHECK_STR(after, before);
	cd_history_review *revs = NULL;
	size_t nrev = 0;
	CHECK_EQ_INT(cd_history_reviews(h, 10, &revs, &nrev), CD_OK);
	CHECK_EQ_INT(nrev, 1);
	free(revs);
	/* A new review then completes. */
	CHECK_EQ_INT(cd_history_begin(h, 2, "0.1.0", NULL, "again", &id, err, sizeof err), CD_OK);
	CHECK_EQ_INT(add_many(h, id, 30, 100, 2), 0);
	CHECK_EQ_INT(cd_history_commit(h, err, sizeof err), CD_OK);
	CHECK_EQ_INT(cd_history_reviews(h, 10, &revs, &nrev), CD_OK);
	CHECK_EQ_INT(nrev, 2);
	if (nrev == 2)
		CHECK_EQ_INT(revs[1].articles, 30);
	free(revs);
	cd_history_close(h);
}

/* A child that runs reviews of 40 articles back to back is killed at three
 * moments it does not choose, 37, 83 and 151 ms after its first commit
 * (inside an add, a commit, the fsync: wherever it is). After each kill the history is intact and every review in it is
 * whole: 40 rows, and its stored count says 40. */
static void test_killed_anywhere(void)
{
	static const int delays_ms[] = { 37, 83, 151 };
	char path[512], err[256];
	snprintf(path, sizeof path, "%s", tmp_path("anywhere.db"));
	cd_history *h = NULL;
	CHECK_EQ_INT(cd_history_open(&h, path, 200, err, sizeof err), CD_OK);
	cd_history_close(h);

	for (size_t k = 0; k < sizeof delays_ms / sizeof delays_ms[0]; k++) {
		int fds[2];
		char byte = 0;
		if (pipe(fds) != 0) {
			CHECK(0);
			return;
		}
		pid_t pid = fork();
		if (pid == 0) {
			cd_history *c = NULL;
			char e[256];
			close(fds[0]);
			if (cd_history_open(&c, path, 1000, e, sizeof e) != CD_OK)
				_exit(2);
			for (int r = 0;; r++) {
				int64_t id = 0;
				if (cd_history_begin(c, r, "0.1.0", NULL, "loop", &id, e, sizeof e) != CD_OK ||
				    add_many(c, id, 40, 2000, r) != 0 || cd_history_commit(c, e, sizeof e) != CD_OK)
					_exit(2);
				/* After the first review: the parent's clock starts. */
				if (r == 0 && (write(fds[1], "c", 1) != 1 || close(fds[1]) != 0))
					_exit(2);
			}
		}
		close(fds[1]);
		CHECK(pid > 0);
		if (pid <= 0)
			return;
		CHECK_EQ_INT(read(fds[0], &byte, 1), 1);
		close(fds[0]);
		struct timespec ts = { 0, delays_ms[k] * 1000000L };
		nanosleep(&ts, NULL);
		int status = 0;
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

		h = NULL;
		CHECK_EQ_INT(cd_history_open(&h, path, 200, err, sizeof err), CD_OK);
		if (!h)
			return;
		CHECK_EQ_INT(cd_history_check(h, err, sizeof err), CD_OK);
		cd_history_close(h);
		CHECK_EQ_INT(raw_int(path, "SELECT count(*) FROM reviews WHERE articles <> 40"
		                           " OR articles <> (SELECT count(*) FROM articles"
		                           " WHERE review_id = reviews.id)"), 0);
		CHECK_EQ_INT(raw_int(path, "SELECT count(*) FROM articles"
		                           " WHERE review_id NOT IN (SELECT id FROM reviews)"), 0);
	}
	/* Each child got at least its first review in; a new one completes. */
	long long done = raw_int(path, "SELECT count(*) FROM reviews");
	CHECK(done >= 3);
	h = NULL;
	CHECK_EQ_INT(cd_history_open(&h, path, 200, err, sizeof err), CD_OK);
	if (!h)
		return;
	int64_t id = 0;
	CHECK_EQ_INT(cd_history_begin(h, 7, "0.1.0", NULL, "after", &id, err, sizeof err), CD_OK);
	CHECK_EQ_INT(add_many(h, id, 40, 10, 7), 0);
	CHECK_EQ_INT(cd_history_commit(h, err, sizeof err), CD_OK);
	cd_history_close(h);
	CHECK_EQ_INT(raw_int(path, "SELECT count(*) FROM reviews"), done + 1);
}

/* ---- pruning ----------------------------------------------------------------------- */

static void test_prune(void)
{
	char path[512], err[256];
	cd_history *h = NULL;
	snprintf(path, sizeof path, "%s", tmp_path("prune.db"));
	CHECK_EQ_INT(cd_history_open(&h, path, 200, err, sizeof err), CD_OK);
	if (!h)
		return;
	int64_t ids[5];
	for (int r = 0; r < 5; r++) {
		CHECK_EQ_INT(cd_history_begin(h, r, "0.1.0", NULL, "p", &ids[r], err, sizeof err), CD_OK);
		CHECK_EQ_INT(add_many(h, ids[r], 3, 10, r), 0);
		CHECK_EQ_INT(cd_history_commit(h, err, sizeof err), CD_OK);
	}
	size_t deleted = 99;
	CHECK_EQ_INT(cd_history_prune(h, 10, &deleted), CD_OK);
	CHECK_EQ_INT(deleted, 0);
	/* Keep 3: reviews 1 and 2 go, with their 6 articles (cascade). */
	CHECK_EQ_INT(cd_history_prune(h, 3, &deleted), CD_OK);
	CHECK_EQ_INT(deleted, 2);
	cd_history_review *revs = NULL;
	size_t nrev = 0;
	CHECK_EQ_INT(cd_history_reviews(h, 10, &revs, &nrev), CD_OK);
	CHECK_EQ_INT(nrev, 3);
	if (nrev == 3) {
		CHECK_EQ_INT(revs[0].id, ids[2]);
		CHECK_EQ_INT(revs[2].id, ids[4]);
	}
	free(revs);
	CHECK_EQ_INT(raw_int(path, "SELECT count(*) FROM articles"), 9);

	/* Inside a review it counts the open review, and rolls back with it. */
	int64_t id = 0;
	CHECK_EQ_INT(cd_history_begin(h, 9, "0.1.0", NULL, "p", &id, err, sizeof err), CD_OK);
	CHECK_EQ_INT(cd_history_prune(h, 1, &deleted), CD_OK);
	CHECK_EQ_INT(deleted, 3);
	cd_history_rollback(h);
	CHECK_EQ_INT(raw_int(path, "SELECT count(*) FROM reviews"), 3);
	CHECK_EQ_INT(cd_history_check(h, err, sizeof err), CD_OK);
	cd_history_close(h);
}

CD_TEST_MAIN(TEST(test_sha256_vectors), TEST(test_sha256_boundaries), TEST(test_open_creates_schema),
             TEST(test_review_roundtrip), TEST(test_empty_review), TEST(test_rollback), TEST(test_misuse),
             TEST(test_refused_files), TEST(test_migrates_old_file), TEST(test_two_reviews_at_once),
             TEST(test_killed_before_commit), TEST(test_killed_anywhere), TEST(test_prune),
             TEST(remove_tmpdir))
