/*
 * test_regress.c - replays every input the fuzzers found a bug with
 * (tests/data/regress/, see its README) through the analyzer, as
 * fuzz/fuzz_analyze.c runs it: the first bytes choose the options
 * (fuzz/fuzz_options.h), the rest is analyzed, written as JSON and CSV and
 * checked (fuzz/fuzz_check.h). Each file is also analyzed whole with the
 * default options. Under make check-asan the sanitizers watch the replay.
 *
 * Runs from the top of the tree (make test).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "copydesk.h"
#include "harness.h"
#include "../fuzz/fuzz_check.h"
#include "../fuzz/fuzz_options.h"

#define REGRESS "tests/data/regress"

static int contains(const unsigned char *s, size_t n, const char *word)
{
	size_t w = strlen(word);
	for (size_t i = 0; i + w <= n; i++)
		if (memcmp(s + i, word, w) == 0)
			return 1;
	return 0;
}

static int by_name(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The folder and its README are there, whatever the number of inputs. */
static void test_folder(void)
{
	struct stat st;
	CHECK(stat(REGRESS, &st) == 0 && S_ISDIR(st.st_mode));
	size_t len = 0;
	unsigned char *readme = (unsigned char *)cdt_slurp(REGRESS "/README", &len);
	CHECK(readme != NULL && len > 0);
	/* It says how inputs are named and that this test replays them. */
	CHECK(readme && contains(readme, len, "crash-") && contains(readme, len, "test_regress"));
	free(readme);
}

static void test_replay(void)
{
	DIR *d = opendir(REGRESS);
	CHECK(d != NULL);
	if (!d)
		return;
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, "README") == 0)
			continue;
		char **p = realloc(names, (n + 1) * sizeof *names);
		if (!p)
			break;
		names = p;
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, by_name);

	for (size_t i = 0; i < n; i++) {
		static char path[1024];
		snprintf(path, sizeof path, "%s/%s", REGRESS, names[i]);
		cdt_current = path;
		size_t len = 0;
		unsigned char *data = (unsigned char *)cdt_slurp(path, &len);
		CHECK(data != NULL);
		if (!data)
			continue;

		/* As the fuzzer ran it. */
		cd_options opt;
		size_t used = cd_fuzz_options(&opt, data, len, cd_fuzz_extra_book());
		const char *bad = cd_fuzz_check(&opt, data + used, len - used);
		if (bad)
			fprintf(stderr, "%s: as fuzzed: %s\n", path, bad);
		CHECK(bad == NULL);

		/* The whole file with the defaults. */
		cd_options_init(&opt);
		bad = cd_fuzz_check(&opt, data, len);
		if (bad)
			fprintf(stderr, "%s: whole, default options: %s\n", path, bad);
		CHECK(bad == NULL);
		free(data);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	printf("%zu regression inputs replayed\n", n);
}

CD_TEST_MAIN(TEST(test_folder), TEST(test_replay))
