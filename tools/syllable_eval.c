/*
 * syllable_eval.c - measures cd_syllables against word lists with known
 * syllable counts (made by bench/syllable_data.mjs from the CMU Pronouncing
 * Dictionary). Run by bench/syllable_eval.sh; not part of `make test`.
 *
 *   syllable_eval [-m MISSES] [-x RULE_MISSES] NAME=FILE...
 *
 * Each FILE line: word TAB weight TAB count[,count...] (CMU's pronunciations
 * in order). For each file it prints the share of words (weighted) counted
 * exactly as the first pronunciation and as any pronunciation, the mean
 * absolute error against the first and the nearest pronunciation, and the
 * same for the rules alone (cdi_syllables_rules: no exception list), over
 * all words and over the words not in the exception list. -m writes every
 * miss (against any pronunciation) of the full counter to MISSES; -x writes
 * every word the rules alone miss as "word count" (CMU's first
 * pronunciation), in file order (bench/syllable_exceptions.sh uses it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "copydesk.h"

unsigned cdi_syllables_rules(const char *word, size_t len);
int cdi_syllable_exception(const char *word, size_t len);

typedef struct {
	double n, first, any, err_first, err_near;
} tally;

static void add(tally *t, double wt, unsigned got, const int *c, int nc)
{
	int best = 1 << 30, any = 0;
	for (int i = 0; i < nc; i++) {
		int d = abs((int)got - c[i]);
		if (d < best)
			best = d;
		any |= d == 0;
	}
	t->n += wt;
	t->first += got == (unsigned)c[0] ? wt : 0;
	t->any += any ? wt : 0;
	t->err_first += wt * abs((int)got - c[0]);
	t->err_near += wt * best;
}

static void show(const char *name, const char *what, const tally *t)
{
	if (t->n <= 0) {
		printf("%-8s %-28s no words\n", name, what);
		return;
	}
	printf("%-8s %-28s %8.0f words  %6.2f%% exact (first)  %6.2f%% exact (any)  "
	       "MAE %.4f (first) %.4f (nearest)\n", name, what, t->n,
	       100 * t->first / t->n, 100 * t->any / t->n, t->err_first / t->n, t->err_near / t->n);
}

int main(int argc, char **argv)
{
	FILE *misses = NULL, *rule_misses = NULL;
	int rc = 0;
	for (int a = 1; a < argc; a++) {
		if (strcmp(argv[a], "-x") == 0 && a + 1 < argc) {
			rule_misses = fopen(argv[++a], "w");
			if (!rule_misses) {
				perror(argv[a]);
				return 2;
			}
			continue;
		}
		if (strcmp(argv[a], "-m") == 0 && a + 1 < argc) {
			misses = fopen(argv[++a], "w");
			if (!misses) {
				perror(argv[a]);
				return 2;
			}
			continue;
		}
		char *eq = strchr(argv[a], '=');
		if (!eq) {
			fprintf(stderr, "usage: syllable_eval [-m MISSES] [-x RULE_MISSES] NAME=FILE...\n");
			return 2;
		}
		*eq = 0;
		FILE *f = fopen(eq + 1, "r");
		if (!f) {
			perror(eq + 1);
			rc = 1;
			continue;
		}
		tally full = {0}, rules = {0}, rules_out = {0};
		char line[512];
		while (fgets(line, sizeof line, f)) {
			char *w = strtok(line, "\t");
			char *wt = strtok(NULL, "\t");
			char *cs = strtok(NULL, "\t\n");
			if (!w || !wt || !cs)
				continue;
			int c[16], nc = 0;
			for (char *t = strtok(cs, ","); t && nc < 16; t = strtok(NULL, ","))
				c[nc++] = atoi(t);
			double weight = atof(wt);
			size_t len = strlen(w);
			unsigned got = cd_syllables(w, len);
			unsigned gr = cdi_syllables_rules(w, len);
			add(&full, weight, got, c, nc);
			add(&rules, weight, gr, c, nc);
			/* "in the list": the word or its lowercase form is an entry */
			char low[256];
			size_t k;
			for (k = 0; k < len && k < sizeof low; k++)
				low[k] = (char)(w[k] >= 'A' && w[k] <= 'Z' ? w[k] + 32 : w[k]);
			if (cdi_syllable_exception(low, k) < 0)
				add(&rules_out, weight, gr, c, nc);
			int hit = 0;
			for (int i = 0; i < nc; i++)
				hit |= (unsigned)c[i] == got;
			int rule_hit = 0;
			for (int i = 0; i < nc; i++)
				rule_hit |= (unsigned)c[i] == gr;
			if (rule_misses && !rule_hit)
				fprintf(rule_misses, "%.*s %d\n", (int)k, low, c[0]);
			if (misses && !hit) {
				fprintf(misses, "%s\t%s\t%u\t%d", argv[a], w, got, c[0]);
				for (int i = 1; i < nc; i++)
					fprintf(misses, ",%d", c[i]);
				fprintf(misses, "\t%s\n", wt);
			}
		}
		fclose(f);
		show(argv[a], "copydesk", &full);
		show(argv[a], "rules alone, all words", &rules);
		show(argv[a], "rules alone, not in list", &rules_out);
	}
	if (misses)
		fclose(misses);
	if (rule_misses)
		fclose(rule_misses);
	return rc;
}
