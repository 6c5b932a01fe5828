/*
 * fuzz_config.c - libFuzzer harness for the copydesk.ini loader (make
 * fuzz): the input is written to a temporary file and loaded through the
 * real loader, cd_config_load, exactly as copydesk -c FILE does. It must
 * load or fail with a one-line message, never crash or leak, and keep the
 * promises of config.h:
 *   - on failure the config holds the defaults and owns nothing;
 *   - on success the values are in range (ngram_min <= ngram_max,
 *     long_sentence <= very_long_sentence), and cd_config_write writes a
 *     file that loads back to the same settings: written again, the same
 *     text, but for the path keys. A path the file left at its default
 *     (history = copydesk-history.db) is relative to the working folder,
 *     and once written into a file it is joined to the file's folder, so
 *     the paths are compared after a second round trip, when they are
 *     all joined.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "fuzz_config.c:%d: broken promise: %s\n", __LINE__, #cond); \
		abort(); \
	} \
} while (0)

static char path[256], path2[256];

static void remove_files(void)
{
	unlink(path);
	unlink(path2);
}

/* What cd_config_write writes for c (malloc'd, NUL-terminated). */
static char *written(const cd_config *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	REQUIRE(f);
	REQUIRE(cd_config_write(c, f) == CD_OK);
	REQUIRE(fclose(f) == 0);
	return buf;
}

static int write_file(const char *p, const void *data, size_t size)
{
	FILE *f = fopen(p, "wb");
	if (!f)
		return -1;
	size_t n = fwrite(data, 1, size, f);
	return fclose(f) == 0 && n == size ? 0 : -1;
}

/* The lines of a and b are the same, but for the values of path keys. */
static int same_but_paths(const char *a, const char *b)
{
	static const char *const paths[] = {
		"extra_files = ", "font_regular = ", "font_bold = ", "history = "
	};
	while (*a && *b) {
		size_t la = strcspn(a, "\n"), lb = strcspn(b, "\n");
		if (la != lb || memcmp(a, b, la) != 0) {
			int path = 0;
			for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
				size_t n = strlen(paths[i]);
				path |= la >= n && lb >= n && memcmp(a, paths[i], n) == 0 &&
				        memcmp(b, paths[i], n) == 0;
			}
			if (!path)
				return 0;
		}
		a += la + (a[la] == '\n');
		b += lb + (b[lb] == '\n');
	}
	return !*a && !*b;
}

/* Loads the text of a written config from path2 and writes it again. */
static char *round_trip(const char *text)
{
	cd_config cfg;
	char err[1024] = "";
	REQUIRE(write_file(path2, text, strlen(text)) == 0);
	int rc = cd_config_load(&cfg, path2, err, sizeof err);
	if (rc != CD_OK)
		fprintf(stderr, "reloading the written config: %s\n", err);
	REQUIRE(rc == CD_OK);
	char *again = written(&cfg);
	cd_config_free(&cfg);
	return again;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *defaults;
	if (!path[0]) {
		const char *tmp = getenv("TMPDIR");
		if (!tmp || tmp[0] != '/')
			tmp = "/tmp";
		snprintf(path, sizeof path, "%s/copydesk-fuzz-%ld.ini", tmp, (long)getpid());
		snprintf(path2, sizeof path2, "%s/copydesk-fuzz-%ld-again.ini", tmp, (long)getpid());
		atexit(remove_files);
		cd_config d;
		REQUIRE(cd_config_defaults(&d) == CD_OK);
		defaults = written(&d);
	}
	if (write_file(path, data, size) != 0)
		return 0;

	cd_config cfg;
	char err[1024] = "";
	int rc = cd_config_load(&cfg, path, err, sizeof err);
	if (rc != CD_OK) {
		REQUIRE(rc == CD_EIO || rc == CD_EINVAL || rc == CD_ENOMEM);
		REQUIRE(err[0] && !strchr(err, '\n'));
		REQUIRE(!cfg.phrasebook && !cfg.analysis.phrasebook);
		char *now = written(&cfg);
		REQUIRE(strcmp(now, defaults) == 0);
		free(now);
		cd_config_free(&cfg);
		return 0;
	}
	const cd_options *o = &cfg.analysis;
	REQUIRE(o->ngram_min >= 2 && o->ngram_min <= o->ngram_max && o->ngram_max <= 16);
	REQUIRE(o->long_sentence >= 1 && o->long_sentence <= o->very_long_sentence &&
	        o->very_long_sentence <= 1000);
	REQUIRE(o->near_duplicate >= 0.3 && o->near_duplicate <= 1);
	REQUIRE(o->max_bytes >= 1024);
	REQUIRE(o->phrasebook == cfg.phrasebook);

	/* Written out and loaded again from the same folder: the same settings. */
	char *first = written(&cfg);
	cd_config_free(&cfg);
	char *second = round_trip(first);
	REQUIRE(same_but_paths(first, second));
	char *third = round_trip(second);
	REQUIRE(strcmp(second, third) == 0);
	free(first);
	free(second);
	free(third);
	return 0;
}
