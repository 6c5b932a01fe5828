/*
 * config.h - copydesk.ini: every setting of copydesk, its built-in default
 * and the loader that reads an INI file over the defaults (iniparser).
 *
 * One table in config.c lists every key: section, name, type, default,
 * bounds, the field it sets and a one-line description. The defaults, the
 * loader, cd_config_foreach and copydesk.ini.sample all follow that table
 * (tests/test_config.c keeps the sample and the table in step).
 *
 * File syntax (what iniparser 4.1 reads, checked more strictly here):
 *   - "[section]" lines, "key = value" lines, comments starting with '#' or
 *     ';', blank lines. Section and key names are case-insensitive.
 *   - An unquoted value ends at ';' or '#' (a comment); quote a value that
 *     holds them: title = "Desk #4". Leading and trailing spaces are dropped.
 *   - A UTF-8 byte order mark at the start is skipped.
 *   - Errors (each one line "FILE:LINE: key 'section:key': problem", or
 *     "FILE:LINE: problem" when no key is involved): an unknown section or
 *     key, a key set twice, a key outside a section, a line that is neither
 *     comment, section nor key = value, a line over CD_CONFIG_MAX_LINE bytes
 *     (iniparser 4.1 would refuse the whole file), a line ending in '\'
 *     (iniparser would join the next line to it), NUL bytes, invalid UTF-8,
 *     a bad or out-of-range value, ngram_min > ngram_max,
 *     very_long_sentence < long_sentence.
 *   - Numbers are decimal only: "010" is 10, "12abc", "", "0x10", "inf" and
 *     "1e999" are errors. They are read with strtod, so the program must
 *     keep LC_NUMERIC as "C" (never setlocale(LC_ALL, "") before loading). Booleans: yes/no, true/false, on/off, 1/0 (any
 *     case). Byte counts (max_bytes) take an optional binary suffix k, M or G
 *     (any case): 512k = 524288, 64M = 67108864.
 *   - Relative paths (phrases:extra_files, report:font_regular, font_bold,
 *     review:history) are taken relative to the folder of the INI file, so a
 *     project's copydesk.ini works from any working directory; the struct
 *     holds them already joined ("conf/copydesk.ini" + "h.db" = "conf/h.db").
 *     Lists (extra_files, extensions, include, exclude) are separated by
 *     spaces, so their entries cannot hold spaces.
 *
 * The first load sets iniparser's process-wide error callback (once,
 * through pthread_once) to one that discards iniparser's messages: copydesk
 * reports its own. Loading keeps no other state: separate cd_config structs
 * may be loaded from several threads.
 */
#ifndef CD_CONFIG_CONFIG_H
#define CD_CONFIG_CONFIG_H

#include <stddef.h>
#include <stdio.h>

#include "copydesk.h"

/* iniparser 4.1 reads lines with fgets into a 1,024-byte buffer: the line,
 * its '\n' and the NUL must fit, so 1,022 bytes before the '\n' ('\r' of a
 * CRLF counts) is the longest line it accepts. */
#define CD_CONFIG_MAX_LINE 1022

typedef struct cd_config {
	/* [analysis], [phrases] categories, [thresholds] targets, [score]
	 * weights. analysis.phrasebook points at phrasebook below (or is NULL
	 * for the built-in book). */
	cd_options analysis;
	/* The built-in entries plus every [phrases] extra_files entry; owned,
	 * freed by cd_config_free. NULL when no extra files are configured. */
	cd_phrasebook *phrasebook;
	char extra_files[1024];         /* [phrases] the extra phrase files, joined paths, "" = none */

	/* [thresholds] gate limits: a scheduled review exits 1 when one is crossed */
	double min_quality;             /* 60 */
	double max_grade;               /* 14 */
	double max_filler_per_1000;     /* 8 */

	/* [report] */
	char page_size[16];             /* "A4" or "Letter" (this spelling) */
	char font_regular[512];         /* TrueType path; "" = the fonts/ copydesk ships */
	char font_bold[512];
	char title[256];                /* report title prefix, "" = none */
	int compress_fonts;             /* 1 (default): embedded fonts compressed (smaller, slower) */

	/* [input] */
	char extensions[256];           /* ".txt .md .markdown .text" */
	char include[512];              /* space-separated globs, "" = every file */
	char exclude[512];              /* space-separated globs, "" = none */

	/* [review] */
	char history[512];              /* "copydesk-history.db" */
	double regression_points;       /* 5: a quality drop of this many points is a regression */
	int baseline;                   /* 1: gate only on new or worse articles */

	char source[512];               /* the file loaded, "" for the built-in defaults */
} cd_config;

/* Fills *c with the built-in defaults (no file). Returns CD_OK (CD_EINVAL
 * only if the table itself were broken, which tests/test_config.c rules out).
 * c needs no cd_config_free afterwards, though calling it is harmless. */
int cd_config_defaults(cd_config *c);

/* Fills *c with the defaults, then the settings of the INI file at path;
 * c->source becomes path. *c need not be initialized before. Returns CD_OK,
 * or a negative code with a one-line message (no newline) in err:
 * CD_EIO (the file or a phrase file cannot be read), CD_EINVAL (bad
 * content), CD_ENOMEM. The messages read
 *   "FILE:LINE: key 'section:key': problem"   a key or its value
 *   "FILE:LINE: problem"                      a line, a section, bytes
 *   "FILE: problem"                           missing file, a directory
 *   "PHRASEFILE:LINE: malformed phrase entry (listed in FILE:LINE, key
 *    'phrases:extra_files')"
 * On failure *c holds the defaults and owns nothing; on success free it
 * with cd_config_free. The extra phrase files are read here. */
int cd_config_load(cd_config *c, const char *path, char *err, size_t errlen);

/* Frees the phrase book (and clears analysis.phrasebook). Accepts NULL. */
void cd_config_free(cd_config *c);

/* One key, for listing the settings in force (report appendix, a
 * "copydesk config" command). Every string lives until the callback
 * returns; copy what you keep. */
typedef struct cd_config_item {
	const char *section;            /* "analysis" */
	const char *key;                /* "ngram_min" */
	const char *value;              /* in force, as text: "2", "yes", "64M", "Desk #4", "" */
	const char *default_value;      /* the built-in default, same form */
	const char *allowed;            /* "2 to 16", "yes or no", "A4 or Letter", "a path", ... */
	const char *description;        /* one line */
	int changed;                    /* 1 when value differs from default_value */
} cd_config_item;

/* Calls fn for every key, in table order (the order of the sample).
 * Stops at and returns the first non-zero value fn returns; else CD_OK. */
int cd_config_foreach(const cd_config *c,
                      int (*fn)(const cd_config_item *item, void *ctx), void *ctx);

/* Writes every setting of c as an INI file that loads back to the same
 * values (from the same folder: relative paths are joined again): for each
 * section a blank line, "# what it holds", "[section]"; for each key
 * "# description [allowed]" and "key = value", quoted when the value holds
 * ';' or '#' or starts or ends with a space. copydesk.ini.sample is a
 * header followed by exactly this output for the defaults (a test checks).
 * Returns CD_OK or CD_EIO when writing fails. */
int cd_config_write(const cd_config *c, FILE *out);

#endif /* CD_CONFIG_CONFIG_H */
