/*
 * cli.h - the copydesk command: exit codes, subcommands and shared helpers.
 *
 * Exit codes (DESIGN.md; fixed once documented, like diff and grep):
 */
#ifndef CD_CLI_H
#define CD_CLI_H

#include <stdio.h>

#include "copydesk.h"

enum {
	CD_EXIT_OK = 0,          /* done */
	CD_EXIT_THRESHOLD = 1,   /* a threshold was crossed */
	CD_EXIT_USAGE = 2,       /* usage or config error */
	CD_EXIT_INPUT = 3,       /* some inputs could not be read (the rest were processed) */
	CD_EXIT_OUTPUT = 4,      /* output could not be written (folder, font, full disk) */
	CD_EXIT_SIGINT = 130,
	CD_EXIT_SIGTERM = 143
};

/* Subcommands: argv[0] is the subcommand's name. */
int cd_cmd_analyze(int argc, char **argv);
int cd_cmd_report(int argc, char **argv);
int cd_cmd_syllables(int argc, char **argv);
int cd_cmd_phrases(int argc, char **argv);

/* "copydesk: " + message on stderr. */
void cd_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The files named by paths: files as given, folders walked recursively
 * (hidden entries skipped, files with a known extension, sorted). Missing
 * paths are reported and counted in *bad. Caller frees with
 * cd_cli_free_paths. Returns NULL on no memory. */
char **cd_cli_collect(char *const *paths, int n, size_t *count, int *bad);
void cd_cli_free_paths(char **paths, size_t n);

/* Reads a whole file. 0 ok; else -1 with a message in err. */
int cd_cli_read_file(const char *path, size_t limit, char **out, size_t *len,
                     char *err, size_t errlen);

/* Analyzes one file: prints a one-line error and returns NULL when the
 * file cannot be read or is binary. */
cd_article *cd_cli_analyze_file(const char *path, const cd_options *opt);

#endif
