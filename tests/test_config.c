/*
 * test_config.c - copydesk.ini: defaults, the sample against the table, a
 * valid file, every error case (file, line and key checked against line
 * numbers written by hand), byte-level cases (BOM, CRLF, long lines, NUL,
 * invalid UTF-8) and extra phrase files.
 *
 * Runs from the top of the tree (make test): inputs are in tests/data/config.
 */
#include "config/config.h"
#include "harness.h"

#include <stdlib.h>
#include <unistd.h>

#define DATA "tests/data/config/"

/* ---- helpers ---------------------------------------------------------------- */

static char tmpdir[256];

/* Writes len bytes to a new file NAME in a temporary folder; returns its path
 * (static buffer, valid until the next call). */
static const char *write_tmp(const char *name, const char *bytes, size_t len)
{
	static char path[512];
	if (!tmpdir[0]) {
		const char *t = getenv("TMPDIR");
		snprintf(tmpdir, sizeof tmpdir, "%s/copydesk-test-config-XXXXXX", t && *t ? t : "/tmp");
		if (!mkdtemp(tmpdir)) {
			perror("mkdtemp");
			exit(1);
		}
	}
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(bytes, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
	return path;
}

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Loading path must fail with rc, a message starting with prefix (file,
 * line and key, written by hand) and holding fragment; and leave the
 * defaults behind. */
static void expect_error(const char *path, int rc, const char *prefix, const char *fragment)
{
	cd_config c;
	char err[512];
	int got = cd_config_load(&c, path, err, sizeof err);
	CHECK_EQ_INT(got, rc);
	if (!starts_with(err, prefix) || !strstr(err, fragment))
		fprintf(stderr, "  %s: message: %s\n  want prefix: %s\n  and: %s\n",
		        path, err, prefix, fragment);
	CHECK(starts_with(err, prefix));
	CHECK(strstr(err, fragment) != NULL);
	CHECK(strchr(err, '\n') == NULL);
	/* the defaults, owning nothing */
	CHECK_EQ_INT(c.analysis.ngram_min, 2);
	CHECK(c.phrasebook == NULL);
	CHECK_STR(c.source, "");
	cd_config_free(&c);
}

/* Counts the keys a loaded config changes from the defaults and checks
 * them against a list of "section:key" names. */
typedef struct changes {
	char names[64][64];
	size_t n;
} changes;

static int collect_changed(const cd_config_item *item, void *ctx)
{
	changes *ch = ctx;
	if (item->changed && ch->n < 64)
		snprintf(ch->names[ch->n++], 64, "%s:%s", item->section, item->key);
	return 0;
}

/* ---- defaults ---------------------------------------------------------------- */

static void test_defaults(void)
{
	cd_config c;
	CHECK_EQ_INT(cd_config_defaults(&c), CD_OK);
	CHECK_EQ_INT(c.analysis.ngram_min, 2);
	CHECK_EQ_INT(c.analysis.ngram_max, 8);
	CHECK_EQ_INT(c.analysis.long_sentence, 20);
	CHECK_EQ_INT(c.analysis.very_long_sentence, 30);
	CHECK_EQ_INT(c.analysis.long_paragraph, 150);
	CHECK_EQ_INT(c.analysis.same_root_window, 4);
	CHECK_EQ_INT(c.analysis.mattr_window, 50);
	CHECK_NEAR(c.analysis.near_duplicate, 0.6, 1e-12);
	CHECK_EQ_INT(c.analysis.max_bytes, 64 * 1024 * 1024);
	for (int i = 0; i < CD_CAT_COUNT; i++)
		CHECK_EQ_INT(c.analysis.category_enabled[i], 1);
	CHECK(c.analysis.phrasebook == NULL);
	CHECK(c.phrasebook == NULL);
	CHECK_STR(c.extra_files, "");
	CHECK_NEAR(c.min_quality, 60, 0);
	CHECK_NEAR(c.max_grade, 14, 0);
	CHECK_NEAR(c.max_filler_per_1000, 8, 0);
	CHECK_STR(c.page_size, "A4");
	CHECK_STR(c.font_regular, "");
	CHECK_STR(c.font_bold, "");
	CHECK_STR(c.title, "");
	CHECK_STR(c.extensions, ".txt .md .markdown .text");
	CHECK_STR(c.include, "");
	CHECK_STR(c.exclude, "");
	CHECK_STR(c.history, "copydesk-history.db");
	CHECK_NEAR(c.regression_points, 5, 0);
	CHECK_EQ_INT(c.baseline, 0);
	CHECK_STR(c.source, "");
	cd_config_free(&c);
	cd_config_free(NULL);
}

/* The table's [analysis]..[score] defaults are cd_options_init's. */
static void test_defaults_match_options_init(void)
{
	cd_config c;
	cd_options o;
	cd_config_defaults(&c);
	cd_options_init(&o);
	CHECK_EQ_INT(c.analysis.ngram_min, o.ngram_min);
	CHECK_EQ_INT(c.analysis.ngram_max, o.ngram_max);
	CHECK_EQ_INT(c.analysis.long_sentence, o.long_sentence);
	CHECK_EQ_INT(c.analysis.very_long_sentence, o.very_long_sentence);
	CHECK_EQ_INT(c.analysis.long_paragraph, o.long_paragraph);
	CHECK_EQ_INT(c.analysis.same_root_window, o.same_root_window);
	CHECK_EQ_INT(c.analysis.mattr_window, o.mattr_window);
	CHECK_NEAR(c.analysis.near_duplicate, o.near_duplicate, 0);
	CHECK_EQ_INT(c.analysis.max_bytes, o.max_bytes);
	CHECK(memcmp(c.analysis.category_enabled, o.category_enabled, sizeof o.category_enabled) == 0);
	CHECK_NEAR(c.analysis.target_filler_per_1000, o.target_filler_per_1000, 0);
	CHECK_NEAR(c.analysis.target_grade, o.target_grade, 0);
	CHECK_NEAR(c.analysis.target_transition_share, o.target_transition_share, 0);
	CHECK_NEAR(c.analysis.target_long_share, o.target_long_share, 0);
	CHECK_NEAR(c.analysis.target_repeated_share, o.target_repeated_share, 0);
	CHECK_NEAR(c.analysis.target_passive_share, o.target_passive_share, 0);
	CHECK_NEAR(c.analysis.weight_filler, o.weight_filler, 0);
	CHECK_NEAR(c.analysis.weight_grade, o.weight_grade, 0);
	CHECK_NEAR(c.analysis.weight_transitions, o.weight_transitions, 0);
	CHECK_NEAR(c.analysis.weight_long_sentences, o.weight_long_sentences, 0);
	CHECK_NEAR(c.analysis.weight_repetition, o.weight_repetition, 0);
	CHECK_NEAR(c.analysis.weight_mechanics, o.weight_mechanics, 0);
	CHECK_NEAR(c.analysis.weight_passive, o.weight_passive, 0);
	CHECK_NEAR(c.analysis.weight_openers, o.weight_openers, 0);
}

/* [phrases] has one key per category, named by cd_category_name, in order. */
typedef struct cats {
	const char *names[16];
	size_t n;
	size_t total;
} cats;

static int collect_categories(const cd_config_item *item, void *ctx)
{
	cats *k = ctx;
	k->total++;
	if (strcmp(item->section, "phrases") == 0 && strcmp(item->key, "extra_files") != 0 &&
	    strcmp(item->key, "in_quotes") != 0 && k->n < 16)
		k->names[k->n++] = item->key;   /* table strings: static */
	return 0;
}

static void test_category_keys(void)
{
	cd_config c;
	cats k = { { 0 }, 0, 0 };
	cd_config_defaults(&c);
	CHECK_EQ_INT(cd_config_foreach(&c, collect_categories, &k), 0);
	CHECK_EQ_INT(k.n, CD_CAT_COUNT);
	for (int i = 0; i < CD_CAT_COUNT && (size_t)i < k.n; i++)
		CHECK_STR(k.names[i], cd_category_name(i));
	/* 9 analysis + 10 phrases + 9 thresholds + 8 score + 4 report + 3 input + 3 review */
	CHECK_EQ_INT(k.total, 47);
}

static int stop_at_third(const cd_config_item *item, void *ctx)
{
	(void)item;
	return ++*(int *)ctx == 3 ? 7 : 0;
}

static void test_foreach(void)
{
	cd_config c;
	int calls = 0;
	cd_config_defaults(&c);
	CHECK_EQ_INT(cd_config_foreach(&c, stop_at_third, &calls), 7);
	CHECK_EQ_INT(calls, 3);
	changes ch = { .n = 0 };
	CHECK_EQ_INT(cd_config_foreach(&c, collect_changed, &ch), 0);
	CHECK_EQ_INT(ch.n, 0);
}

/* ---- the sample ------------------------------------------------------------ */

typedef struct sample {
	char *text;
	size_t keys_found;
	int ok;
} sample;

/* Each table key appears in the sample under its [section] as
 * "key = default", right after the comment "# description [allowed]". */
static int check_sample_item(const cd_config_item *item, void *ctx)
{
	sample *s = ctx;
	char head[96], want[1400];
	snprintf(head, sizeof head, "\n[%s]\n", item->section);
	snprintf(want, sizeof want, "\n# %s [%s]\n%s =%s%s\n", item->description, item->allowed,
	         item->key, item->default_value[0] ? " " : "", item->default_value);
	const char *sec = strstr(s->text, head);
	const char *at = sec ? strstr(sec, want) : NULL;
	const char *next = sec ? strstr(sec + 1, "\n[") : NULL;
	if (!at || (next && at > next)) {
		fprintf(stderr, "  copydesk.ini.sample: missing in [%s]:%s", item->section, want);
		s->ok = 0;
	}
	s->keys_found++;
	return 0;
}

static void test_sample_matches_table(void)
{
	cd_config c;
	char err[512];
	size_t len = 0;
	FILE *f = fopen("copydesk.ini.sample", "rb");
	CHECK(f != NULL);
	if (!f)
		return;
	sample s = { calloc(1, 65536), 0, 1 };
	s.text[0] = '\n';   /* so the first line also follows a newline */
	len = fread(s.text + 1, 1, 65534, f);
	fclose(f);
	CHECK(len > 0 && len < 65534);

	cd_config_defaults(&c);
	CHECK_EQ_INT(cd_config_foreach(&c, check_sample_item, &s), 0);
	CHECK(s.ok);

	/* The sample sets no key the table lacks: as many key lines as keys. */
	size_t key_lines = 0;
	for (const char *p = s.text; (p = strchr(p, '\n')) != NULL; p++)
		if (p[1] && p[1] != '#' && p[1] != ';' && p[1] != '[' && p[1] != '\n' &&
		    strchr(p + 1, '=') && strchr(p + 1, '=') < strchr(p + 1, '\n'))
			key_lines++;
	CHECK_EQ_INT(key_lines, s.keys_found);

	/* After its header, the sample is exactly cd_config_write(defaults). */
	FILE *w = tmpfile();
	CHECK(w != NULL);
	if (w) {
		CHECK_EQ_INT(cd_config_write(&c, w), CD_OK);
		long wn = ftell(w);
		char *body = calloc(1, (size_t)wn + 1);
		rewind(w);
		CHECK_EQ_INT(fread(body, 1, (size_t)wn, w), wn);
		size_t tl = strlen(s.text);
		int suffix = (size_t)wn < tl && strcmp(s.text + tl - (size_t)wn, body) == 0;
		CHECK(suffix);
		/* the header is comments only */
		for (const char *p = s.text + 1; suffix && p < s.text + tl - (size_t)wn;
		     p = strchr(p, '\n') + 1)
			CHECK(*p == '#');
		free(body);
		fclose(w);
	}

	free(s.text);

	/* Loading it gives exactly the defaults. */
	CHECK_EQ_INT(cd_config_load(&c, "copydesk.ini.sample", err, sizeof err), CD_OK);
	CHECK_STR(err, "");
	changes ch = { .n = 0 };
	cd_config_foreach(&c, collect_changed, &ch);
	CHECK_EQ_INT(ch.n, 0);
	for (size_t i = 0; i < ch.n; i++)
		fprintf(stderr, "  sample changes %s\n", ch.names[i]);
	CHECK_STR(c.source, "copydesk.ini.sample");
	CHECK(c.phrasebook == NULL);
	cd_config_free(&c);
}

/* ---- valid files ------------------------------------------------------------ */

static void test_valid_file(void)
{
	cd_config c;
	char err[512];
	CHECK_EQ_INT(cd_config_load(&c, DATA "valid.ini", err, sizeof err), CD_OK);
	CHECK_STR(err, "");
	CHECK_EQ_INT(c.analysis.ngram_min, 3);
	CHECK_EQ_INT(c.analysis.ngram_max, 6);
	CHECK_EQ_INT(c.analysis.mattr_window, 10);          /* "010" is decimal ten */
	CHECK_NEAR(c.analysis.near_duplicate, 0.85, 0);
	CHECK_EQ_INT(c.analysis.max_bytes, 512 * 1024);
	CHECK_EQ_INT(c.analysis.category_enabled[CD_CAT_HEDGE], 0);
	CHECK_EQ_INT(c.analysis.category_enabled[CD_CAT_CLICHE], 0);
	CHECK_EQ_INT(c.analysis.category_enabled[CD_CAT_AI], 0);
	CHECK_EQ_INT(c.analysis.category_enabled[CD_CAT_TRANSITION], 1);
	CHECK_NEAR(c.min_quality, 72.5, 0);
	CHECK_NEAR(c.analysis.target_passive_share, 0.2, 0);
	CHECK_NEAR(c.analysis.weight_filler, 30, 0);
	CHECK_STR(c.page_size, "Letter");
	CHECK_STR(c.title, "Desk #4; weekly");
	CHECK_STR(c.extensions, ".txt .rst");
	CHECK_STR(c.exclude, "draft-* *.bak");
	CHECK_NEAR(c.regression_points, 2.5, 0);
	CHECK_EQ_INT(c.baseline, 1);
	CHECK_STR(c.source, DATA "valid.ini");

	/* exactly these keys changed, nothing else */
	static const char *const want[] = {
		"analysis:ngram_min", "analysis:ngram_max", "analysis:mattr_window",
		"analysis:near_duplicate", "analysis:max_bytes", "phrases:hedge", "phrases:cliche",
		"phrases:ai", "thresholds:min_quality", "thresholds:target_passive_share",
		"score:weight_filler", "report:page_size", "report:title", "input:extensions",
		"input:exclude", "review:regression_points", "review:baseline"
	};
	changes ch = { .n = 0 };
	cd_config_foreach(&c, collect_changed, &ch);
	CHECK_EQ_INT(ch.n, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < ch.n && i < sizeof want / sizeof want[0]; i++)
		CHECK_STR(ch.names[i], want[i]);
	cd_config_free(&c);
}

typedef struct find_value {
	const char *qual;
	char value[1100];
} find_value;

static int get_item(const cd_config_item *item, void *ctx)
{
	find_value *f = ctx;
	char q[128];
	snprintf(q, sizeof q, "%s:%s", item->section, item->key);
	if (strcmp(q, f->qual) == 0)
		snprintf(f->value, sizeof f->value, "%s", item->value);
	return 0;
}

static void test_values_written_back(void)
{
	cd_config c;
	char err[512];
	CHECK_EQ_INT(cd_config_load(&c, DATA "valid.ini", err, sizeof err), CD_OK);
	find_value f = { "analysis:max_bytes", "" };
	cd_config_foreach(&c, get_item, &f);
	CHECK_STR(f.value, "512k");
	f.qual = "review:regression_points";
	cd_config_foreach(&c, get_item, &f);
	CHECK_STR(f.value, "2.5");
	f.qual = "phrases:hedge";
	cd_config_foreach(&c, get_item, &f);
	CHECK_STR(f.value, "no");
	f.qual = "report:title";
	cd_config_foreach(&c, get_item, &f);
	CHECK_STR(f.value, "Desk #4; weekly");
	cd_config_free(&c);

	/* max_bytes written as the largest exact binary unit, else in bytes */
	const char *t = "[analysis]\nmax_bytes = 1G\n";
	CHECK_EQ_INT(cd_config_load(&c, write_tmp("g.ini", t, strlen(t)), err, sizeof err), CD_OK);
	CHECK_EQ_INT(c.analysis.max_bytes, 1073741824);
	f.qual = "analysis:max_bytes";
	cd_config_foreach(&c, get_item, &f);
	CHECK_STR(f.value, "1G");
	t = "[analysis]\nmax_bytes = 1500\n";
	CHECK_EQ_INT(cd_config_load(&c, write_tmp("b.ini", t, strlen(t)), err, sizeof err), CD_OK);
	CHECK_EQ_INT(c.analysis.max_bytes, 1500);
	cd_config_foreach(&c, get_item, &f);
	CHECK_STR(f.value, "1500");
}

/* Lists "section:key=value" of every key but review:history into buf. */
static int list_values(const cd_config_item *item, void *ctx)
{
	char *buf = ctx;
	size_t n = strlen(buf);
	if (strcmp(item->key, "history") != 0)
		snprintf(buf + n, 8192 - n, "%s:%s=%s\n", item->section, item->key, item->value);
	return 0;
}

/* cd_config_write output loads back to the same values (history aside: a
 * relative path is joined to the folder the copy is loaded from). */
static void test_write_round_trip(void)
{
	cd_config c, d;
	char err[512];
	static char before[8192], after[8192];
	CHECK_EQ_INT(cd_config_load(&c, DATA "valid.ini", err, sizeof err), CD_OK);
	/* values that need quotes to survive */
	snprintf(c.title, sizeof c.title, "%s", " Desk \"#4\"; weekly ");
	snprintf(c.include, sizeof c.include, "%s", "#*");
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	CHECK(f != NULL);
	if (!f)
		return;
	CHECK_EQ_INT(cd_config_write(&c, f), CD_OK);
	fclose(f);
	const char *p = write_tmp("round.ini", text, len);
	free(text);
	CHECK_EQ_INT(cd_config_load(&d, p, err, sizeof err), CD_OK);
	CHECK_STR(err, "");
	CHECK_STR(d.title, " Desk \"#4\"; weekly ");
	CHECK_STR(d.include, "#*");
	before[0] = after[0] = '\0';
	cd_config_foreach(&c, list_values, before);
	cd_config_foreach(&d, list_values, after);
	CHECK_STR(after, before);
	cd_config_free(&c);
	cd_config_free(&d);
}

static void test_relative_paths(void)
{
	cd_config c;
	char err[512];
	CHECK_EQ_INT(cd_config_load(&c, DATA "paths.ini", err, sizeof err), CD_OK);
	CHECK_STR(c.font_regular, DATA "fonts/Serif.ttf");
	CHECK_STR(c.font_bold, "/usr/share/fonts/Bold.ttf");
	CHECK_STR(c.history, DATA "h.db");
	cd_config_free(&c);
	/* a bare name or "./name": the folder is the working one, paths stay */
	if (chdir(DATA) != 0) {
		CHECK(0);
		return;
	}
	CHECK_EQ_INT(cd_config_load(&c, "paths.ini", err, sizeof err), CD_OK);
	CHECK_STR(c.history, "h.db");
	CHECK_EQ_INT(cd_config_load(&c, "./paths.ini", err, sizeof err), CD_OK);
	CHECK_STR(c.history, "h.db");
	CHECK_STR(c.font_regular, "fonts/Serif.ttf");
	CHECK_EQ_INT(chdir("../../.."), 0);
	cd_config_free(&c);
}

static void test_empty_file(void)
{
	cd_config c;
	char err[512];
	CHECK_EQ_INT(cd_config_load(&c, DATA "empty.ini", err, sizeof err), CD_OK);
	changes ch = { .n = 0 };
	cd_config_foreach(&c, collect_changed, &ch);
	CHECK_EQ_INT(ch.n, 0);
	CHECK_EQ_INT(cd_config_load(&c, write_tmp("zero.ini", "", 0), err, sizeof err), CD_OK);
	CHECK_EQ_INT(c.analysis.ngram_max, 8);
}

/* ---- errors from files ----------------------------------------------------- */

static void test_structure_errors(void)
{
	expect_error(DATA "unknown_section.ini", CD_EINVAL, DATA "unknown_section.ini:4: ",
	             "unknown section [analysys] (did you mean [analysis]?)");
	expect_error(DATA "unknown_key.ini", CD_EINVAL,
	             DATA "unknown_key.ini:3: key 'analysis:ngram_mn': ",
	             "did you mean 'ngram_min'?");
	expect_error(DATA "wrong_section.ini", CD_EINVAL,
	             DATA "wrong_section.ini:7: key 'analysis:min_quality': ",
	             "belongs in [thresholds]");
	expect_error(DATA "duplicate.ini", CD_EINVAL,
	             DATA "duplicate.ini:5: key 'thresholds:min_quality': ",
	             "set twice (first on line 2)");
	expect_error(DATA "malformed.ini", CD_EINVAL, DATA "malformed.ini:3: ",
	             "not a comment, a [section] or a key = value line");
	expect_error(DATA "before_section.ini", CD_EINVAL, DATA "before_section.ini:2: ",
	             "key 'title' comes before any [section]");
	expect_error(DATA "continuation.ini", CD_EINVAL, DATA "continuation.ini:2: ",
	             "may not end with '\\'");
	expect_error(DATA "bad_section_line.ini", CD_EINVAL, DATA "bad_section_line.ini:2: ",
	             "section line");
	expect_error(DATA "open_quote.ini", CD_EINVAL, DATA "open_quote.ini:3: key 'report:title': ",
	             "not closed");
	expect_error(DATA "after_quote.ini", CD_EINVAL,
	             DATA "after_quote.ini:2: key 'report:title': ", "text after the closing quote");
	expect_error(DATA "glued_comment.ini", CD_EINVAL,
	             DATA "glued_comment.ini:2: key 'input:extensions': ", "';' starts a comment");
}

static void test_value_errors(void)
{
	expect_error(DATA "bad_number.ini", CD_EINVAL,
	             DATA "bad_number.ini:4: key 'analysis:ngram_min': ",
	             "'12abc' is not a whole number (expected 2 to 16)");
	expect_error(DATA "empty_number.ini", CD_EINVAL,
	             DATA "empty_number.ini:2: key 'analysis:long_sentence': ",
	             "'' is not a whole number");
	expect_error(DATA "huge_number.ini", CD_EINVAL,
	             DATA "huge_number.ini:3: key 'analysis:near_duplicate': ",
	             "1e999 is out of range (expected 0.3 to 1)");
	expect_error(DATA "out_of_bounds.ini", CD_EINVAL,
	             DATA "out_of_bounds.ini:3: key 'analysis:ngram_max': ",
	             "40 is out of range (expected 2 to 16)");
	expect_error(DATA "negative.ini", CD_EINVAL,
	             DATA "negative.ini:2: key 'analysis:mattr_window': ",
	             "'-5' is not a whole number");
	expect_error(DATA "hex.ini", CD_EINVAL, DATA "hex.ini:3: key 'score:weight_filler': ",
	             "'0x10' is not a number");
	expect_error(DATA "infinity.ini", CD_EINVAL,
	             DATA "infinity.ini:2: key 'thresholds:target_grade': ", "'inf' is not a number");
	expect_error(DATA "bad_bool.ini", CD_EINVAL,
	             DATA "bad_bool.ini:4: key 'phrases:intensifier': ",
	             "'y' is not yes/no, true/false, on/off or 1/0");
	expect_error(DATA "bad_bytes.ini", CD_EINVAL,
	             DATA "bad_bytes.ini:2: key 'analysis:max_bytes': ",
	             "'64MB' is not a byte count");
	expect_error(DATA "big_bytes.ini", CD_EINVAL, DATA "big_bytes.ini:2: key 'analysis:max_bytes': ",
	             "2G is out of range (expected 1k to 1G)");
	expect_error(DATA "bad_choice.ini", CD_EINVAL,
	             DATA "bad_choice.ini:3: key 'report:page_size': ", "'A5' is not A4 or Letter");
	expect_error(DATA "bad_extension.ini", CD_EINVAL,
	             DATA "bad_extension.ini:3: key 'input:extensions': ",
	             "'md' is not a file ending");
	expect_error(DATA "ngram_order.ini", CD_EINVAL,
	             DATA "ngram_order.ini:3: key 'analysis:ngram_min': ",
	             "6 is greater than ngram_max (4)");
	expect_error(DATA "sentence_order.ini", CD_EINVAL,
	             DATA "sentence_order.ini:3: key 'analysis:very_long_sentence': ",
	             "10 is less than long_sentence (20)");
}

static void test_file_errors(void)
{
	expect_error(DATA "no_such_file.ini", CD_EIO, DATA "no_such_file.ini: ",
	             "No such file or directory");
	expect_error("tests/data/config", CD_EIO, "tests/data/config: ", "is a directory");
	expect_error("/dev/null", CD_EIO, "/dev/null: ", "not a regular file");
}

/* ---- byte-level cases (files written here) -------------------------------- */

static void test_bom(void)
{
	cd_config c;
	char err[512];
	const char ok[] = "\xEF\xBB\xBF[analysis]\nngram_min = 4\n";
	const char *p = write_tmp("bom.ini", ok, sizeof ok - 1);
	CHECK_EQ_INT(cd_config_load(&c, p, err, sizeof err), CD_OK);
	CHECK_STR(err, "");
	CHECK_EQ_INT(c.analysis.ngram_min, 4);
	CHECK_STR(c.source, p);
	cd_config_free(&c);

	/* lines are still counted from the first one */
	const char bad[] = "\xEF\xBB\xBF# BOM then a bad key\n[analysis]\nngram_min = x\n";
	p = write_tmp("bom_bad.ini", bad, sizeof bad - 1);
	char want[600];
	snprintf(want, sizeof want, "%s:3: key 'analysis:ngram_min': ", p);
	expect_error(p, CD_EINVAL, want, "'x' is not a whole number");

	/* a BOM after the start is no BOM: here it makes an unknown key */
	const char mid[] = "[analysis]\n\xEF\xBB\xBFngram_min = 3\n";
	p = write_tmp("bom_mid.ini", mid, sizeof mid - 1);
	snprintf(want, sizeof want, "%s:2: key '", p);
	expect_error(p, CD_EINVAL, want, "unknown key");
}

static void test_crlf(void)
{
	cd_config c;
	char err[512];
	const char t[] = "# CRLF\r\n[report]\r\ntitle = Weekly \r\npage_size = Letter\r\n";
	CHECK_EQ_INT(cd_config_load(&c, write_tmp("crlf.ini", t, sizeof t - 1), err, sizeof err), CD_OK);
	CHECK_STR(c.title, "Weekly");
	CHECK_STR(c.page_size, "Letter");
	/* a lone CR is a control character, not a line end */
	const char cr[] = "[report]\rtitle = x\n";
	const char *p = write_tmp("cr.ini", cr, sizeof cr - 1);
	char want[600];
	snprintf(want, sizeof want, "%s:1: ", p);
	expect_error(p, CD_EINVAL, want, "control character 0x0D");
}

/* "[report]\n# xxxx...\n" with a comment line of n bytes, then a key. */
static const char *long_line_file(const char *name, size_t n)
{
	static char buf[4096];
	size_t k = 0;
	k += (size_t)sprintf(buf, "[report]\n#");
	memset(buf + k, 'x', n - 1);
	k += n - 1;
	k += (size_t)sprintf(buf + k, "\ntitle = ok\n");
	return write_tmp(name, buf, k);
}

static void test_long_lines(void)
{
	cd_config c;
	char err[512], want[600];
	/* 1,022 bytes: the longest line iniparser 4.1 reads (the load goes
	 * through iniparser, so this also proves iniparser took it) */
	CHECK_EQ_INT(cd_config_load(&c, long_line_file("l1022.ini", 1022), err, sizeof err), CD_OK);
	CHECK_STR(c.title, "ok");
	const char *p = long_line_file("l1023.ini", 1023);
	snprintf(want, sizeof want, "%s:2: ", p);
	expect_error(p, CD_EINVAL, want, "line is 1023 bytes long; iniparser reads at most 1022");
	/* a 1,022-byte value on a key line reaches the field cut-off instead */
	char line[1100];
	int n = snprintf(line, sizeof line, "[report]\ntitle = ");
	memset(line + n, 'a', 1022 - 8);
	n += 1022 - 8;
	line[n++] = '\n';
	p = write_tmp("longtitle.ini", line, (size_t)n);
	snprintf(want, sizeof want, "%s:2: key 'report:title': ", p);
	expect_error(p, CD_EINVAL, want, "longer than 255 bytes");
}

static void test_bad_bytes(void)
{
	char want[600];
	const char nul[] = "[report]\ntitle = a\0b\n";
	const char *p = write_tmp("nul.ini", nul, sizeof nul - 1);
	snprintf(want, sizeof want, "%s:2: ", p);
	expect_error(p, CD_EINVAL, want, "NUL byte");

	const char utf[] = "[report]\n# fine: caf\xC3\xA9\ntitle = caf\xE9\n";
	p = write_tmp("latin1.ini", utf, sizeof utf - 1);
	snprintf(want, sizeof want, "%s:3: ", p);
	expect_error(p, CD_EINVAL, want, "invalid UTF-8 (byte 0xE9, column 12)");

	const char esc[] = "[report]\ntitle = \x1b[31mred\n";
	p = write_tmp("esc.ini", esc, sizeof esc - 1);
	snprintf(want, sizeof want, "%s:2: ", p);
	expect_error(p, CD_EINVAL, want, "control character 0x1B");
}

static void test_quotes_and_comments(void)
{
	cd_config c;
	char err[512];
	const char t[] = "[report]\ntitle = 'single; quoted' ; comment\nfont_bold = \"\"\n"
	                 "[input]\ninclude = *.txt # the rest is a comment\n";
	CHECK_EQ_INT(cd_config_load(&c, write_tmp("q.ini", t, sizeof t - 1), err, sizeof err), CD_OK);
	CHECK_STR(err, "");
	CHECK_STR(c.title, "single; quoted");
	CHECK_STR(c.font_bold, "");
	CHECK_STR(c.include, "*.txt");
}

/* ---- extra phrase files ------------------------------------------------------ */

/* The phrase book lands from another branch; until then the placeholder
 * cannot build one and these tests are skipped (said on stderr). */
static int phrasebooks_work(void)
{
	cd_phrasebook *b = NULL;
	int ok = cd_phrasebook_new(&b) == CD_OK && b != NULL;
	cd_phrasebook_free(b);
	if (!ok)
		fprintf(stderr, "  %s: skipped: cd_phrasebook_new is still a placeholder\n", cdt_current);
	return ok;
}

static void test_extra_phrase_files(void)
{
	cd_config c;
	char err[512];
	/* A missing phrase file is an error on the INI line, whatever the book. */
	expect_error(DATA "missing_phrases.ini", CD_EIO,
	             DATA "missing_phrases.ini:3: key 'phrases:extra_files': ",
	             "'" DATA "no_such_phrases.txt': cannot open: No such file or directory");
	if (!phrasebooks_work())
		return;

	cd_phrasebook *builtin = NULL;
	cd_phrasebook_new(&builtin);
	size_t base = cd_phrasebook_count(builtin);
	cd_phrasebook_free(builtin);

	CHECK_EQ_INT(cd_config_load(&c, DATA "extra_phrases.ini", err, sizeof err), CD_OK);
	CHECK_STR(err, "");
	CHECK_STR(c.extra_files, DATA "extra_phrases.txt");
	CHECK(c.phrasebook != NULL);
	CHECK(c.analysis.phrasebook == c.phrasebook);
	CHECK_EQ_INT(cd_phrasebook_count(c.phrasebook), base + 2);
	if (c.phrasebook && cd_phrasebook_count(c.phrasebook) == base + 2) {
		const cd_phrase_entry *e = cd_phrasebook_entry(c.phrasebook, base);
		CHECK_STR(e->phrase, "it could perhaps be said");
		CHECK_EQ_INT(e->category, CD_CAT_HEDGE);
		e = cd_phrasebook_entry(c.phrasebook, base + 1);
		CHECK_STR(e->phrase, "at this moment in time");
		CHECK_EQ_INT(e->category, CD_CAT_WORDY);
		CHECK_NEAR(e->weight, 1.5, 0);
		CHECK_STR(e->alternative, "now");
	}
	cd_config_free(&c);
	CHECK(c.phrasebook == NULL && c.analysis.phrasebook == NULL);

	/* a malformed entry names the phrase file and its line, and the INI line */
	expect_error(DATA "bad_phrases.ini", CD_EINVAL, DATA "bad_phrases.txt:4: ",
	             "(listed in " DATA "bad_phrases.ini:4, key 'phrases:extra_files')");
}

/* ---- cleanup --------------------------------------------------------------- */

static void test_remove_tmp(void)
{
	/* Every file written here, and nothing left by the loader (the BOM
	 * copies live in TMPDIR, not here, and are unlinked). */
	static const char *const names[] = {
		"g.ini", "b.ini", "zero.ini", "bom.ini", "bom_bad.ini", "bom_mid.ini", "crlf.ini",
		"cr.ini", "l1022.ini", "l1023.ini", "longtitle.ini", "nul.ini", "latin1.ini",
		"esc.ini", "q.ini", "round.ini"
	};
	char path[512];
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", tmpdir, names[i]);
		CHECK_EQ_INT(unlink(path), 0);
	}
	CHECK_EQ_INT(rmdir(tmpdir), 0);
}

CD_TEST_MAIN(
	TEST(test_defaults),
	TEST(test_defaults_match_options_init),
	TEST(test_category_keys),
	TEST(test_foreach),
	TEST(test_sample_matches_table),
	TEST(test_valid_file),
	TEST(test_values_written_back),
	TEST(test_write_round_trip),
	TEST(test_relative_paths),
	TEST(test_empty_file),
	TEST(test_structure_errors),
	TEST(test_value_errors),
	TEST(test_file_errors),
	TEST(test_bom),
	TEST(test_crlf),
	TEST(test_long_lines),
	TEST(test_bad_bytes),
	TEST(test_quotes_and_comments),
	TEST(test_extra_phrase_files),
	TEST(test_remove_tmp)
)
