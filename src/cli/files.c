/*
 * files.c - reading input files, walking folders, loading the settings.
 *
 * Input policy, the file half (README "Input policy"; the text half, what
 * is repaired inside a file that is read, is enforced in
 * src/analyzer/text.c). Every refusal is one line on stderr naming the
 * path and the problem; the file is skipped, the other files are still
 * processed, and the run exits CD_EXIT_INPUT (3):
 *   - a missing path, a dangling symbolic link with an article ending, a
 *     file that cannot be opened or read (permissions, I/O error);
 *   - a path of PATH_MAX bytes or more (shown shortened in the message);
 *   - anything that is not a regular file (a device, a pipe, a socket);
 *   - a file over [analysis] max_bytes (64 MiB by default, 1k to 1G): the
 *     message gives its size and the limit;
 *   - in a folder walk, an entry that cannot be examined: a symbolic link
 *     loop (a -> b -> a), a name that makes the path too long, a folder
 *     that cannot be opened.
 * Folders named on the command line are walked recursively: hidden
 * entries are skipped, files are taken by their ending ([input]
 * extensions, include, exclude), symbolic links are followed, and a folder
 * reached a second time (a link back to a folder being walked, or a second
 * link to one already walked) is reported and skipped without changing the
 * exit status, since its files are read once. Nesting depth has no limit
 * of its own: PATH_MAX ends it.
 */
#include "cli/cli.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdint.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void cd_cli_error(const char *fmt, ...)
{
	va_list ap;
	fputs("copydesk: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

const char *cd_cli_shown(const char *path, char *buf)
{
	size_t n = strlen(path);
	if (n < PATH_MAX)
		return path;
	/* 64 bytes at each end, moved back to the start of a UTF-8 character. */
	size_t head = 64, tail = n - 64;
	while (head > 0 && ((unsigned char)path[head] & 0xC0) == 0x80)
		head--;
	while (tail < n && ((unsigned char)path[tail] & 0xC0) == 0x80)
		tail++;
	snprintf(buf, CD_CLI_SHOWN_MAX, "%.*s...[%zu bytes]...%s", (int)head, path, n, path + tail);
	return buf;
}

int cd_cli_load_config(cd_config *cfg, const char *path)
{
	char err[CD_CLI_ERR_MAX];
	if (!path && access("copydesk.ini", F_OK) == 0)
		path = "copydesk.ini";
	if (!path)
		return cd_config_defaults(cfg) == 0 ? 0 : CD_EXIT_USAGE;
	if (cd_config_load(cfg, path, err, sizeof err) != 0) {
		cd_cli_error("%s", err);
		return CD_EXIT_USAGE;
	}
	return 0;
}

void cd_walk_from_config(cd_walk *w, const cd_config *cfg)
{
	memset(w, 0, sizeof *w);
	w->extensions = cfg->extensions;
	w->include = cfg->include;
	w->exclude = cfg->exclude;
}

/* ---- the walk ------------------------------------------------------------ */

typedef struct {
	cd_input *v;
	size_t n, cap;
	dev_t *dev;           /* folders entered, to follow each link once */
	ino_t *ino;
	unsigned char *open;  /* 1 while the folder is being walked (an ancestor) */
	size_t n_dirs, cap_dirs;
	const cd_walk *w;
	int *bad;
} walker;

static int push(walker *k, const char *path, const char *rel)
{
	if (k->n == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 64;
		cd_input *v = realloc(k->v, cap * sizeof *v);
		if (!v)
			return -1;
		k->v = v;
		k->cap = cap;
	}
	/* One allocation: rel is usually the end of path ("feed/day/a.txt",
	 * "day/a.txt"), else it follows it. */
	size_t lp = strlen(path), lr = strlen(rel);
	int tail = lr <= lp && strcmp(path + lp - lr, rel) == 0;
	cd_input in;
	in.path = malloc(lp + 1 + (tail ? 0 : lr + 1));
	if (!in.path)
		return -1;
	memcpy(in.path, path, lp + 1);
	in.rel = tail ? in.path + lp - lr : in.path + lp + 1;
	if (!tail)
		memcpy(in.rel, rel, lr + 1);
	k->v[k->n++] = in;
	return 0;
}

/* Whether name matches one of the space-separated patterns. */
static int matches_any(const char *name, const char *patterns)
{
	char pat[256];
	const char *p = patterns;
	while (p && *p) {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, " ");
		if (n && n < sizeof pat) {
			memcpy(pat, p, n);
			pat[n] = '\0';
			if (fnmatch(pat, name, 0) == 0)
				return 1;
		}
		p += n;
	}
	return 0;
}

static int has_extension(const char *name, const char *extensions)
{
	size_t nl = strlen(name);
	const char *p = extensions;
	while (p && *p) {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, " ");
		if (n && nl > n && strncmp(name + nl - n, p, n) == 0)
			return 1;
		p += n;
	}
	return 0;
}

static int wanted(const walker *k, const char *name)
{
	if (!has_extension(name, k->w->extensions))
		return 0;
	if (k->w->include && *k->w->include && !matches_any(name, k->w->include))
		return 0;
	if (k->w->exclude && *k->w->exclude && matches_any(name, k->w->exclude))
		return 0;
	return 1;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Records the folder and returns its index; or, when it was entered
 * before, -2 while it is still being walked (a link back to an ancestor: a
 * loop) and -3 when it is done (a second way to the same folder). -1 on no
 * memory. */
static long seen_dir(walker *k, const struct stat *st)
{
	for (size_t i = 0; i < k->n_dirs; i++)
		if (k->dev[i] == st->st_dev && k->ino[i] == st->st_ino)
			return k->open[i] ? -2 : -3;
	if (k->n_dirs == k->cap_dirs) {
		size_t cap = k->cap_dirs ? k->cap_dirs * 2 : 32;
		dev_t *d = realloc(k->dev, cap * sizeof *d);
		if (d)
			k->dev = d;
		ino_t *i = realloc(k->ino, cap * sizeof *i);
		if (i)
			k->ino = i;
		unsigned char *o = realloc(k->open, cap);
		if (o)
			k->open = o;
		if (!d || !i || !o)
			return -1;
		k->cap_dirs = cap;
	}
	k->dev[k->n_dirs] = st->st_dev;
	k->ino[k->n_dirs] = st->st_ino;
	k->open[k->n_dirs] = 1;
	return (long)k->n_dirs++;
}

/* The reason for errno e in a message: a symbolic link loop said so. */
static const char *reason(int e)
{
	return e == ELOOP ? "symbolic link loop (too many levels of symbolic links)" : strerror(e);
}

static char *join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *p = malloc(la + lb + 2);
	if (!p)
		return NULL;
	memcpy(p, a, la);
	size_t o = la;
	if (la && a[la - 1] != '/')
		p[o++] = '/';
	memcpy(p + o, b, lb + 1);
	return p;
}

static int walk(walker *k, const char *dir, const char *rel)
{
	struct stat st;
	char shown[CD_CLI_SHOWN_MAX];
	if (stat(dir, &st) != 0) {
		cd_cli_error("%s: %s; skipped", cd_cli_shown(dir, shown), reason(errno));
		(*k->bad)++;
		return 0;
	}
	long self = seen_dir(k, &st);
	if (self == -1)
		return -1;
	if (self == -2) {
		cd_cli_error("%s: symbolic link loop (it leads back to a folder being walked); skipped",
		             cd_cli_shown(dir, shown));
		return 0;
	}
	if (self == -3) {
		cd_cli_error("%s: folder already walked by another path; skipped",
		             cd_cli_shown(dir, shown));
		return 0;
	}
	DIR *d = opendir(dir);
	if (!d) {
		cd_cli_error("%s: %s; skipped", cd_cli_shown(dir, shown), reason(errno));
		(*k->bad)++;
		k->open[self] = 0;
		return 0;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	int rc = 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			char **v = realloc(names, cap * sizeof *v);
			if (!v) {
				rc = -1;
				break;
			}
			names = v;
		}
		if (!(names[n] = strdup(e->d_name))) {
			rc = -1;
			break;
		}
		n++;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		char *path = join(dir, names[i]);
		char *r = *rel ? join(rel, names[i]) : strdup(names[i]);
		int found = path && r ? stat(path, &st) : -1;
		int e = errno;
		if (!path || !r) {
			rc = -1;
		} else if (found == 0 && S_ISDIR(st.st_mode)) {
			rc = walk(k, path, r);
		} else if (found != 0 && e != ENOENT) {
			/* Cannot be examined: a link loop, a path too long, no
			 * permission on the way. (A dangling link, ENOENT, is an
			 * entry like any other: read when its ending is wanted, and
			 * then reported as missing.) */
			cd_cli_error("%s: %s; skipped", cd_cli_shown(path, shown), reason(e));
			(*k->bad)++;
		} else if (wanted(k, names[i])) {
			rc = push(k, path, r);
		}
		free(path);
		free(r);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	k->open[self] = 0;
	return rc;
}

static int cmp_input(const void *a, const void *b)
{
	return strcmp(((const cd_input *)a)->path, ((const cd_input *)b)->path);
}

/* Stable shard of a path: FNV-1a of its bytes, modulo the shard count. */
static unsigned shard_of(const char *s, unsigned count)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	return (unsigned)(h % count);
}

/* What the index spill holds for an input. */
typedef struct {
	uint64_t off;   /* of "path\0rel\0" in the names spill */
	uint64_t len;
} input_at;

int cd_cli_collect(char *const *paths, int n, const cd_walk *w, cd_inputs *out, int *bad)
{
	memset(out, 0, sizeof *out);
	cdi_spill_init(&out->index, "idx", 1);
	cdi_spill_init(&out->names, "names", 1);
	walker k = { 0 };
	k.w = w;
	k.bad = bad;
	int rc = 0;
	for (int i = 0; rc == 0 && i < n; i++) {
		struct stat st;
		if (stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			size_t before = k.n, dirs_before = k.n_dirs;
			int bad_before = *bad;
			rc = walk(&k, paths[i], "");
			/* A folder named on the command line that holds no article is
			 * an input problem (a mount gone, a wrong path in a cron job),
			 * not an empty success. One named twice (or inside another
			 * named folder) is walked once: its second naming adds nothing
			 * and is no error. */
			if (rc == 0 && k.n == before && *bad == bad_before && k.n_dirs > dirs_before) {
				char shown[CD_CLI_SHOWN_MAX];
				cd_cli_error("%s: no articles in this folder (files ending %s)",
				             cd_cli_shown(paths[i], shown),
				             w->extensions && *w->extensions ? w->extensions : "in any extension");
				(*bad)++;
			}
		} else {
			const char *base = strrchr(paths[i], '/');
			rc = push(&k, paths[i], base && base[1] ? base + 1 : paths[i]);
		}
	}
	free(k.dev);
	free(k.ino);
	free(k.open);
	if (rc != 0) {
		for (size_t i = 0; i < k.n; i++)
			free(k.v[i].path);
		free(k.v);
		return -1;
	}
	/* One order whatever the folders and the number of threads: by path.
	 * Shards of one run therefore merge back by sorting on the path. */
	if (k.n > 1)
		qsort(k.v, k.n, sizeof *k.v, cmp_input);
	size_t u = 0;
	for (size_t i = 0; i < k.n; i++) {
		if (u && strcmp(k.v[u - 1].path, k.v[i].path) == 0) {
			free(k.v[i].path);
			continue;
		}
		k.v[u++] = k.v[i];
	}
	k.n = u;
	if (w->shard_count > 1) {
		size_t o = 0;
		for (size_t i = 0; i < k.n; i++) {
			if (shard_of(k.v[i].rel, w->shard_count) == w->shard_index) {
				k.v[o++] = k.v[i];
			} else {
				free(k.v[i].path);
			}
		}
		k.n = o;
	}
	/* To the spills, and out of memory. */
	for (size_t i = 0; i < k.n; i++) {
		size_t lp = strlen(k.v[i].path), lr = strlen(k.v[i].rel);
		input_at at = { out->names.size, lp + 1 + lr + 1 };
		if (rc == 0 && (cdi_spill_append(&out->names, k.v[i].path, lp + 1) != CD_OK ||
		                cdi_spill_append(&out->names, k.v[i].rel, lr + 1) != CD_OK ||
		                cdi_spill_append(&out->index, &at, sizeof at) != CD_OK))
			rc = -1;
		free(k.v[i].path);
	}
	free(k.v);
#ifdef __GLIBC__
	malloc_trim(0);   /* the list's pages go back to the system */
#endif
	out->n = k.n;
	if (rc != 0) {
		cd_cli_free_inputs(out);
		return -1;
	}
	return 0;
}

int cd_inputs_get(const cd_inputs *in, size_t i, cd_input *out)
{
	out->path = out->rel = NULL;
	input_at at;
	if (i >= in->n || cdi_spill_read(&in->index, (uint64_t)i * sizeof at, &at, sizeof at) != CD_OK ||
	    at.len < 2 || at.len > SIZE_MAX)
		return -1;
	char *b = malloc((size_t)at.len);
	if (!b || cdi_spill_read(&in->names, at.off, b, (size_t)at.len) != CD_OK ||
	    b[at.len - 1] != '\0') {
		free(b);
		return -1;
	}
	size_t lp = strlen(b);
	if (lp + 1 >= at.len) {
		free(b);
		return -1;
	}
	out->path = b;
	out->rel = b + lp + 1;
	return 0;
}

void cd_cli_free_inputs(cd_inputs *in)
{
	cdi_spill_free(&in->index);
	cdi_spill_free(&in->names);
	in->n = 0;
}

int cd_cli_make_parents(const char *path)
{
	char *p = strdup(path);
	if (!p)
		return -1;
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	free(p);
	return 0;
}

int cd_cli_prepare_output(const char *dir)
{
	char shown[CD_CLI_SHOWN_MAX];
	const char *name = cd_cli_shown(dir, shown);
	size_t n = strlen(dir);
	if (n == 0) {
		cd_cli_error("the output folder is an empty name");
		return -1;
	}
	if (n >= PATH_MAX) {
		cd_cli_error("%s: cannot create the output folder: path too long (%zu bytes; "
		             "the system's limit, PATH_MAX, is %d)", name, n, PATH_MAX);
		return -1;
	}
	char *probe = malloc(n + 3);
	if (!probe) {
		cd_cli_error("out of memory");
		return -1;
	}
	snprintf(probe, n + 3, "%s/x", dir);
	int made = cd_cli_make_parents(probe);
	int e = errno;
	free(probe);
	struct stat st;
	if (made != 0) {
		cd_cli_error("%s: cannot create the output folder: %s", name, reason(e));
		return -1;
	}
	if (stat(dir, &st) != 0) {
		cd_cli_error("%s: cannot create the output folder: %s", name, reason(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		cd_cli_error("%s: cannot create the output folder: a file of that name is in the way",
		             name);
		return -1;
	}
	if (access(dir, W_OK | X_OK) != 0) {
		cd_cli_error("%s: cannot write in the output folder: %s", name, reason(errno));
		return -1;
	}
	return 0;
}

/* ---- reading ------------------------------------------------------------- */

int cd_cli_read_file(const char *path, size_t limit, char **out, size_t *len,
                     char *err, size_t errlen)
{
	*out = NULL;
	*len = 0;
	char shown[CD_CLI_SHOWN_MAX];
	const char *name = cd_cli_shown(path, shown);
	size_t plen = strlen(path);
	if (plen >= PATH_MAX) {
		snprintf(err, errlen, "%s: path too long (%zu bytes; the system's limit, PATH_MAX, is %d)",
		         name, plen, PATH_MAX);
		return -1;
	}
	struct stat st;
	if (stat(path, &st) != 0) {
		snprintf(err, errlen, "%s: %s", name, reason(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: is a folder, not a file", name);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", name);
		return -1;
	}
	if ((unsigned long long)st.st_size > limit) {
		snprintf(err, errlen, "%s: file too large (%lld bytes; the limit is %zu, "
		         "[analysis] max_bytes)", name, (long long)st.st_size, limit);
		return -1;
	}
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "%s: %s", name, reason(errno));
		return -1;
	}
	size_t cap = (size_t)st.st_size + 1, n = 0;
	char *buf = malloc(cap);
	int rc = -1;
	if (!buf) {
		snprintf(err, errlen, "%s: out of memory", name);
		goto cleanup;
	}
	for (;;) {
		if (n == cap) {
			if (cap > limit) {
				snprintf(err, errlen, "%s: file too large (over %zu bytes, the limit, "
				         "[analysis] max_bytes)", name, limit);
				goto cleanup;
			}
			char *p = realloc(buf, cap * 2);
			if (!p) {
				snprintf(err, errlen, "%s: out of memory", name);
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
		snprintf(err, errlen, "%s: read error: %s", name, strerror(errno));
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
	char err[CD_CLI_ERR_MAX];
	char *bytes;
	size_t len;
	if (cd_cli_read_file(path, opt->max_bytes, &bytes, &len, err, sizeof err) != 0) {
		cd_cli_error("%s", err);
		return NULL;
	}
	cd_article *a = NULL;
	int rc = cd_analyze(&a, bytes, len, opt);
	free(bytes);
	if (rc != CD_OK) {
		char shown[CD_CLI_SHOWN_MAX];
		cd_cli_error("%s: %s; skipped", cd_cli_shown(path, shown), cd_strerror(rc));
		return NULL;
	}
	return a;
}
