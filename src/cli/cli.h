/*
 * cli.h - the copydesk command: exit codes, subcommands and shared helpers.
 *
 * Exit codes (DESIGN.md; fixed once documented, like diff and grep):
 */
#ifndef CD_CLI_H
#define CD_CLI_H

#include <limits.h>
#include <stdio.h>

#include "copydesk.h"
#include "config/config.h"
#include "util/spill.h"

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
int cd_cmd_merge(int argc, char **argv);
int cd_cmd_review(int argc, char **argv);

/* Loads the settings: path when given (-c), else ./copydesk.ini when it
 * exists, else the built-in defaults. Prints the one-line error and
 * returns CD_EXIT_USAGE on a bad file; 0 otherwise. */
int cd_cli_load_config(cd_config *cfg, const char *path);

/* "copydesk: " + message on stderr. */
void cd_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Room for a one-line message that names up to two paths of less than
 * PATH_MAX bytes (a report and its folder) and the problem. */
#define CD_CLI_ERR_MAX (2 * PATH_MAX + 512)

/* A path as messages show it: whole when it is shorter than PATH_MAX; else
 * its start and end around its length ("/a/b...[5045 bytes]...y/x.txt"),
 * so that a message naming it still fits in CD_CLI_ERR_MAX and ends with
 * the problem. buf holds CD_CLI_SHOWN_MAX bytes; returns path or buf. */
#define CD_CLI_SHOWN_MAX 160
const char *cd_cli_shown(const char *path, char *buf);

/* One input file: its path, and its name relative to the folder named on
 * the command line (the base name for a file named directly), which is
 * where its report goes in the output folder. */
typedef struct cd_input {
	char *path;
	char *rel;       /* in path's allocation (cd_cli_free_inputs frees path) */
} cd_input;

/* How folders are walked: [input] extensions, include and exclude globs
 * (matched on the file name), and --shard K/N (shard_count 0 = all). */
typedef struct cd_walk {
	const char *extensions;   /* ".txt .md" */
	const char *include;      /* space-separated globs, "" = all */
	const char *exclude;
	unsigned shard_index, shard_count;
} cd_walk;

void cd_walk_from_config(cd_walk *w, const cd_config *cfg);

/* The files a command works on, in path order. Once the walk has sorted
 * them they go to a spill (util/spill.h: a temporary file, in memory only
 * when TMPDIR cannot take them), so that a run of 100,000 files does not
 * keep 100,000 paths in memory; cd_inputs_get reads one back, from any
 * thread. */
typedef struct cd_inputs {
	cdi_spill index;   /* per input: where its names are (offset, length) */
	cdi_spill names;   /* per input: "path\0rel\0" */
	size_t n;
} cd_inputs;

/* The files named by paths: files as given, folders walked recursively
 * (hidden entries skipped, symbolic links followed once, files with a
 * wanted extension), sorted by path, each once, into *out. Problems are
 * reported and counted in *bad. Caller frees with cd_cli_free_inputs.
 * Returns 0, or -1 on no memory. */
int cd_cli_collect(char *const *paths, int n, const cd_walk *walk, cd_inputs *out, int *bad);
/* Input i into *out (path malloc'd, rel in the same allocation: free
 * out->path). 0, or -1 (no memory, or the spill could not be read). */
int cd_inputs_get(const cd_inputs *in, size_t i, cd_input *out);
void cd_cli_free_inputs(cd_inputs *in);

/* Creates the folders of path up to its last '/'. 0 or -1 (errno set). */
int cd_cli_make_parents(const char *path);

/* Makes the output folder dir (with its parents) and checks that it is a
 * folder files can be created in. 0, or -1 after printing the one-line
 * error (the caller exits CD_EXIT_OUTPUT). */
int cd_cli_prepare_output(const char *dir);

/* Reads a whole file. 0 ok; else -1 with a message in err. */
int cd_cli_read_file(const char *path, size_t limit, char **out, size_t *len,
                     char *err, size_t errlen);

/* Analyzes one file: prints a one-line error and returns NULL when the
 * file cannot be read or is binary. */
cd_article *cd_cli_analyze_file(const char *path, const cd_options *opt);

#endif
