/* report_setup.c - see report_setup.h. */
#include "cli/report_setup.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

long long cd_cli_review_date(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	if (e && *e) {
		char *end;
		long long v = strtoll(e, &end, 10);
		if (*end == '\0' && v >= 0)
			return v;
	}
	return (long long)time(NULL);
}

static int add_line(const cd_config_item *item, void *ctx)
{
	cd_report_setup *s = ctx;
	size_t n = strlen(item->section) + strlen(item->key) + strlen(item->value) + 8;
	char *line = malloc(n);
	char **v = realloc(s->lines, (s->n_lines + 1) * sizeof *v);
	if (!line || !v) {
		free(line);
		if (v)
			s->lines = v;
		return -1;
	}
	s->lines = v;
	snprintf(line, n, "%s:%s = %s", item->section, item->key, item->value);
	s->lines[s->n_lines++] = line;
	return 0;
}

int cd_report_setup_init(cd_report_setup *s, const cd_config *cfg)
{
	memset(s, 0, sizeof *s);
	s->opt.font_regular = cfg->font_regular[0] ? cfg->font_regular : NULL;
	/* "none": no bold face is embedded; bold is drawn by stroking the
	 * regular face (smaller and faster reports). */
	s->opt.font_bold = strcmp(cfg->font_bold, "none") == 0 ? "" :
	                   cfg->font_bold[0] ? cfg->font_bold : NULL;
	s->opt.letter = strcmp(cfg->page_size, "Letter") == 0;
	s->opt.title = cfg->title[0] ? cfg->title : NULL;
	s->opt.analysis = &cfg->analysis;
	s->opt.date = cd_cli_review_date();
	if (cd_config_foreach(cfg, add_line, s) != 0) {
		cd_report_setup_free(s);
		return -1;
	}
	s->opt.config_lines = (const char *const *)s->lines;
	s->opt.n_config_lines = s->n_lines;
	return 0;
}

void cd_report_setup_free(cd_report_setup *s)
{
	for (size_t i = 0; i < s->n_lines; i++)
		free(s->lines[i]);
	free(s->lines);
	memset(s, 0, sizeof *s);
}

int cd_cli_parse_shard(const char *arg, unsigned *k, unsigned *n)
{
	char *end;
	if (*arg < '0' || *arg > '9')
		return -1;
	unsigned long a = strtoul(arg, &end, 10);
	if (*end != '/' || end[1] < '0' || end[1] > '9')
		return -1;
	unsigned long b = strtoul(end + 1, &end, 10);
	if (*end || a < 1 || b < 1 || a > b || b > 4096)
		return -1;
	*k = (unsigned)a;
	*n = (unsigned)b;
	return 0;
}

int cd_cli_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

unsigned cd_cli_cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 64 ? 64 : (unsigned)n;
}

int cd_cli_write_summary(const cd_batch_job *job, const cd_batch_outcome *res,
                         const cd_report_setup *setup)
{
	(void)setup;
	size_t ok = 0, words = 0;
	double quality = 0;
	for (size_t i = 0; i < res->n; i++) {
		if (res->records[i].error)
			continue;
		ok++;
		words += res->records[i].words;
		quality += res->records[i].quality;
	}
	printf("%zu articles, %zu words, %zu failed; mean quality %.1f\n", res->n, words,
	       res->failed_inputs, ok ? quality / (double)ok : 0.0);
	printf("wrote %s/results.jsonl and %s/summary.csv\n", job->out_dir, job->out_dir);
	return fflush(stdout) == 0 ? 0 : -1;
}
