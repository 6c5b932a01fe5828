/*
 * main.c - the copydesk command: picks the subcommand and returns its exit
 * code (cli.h lists them). Everything else lives in the library.
 */
#include <stdio.h>
#include <string.h>

#include <hpdf.h>
#include <iniparser.h>
#include <sqlite3.h>

#include "cli/cli.h"
#include "report/report.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *what;
} commands[] = {
	{ "analyze", cd_cmd_analyze, "print the figures of articles (text, json or csv)" },
	{ "report", cd_cmd_report, "write PDF quality reports (and tables for folders)" },
	{ "review", cd_cmd_review, "a scheduled review: report, history, changes, thresholds" },
	{ "merge", cd_cmd_merge, "combine the outputs of shard runs into one" },
	{ "syllables", cd_cmd_syllables, "print words with their syllable counts" },
	{ "phrases", cd_cmd_phrases, "list the filler phrases copydesk looks for" },
};

static void usage(FILE *out)
{
	fprintf(out, "usage: copydesk COMMAND [OPTIONS] [PATH...]\n\n"
	        "copydesk audits the quality of articles: readability, repetition, filler\n"
	        "phrases and mechanics, with PDF reports.\n\ncommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].what);
	fprintf(out, "\n'copydesk COMMAND --help' shows a command's options, 'copydesk --version'\n"
	        "the versions of copydesk and its libraries, 'man copydesk' everything.\n"
	        "exit codes: 0 done, 1 threshold crossed, 2 usage or config error,\n"
	        "3 some inputs unreadable, 4 output not written, 130/143 interrupted.\n");
}

/* iniparser has no version call: the Makefile passes the version of the
 * libiniparser-dev package it was built against. */
#ifndef CD_INIPARSER_VERSION
#define CD_INIPARSER_VERSION "unknown"
#endif

static void version(void)
{
	printf("copydesk %s\n", CD_VERSION);
	printf("libharu %s, utf8proc %s, iniparser %s (built with), SQLite %s\n", HPDF_VERSION_TEXT,
	       cd_utf8proc_version(), CD_INIPARSER_VERSION, sqlite3_libversion());
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return CD_EXIT_USAGE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return CD_EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		version();
		return CD_EXIT_OK;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		if (strcmp(argv[1], commands[i].name) == 0) {
			int rc = commands[i].run(argc - 1, argv + 1);
			cd_report_release();   /* the main thread's report fonts */
			return rc;
		}
	}
	cd_cli_error("unknown command '%s' (see 'copydesk --help')", argv[1]);
	return CD_EXIT_USAGE;
}
