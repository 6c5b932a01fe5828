/*
 * cmd_merge.c - copydesk merge: combines the outputs of shards (report or
 * review --shard K/N, each in its own folder) into the outputs one run over
 * all files would have written: results.jsonl and summary.csv in path
 * order, and summary.pdf.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/opt.h"
#include "cli/report_setup.h"

static const cd_opt merge_opts[] = {
	{ 'o', "output", "DIR", "folder for the merged outputs (default: out)" },
	{ 'c', "config", "INI", "settings file (default: ./copydesk.ini when present)" },
	{ 0, NULL, NULL, NULL }
};

typedef struct {
	const char *out, *config;
} merge_args;

static int on_opt(int id, const char *arg, void *ctx)
{
	merge_args *a = ctx;
	if (id == 'o')
		a->out = arg;
	else if (id == 'c')
		a->config = arg;
	else
		return CD_EXIT_USAGE;
	return 0;
}

typedef struct {
	char *key;     /* the path */
	char *line;    /* without its newline */
} keyed;

typedef struct {
	keyed *v;
	size_t n, cap;
} keyed_vec;

static int push(keyed_vec *kv, char *key, char *line)
{
	if (kv->n == kv->cap) {
		size_t cap = kv->cap ? kv->cap * 2 : 256;
		keyed *v = realloc(kv->v, cap * sizeof *v);
		if (!v)
			return -1;
		kv->v = v;
		kv->cap = cap;
	}
	kv->v[kv->n].key = key;
	kv->v[kv->n++].line = line;
	return 0;
}

static void keyed_free(keyed_vec *kv)
{
	for (size_t i = 0; i < kv->n; i++) {
		free(kv->v[i].key);
		free(kv->v[i].line);
	}
	free(kv->v);
	memset(kv, 0, sizeof *kv);
}

static int cmp_keyed(const void *a, const void *b)
{
	return strcmp(((const keyed *)a)->key, ((const keyed *)b)->key);
}

/* The first field of a CSV row (RFC 4180 quoting), malloc'd. */
static char *csv_first(const char *row)
{
	size_t n = strlen(row);
	char *out = malloc(n + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	if (row[0] == '"') {
		for (size_t i = 1; i < n; i++) {
			if (row[i] == '"') {
				if (row[i + 1] == '"') {
					out[o++] = '"';
					i++;
					continue;
				}
				break;
			}
			out[o++] = row[i];
		}
	} else {
		while (row[o] && row[o] != ',') {
			out[o] = row[o];
			o++;
		}
	}
	out[o] = '\0';
	return out;
}

/* Reads dir/name line by line into kv (keyed by path). Returns 0, or -1
 * with a message printed. *header receives the first line when wanted. */
static int read_table(const char *dir, const char *name, int is_csv, keyed_vec *kv, char **header)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "r");
	if (!f) {
		cd_cli_error("%s: %s (not a copydesk output folder?)", path, strerror(errno));
		return -1;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	size_t lineno = 0;
	int rc = 0;
	while ((len = getline(&line, &cap, f)) > 0) {
		lineno++;
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (is_csv && lineno == 1) {
			if (header && !*header)
				*header = strdup(line);
			continue;
		}
		char *key = is_csv ? csv_first(line) : cd_json_path(line);
		char *copy = strdup(line);
		if (!key || !copy || push(kv, key, copy) != 0) {
			free(key);
			free(copy);
			cd_cli_error("%s:%zu: not a row copydesk wrote", path, lineno);
			rc = -1;
			break;
		}
	}
	free(line);
	fclose(f);
	return rc;
}

static int write_table(const char *dir, const char *name, const char *header, const keyed_vec *kv)
{
	char final[4096], tmp[4200];
	snprintf(final, sizeof final, "%s/%s", dir, name);
	snprintf(tmp, sizeof tmp, "%s/.%s.%ld.tmp", dir, name, (long)getpid());
	FILE *f = fopen(tmp, "w");
	if (!f) {
		cd_cli_error("%s: %s", final, strerror(errno));
		return -1;
	}
	if (header)
		fprintf(f, "%s\n", header);
	for (size_t i = 0; i < kv->n; i++)
		fprintf(f, "%s\n", kv->v[i].line);
	int bad = fflush(f) != 0 || ferror(f);
	bad |= fclose(f) != 0;
	if (bad || rename(tmp, final) != 0) {
		cd_cli_error("%s: %s", final, strerror(errno ? errno : EIO));
		unlink(tmp);
		return -1;
	}
	return 0;
}

int cd_cmd_merge(int argc, char **argv)
{
	merge_args args = { "out", NULL };
	int first;
	int rc = cd_opt_parse(merge_opts, "copydesk merge [-o DIR] [-c INI] SHARD_DIR...",
	                      "Combine the outputs of shard runs (report --shard K/N) into one "
	                      "results.jsonl, summary.csv and summary.pdf, as one run over all "
	                      "the files would have written them.", argc, argv, &first, on_opt, &args);
	if (rc)
		return rc < 0 ? CD_EXIT_OK : rc;
	if (first >= argc) {
		cd_cli_error("merge: no shard folder named (see 'copydesk merge --help')");
		return CD_EXIT_USAGE;
	}
	cd_config cfg;
	if ((rc = cd_cli_load_config(&cfg, args.config)) != 0)
		return rc;
	keyed_vec json = { 0 }, csv = { 0 };
	char *header = NULL;
	cd_batch_outcome res;
	memset(&res, 0, sizeof res);
	rc = CD_EXIT_OK;
	for (int i = first; i < argc; i++) {
		if (read_table(argv[i], "results.jsonl", 0, &json, NULL) != 0 ||
		    read_table(argv[i], "summary.csv", 1, &csv, &header) != 0) {
			rc = CD_EXIT_INPUT;
			goto cleanup;
		}
	}
	if (json.n)
		qsort(json.v, json.n, sizeof *json.v, cmp_keyed);
	if (csv.n)
		qsort(csv.v, csv.n, sizeof *csv.v, cmp_keyed);
	for (size_t i = 1; i < json.n; i++) {
		if (strcmp(json.v[i - 1].key, json.v[i].key) == 0) {
			cd_cli_error("merge: %s is in more than one shard", json.v[i].key);
			rc = CD_EXIT_INPUT;
			goto cleanup;
		}
	}
	char probe[4096];
	snprintf(probe, sizeof probe, "%s/x", args.out);
	if (cd_cli_make_parents(probe) != 0 ||
	    write_table(args.out, "results.jsonl", NULL, &json) != 0 ||
	    write_table(args.out, "summary.csv", header ? header : "", &csv) != 0) {
		if (errno)
			cd_cli_error("%s: %s", args.out, strerror(errno));
		rc = CD_EXIT_OUTPUT;
		goto cleanup;
	}
	res.records = cd_records_new();
	if (!res.records) {
		rc = CD_EXIT_OUTPUT;
		goto cleanup;
	}
	for (size_t i = 0; i < json.n; i++) {
		cd_batch_record rec;
		if (cd_batch_record_from_json(&rec, json.v[i].line) == 0) {
			cd_records_add(res.records, &rec);   /* a failure sticks: the summary says it */
			cd_batch_record_clear(&rec);
			res.n++;
		}
	}
	cd_report_setup setup;
	if (cd_report_setup_init(&setup, &cfg) == 0) {
		cd_batch_job job = { 0 };
		job.cfg = &cfg;
		job.report = &setup.opt;
		job.out_dir = args.out;
		job.label = "the merged shards";
		if (cd_cli_write_summary(&job, &res, &setup, NULL, NULL) != 0)
			rc = CD_EXIT_OUTPUT;
		cd_report_setup_free(&setup);
	}
cleanup:
	cd_batch_outcome_free(&res);
	keyed_free(&json);
	keyed_free(&csv);
	free(header);
	cd_config_free(&cfg);
	return rc;
}
