/*
 * cmd_syllables.c - copydesk syllables: "word<TAB>count" for each word
 * named, or for each word of standard input (one per white-space run).
 */
#include <string.h>

#include "cli/cli.h"
#include "cli/opt.h"

static const cd_opt syllable_opts[] = { { 0, NULL, NULL, NULL } };

static int no_opt(int id, const char *arg, void *ctx)
{
	(void)id;
	(void)arg;
	(void)ctx;
	return CD_EXIT_USAGE;
}

static void one(const char *w, size_t n)
{
	printf("%.*s\t%u\n", (int)n, w, cd_syllables(w, n));
}

int cd_cmd_syllables(int argc, char **argv)
{
	int first;
	int rc = cd_opt_parse(syllable_opts, "copydesk syllables [WORD...]",
	                      "Print each word with its syllable count (word<TAB>count); "
	                      "words are read from standard input when none are named.",
	                      argc, argv, &first, no_opt, NULL);
	if (rc)
		return rc < 0 ? CD_EXIT_OK : rc;
	if (first < argc) {
		for (int i = first; i < argc; i++)
			one(argv[i], strlen(argv[i]));
	} else {
		char line[4096];
		while (fgets(line, sizeof line, stdin)) {
			char *save = NULL;
			for (char *w = strtok_r(line, " \t\r\n", &save); w; w = strtok_r(NULL, " \t\r\n", &save))
				one(w, strlen(w));
		}
	}
	return fflush(stdout) == 0 ? CD_EXIT_OK : CD_EXIT_OUTPUT;
}
