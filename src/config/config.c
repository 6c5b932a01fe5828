/*
 * config.c - copydesk.ini: one table of every key, a line scanner that
 * checks what iniparser cannot report, and the loader.
 *
 * The table (keys[] below) is the only place a key is defined: its section,
 * name, type, default, bounds, target field and description. Defaults are
 * written as text and go through the same parser as the file, so the
 * defaults, the loader, cd_config_foreach and copydesk.ini.sample cannot
 * disagree (tests/test_config.c checks the sample against this table and
 * the [analysis]..[score] defaults against cd_options_init).
 *
 * Loading a file, in order:
 *  1. read it (a regular file of at most CFG_MAX_FILE bytes) and scan it
 *     line by line: skip a UTF-8 BOM; refuse NUL bytes, control characters,
 *     invalid UTF-8, lines over CD_CONFIG_MAX_LINE bytes, lines ending in
 *     '\', lines that are neither comment, section nor key = value, unknown
 *     sections and keys, keys set twice. iniparser 4.1 either gives no line
 *     number for these or accepts them silently (a duplicate keeps the last
 *     value), so the scan records the line of every key for later messages.
 *  2. iniparser_load the file (a BOM-less temporary copy when it starts with
 *     a BOM: iniparser 4.1 reads only from a path and calls a BOM a syntax
 *     error). Check that it holds exactly the sections and keys the scan saw
 *     (else the file changed between the two reads).
 *  3. read each key through ini_value (iniparser_getstring, never
 *     getint/getdouble/getboolean: CVE-2023-33461, and they parse loosely)
 *     and parse it by the table's type; then the checks across keys, then
 *     the extra phrase files.
 */
#include "config/config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <iniparser.h>

/* A config file is a few kilobytes; anything over 1 MiB is not one. */
#define CFG_MAX_FILE ((size_t)1 << 20)
/* Extra phrase files: the built-in books are ~40 KB; 16 MiB leaves room. */
#define CFG_MAX_PHRASE_FILE ((size_t)16 << 20)
/* Section and key names are short; longer names are reported cut. */
#define CFG_NAME_MAX 64
/* "allowed" texts ("1k to 1G", "A4 or Letter") fit in this. */
#define CFG_ALLOWED_MAX 80

typedef enum {
	CFG_UINT,        /* unsigned: decimal digits */
	CFG_BYTES,       /* size_t: decimal digits, optional k/M/G (binary) */
	CFG_DOUBLE,      /* double: decimal, optional fraction and exponent */
	CFG_BOOL,        /* unsigned char or int: yes/no true/false on/off 1/0 */
	CFG_CHOICE,      /* char[]: one of choices, stored in the table's spelling */
	CFG_STRING,      /* char[]: any text */
	CFG_PATH,        /* char[]: a path, joined to the INI file's folder */
	CFG_PATHS,       /* char[]: space-separated paths, each joined */
	CFG_EXTENSIONS,  /* char[]: space-separated ".ext" endings */
	CFG_GLOBS        /* char[]: space-separated glob patterns */
} cfg_type;

typedef struct cfg_key {
	const char *section, *key;
	cfg_type type;
	const char *def;            /* the default, written as in the sample */
	double min, max;            /* numbers: inclusive bounds */
	size_t offset, size;        /* the target field in cd_config */
	const char *choices;        /* CFG_CHOICE: "A4|Letter" */
	const char *doc;            /* one line for the sample and listings */
} cfg_key;

#define FIELD(f) offsetof(cd_config, f), sizeof(((cd_config *)0)->f)
#define CAT(name, c, doc) \
	{ "phrases", name, CFG_BOOL, "yes", 0, 1, FIELD(analysis.category_enabled[c]), NULL, doc }

/* Bounds: the analysis bounds keep the stages meaningful and linear (an
 * n-gram length beyond 16 is a copied sentence, which near-duplicate
 * detection reports; max_bytes stops at 1 GiB because word offsets are 32
 * bits and repairing invalid UTF-8 can triple the text); shares are 0..1;
 * grades 0..30 cover every formula's useful range; points are 0..100. */
static const cfg_key keys[] = {
	{ "analysis", "ngram_min", CFG_UINT, "2", 2, 16, FIELD(analysis.ngram_min), NULL,
	  "shortest repeated phrase reported, in words" },
	{ "analysis", "ngram_max", CFG_UINT, "8", 2, 16, FIELD(analysis.ngram_max), NULL,
	  "longest repeated phrase reported, in words (at least ngram_min)" },
	{ "analysis", "long_sentence", CFG_UINT, "20", 1, 1000, FIELD(analysis.long_sentence), NULL,
	  "a sentence with more words than this is long" },
	{ "analysis", "very_long_sentence", CFG_UINT, "30", 1, 1000, FIELD(analysis.very_long_sentence), NULL,
	  "a sentence with more words than this is very long (at least long_sentence)" },
	{ "analysis", "long_paragraph", CFG_UINT, "150", 1, 100000, FIELD(analysis.long_paragraph), NULL,
	  "a paragraph with more words than this is long" },
	{ "analysis", "same_root_window", CFG_UINT, "4", 1, 50, FIELD(analysis.same_root_window), NULL,
	  "words sharing a root this many words apart or closer are reported (mediating mediation)" },
	{ "analysis", "mattr_window", CFG_UINT, "50", 10, 10000, FIELD(analysis.mattr_window), NULL,
	  "window of the moving-average type-token ratio (MATTR), in words" },
	{ "analysis", "near_duplicate", CFG_DOUBLE, "0.6", 0.3, 1, FIELD(analysis.near_duplicate), NULL,
	  "similarity at which a sentence is a near-duplicate of an earlier one" },
	{ "analysis", "max_bytes", CFG_BYTES, "64M", 1024, 1073741824.0, FIELD(analysis.max_bytes), NULL,
	  "larger input files are refused (suffix k, M or G: binary multiples)" },

	CAT("transition", CD_CAT_TRANSITION, "count transitions and connectives (moreover, furthermore)"),
	CAT("hedge", CD_CAT_HEDGE, "count hedges and weasel words (arguably, some say)"),
	CAT("intensifier", CD_CAT_INTENSIFIER, "count intensifiers (very, truly, indeed)"),
	CAT("cliche", CD_CAT_CLICHE, "count cliches and puffery (a beacon of hope)"),
	CAT("ai", CD_CAT_AI, "count AI-typical vocabulary (delve, tapestry, pivotal role)"),
	CAT("wordy", CD_CAT_WORDY, "count wordy phrases that have plainer alternatives (in order to)"),
	CAT("closing", CD_CAT_CLOSING, "count closing formulas (in conclusion, only time will tell)"),
	CAT("boilerplate", CD_CAT_BOILERPLATE, "count web-page residue (subscribe to our newsletter)"),
	{ "phrases", "in_quotes", CFG_BOOL, "yes", 0, 1, FIELD(analysis.fillers_in_quotes), NULL,
	  "count filler phrases inside direct quotes too (no: leave quoted speech alone)" },
	{ "phrases", "extra_files", CFG_PATHS, "", 0, 0, FIELD(extra_files), NULL,
	  "more phrase files in the data/phrases format, space-separated, relative to this file's folder" },

	{ "thresholds", "min_quality", CFG_DOUBLE, "60", 0, 100, FIELD(min_quality), NULL,
	  "review gate: an article whose quality score is below this fails" },
	{ "thresholds", "max_grade", CFG_DOUBLE, "14", 0, 30, FIELD(max_grade), NULL,
	  "review gate: an article whose consensus grade is above this fails" },
	{ "thresholds", "max_filler_per_1000", CFG_DOUBLE, "8", 0, 1000, FIELD(max_filler_per_1000), NULL,
	  "review gate: an article with more filler phrases per 1,000 words fails" },
	{ "thresholds", "target_filler_per_1000", CFG_DOUBLE, "4", 0, 1000, FIELD(analysis.target_filler_per_1000), NULL,
	  "score target: filler phrases per 1,000 words" },
	{ "thresholds", "target_grade", CFG_DOUBLE, "12", 0, 30, FIELD(analysis.target_grade), NULL,
	  "score target: consensus grade level" },
	{ "thresholds", "target_transition_share", CFG_DOUBLE, "0.15", 0, 1, FIELD(analysis.target_transition_share), NULL,
	  "score target: share of sentences opening with a transition" },
	{ "thresholds", "target_long_share", CFG_DOUBLE, "0.25", 0, 1, FIELD(analysis.target_long_share), NULL,
	  "score target: share of sentences longer than long_sentence" },
	{ "thresholds", "target_repeated_share", CFG_DOUBLE, "0.05", 0, 1, FIELD(analysis.target_repeated_share), NULL,
	  "score target: share of words inside repeated phrases of 3+ words" },
	{ "thresholds", "target_passive_share", CFG_DOUBLE, "0.15", 0, 1, FIELD(analysis.target_passive_share), NULL,
	  "score target: share of sentences in the passive voice" },

	{ "score", "weight_filler", CFG_DOUBLE, "25", 0, 100, FIELD(analysis.weight_filler), NULL,
	  "most points taken for filler phrases" },
	{ "score", "weight_grade", CFG_DOUBLE, "15", 0, 100, FIELD(analysis.weight_grade), NULL,
	  "most points taken for a grade level above target" },
	{ "score", "weight_transitions", CFG_DOUBLE, "15", 0, 100, FIELD(analysis.weight_transitions), NULL,
	  "most points taken for sentences opening with transitions" },
	{ "score", "weight_long_sentences", CFG_DOUBLE, "10", 0, 100, FIELD(analysis.weight_long_sentences), NULL,
	  "most points taken for long sentences" },
	{ "score", "weight_repetition", CFG_DOUBLE, "15", 0, 100, FIELD(analysis.weight_repetition), NULL,
	  "most points taken for repeated phrases" },
	{ "score", "weight_mechanics", CFG_DOUBLE, "15", 0, 100, FIELD(analysis.weight_mechanics), NULL,
	  "most points taken for mechanics (spacing, a/an, lowercase starts, doubled words)" },
	{ "score", "weight_passive", CFG_DOUBLE, "5", 0, 100, FIELD(analysis.weight_passive), NULL,
	  "most points taken for passive sentences" },
	{ "score", "weight_openers", CFG_DOUBLE, "10", 0, 100, FIELD(analysis.weight_openers), NULL,
	  "most points taken for runs of sentences opening with the same word" },

	{ "report", "page_size", CFG_CHOICE, "A4", 0, 0, FIELD(page_size), "A4|Letter",
	  "paper size of the PDF reports" },
	{ "report", "font_regular", CFG_PATH, "", 0, 0, FIELD(font_regular), NULL,
	  "TrueType font for text, relative to this file's folder; empty: the DejaVu Sans copydesk ships" },
	{ "report", "font_bold", CFG_PATH, "", 0, 0, FIELD(font_bold), NULL,
	  "TrueType font for headings, relative to this file's folder; empty: DejaVu Sans Bold; none: bold drawn from the text font (smaller, faster reports)" },
	{ "report", "title", CFG_STRING, "", 0, 0, FIELD(title), NULL,
	  "text put before every report title; empty: none" },
	{ "report", "compress_fonts", CFG_BOOL, "yes", 0, 1, FIELD(compress_fonts), NULL,
	  "compress the embedded fonts; no: reports about twice the size, written about 15% faster" },

	{ "input", "extensions", CFG_EXTENSIONS, ".txt .md .markdown .text", 0, 0, FIELD(extensions), NULL,
	  "file endings read when a folder is given, space-separated" },
	{ "input", "include", CFG_GLOBS, "", 0, 0, FIELD(include), NULL,
	  "read only files whose name matches one of these globs, space-separated; empty: all" },
	{ "input", "exclude", CFG_GLOBS, "", 0, 0, FIELD(exclude), NULL,
	  "skip files whose name matches one of these globs, space-separated" },

	{ "review", "history", CFG_PATH, "copydesk-history.db", 0, 0, FIELD(history), NULL,
	  "SQLite database of past reviews, relative to this file's folder" },
	{ "review", "regression_points", CFG_DOUBLE, "5", 0, 100, FIELD(regression_points), NULL,
	  "a quality drop of this many points since the last review is a regression" },
	{ "review", "baseline", CFG_BOOL, "no", 0, 1, FIELD(baseline), NULL,
	  "gate only on articles that are new or worse than in the history" },
};
#define N_KEYS (sizeof keys / sizeof keys[0])

static const char *const sections[] = {
	"analysis", "phrases", "thresholds", "score", "report", "input", "review"
};
/* What each section holds, for cd_config_write (same order). */
static const char *const section_docs[] = {
	"How the text is measured.",
	"Filler-phrase categories counted (yes or no) and extra phrase files.",
	("Review gates (a scheduled review exits 1 when one is crossed) and the targets\n"
	 "# the quality score measures against."),
	"The most points each deduction may take from the quality score of 100.",
	"PDF reports.",
	"Which files are read when a folder is given.",
	"Reviews (copydesk review): the history and what counts as a regression."
};
#define N_SECTIONS (sizeof sections / sizeof sections[0])

/* ---- messages ------------------------------------------------------------ */

/* "file:line: key 'qual': message" (line 0 and qual NULL are left out).
 * The problem is never cut off: when the whole does not fit in errlen, the
 * file name is shortened in its middle ("/very/lo...[5045 bytes]...x.ini"). */
static void say(char *err, size_t errlen, const char *file, size_t line,
                const char *qual, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
static void say(char *err, size_t errlen, const char *file, size_t line,
                const char *qual, const char *fmt, ...)
{
	if (!err || errlen == 0)
		return;
	char tail[8192];   /* a message may quote a path of up to PATH_MAX bytes */
	size_t n = 0;
	int k;
	if (line)
		k = snprintf(tail, sizeof tail, ":%zu: ", line);
	else
		k = snprintf(tail, sizeof tail, ": ");
	n = k < 0 ? 0 : (size_t)k;
	if (qual && n < sizeof tail) {
		k = snprintf(tail + n, sizeof tail - n, "key '%s': ", qual);
		n += k < 0 ? 0 : (size_t)k;
	}
	if (n < sizeof tail) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(tail + n, sizeof tail - n, fmt, ap);
		va_end(ap);
	}
	size_t fl = strlen(file), tl = strlen(tail);
	if ((fl + tl < errlen && fl < PATH_MAX) || errlen < 64) {
		snprintf(err, errlen, "%s%s", file, tail);
		return;
	}
	/* Keep the file's start and end: 64 bytes each for a name of PATH_MAX
	 * bytes or more (no such file can be opened), else what fits. */
	char mid[48];
	snprintf(mid, sizeof mid, "...[%zu bytes]...", fl);
	size_t room = errlen > tl + strlen(mid) + 57 ? errlen - tl - strlen(mid) - 1 : 56;
	if (fl >= PATH_MAX && room > 128)
		room = 128;
	if (room >= fl) {
		snprintf(err, errlen, "%s%s", file, tail);
		return;
	}
	size_t head = room / 2, end = fl - (room - head);
	while (head > 0 && ((unsigned char)file[head] & 0xC0) == 0x80)
		head--;
	while (end < fl && ((unsigned char)file[end] & 0xC0) == 0x80)
		end++;
	snprintf(err, errlen, "%.*s%s%s%s", (int)head, file, mid, file + end, tail);
}

static int swallow(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

static pthread_once_t callback_once = PTHREAD_ONCE_INIT;

static void set_callback(void)
{
	iniparser_set_error_callback(swallow);
}

/* ---- the table ----------------------------------------------------------- */

static const cfg_key *find_key(const char *section, const char *key)
{
	for (size_t i = 0; i < N_KEYS; i++)
		if (strcmp(keys[i].section, section) == 0 && strcmp(keys[i].key, key) == 0)
			return &keys[i];
	return NULL;
}

static int find_section(const char *name)
{
	for (size_t i = 0; i < N_SECTIONS; i++)
		if (strcmp(sections[i], name) == 0)
			return (int)i;
	return -1;
}

/* Levenshtein distance of two short names (for "did you mean"), capped. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la >= CFG_NAME_MAX || lb >= CFG_NAME_MAX)
		return SIZE_MAX;
	size_t row[CFG_NAME_MAX + 1];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* ---- values -------------------------------------------------------------- */

static int is_space(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v' || ch == '\f';
}

/* Decimal digits only, no sign: "010" is 10; "", "-1", "1.5", "12abc" fail. */
static int parse_ull(const char *s, size_t n, unsigned long long *out)
{
	if (n == 0)
		return -1;
	unsigned long long v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		unsigned d = (unsigned)(s[i] - '0');
		if (v > (ULLONG_MAX - d) / 10)
			return -2;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

/* [+-] digits [. digits] [e [+-] digits], at least one mantissa digit.
 * No hex, inf or nan (strtod would take them). -1 syntax, -2 range. */
static int parse_double(const char *s, double *out)
{
	const char *p = s;
	size_t digits = 0;
	if (*p == '+' || *p == '-')
		p++;
	while (*p >= '0' && *p <= '9')
		p++, digits++;
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9')
			p++, digits++;
	}
	if (digits == 0)
		return -1;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return -1;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p)
		return -1;
	errno = 0;
	char *end;
	double v = strtod(s, &end);
	if (end != p)
		return -1;   /* a locale with another decimal point */
	if (errno == ERANGE || !isfinite(v))
		return -2;
	*out = v;
	return 0;
}

static int parse_bool(const char *s, int *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

/* Number bounds for messages: "2 to 16", "0.3 to 1", "1k to 1G". */
static void format_bytes(char *buf, size_t n, size_t v)
{
	if (v && v % ((size_t)1 << 30) == 0)
		snprintf(buf, n, "%zuG", v >> 30);
	else if (v && v % ((size_t)1 << 20) == 0)
		snprintf(buf, n, "%zuM", v >> 20);
	else if (v && v % ((size_t)1 << 10) == 0)
		snprintf(buf, n, "%zuk", v >> 10);
	else
		snprintf(buf, n, "%zu", v);
}

/* The shortest "%.Ng" that reads back as v. */
static void format_double(char *buf, size_t n, double v)
{
	for (int prec = 6; prec <= 17; prec++) {
		snprintf(buf, n, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			return;
	}
}

static void allowed_text(const cfg_key *k, char *buf, size_t n)
{
	char lo[32], hi[32];
	switch (k->type) {
	case CFG_UINT:
	case CFG_DOUBLE:
		format_double(lo, sizeof lo, k->min);
		format_double(hi, sizeof hi, k->max);
		snprintf(buf, n, "%s to %s", lo, hi);
		break;
	case CFG_BYTES:
		format_bytes(lo, sizeof lo, (size_t)k->min);
		format_bytes(hi, sizeof hi, (size_t)k->max);
		snprintf(buf, n, "%s to %s", lo, hi);
		break;
	case CFG_BOOL:
		snprintf(buf, n, "yes or no");
		break;
	case CFG_CHOICE: {
		size_t j = 0;
		for (const char *p = k->choices; *p && j + 4 < n; p++) {
			if (*p == '|') {
				memcpy(buf + j, " or ", 4);
				j += 4;
			} else {
				buf[j++] = *p;
			}
		}
		buf[j < n ? j : n - 1] = '\0';
		break;
	}
	case CFG_STRING: snprintf(buf, n, "text"); break;
	case CFG_PATH: snprintf(buf, n, "a path"); break;
	case CFG_PATHS: snprintf(buf, n, "paths"); break;
	case CFG_EXTENSIONS: snprintf(buf, n, "endings such as .txt"); break;
	case CFG_GLOBS: snprintf(buf, n, "globs such as *.txt"); break;
	}
}

/* Copies [s, s+len) into the field, or fails when it does not fit. */
static int put_text(char *field, size_t size, const char *s, size_t len, char *why, size_t wl)
{
	if (len >= size) {
		snprintf(why, wl, "longer than %zu bytes", size - 1);
		return -1;
	}
	memcpy(field, s, len);
	field[len] = '\0';
	return 0;
}

/* Joins a relative path to dir ("" or NULL: no folder). */
static int join_path(char *out, size_t size, const char *dir, const char *p, size_t len,
                     char *why, size_t wl)
{
	if (len == 0 || p[0] == '/' || !dir || !*dir)
		return put_text(out, size, p, len, why, wl);
	size_t dl = strlen(dir);
	int slash = dir[dl - 1] != '/';
	if (dl + (size_t)slash + len >= size) {
		snprintf(why, wl, "the path is longer than %zu bytes", size - 1);
		return -1;
	}
	memcpy(out, dir, dl);
	if (slash)
		out[dl] = '/';
	memcpy(out + dl + (size_t)slash, p, len);
	out[dl + (size_t)slash + len] = '\0';
	return 0;
}

/* Space-separated list: each item checked (extensions) or joined (paths),
 * written back one space apart. */
static int put_list(const cfg_key *k, char *field, const char *s, const char *dir,
                    char *why, size_t wl)
{
	char item[1024];
	size_t used = 0;
	field[0] = '\0';
	for (const char *p = s; *p;) {
		while (*p && is_space((unsigned char)*p))
			p++;
		if (!*p)
			break;
		const char *q = p;
		while (*q && !is_space((unsigned char)*q))
			q++;
		size_t len = (size_t)(q - p);
		if (k->type == CFG_EXTENSIONS &&
		    (len < 2 || p[0] != '.' || memchr(p, '/', len))) {
			snprintf(why, wl, "'%.*s' is not a file ending such as .txt", (int)len, p);
			return -1;
		}
		if (k->type == CFG_PATHS) {
			if (join_path(item, sizeof item, dir, p, len, why, wl) != 0)
				return -1;
		} else if (put_text(item, sizeof item, p, len, why, wl) != 0) {
			return -1;
		}
		size_t il = strlen(item);
		if (used + (used > 0) + il >= k->size) {
			snprintf(why, wl, "the list is longer than %zu bytes", k->size - 1);
			return -1;
		}
		if (used)
			field[used++] = ' ';
		memcpy(field + used, item, il + 1);
		used += il;
		p = q;
	}
	return 0;
}

/* Parses text as key k into c. dir: the INI file's folder for relative
 * paths (NULL for the defaults). On failure writes the problem into why. */
static int set_value(const cfg_key *k, const char *text, cd_config *c, const char *dir,
                     char *why, size_t wl)
{
	char *field = (char *)c + k->offset;
	char lo[CFG_ALLOWED_MAX], hi[CFG_ALLOWED_MAX];
	switch (k->type) {
	case CFG_UINT: {
		unsigned long long v = 0;
		int r = parse_ull(text, strlen(text), &v);
		allowed_text(k, lo, sizeof lo);
		if (r == -1) {
			snprintf(why, wl, "'%s' is not a whole number (expected %s)", text, lo);
			return -1;
		}
		if (r == -2 || (double)v < k->min || (double)v > k->max) {
			snprintf(why, wl, "%s is out of range (expected %s)", text, lo);
			return -1;
		}
		unsigned u = (unsigned)v;
		memcpy(field, &u, sizeof u);
		return 0;
	}
	case CFG_BYTES: {
		size_t n = strlen(text), mult = 1;
		if (n > 0) {
			switch (text[n - 1]) {
			case 'k': case 'K': mult = (size_t)1 << 10; n--; break;
			case 'm': case 'M': mult = (size_t)1 << 20; n--; break;
			case 'g': case 'G': mult = (size_t)1 << 30; n--; break;
			default: break;
			}
		}
		unsigned long long v = 0;
		int r = parse_ull(text, n, &v);
		allowed_text(k, lo, sizeof lo);
		if (r == -1) {
			snprintf(why, wl, "'%s' is not a byte count such as 65536, 512k or 64M (expected %s)",
			         text, lo);
			return -1;
		}
		if (r == -2 || v > SIZE_MAX / mult || (double)(v * mult) < k->min ||
		    (double)(v * mult) > k->max) {
			snprintf(why, wl, "%s is out of range (expected %s)", text, lo);
			return -1;
		}
		size_t s = (size_t)v * mult;
		memcpy(field, &s, sizeof s);
		return 0;
	}
	case CFG_DOUBLE: {
		double v = 0;
		int r = parse_double(text, &v);
		allowed_text(k, lo, sizeof lo);
		if (r == -1) {
			snprintf(why, wl, "'%s' is not a number (expected %s)", text, lo);
			return -1;
		}
		if (r == -2 || v < k->min || v > k->max) {
			snprintf(why, wl, "%s is out of range (expected %s)", text, lo);
			return -1;
		}
		memcpy(field, &v, sizeof v);
		return 0;
	}
	case CFG_BOOL: {
		int v = 0;
		if (parse_bool(text, &v) != 0) {
			snprintf(why, wl, "'%s' is not yes/no, true/false, on/off or 1/0", text);
			return -1;
		}
		if (k->size == 1) {
			unsigned char b = (unsigned char)v;
			memcpy(field, &b, 1);
		} else {
			memcpy(field, &v, sizeof v);
		}
		return 0;
	}
	case CFG_CHOICE: {
		for (const char *p = k->choices; *p;) {
			const char *q = strchr(p, '|');
			size_t len = q ? (size_t)(q - p) : strlen(p);
			if (strlen(text) == len && strncasecmp(text, p, len) == 0)
				return put_text(field, k->size, p, len, why, wl);
			p += len + (q != NULL);
		}
		allowed_text(k, hi, sizeof hi);
		snprintf(why, wl, "'%s' is not %s", text, hi);
		return -1;
	}
	case CFG_STRING:
		return put_text(field, k->size, text, strlen(text), why, wl);
	case CFG_PATH:
		if (strcmp(text, "none") == 0)   /* a word, not a path: [report] font_bold = none */
			return put_text(field, k->size, text, 4, why, wl);
		return join_path(field, k->size, dir, text, strlen(text), why, wl);
	case CFG_PATHS:
	case CFG_EXTENSIONS:
	case CFG_GLOBS:
		return put_list(k, field, text, dir, why, wl);
	}
	snprintf(why, wl, "unknown type");
	return -1;
}

/* The value in force, written as the INI takes it. */
static void get_value(const cfg_key *k, const cd_config *c, char *buf, size_t n)
{
	const char *field = (const char *)c + k->offset;
	switch (k->type) {
	case CFG_UINT: {
		unsigned u;
		memcpy(&u, field, sizeof u);
		snprintf(buf, n, "%u", u);
		break;
	}
	case CFG_BYTES: {
		size_t s;
		memcpy(&s, field, sizeof s);
		format_bytes(buf, n, s);
		break;
	}
	case CFG_DOUBLE: {
		double v;
		memcpy(&v, field, sizeof v);
		format_double(buf, n, v);
		break;
	}
	case CFG_BOOL: {
		int v;
		if (k->size == 1) {
			unsigned char b;
			memcpy(&b, field, 1);
			v = b;
		} else {
			memcpy(&v, field, sizeof v);
		}
		snprintf(buf, n, "%s", v ? "yes" : "no");
		break;
	}
	default:
		snprintf(buf, n, "%s", field);
		break;
	}
}

/* ---- reading files ------------------------------------------------------- */

/* Reads the whole file at path (at most max bytes) into a malloc'd buffer
 * with a NUL after it. regular: refuse anything but a regular file. */
static int read_file(const char *path, size_t max, int regular, char **out, size_t *out_len,
                     char *why, size_t wl)
{
	int err = CD_OK;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		snprintf(why, wl, "cannot open: %s", strerror(errno));
		return CD_EIO;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		snprintf(why, wl, "cannot read: %s", strerror(errno));
		err = CD_EIO;
		goto cleanup;
	}
	if (S_ISDIR(st.st_mode)) {
		snprintf(why, wl, "is a directory, not a file");
		err = CD_EIO;
		goto cleanup;
	}
	if (regular && !S_ISREG(st.st_mode)) {
		snprintf(why, wl, "not a regular file");
		err = CD_EIO;
		goto cleanup;
	}
	for (;;) {
		if (len == cap) {
			if (cap > max) {
				snprintf(why, wl, "over %zu bytes: too big", max);
				err = CD_EINVAL;
				goto cleanup;
			}
			size_t ncap = cap ? cap * 2 : 4096;
			char *nb = realloc(buf, ncap + 1);
			if (!nb) {
				snprintf(why, wl, "out of memory");
				err = CD_ENOMEM;
				goto cleanup;
			}
			buf = nb;
			cap = ncap;
		}
		ssize_t r = read(fd, buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(why, wl, "cannot read: %s", strerror(errno));
			err = CD_EIO;
			goto cleanup;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	if (len > max) {
		snprintf(why, wl, "over %zu bytes: too big", max);
		err = CD_EINVAL;
		goto cleanup;
	}
	if (!buf && !(buf = malloc(1))) {
		snprintf(why, wl, "out of memory");
		err = CD_ENOMEM;
		goto cleanup;
	}
	buf[len] = '\0';
	*out = buf;
	*out_len = len;
	buf = NULL;
cleanup:
	free(buf);
	close(fd);
	return err;
}

/* Length of the valid UTF-8 sequence at p (n bytes left), 0 if invalid
 * (overlong forms, surrogates and code points over U+10FFFF included). */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	if (p[0] < 0x80)
		return 1;
	size_t len;
	unsigned cp;
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		len = 2;
		cp = p[0] & 0x1Fu;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		len = 3;
		cp = p[0] & 0x0Fu;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		len = 4;
		cp = p[0] & 0x07u;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3Fu);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return len;
}

/* ---- the scan ------------------------------------------------------------ */

typedef struct scan {
	const char *file;
	char *err;
	size_t errlen;
	size_t line_of[N_KEYS];         /* line each key is set on, 0 = not set */
	unsigned char seen[N_SECTIONS]; /* sections present */
	size_t n_keys;                  /* keys set */
} scan;

/* Copies [p, p+n) lowercased into a name buffer (cut at CFG_NAME_MAX-1). */
static void lower_name(char *out, const char *p, size_t n)
{
	if (n >= CFG_NAME_MAX)
		n = CFG_NAME_MAX - 1;
	for (size_t i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)p[i]);
	out[n] = '\0';
}

/* Checks the bytes of one line (without its '\n'): length, NUL, control
 * characters, UTF-8. */
static int check_bytes(scan *s, size_t lineno, int section, const char *p, size_t n)
{
	if (n > CD_CONFIG_MAX_LINE) {
		/* Name the key when the line is "key = value" (what is usually too
		 * long: a title, a list of globs or of phrase files). */
		const char *b = p, *e = p + n;
		while (b < e && is_space((unsigned char)*b))
			b++;
		const char *eq = b == e || *b == '#' || *b == ';' || *b == '[' ? NULL
		                 : memchr(b, '=', (size_t)(e - b));
		const char *ke = eq;
		while (ke && ke > b && is_space((unsigned char)ke[-1]))
			ke--;
		char name[CFG_NAME_MAX], qual[2 * CFG_NAME_MAX];
		if (eq && ke > b) {
			lower_name(name, b, (size_t)(ke - b));
			if (section >= 0)
				snprintf(qual, sizeof qual, "%s:%s", sections[section], name);
			else
				snprintf(qual, sizeof qual, "%s", name);
		}
		say(s->err, s->errlen, s->file, lineno, eq && ke > b ? qual : NULL,
		    "line is %zu bytes long; iniparser reads at most %d", n, CD_CONFIG_MAX_LINE);
		return CD_EINVAL;
	}
	for (size_t i = 0; i < n;) {
		unsigned char ch = (unsigned char)p[i];
		if (ch == 0) {
			say(s->err, s->errlen, s->file, lineno, NULL, "NUL byte: not a text file");
			return CD_EINVAL;
		}
		if ((ch < 0x20 && ch != '\t' && !(ch == '\r' && i + 1 == n)) || ch == 0x7F) {
			say(s->err, s->errlen, s->file, lineno, NULL,
			    "control character 0x%02X (column %zu)", ch, i + 1);
			return CD_EINVAL;
		}
		size_t l = utf8_len((const unsigned char *)p + i, n - i);
		if (l == 0) {
			say(s->err, s->errlen, s->file, lineno, NULL,
			    "invalid UTF-8 (byte 0x%02X, column %zu)", ch, i + 1);
			return CD_EINVAL;
		}
		i += l;
	}
	return CD_OK;
}

/* The value part of a key line (after '='), as iniparser will read it:
 * quoted up to the closing quote, else up to ';' or '#'. Rejects what
 * iniparser would silently misread. */
static int check_value(scan *s, size_t lineno, const char *qual, const char *p, const char *e)
{
	while (p < e && is_space((unsigned char)*p))
		p++;
	if (p < e && (*p == '"' || *p == '\'')) {
		const char *q = memchr(p + 1, *p, (size_t)(e - p - 1));
		if (!q) {
			say(s->err, s->errlen, s->file, lineno, qual, "the quote %c is not closed", *p);
			return CD_EINVAL;
		}
		for (q++; q < e && is_space((unsigned char)*q); q++)
			;
		if (q < e && *q != ';' && *q != '#') {
			say(s->err, s->errlen, s->file, lineno, qual, "text after the closing quote");
			return CD_EINVAL;
		}
		return CD_OK;
	}
	/* An unquoted ';' or '#' starts a comment; right after other text it
	 * is more likely part of the value ("Desk#4", ".txt;.md"). */
	for (const char *q = p; q < e; q++) {
		if ((*q == ';' || *q == '#') && q > p && !is_space((unsigned char)q[-1])) {
			say(s->err, s->errlen, s->file, lineno, qual,
			    "'%c' starts a comment here; put the value in quotes if it belongs to it", *q);
			return CD_EINVAL;
		}
		if (*q == ';' || *q == '#')
			break;
	}
	return CD_OK;
}

static int scan_key_line(scan *s, size_t lineno, int section, const char *b, const char *e,
                         const char *eq)
{
	const char *kb = b, *ke = eq;
	while (ke > kb && is_space((unsigned char)ke[-1]))
		ke--;
	if (ke == kb) {
		say(s->err, s->errlen, s->file, lineno, NULL, "'=' without a key name before it");
		return CD_EINVAL;
	}
	char name[CFG_NAME_MAX], qual[2 * CFG_NAME_MAX];
	lower_name(name, kb, (size_t)(ke - kb));
	if (section < 0) {
		say(s->err, s->errlen, s->file, lineno, NULL,
		    "key '%s' comes before any [section]", name);
		return CD_EINVAL;
	}
	const char *sec = sections[section];
	snprintf(qual, sizeof qual, "%s:%s", sec, name);
	const cfg_key *k = find_key(sec, name);
	if (!k) {
		const cfg_key *elsewhere = NULL, *close = NULL;
		size_t best = 3;   /* suggest names at most two edits away */
		for (size_t i = 0; i < N_KEYS; i++) {
			if (strcmp(keys[i].key, name) == 0)
				elsewhere = &keys[i];
			size_t d = distance(keys[i].key, name);
			if (strcmp(keys[i].section, sec) == 0 && d < best) {
				best = d;
				close = &keys[i];
			}
		}
		if (elsewhere)
			say(s->err, s->errlen, s->file, lineno, qual,
			    "unknown key in [%s]; it belongs in [%s]", sec, elsewhere->section);
		else if (close)
			say(s->err, s->errlen, s->file, lineno, qual,
			    "unknown key (did you mean '%s'?)", close->key);
		else
			say(s->err, s->errlen, s->file, lineno, qual,
			    "unknown key (copydesk.ini.sample lists every key)");
		return CD_EINVAL;
	}
	size_t i = (size_t)(k - keys);
	if (s->line_of[i]) {
		say(s->err, s->errlen, s->file, lineno, qual,
		    "set twice (first on line %zu)", s->line_of[i]);
		return CD_EINVAL;
	}
	if (check_value(s, lineno, qual, eq + 1, e) != CD_OK)
		return CD_EINVAL;
	s->line_of[i] = lineno;
	s->n_keys++;
	return CD_OK;
}

static int scan_section_line(scan *s, size_t lineno, const char *b, const char *e, int *section)
{
	if (e[-1] != ']') {
		say(s->err, s->errlen, s->file, lineno, NULL,
		    "a section line must be [name] alone (no comment after it)");
		return CD_EINVAL;
	}
	const char *nb = b + 1, *ne = e - 1;
	while (nb < ne && is_space((unsigned char)*nb))
		nb++;
	while (ne > nb && is_space((unsigned char)ne[-1]))
		ne--;
	if (nb == ne || memchr(nb, ']', (size_t)(ne - nb)) || memchr(nb, '[', (size_t)(ne - nb))) {
		say(s->err, s->errlen, s->file, lineno, NULL, "a section line must be [name]");
		return CD_EINVAL;
	}
	char name[CFG_NAME_MAX];
	lower_name(name, nb, (size_t)(ne - nb));
	int i = find_section(name);
	if (i < 0) {
		const char *close = NULL;
		size_t best = 3;
		for (size_t j = 0; j < N_SECTIONS; j++) {
			size_t d = distance(sections[j], name);
			if (d < best) {
				best = d;
				close = sections[j];
			}
		}
		if (close)
			say(s->err, s->errlen, s->file, lineno, NULL,
			    "unknown section [%s] (did you mean [%s]?)", name, close);
		else
			say(s->err, s->errlen, s->file, lineno, NULL,
			    "unknown section [%s] (sections: analysis, phrases, thresholds, score, "
			    "report, input, review)", name);
		return CD_EINVAL;
	}
	s->seen[i] = 1;
	*section = i;
	return CD_OK;
}

/* Scans the file text (BOM already skipped). */
static int scan_text(scan *s, const char *text, size_t len)
{
	int section = -1;
	size_t lineno = 0;
	for (const char *p = text, *end = text + len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		lineno++;
		if (check_bytes(s, lineno, section, p, (size_t)(le - p)) != CD_OK)
			return CD_EINVAL;
		const char *b = p, *e = le;
		p = nl ? nl + 1 : end;
		while (b < e && is_space((unsigned char)*b))
			b++;
		while (e > b && is_space((unsigned char)e[-1]))
			e--;
		if (b == e)
			continue;
		if (e[-1] == '\\') {
			say(s->err, s->errlen, s->file, lineno, NULL,
			    "a line may not end with '\\' (iniparser would join the next line to it)");
			return CD_EINVAL;
		}
		if (*b == '#' || *b == ';')
			continue;
		if (*b == '[') {
			if (scan_section_line(s, lineno, b, e, &section) != CD_OK)
				return CD_EINVAL;
			continue;
		}
		const char *eq = memchr(b, '=', (size_t)(e - b));
		if (!eq) {
			say(s->err, s->errlen, s->file, lineno, NULL,
			    "not a comment, a [section] or a key = value line");
			return CD_EINVAL;
		}
		if (scan_key_line(s, lineno, section, b, e, eq) != CD_OK)
			return CD_EINVAL;
	}
	return CD_OK;
}

/* ---- iniparser ------------------------------------------------------------ */

/* The only way values are read from iniparser: "section:key" through
 * iniparser_getstring. NULL when absent (or a section, not a key). */
static const char *ini_value(const dictionary *d, const cfg_key *k)
{
	char name[2 * CFG_NAME_MAX];
	snprintf(name, sizeof name, "%s:%s", k->section, k->key);
	return iniparser_getstring(d, name, NULL);
}

/* Writes text to a new temporary file and returns its name in tmpl. */
static int write_temp(char *tmpl, size_t size, const char *text, size_t len, char *why, size_t wl)
{
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	if ((size_t)snprintf(tmpl, size, "%s/copydesk-ini-XXXXXX", dir) >= size) {
		snprintf(why, wl, "TMPDIR is too long");
		return CD_EIO;
	}
	int fd = mkstemp(tmpl);
	if (fd < 0) {
		snprintf(why, wl, "cannot create a temporary copy without the BOM: %s", strerror(errno));
		return CD_EIO;
	}
	while (len > 0) {
		ssize_t w = write(fd, text, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			snprintf(why, wl, "cannot write a temporary copy without the BOM: %s",
			         strerror(errno));
			close(fd);
			unlink(tmpl);
			return CD_EIO;
		}
		text += w;
		len -= (size_t)w;
	}
	if (close(fd) != 0) {
		snprintf(why, wl, "cannot write a temporary copy without the BOM: %s", strerror(errno));
		unlink(tmpl);
		return CD_EIO;
	}
	return CD_OK;
}

/* iniparser must hold exactly the sections and keys the scan saw. */
static int same_as_scan(const dictionary *d, const scan *s)
{
	size_t n_sections = 0, n_keys = 0;
	for (size_t i = 0; i < N_SECTIONS; i++)
		n_sections += s->seen[i];
	if (iniparser_getnsec(d) != (int)n_sections)
		return 0;
	for (size_t i = 0; i < N_SECTIONS; i++) {
		if (!s->seen[i])
			continue;
		int n = iniparser_getsecnkeys(d, sections[i]);
		if (n < 0)
			return 0;
		n_keys += (size_t)n;
	}
	if (n_keys != s->n_keys)
		return 0;
	for (size_t i = 0; i < N_KEYS; i++)
		if (s->line_of[i] && !ini_value(d, &keys[i]))
			return 0;
	return 1;
}

/* ---- phrase files --------------------------------------------------------- */

static int load_phrases(cd_config *c, const char *file, size_t line, char *err, size_t errlen)
{
	const char *qual = "phrases:extra_files";
	char why[256];
	char *text = NULL;
	size_t len = 0;
	int rc = CD_OK;
	for (const char *p = c->extra_files; *p;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		const char *q = strchr(p, ' ');
		size_t n = q ? (size_t)(q - p) : strlen(p);
		char path[sizeof c->extra_files];
		memcpy(path, p, n);
		path[n] = '\0';
		p += n;
		rc = read_file(path, CFG_MAX_PHRASE_FILE, 0, &text, &len, why, sizeof why);
		if (rc != CD_OK) {
			say(err, errlen, file, line, qual, "'%s': %s", path, why);
			goto cleanup;
		}
		/* The book is built after the first file is read, so an unreadable
		 * file is reported the same way whatever the book does. */
		if (!c->phrasebook && (rc = cd_phrasebook_new(&c->phrasebook)) != CD_OK) {
			c->phrasebook = NULL;
			say(err, errlen, file, line, qual, "cannot build the phrase book: %s",
			    cd_strerror(rc));
			goto cleanup;
		}
		size_t bad = 0;
		rc = cd_phrasebook_add(c->phrasebook, text, len, &bad);
		free(text);
		text = NULL;
		if (rc == CD_EINVAL && bad) {
			say(err, errlen, path, bad, NULL,
			    "malformed phrase entry (listed in %s:%zu, key '%s')", file, line, qual);
			goto cleanup;
		}
		if (rc != CD_OK) {
			say(err, errlen, file, line, qual, "'%s': %s", path, cd_strerror(rc));
			goto cleanup;
		}
	}
	c->analysis.phrasebook = c->phrasebook;
cleanup:
	free(text);
	return rc;
}

/* ---- public ---------------------------------------------------------------- */

int cd_config_defaults(cd_config *c)
{
	char why[256];
	memset(c, 0, sizeof *c);
	cd_options_init(&c->analysis);
	for (size_t i = 0; i < N_KEYS; i++)
		if (set_value(&keys[i], keys[i].def, c, NULL, why, sizeof why) != 0)
			return CD_EINVAL;
	return CD_OK;
}

void cd_config_free(cd_config *c)
{
	if (!c)
		return;
	cd_phrasebook_free(c->phrasebook);
	c->phrasebook = NULL;
	c->analysis.phrasebook = NULL;
}

/* Cross-key checks: first and second must be in order (first <= second). */
static int check_order(const cd_config *c, const scan *s, const char *first, const char *second,
                       char *err, size_t errlen)
{
	const cfg_key *a = find_key("analysis", first), *b = find_key("analysis", second);
	unsigned va, vb;
	memcpy(&va, (const char *)c + a->offset, sizeof va);
	memcpy(&vb, (const char *)c + b->offset, sizeof vb);
	if (va <= vb)
		return CD_OK;
	size_t la = s->line_of[a - keys], lb = s->line_of[b - keys];
	char qual[2 * CFG_NAME_MAX];
	if (la) {
		snprintf(qual, sizeof qual, "analysis:%s", first);
		say(err, errlen, s->file, la, qual, "%u is greater than %s (%u)", va, second, vb);
	} else {
		snprintf(qual, sizeof qual, "analysis:%s", second);
		say(err, errlen, s->file, lb, qual, "%u is less than %s (%u)", vb, first, va);
	}
	return CD_EINVAL;
}

int cd_config_load(cd_config *c, const char *path, char *err, size_t errlen)
{
	char why[512], dir[512];
	char tmp[512] = "";
	char *text = NULL;
	size_t len = 0;
	dictionary *d = NULL;
	scan s;
	int rc;

	if (err && errlen)
		err[0] = '\0';
	if ((rc = cd_config_defaults(c)) != CD_OK) {
		say(err, errlen, path, 0, NULL, "the built-in defaults are broken");
		goto cleanup;
	}
	pthread_once(&callback_once, set_callback);

	if (strlen(path) >= sizeof c->source || strlen(path) >= sizeof dir) {
		say(err, errlen, path, 0, NULL, "the path is longer than %zu bytes", sizeof dir - 1);
		rc = CD_EINVAL;
		goto cleanup;
	}
	if ((rc = read_file(path, CFG_MAX_FILE, 1, &text, &len, why, sizeof why)) != CD_OK) {
		say(err, errlen, path, 0, NULL, "%s", why);
		goto cleanup;
	}

	/* The folder relative paths are taken from: "" for a bare name or ".". */
	const char *slash = strrchr(path, '/');
	size_t dl = slash ? (slash == path ? 1 : (size_t)(slash - path)) : 0;
	memcpy(dir, path, dl);
	dir[dl] = '\0';
	if (strcmp(dir, ".") == 0)
		dir[0] = '\0';

	memset(&s, 0, sizeof s);
	s.file = path;
	s.err = err;
	s.errlen = errlen;
	int bom = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0;
	const char *body = text + (bom ? 3 : 0);
	size_t body_len = len - (bom ? 3 : 0);
	if ((rc = scan_text(&s, body, body_len)) != CD_OK)
		goto cleanup;

	if (bom && (rc = write_temp(tmp, sizeof tmp, body, body_len, why, sizeof why)) != CD_OK) {
		tmp[0] = '\0';
		say(err, errlen, path, 0, NULL, "%s", why);
		goto cleanup;
	}
	d = iniparser_load(bom ? tmp : path);
	if (!d || !same_as_scan(d, &s)) {
		/* Neither should happen after the scan, short of a file changed
		 * between the two reads or no memory inside iniparser. */
		say(err, errlen, path, 0, NULL, d ? "the file changed while it was read"
		                                  : "iniparser could not read it (changed, or no memory)");
		rc = CD_EIO;
		goto cleanup;
	}

	for (size_t i = 0; i < N_KEYS; i++) {
		if (!s.line_of[i])
			continue;
		char qual[2 * CFG_NAME_MAX];
		snprintf(qual, sizeof qual, "%s:%s", keys[i].section, keys[i].key);
		if (set_value(&keys[i], ini_value(d, &keys[i]), c, dir, why, sizeof why) != 0) {
			say(err, errlen, path, s.line_of[i], qual, "%s", why);
			rc = CD_EINVAL;
			goto cleanup;
		}
	}
	if ((rc = check_order(c, &s, "ngram_min", "ngram_max", err, errlen)) != CD_OK ||
	    (rc = check_order(c, &s, "long_sentence", "very_long_sentence", err, errlen)) != CD_OK)
		goto cleanup;

	if (c->extra_files[0]) {
		size_t line = s.line_of[find_key("phrases", "extra_files") - keys];
		if ((rc = load_phrases(c, path, line, err, errlen)) != CD_OK)
			goto cleanup;
	}
	memcpy(c->source, path, strlen(path) + 1);

cleanup:
	if (d)
		iniparser_freedict(d);
	if (tmp[0])
		unlink(tmp);
	free(text);
	if (rc != CD_OK) {
		cd_config_free(c);
		cd_config_defaults(c);
	}
	return rc;
}

int cd_config_foreach(const cd_config *c,
                      int (*fn)(const cd_config_item *item, void *ctx), void *ctx)
{
	cd_config def;
	char value[1100], defv[1100], allowed[CFG_ALLOWED_MAX];
	cd_config_defaults(&def);
	for (size_t i = 0; i < N_KEYS; i++) {
		get_value(&keys[i], c, value, sizeof value);
		get_value(&keys[i], &def, defv, sizeof defv);
		allowed_text(&keys[i], allowed, sizeof allowed);
		cd_config_item item = {
			keys[i].section, keys[i].key, value, defv, allowed, keys[i].doc,
			strcmp(value, defv) != 0
		};
		int r = fn(&item, ctx);
		if (r)
			return r;
	}
	return CD_OK;
}

/* A value as an INI line takes it back: quoted when iniparser would
 * otherwise cut it (';', '#') or strip it (spaces at either end). */
static int write_value(FILE *out, const char *v)
{
	size_t n = strlen(v);
	int quote = n && (strpbrk(v, ";#") || is_space((unsigned char)v[0]) ||
	                  is_space((unsigned char)v[n - 1]) || v[0] == '"' || v[0] == '\'');
	if (!n)
		return fputc('\n', out) == EOF ? -1 : 0;
	if (!quote)
		return fprintf(out, " %s\n", v) < 0 ? -1 : 0;
	char q = strchr(v, '"') ? '\'' : '"';
	return fprintf(out, " %c%s%c\n", q, v, q) < 0 ? -1 : 0;
}

typedef struct write_ctx {
	FILE *out;
	const char *section;
} write_ctx;

static int write_item(const cd_config_item *item, void *ctx)
{
	write_ctx *w = ctx;
	if (!w->section || strcmp(w->section, item->section) != 0) {
		int i = find_section(item->section);
		if (fprintf(w->out, "\n# ---- %s\n[%s]\n", section_docs[i], item->section) < 0)
			return CD_EIO;
		w->section = item->section;
	}
	if (fprintf(w->out, "# %s [%s]\n%s =", item->description, item->allowed, item->key) < 0 ||
	    write_value(w->out, item->value) != 0)
		return CD_EIO;
	return 0;
}

int cd_config_write(const cd_config *c, FILE *out)
{
	write_ctx w = { out, NULL };
	int rc = cd_config_foreach(c, write_item, &w);
	if (rc == CD_OK && ferror(out))
		rc = CD_EIO;
	return rc;
}
