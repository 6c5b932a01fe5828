/*
 * cmd_phrases.c - copydesk phrases: the active filler-phrase entries,
 * "category<TAB>weight<TAB>phrase<TAB>alternative", one per line; a
 * sentence adverb's phrase ends in a comma, as in the phrase files.
 */
#include <string.h>

#include "cli/cli.h"
#include "cli/opt.h"

static const cd_opt phrase_opts[] = {
	{ 'C', "category", "NAME", "list only this category" },
	{ 0, NULL, NULL, NULL }
};

static int on_opt(int id, const char *arg, void *ctx)
{
	int *cat = ctx;
	if (id != 'C')
		return CD_EXIT_USAGE;
	*cat = cd_category_from_name(arg);
	if (*cat < 0) {
		cd_cli_error("phrases: unknown category '%s' (transition, hedge, intensifier, "
		             "cliche, ai, wordy, closing, boilerplate)", arg);
		return CD_EXIT_USAGE;
	}
	return 0;
}

int cd_cmd_phrases(int argc, char **argv)
{
	int cat = -1, first;
	int rc = cd_opt_parse(phrase_opts, "copydesk phrases [--category NAME]",
	                      "List the filler phrases copydesk looks for: "
	                      "category, weight, phrase and plainer alternative.",
	                      argc, argv, &first, on_opt, &cat);
	if (rc)
		return rc < 0 ? CD_EXIT_OK : rc;
	if (first < argc) {
		cd_cli_error("phrases: unexpected argument '%s'", argv[first]);
		return CD_EXIT_USAGE;
	}
	cd_phrasebook *book;
	if (cd_phrasebook_new(&book) != CD_OK) {
		cd_cli_error("phrases: cannot load the built-in phrase book");
		return CD_EXIT_USAGE;
	}
	size_t n = cd_phrasebook_count(book);
	for (size_t i = 0; i < n; i++) {
		const cd_phrase_entry *e = cd_phrasebook_entry(book, i);
		if (cat >= 0 && e->category != cat)
			continue;
		printf("%s\t%g\t%s%s\t%s\n", cd_category_name(e->category), e->weight, e->phrase,
		       e->set_off ? "," : "", e->alternative ? e->alternative : "");
	}
	cd_phrasebook_free(book);
	return fflush(stdout) == 0 ? CD_EXIT_OK : CD_EXIT_OUTPUT;
}
