/*
 * report.h - the PDF quality report of one analyzed article.
 *
 * Pages: the verdict (score, tiles, readability table, charts), the
 * evidence (repeated and filler phrases, mechanics, same-opener runs), the
 * annotated article typeset by layout.c, and an appendix with the
 * thresholds, config and formulas. Drawn with libharu; the layout and the
 * charts are computed without it (layout.h, charts.h).
 */
#ifndef CD_REPORT_H
#define CD_REPORT_H

#include <stddef.h>

#include "batch/summary.h"
#include "copydesk.h"

typedef struct cd_report_options {
	/* TrueType fonts. NULL: DejaVuSans.ttf / DejaVuSans-Bold.ttf searched in
	 * fonts/ next to the binary (and one level up), ./fonts,
	 * /usr/local/share/copydesk/fonts and /usr/share/copydesk/fonts. */
	const char *font_regular;
	const char *font_bold;      /* "" (empty): no bold face is embedded; bold is drawn by
	                               stroking the regular face (half the time and size) */
	int letter;                 /* 0 = A4, 1 = US Letter */
	int plain_fonts;            /* 1: the embedded fonts and their maps are left uncompressed
	                               (about 15% faster, twice the size) unless a map reaches
	                               past U+2FFF; 0: compressed, like the pages */
	const char *title;          /* optional prefix for the document title */
	const cd_options *analysis; /* thresholds/weights in force (NULL: defaults) */
	const char *const *config_lines;   /* "section:key = value" lines for the appendix */
	size_t n_config_lines;
	long long date;             /* seconds since the epoch: date of review and PDF dates */
} cd_report_options;

/* Writes the report of one analyzed article to pdf_path: to a temporary
 * file in the same folder, then renamed (a path that exists and is not a
 * regular file, such as /dev/full, is written directly). Nothing is left
 * behind on failure. source_path is the file named in the report (may be
 * NULL). Returns 0, or -1 with a one-line message in err (naming the file
 * and the problem: missing or broken font, unwritable folder, disk full).
 * The same article and options give byte-identical files. */
int cd_report_article(const char *pdf_path, const cd_article *article,
                      const char *source_path, const cd_report_options *opt,
                      char *err, size_t errlen);

/* Loads the fonts of opt as a report would, so that a run can stop before
 * writing anything when one is missing or broken. Returns 0, or -1 with a
 * one-line message in err naming the font, the setting and the problem. */
int cd_report_check_fonts(const cd_report_options *opt, char *err, size_t errlen);

/* Each thread keeps its report fonts loaded from one report to the next;
 * they are freed when the thread ends. Frees the calling thread's (the
 * main thread's, before exit); the next report loads them again. */
void cd_report_release(void);

/* Writes summary.pdf for a batch (same rules as cd_report_article: temp
 * file + rename, one-line error, deterministic bytes). s and everything it
 * points to is only read; records[i].pdf, when set, is linked relative to
 * the folder of pdf_path. opt->analysis and opt->config_lines are not
 * used. Returns 0, or -1 with a one-line message in err. */
int cd_report_summary(const char *pdf_path, const cd_summary *s, const cd_report_options *opt,
                      char *err, size_t errlen);

#endif
