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
	s->opt.plain_fonts = !cfg->compress_fonts;
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

int cd_cli_parse_jobs(const char *arg, unsigned *jobs, const char *cmd)
{
	char *end;
	unsigned long j = strtoul(arg, &end, 10);
	if (*arg < '0' || *arg > '9' || *end || j < 1 || j > 256) {
		cd_cli_error("%s: --jobs takes a number from 1 to 256, not '%s'", cmd, arg);
		return CD_EXIT_USAGE;
	}
	*jobs = (unsigned)j;
	return 0;
}

int cd_cli_batch_option(cd_batch_args *a, int id, const char *arg, const char *cmd)
{
	switch (id) {
	case 'o': a->out = arg; return 0;
	case 'c': a->config = arg; return 0;
	case 'q': a->quiet = 1; return 0;
	case CD_OPT_NO_PDFS: a->no_pdfs = 1; return 0;
	case 'j':
		return cd_cli_parse_jobs(arg, &a->jobs, cmd);
	case CD_OPT_SHARD:
		if (cd_cli_parse_shard(arg, &a->shard_k, &a->shard_n) != 0) {
			cd_cli_error("%s: --shard takes K/N with 1 <= K <= N, not '%s'", cmd, arg);
			return CD_EXIT_USAGE;
		}
		return 0;
	}
	return 1;
}

char *cd_cli_join_args(char *const *argv, int n)
{
	size_t len = 1;
	for (int i = 0; i < n; i++)
		len += strlen(argv[i]) + 1;
	char *s = calloc(len, 1);
	for (int i = 0; s && i < n; i++) {
		strcat(s, argv[i]);
		if (i + 1 < n)
			strcat(s, " ");
	}
	return s;
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

static cd_summary_phrase *phrases_of(const cd_reuse_phrase *p, size_t n)
{
	cd_summary_phrase *out = calloc(n ? n : 1, sizeof *out);
	for (size_t i = 0; out && i < n; i++)
		out[i] = (cd_summary_phrase){ p[i].text, p[i].articles };
	return out;
}

int cd_cli_write_summary(const cd_batch_job *job, const cd_batch_outcome *res,
                         const cd_report_setup *setup, const cd_summary_review *review,
                         const cd_reuse_result *reuse)
{
	cd_summary s;
	memset(&s, 0, sizeof s);
	char title[600];
	snprintf(title, sizeof title, "%s of %s", review ? "copydesk review" : "copydesk summary",
	         job->label && *job->label ? job->label : "the articles");
	s.title = title;
	s.records = res->records;
	s.n_records = cd_records_count(res->records);
	s.failures = res->failed_inputs;
	s.min_quality = job->cfg->min_quality;
	s.max_grade = job->cfg->max_grade;
	s.max_filler_per_1000 = job->cfg->max_filler_per_1000;
	cd_summary_phrase *ph = NULL, *op = NULL, *cl = NULL;
	cd_summary_pair *pairs = NULL;
	if (reuse) {
		ph = phrases_of(reuse->phrases, reuse->n_phrases);
		op = phrases_of(reuse->openers, reuse->n_openers);
		cl = phrases_of(reuse->closers, reuse->n_closers);
		pairs = calloc(reuse->n_pairs ? reuse->n_pairs : 1, sizeof *pairs);
		for (size_t i = 0; pairs && i < reuse->n_pairs; i++)
			pairs[i] = (cd_summary_pair){ reuse->pairs[i].a, reuse->pairs[i].b,
			                              reuse->pairs[i].similarity };
		if (ph && op && cl && pairs) {
			s.phrases = ph;
			s.n_phrases = reuse->n_phrases;
			s.openers = op;
			s.n_openers = reuse->n_openers;
			s.closers = cl;
			s.n_closers = reuse->n_closers;
			s.pairs = pairs;
			s.n_pairs = reuse->n_pairs;
		}
	}
	if (review) {
		s.is_review = 1;
		s.trend = review->trend;
		s.n_trend = review->n_trend;
		s.changes = review->changes;
		s.n_changes = review->n_changes;
		s.n_new = review->n_new;
		s.n_changed = review->n_changed;
		s.n_removed = review->n_removed;
		s.n_unchanged = review->n_unchanged;
		s.n_regressions = review->n_regressions;
		s.n_improvements = review->n_improvements;
	}

	size_t ok = 0, words = 0;
	double quality = 0;
	cd_batch_record a = { 0 }, b = { 0 };
	for (size_t i = 0; i < s.n_records; i++) {
		if (cd_records_get(res->records, i, &a) == CD_OK && !a.error) {
			ok++;
			words += a.words;
			quality += a.quality;
		}
		cd_batch_record_clear(&a);
	}
	int rc = 0;
	char err[CD_CLI_ERR_MAX];
	char *pdf = NULL;
	int store_errno;
	int store_err = cd_records_error(res->records, &store_errno);
	if (store_err) {
		/* Without every record the totals and the summary would be
		 * wrong: both are left out. */
		const char *tmp = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
		if (store_err == CD_ENOMEM)
			cd_cli_error("%s/summary.pdf: out of memory for the article records; not written",
			             job->out_dir);
		else
			cd_cli_error("%s/summary.pdf: cannot use the temporary file of the article records "
			             "in %s: %s; not written", job->out_dir, tmp, strerror(store_errno));
		rc = -1;
		goto done;
	}
	printf("%zu articles, %zu words, %zu failed; mean quality %.1f\n", res->n, words,
	       res->failed_inputs, ok ? quality / (double)ok : 0.0);
	for (size_t i = 0; i < s.n_phrases && i < 5; i++)
		printf("  shared by %zu articles: \"%s\"\n", s.phrases[i].articles, s.phrases[i].text);
	for (size_t i = 0; i < s.n_pairs && i < 5; i++) {
		cd_records_get(res->records, s.pairs[i].a, &a);
		cd_records_get(res->records, s.pairs[i].b, &b);
		printf("  near-duplicates (%.0f%%): %s and %s\n", s.pairs[i].similarity * 100,
		       a.path ? a.path : "?", b.path ? b.path : "?");
		cd_batch_record_clear(&a);
		cd_batch_record_clear(&b);
	}
	if ((pdf = malloc(strlen(job->out_dir) + 16)) != NULL) {
		sprintf(pdf, "%s/summary.pdf", job->out_dir);
		/* (It checks the records again: a read that fails while it draws
		 * leaves it unwritten, with its own message.) */
		if (cd_report_summary(pdf, &s, &setup->opt, err, sizeof err) != 0) {
			fprintf(stderr, "copydesk: %s\n", err);
			rc = -1;
		}
	} else {
		rc = -1;
	}
done:
	free(pdf);
	/* What is in place: a table or summary that could not be written is
	 * not named (its error is on stderr). */
	if (res->tables_written)
		printf("wrote %s/results.jsonl, %s/summary.csv%s\n", job->out_dir, job->out_dir,
		       rc == 0 ? " and summary.pdf" : "");
	else if (rc == 0)
		printf("wrote %s/summary.pdf\n", job->out_dir);
	free(ph);
	free(op);
	free(cl);
	free(pairs);
	return fflush(stdout) == 0 ? rc : -1;
}
