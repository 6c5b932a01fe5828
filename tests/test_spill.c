/*
 * test_spill.c - bytes appended to a spill read back the same, whether they
 * sit in the temporary file, in its write buffer or in memory (no TMPDIR,
 * or a write that fails); and the batch records store built on it.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "batch/records.h"
#include "harness.h"
#include "util/spill.h"

#define TOTAL 300000   /* more than four write buffers */

static unsigned char byte_at(size_t i)
{
	return (unsigned char)(i * 131 + i / 977);
}

/* Appends TOTAL bytes in pieces of 1 to 9,999 bytes; CD_OK or the first
 * error. */
static int fill(cdi_spill *s)
{
	static unsigned char piece[10000];
	size_t at = 0, k = 1;
	while (at < TOTAL) {
		size_t n = k % 10000;
		n = n > TOTAL - at ? TOTAL - at : n;
		for (size_t j = 0; j < n; j++)
			piece[j] = byte_at(at + j);
		int err = cdi_spill_append(s, piece, n);
		if (err != CD_OK)
			return err;
		at += n;
		k = k * 7 + 3;
	}
	return CD_OK;
}

/* How many of a few hundred ranges (across the buffer and file, chunk and
 * end boundaries) read back wrong. */
static size_t wrong_ranges(const cdi_spill *s)
{
	static unsigned char got[70000];
	size_t bad = 0;
	unsigned long x = 99;
	for (int t = 0; t < 300; t++) {
		x = x * 1103515245ul + 12345ul;
		size_t off = (x >> 8) % TOTAL, n = (x >> 4) % 70000;
		if (t == 0) { off = 0; n = 65536; }               /* the first buffer, whole */
		if (t == 1) { off = 65530; n = 20; }              /* across the first boundary */
		if (t == 2) { off = TOTAL - 10; n = 10; }         /* the last bytes */
		n = n > TOTAL - off ? TOTAL - off : n;
		if (cdi_spill_read(s, off, got, n) != CD_OK) {
			bad++;
			continue;
		}
		for (size_t j = 0; j < n; j++)
			if (got[j] != byte_at(off + j)) {
				bad++;
				break;
			}
	}
	return bad;
}

static void test_file(void)
{
	cdi_spill s;
	cdi_spill_init(&s, "test", 0);
	CHECK_EQ_INT(fill(&s), CD_OK);
	CHECK_EQ_INT(s.size, TOTAL);
	CHECK_EQ_INT(cdi_spill_in_memory(&s), 0);
	CHECK_EQ_INT(s.has_file, 1);
	/* 300,000 bytes in buffers of 65,536: four written, the rest waiting */
	CHECK_EQ_INT(s.flushed, 4 * 65536);
	CHECK_EQ_INT(wrong_ranges(&s), 0);
	unsigned char b[4];
	CHECK_EQ_INT(cdi_spill_read(&s, TOTAL - 2, b, 4), CD_EIO);   /* past the end */
	cdi_spill_free(&s);

	/* Bytes that fit in the buffer make no file. */
	cdi_spill_init(&s, "test", 0);
	CHECK_EQ_INT(cdi_spill_append(&s, "harbour", 8), CD_OK);
	CHECK_EQ_INT(cdi_spill_read(&s, 3, b, 4), CD_OK);
	CHECK(memcmp(b, "bour", 4) == 0);
	CHECK_EQ_INT(s.has_file, 0);
	CHECK_EQ_INT(cdi_spill_in_memory(&s), 0);
	cdi_spill_free(&s);
}

static void test_no_tmpdir(void)
{
	char *old = getenv("TMPDIR") ? strdup(getenv("TMPDIR")) : NULL;
	setenv("TMPDIR", "/nonexistent/copydesk-test", 1);
	cdi_spill s;
	cdi_spill_init(&s, "test", 0);
	CHECK_EQ_INT(fill(&s), CD_OK);
	CHECK_EQ_INT(cdi_spill_in_memory(&s), 1);
	CHECK_EQ_INT(s.n_chunks, 5);   /* 300,000 / 65,536, rounded up */
	CHECK_EQ_INT(wrong_ranges(&s), 0);
	cdi_spill_free(&s);
	if (old)
		setenv("TMPDIR", old, 1);
	else
		unsetenv("TMPDIR");
	free(old);
}

/* A file size limit of 100,000 bytes makes the second buffer's write fail
 * (EFBIG): with keep_going the spill goes on in memory with every byte,
 * without it the append fails. */
static void test_write_fails(void)
{
	struct rlimit old;
	CHECK_EQ_INT(getrlimit(RLIMIT_FSIZE, &old), 0);
	struct rlimit lim = old;
	lim.rlim_cur = 100000;
	if (old.rlim_max != RLIM_INFINITY && old.rlim_max < lim.rlim_cur)
		lim.rlim_cur = old.rlim_max;
	void (*was)(int) = signal(SIGXFSZ, SIG_IGN);
	CHECK_EQ_INT(setrlimit(RLIMIT_FSIZE, &lim), 0);

	cdi_spill s;
	cdi_spill_init(&s, "test", 1);
	CHECK_EQ_INT(fill(&s), CD_OK);
	CHECK_EQ_INT(cdi_spill_in_memory(&s), 1);
	CHECK_EQ_INT(s.size, TOTAL);
	CHECK_EQ_INT(wrong_ranges(&s), 0);
	cdi_spill_free(&s);

	cdi_spill_init(&s, "test", 0);
	errno = 0;
	CHECK_EQ_INT(fill(&s), CD_EIO);
	CHECK_EQ_INT(errno, EFBIG);
	CHECK_EQ_INT(cdi_spill_append(&s, "x", 1), CD_EIO);   /* the failure sticks */
	cdi_spill_free(&s);

	setrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, was);
}

/* 1,000 records (over 15 windows of 64) in, the same out, in order and
 * out of order; NULL strings come back as "". */
static void test_records(void)
{
	enum { N = 1000 };
	static const char *const bands[] = { "excellent", "good", "fair", "poor", "very poor", "" };
	cd_records *rs = cd_records_new();
	CHECK(rs != NULL);
	if (!rs)
		return;
	char path[64], title[64], pdf[64], problem[64];
	size_t bad_add = 0;
	for (size_t i = 0; i < N; i++) {
		snprintf(path, sizeof path, "feed%zu/day %zu/article-%zu.txt", i % 7, i % 3, i);
		snprintf(title, sizeof title, "Title \"%zu\" \xC3\xA9t\xC3\xA9", i);
		snprintf(pdf, sizeof pdf, "feed%zu/day %zu/article-%zu.pdf", i % 7, i % 3, i);
		snprintf(problem, sizeof problem, "%zu.5 filler phrases per 1,000 words", i % 13);
		cd_batch_record r = { 0 };
		r.path = path;
		r.title = i % 11 == 0 ? NULL : title;
		r.main_problem = problem;
		r.pdf = i % 5 == 0 ? NULL : pdf;
		r.error = i % 17 == 0 ? "not text: binary data at byte 3" : NULL;
		r.band = bands[i % 6];
		r.quality = (double)i / 10;
		r.grade = 20 - (double)i / 100;
		r.reading_ease = -5.25;
		r.filler_per_1000 = (double)(i % 40);
		r.transition_share = 0.5;
		r.repeated_share = 0.125;
		r.words = 300 + i;
		r.sentences = i / 10;
		r.mechanics_errors = i % 4;
		bad_add += cd_records_add(rs, &r) != CD_OK;
	}
	CHECK_EQ_INT(bad_add, 0);
	CHECK_EQ_INT(cd_records_count(rs), N);
	size_t wrong = 0;
	for (size_t k = 0; k < 2 * N; k++) {
		/* first in order, then hopping (a prime step) */
		size_t i = k < N ? k : (k - N) * 389 % N;
		cd_batch_record r;
		if (cd_records_get(rs, i, &r) != CD_OK) {
			wrong++;
			continue;
		}
		snprintf(path, sizeof path, "feed%zu/day %zu/article-%zu.txt", i % 7, i % 3, i);
		snprintf(title, sizeof title, "Title \"%zu\" \xC3\xA9t\xC3\xA9", i);
		snprintf(pdf, sizeof pdf, "feed%zu/day %zu/article-%zu.pdf", i % 7, i % 3, i);
		snprintf(problem, sizeof problem, "%zu.5 filler phrases per 1,000 words", i % 13);
		char folder[32];
		snprintf(folder, sizeof folder, "feed%zu/day %zu", i % 7, i % 3);
		int same = strcmp(r.path, path) == 0 && strcmp(r.folder, folder) == 0 &&
		           strcmp(r.title, i % 11 == 0 ? "" : title) == 0 &&
		           strcmp(r.main_problem, problem) == 0 &&
		           (i % 5 == 0 ? r.pdf == NULL : r.pdf && strcmp(r.pdf, pdf) == 0) &&
		           (i % 17 == 0 ? r.error && strcmp(r.error, "not text: binary data at byte 3") == 0 :
		            r.error == NULL) &&
		           strcmp(r.band, bands[i % 6]) == 0 && r.quality == (double)i / 10 &&
		           r.grade == 20 - (double)i / 100 && r.reading_ease == -5.25 &&
		           r.filler_per_1000 == (double)(i % 40) && r.transition_share == 0.5 &&
		           r.repeated_share == 0.125 && r.words == 300 + i && r.sentences == i / 10 &&
		           r.mechanics_errors == i % 4;
		wrong += !same;
		cd_batch_record_clear(&r);
	}
	CHECK_EQ_INT(wrong, 0);
	cd_batch_record r;
	CHECK_EQ_INT(cd_records_get(rs, N, &r), CD_EINVAL);
	CHECK(r.path == NULL);
	CHECK_EQ_INT(cd_records_error(rs, NULL), CD_OK);
	cd_records_free(rs);
}

CD_TEST_MAIN(TEST(test_file), TEST(test_no_tmpdir), TEST(test_write_fails), TEST(test_records))
