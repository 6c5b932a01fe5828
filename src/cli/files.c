/*
 * files.c - reading input files and walking folders for the CLI.
 */
#include "cli/cli.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void cd_cli_error(const char *fmt, ...)
{
	va_list ap;
	fputs("copydesk: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

typedef struct {
	char **v;
	size_t n, cap;
} pathvec;

static int push(pathvec *p, const char *s)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		char **v = realloc(p->v, cap * sizeof *v);
		if (!v)
			return -1;
		p->v = v;
		p->cap = cap;
	}
	char *copy = strdup(s);
	if (!copy)
		return -1;
	p->v[p->n++] = copy;
	return 0;
}

static int wanted(const char *name)
{
	static const char *const ext[] = { ".txt", ".md", ".markdown", ".text" };
	size_t n = strlen(name);
	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		size_t m = strlen(ext[i]);
		if (n > m && strcmp(name + n - m, ext[i]) == 0)
			return 1;
	}
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Walks dir; depth guards against link loops. */
static int walk(pathvec *out, const char *dir, int depth, int *bad)
{
	if (depth > 64) {
		cd_cli_error("%s: folders nested too deep (a link loop?); skipped", dir);
		(*bad)++;
		return 0;
	}
	DIR *d = opendir(dir);
	if (!d) {
		cd_cli_error("%s: %s", dir, strerror(errno));
		(*bad)++;
		return 0;
	}
	pathvec names = { 0 };
	struct dirent *e;
	int rc = 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (push(&names, e->d_name) != 0) {
			rc = -1;
			break;
		}
	}
	closedir(d);
	if (names.n)
		qsort(names.v, names.n, sizeof *names.v, cmp_str);
	for (size_t i = 0; rc == 0 && i < names.n; i++) {
		size_t len = strlen(dir) + strlen(names.v[i]) + 2;
		char *path = malloc(len);
		if (!path) {
			rc = -1;
			break;
		}
		snprintf(path, len, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", names.v[i]);
		struct stat st;
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			rc = walk(out, path, depth + 1, bad);
		else if (wanted(names.v[i]))
			rc = push(out, path);
		free(path);
	}
	cd_cli_free_paths(names.v, names.n);
	return rc;
}

char **cd_cli_collect(char *const *paths, int n, size_t *count, int *bad)
{
	pathvec out = { 0 };
	for (int i = 0; i < n; i++) {
		struct stat st;
		int rc;
		if (stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode))
			rc = walk(&out, paths[i], 0, bad);
		else
			rc = push(&out, paths[i]);   /* errors surface when it is read */
		if (rc != 0) {
			cd_cli_free_paths(out.v, out.n);
			return NULL;
		}
	}
	*count = out.n;
	if (!out.v)
		out.v = calloc(1, sizeof *out.v);
	return out.v;
}

void cd_cli_free_paths(char **paths, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

int cd_cli_read_file(const char *path, size_t limit, char **out, size_t *len,
                     char *err, size_t errlen)
{
	*out = NULL;
	*len = 0;
	struct stat st;
	if (stat(path, &st) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: is a folder, not a file", path);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		return -1;
	}
	if ((unsigned long long)st.st_size > limit) {
		snprintf(err, errlen, "%s: file too large (%lld bytes; the limit is %zu, "
		         "[analysis] max_bytes)", path, (long long)st.st_size, limit);
		return -1;
	}
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	size_t cap = (size_t)st.st_size + 1, n = 0;
	char *buf = malloc(cap);
	int rc = -1;
	if (!buf) {
		snprintf(err, errlen, "%s: out of memory", path);
		goto cleanup;
	}
	for (;;) {
		if (n == cap) {
			if (cap > limit) {
				snprintf(err, errlen, "%s: file too large (the limit is %zu bytes)", path, limit);
				goto cleanup;
			}
			char *p = realloc(buf, cap * 2);
			if (!p) {
				snprintf(err, errlen, "%s: out of memory", path);
				goto cleanup;
			}
			buf = p;
			cap *= 2;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error: %s", path, strerror(errno));
		goto cleanup;
	}
	*out = buf;
	*len = n;
	buf = NULL;
	rc = 0;
cleanup:
	free(buf);
	fclose(f);
	return rc;
}

cd_article *cd_cli_analyze_file(const char *path, const cd_options *opt)
{
	char err[1024];
	char *bytes;
	size_t len;
	cd_options defaults;
	if (!opt) {
		cd_options_init(&defaults);
		opt = &defaults;
	}
	if (cd_cli_read_file(path, opt->max_bytes, &bytes, &len, err, sizeof err) != 0) {
		cd_cli_error("%s", err);
		return NULL;
	}
	cd_article *a = NULL;
	int rc = cd_analyze(&a, bytes, len, opt);
	free(bytes);
	if (rc != CD_OK) {
		cd_cli_error("%s: %s; skipped", path, cd_strerror(rc));
		return NULL;
	}
	return a;
}
