/*
 * batch.c - worker threads over many files; see batch.h.
 */
#include "cli/batch.h"

#include <errno.h>
#include <stdatomic.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "output/csv.h"
#include "review/history.h"

/* ---- signals -------------------------------------------------------------- */

/* Set by the handler, read by every thread: a lock-free atomic is both
 * async-signal-safe and free of data races (sig_atomic_t is only the first). */
static atomic_int caught;

static void on_signal(int sig)
{
	caught = sig;
}

void cd_batch_catch_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

int cd_batch_signal(void)
{
	return caught;
}

/* ---- the work ------------------------------------------------------------- */

enum { SLOT_EMPTY, SLOT_BUSY, SLOT_DONE };

typedef struct {
	int state;
	int reused;
	cd_article *article;
	char digest[65];
	char *csv;
	char *json;
	char *error;         /* input problem */
	char *out_error;     /* report problem */
	char *pdf;           /* relative path of the report written */
	char *path;          /* the input's path (its rel in the same allocation) */
} slot;

typedef struct {
	const cd_batch_job *job;
	const cd_inputs *in;
	size_t n;
	slot *slots;         /* a ring of `window` slots */
	size_t window;
	size_t next;         /* next file to take */
	size_t consumed;     /* files the aggregator has finished */
	int stop;
	pthread_mutex_t mu;
	pthread_cond_t cv;
} shared;

static char *pdf_name(const char *rel)
{
	size_t n = strlen(rel);
	const char *dot = strrchr(rel, '.');
	const char *slash = strrchr(rel, '/');
	if (dot && (!slash || dot > slash) && dot != rel)
		n = (size_t)(dot - rel);
	char *p = malloc(n + 5);
	if (p) {
		memcpy(p, rel, n);
		memcpy(p + n, ".pdf", 5);
	}
	return p;
}

static char *join_path(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *p = malloc(a + b + 2);
	if (p)
		snprintf(p, a + b + 2, "%s/%s", dir, name);
	return p;
}

static void free_slot(slot *s)
{
	cd_article_free(s->article);
	free(s->json);
	free(s->csv);
	free(s->error);
	free(s->out_error);
	free(s->pdf);
	free(s->path);
	s->article = NULL;
	s->json = s->csv = s->error = s->out_error = s->pdf = s->path = NULL;
}

/* Whether the last review's results for this file can stand: same bytes,
 * and its report is still there when reports are wanted. */
static int reusable(const cd_batch_job *job, size_t index, const char *path, const char *digest,
                    char **pdf)
{
	*pdf = NULL;
	char then[65];
	if (!job->reuse || !job->prior || job->prior(job->ctx, index, path, then, pdf) != 1)
		return 0;
	int ok = strcmp(then, digest) == 0;
	if (ok && job->article_pdfs) {
		char *full = *pdf ? join_path(job->out_dir, *pdf) : NULL;
		ok = full && access(full, R_OK) == 0;
		free(full);
	}
	if (!ok) {
		free(*pdf);
		*pdf = NULL;
	}
	return ok;
}

/* The CSV row of an article as a string, without its newline. */
static char *csv_string(const char *path, const cd_result *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	cd_csv_row(f, path, r);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	if (len && buf[len - 1] == '\n')
		buf[len - 1] = '\0';
	return buf;
}

static void work_one(shared *sh, size_t i, slot *s)
{
	const cd_batch_job *job = sh->job;
	cd_input one, *in = &one;
	char err[CD_CLI_ERR_MAX], shown[CD_CLI_SHOWN_MAX];
	char *bytes = NULL;
	size_t len;
	if (cd_inputs_get(sh->in, i, in) != 0) {
		s->path = strdup("(a file)");
		s->error = strdup("the list of files cannot be read back from its temporary file");
		return;
	}
	s->path = one.path;   /* the slot owns it */
	if (cd_cli_read_file(in->path, job->cfg->analysis.max_bytes, &bytes, &len, err, sizeof err) != 0) {
		s->error = strdup(err);
		return;
	}
	/* Only reviews use the digest: analyze and report skip the hash. */
	if (job->digests)
		cd_sha256_hex(bytes, len, s->digest);
	char *prior_pdf;
	if (job->digests && reusable(job, i, in->path, s->digest, &prior_pdf)) {
		free(bytes);
		s->reused = 1;
		s->pdf = prior_pdf;
		return;
	}
	int rc = cd_analyze(&s->article, bytes, len, &job->cfg->analysis);
	free(bytes);
	if (rc != CD_OK) {
		snprintf(err, sizeof err, "%s: %s; skipped", cd_cli_shown(in->path, shown), cd_strerror(rc));
		s->error = strdup(err);
		return;
	}
	if (job->tables || (job->on_item && !job->no_strings)) {
		s->json = cd_article_json(s->article, in->path);
		s->csv = csv_string(in->path, cd_article_result(s->article));
	}
	if (job->article_pdfs) {
		char *rel = pdf_name(in->rel);
		char *full = rel ? join_path(job->out_dir, rel) : NULL;
		if (!full) {
			s->out_error = strdup("out of memory");
		} else if (strlen(full) >= PATH_MAX) {
			snprintf(err, sizeof err, "%s: report path too long (%zu bytes; the system's limit, "
			         "PATH_MAX, is %d)", cd_cli_shown(full, shown), strlen(full), PATH_MAX);
			s->out_error = strdup(err);
		} else if (cd_cli_make_parents(full) != 0) {
			snprintf(err, sizeof err, "%s: cannot create its folder: %s", full, strerror(errno));
			s->out_error = strdup(err);
		} else if (cd_report_article(full, s->article, in->path, job->report, err, sizeof err) != 0) {
			s->out_error = strdup(err);
		} else {
			s->pdf = rel;
			rel = NULL;
		}
		free(rel);
		free(full);
	}
}

static void *worker(void *arg)
{
	shared *sh = arg;
	pthread_mutex_lock(&sh->mu);
	for (;;) {
		while (!sh->stop && sh->next < sh->n && sh->next >= sh->consumed + sh->window)
			pthread_cond_wait(&sh->cv, &sh->mu);
		if (sh->stop || sh->next >= sh->n || cd_batch_signal())
			break;
		size_t i = sh->next++;
		slot *s = &sh->slots[i % sh->window];
		s->state = SLOT_BUSY;
		pthread_mutex_unlock(&sh->mu);
		work_one(sh, i, s);
		pthread_mutex_lock(&sh->mu);
		s->state = SLOT_DONE;
		pthread_cond_broadcast(&sh->cv);
	}
	pthread_cond_broadcast(&sh->cv);
	pthread_mutex_unlock(&sh->mu);
	return NULL;
}

/* ---- progress --------------------------------------------------------------- */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void progress(size_t done, size_t total, double start, int final)
{
	double el = now() - start;
	double rate = el > 0 ? (double)done / el : 0;
	double eta = rate > 0 ? (double)(total - done) / rate : 0;
	int width = 30, filled = total ? (int)((double)width * (double)done / (double)total) : width;
	char bar[64];
	for (int k = 0; k < width; k++)
		bar[k] = k < filled ? '#' : '-';
	bar[width] = '\0';
	fprintf(stderr, "\r[%s] %zu/%zu files, %.1f/s, ETA %d:%02d ", bar, done, total, rate,
	        (int)eta / 60, (int)eta % 60);
	if (final)
		fputc('\n', stderr);
	fflush(stderr);
}

/* ---- the aggregator ------------------------------------------------------------ */

typedef struct {
	char *final_path, *tmp_path;
	FILE *f;
} table_file;

static int table_open(table_file *t, const char *dir, const char *name)
{
	memset(t, 0, sizeof *t);
	t->final_path = join_path(dir, name);
	size_t n = strlen(dir) + strlen(name) + 32;
	t->tmp_path = malloc(n);
	if (!t->final_path || !t->tmp_path)
		return -1;
	snprintf(t->tmp_path, n, "%s/.%s.%ld.tmp", dir, name, (long)getpid());
	t->f = fopen(t->tmp_path, "w");
	return t->f ? 0 : -1;
}

/* Closes and renames into place (keep) or removes. 0 ok, -1 write error. */
static int table_close(table_file *t, int keep)
{
	int rc = 0;
	if (t->f) {
		if (fflush(t->f) != 0 || ferror(t->f))
			rc = -1;
		if (fclose(t->f) != 0)
			rc = -1;
		t->f = NULL;
		if (keep && rc == 0) {
			if (rename(t->tmp_path, t->final_path) != 0) {
				int e = errno;
				unlink(t->tmp_path);   /* nothing half-done is left */
				errno = e;
				rc = -1;
			}
		} else {
			unlink(t->tmp_path);
		}
	}
	free(t->final_path);
	free(t->tmp_path);
	t->final_path = t->tmp_path = NULL;
	return rc;
}

int cd_batch_run(const cd_batch_job *job, const cd_inputs *in, cd_batch_outcome *out)
{
	int no_threads = 0;
	size_t n = in->n;
	memset(out, 0, sizeof *out);
	shared sh;
	memset(&sh, 0, sizeof sh);
	sh.job = job;
	sh.in = in;
	sh.n = n;
	sh.window = (size_t)job->jobs * 2 + 2;
	sh.slots = calloc(sh.window, sizeof *sh.slots);
	out->records = job->no_records ? NULL : cd_records_new();
	pthread_t *threads = calloc(job->jobs, sizeof *threads);
	table_file jsonl = { 0 }, csv = { 0 };
	int write_errno = 0;   /* the first failed write to the tables */
	int rc = -1;
	if (!sh.slots || (!out->records && !job->no_records) || !threads)
		goto cleanup;
	if (job->tables) {
		char *probe = join_path(job->out_dir, "x");
		int made = probe ? cd_cli_make_parents(probe) : -1;
		free(probe);
		if (made != 0 ||
		    table_open(&jsonl, job->out_dir, "results.jsonl") != 0 ||
		    table_open(&csv, job->out_dir, "summary.csv") != 0) {
			int e = errno ? errno : EIO;
			cd_cli_error("%s: cannot write the result tables: %s", job->out_dir, strerror(e));
			out->failed_outputs++;
			table_close(&jsonl, 0);
			table_close(&csv, 0);
			rc = 0;
			goto cleanup;
		}
		cd_csv_header(csv.f);
	}
	pthread_mutex_init(&sh.mu, NULL);
	pthread_cond_init(&sh.cv, NULL);
	unsigned started = 0;
	double t0 = now(), last = 0;   /* the progress bar's clock */
	if (n == 1) {
		/* One article: done here, with this thread's report fonts (which
		 * the font check loaded), rather than by a worker loading them
		 * again. */
		if (!cd_batch_signal()) {
			sh.next = 1;
			sh.slots[0].state = SLOT_BUSY;
			work_one(&sh, 0, &sh.slots[0]);
			sh.slots[0].state = SLOT_DONE;
		}
	} else {
		unsigned want = job->jobs < n ? job->jobs : (unsigned)n;   /* no idle workers */
		for (; started < want; started++)
			if (pthread_create(&threads[started], NULL, worker, &sh) != 0)
				break;
		if (started == 0 && want > 0) {
			/* Nothing can run: no table is kept, and the caller is told. */
			no_threads = 1;
			out->stopped = 1;
			sh.stop = 1;
			goto join;
		}
	}

	int show = !job->quiet && isatty(2);
	for (size_t i = 0; i < n; i++) {
		slot *s = &sh.slots[i % sh.window];
		pthread_mutex_lock(&sh.mu);
		while (!(s->state == SLOT_DONE && i < sh.next) && !cd_batch_signal()) {
			/* Timed, so that a signal is seen even when no worker wakes us. */
			struct timespec until;
			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_nsec += 100000000L;
			if (until.tv_nsec >= 1000000000L) {
				until.tv_sec++;
				until.tv_nsec -= 1000000000L;
			}
			pthread_cond_timedwait(&sh.cv, &sh.mu, &until);
		}
		int done = s->state == SLOT_DONE && i < sh.next;   /* read under the lock */
		pthread_mutex_unlock(&sh.mu);
		if (!done)
			break;   /* a signal came before this article was done */
		cd_batch_record one, *rec = &one;
		memset(rec, 0, sizeof *rec);
		const char *path = s->path ? s->path : "(a file)";
		cd_batch_item item = { i, path, rec, NULL, NULL, s->digest, s->reused, NULL, NULL };
		if (s->error) {
			fprintf(stderr, "copydesk: %s\n", s->error);
			cd_batch_record_fail(rec, path, s->error);
			out->failed_inputs++;
			item.digest = "";
		} else if (s->reused) {
			if (job->fetch(job->ctx, path, &s->json, &s->csv) != 0 ||
			    !s->json || cd_batch_record_from_json(rec, s->json) != 0) {
				fprintf(stderr, "copydesk: %s: the stored results cannot be read\n", path);
				cd_batch_record_fail(rec, path, "stored results unreadable");
				out->failed_outputs++;
			}
			out->reused++;
		} else {
			const cd_result *r = cd_article_result(s->article);
			cd_batch_record_fill(rec, path, r);
			item.result = r;
			item.article = s->article;
			out->analyzed++;
			if (s->out_error) {
				fprintf(stderr, "copydesk: %s\n", s->out_error);
				out->failed_outputs++;
			}
		}
		if (!s->error) {
			rec->pdf = s->pdf;
			s->pdf = NULL;
			item.json = s->json;
			item.csv = s->csv;
			if (job->tables && s->json && s->csv) {
				/* The first write error's errno, for the message at the
				 * end (later calls may change errno). */
				if ((fputs(s->json, jsonl.f) == EOF || fputc('\n', jsonl.f) == EOF ||
				     fputs(s->csv, csv.f) == EOF || fputc('\n', csv.f) == EOF) && !write_errno)
					write_errno = errno ? errno : EIO;
			}
		}
		int stop = job->on_item && job->on_item(job->ctx, &item) != 0;
		/* A failure to keep the record sticks in the store: the summary
		 * says so, and everything else goes on. */
		if (out->records)
			cd_records_add(out->records, rec);
		cd_batch_record_clear(rec);
		out->n = i + 1;
		free_slot(s);
		if (stop) {
			out->stopped = 1;
			break;
		}
		pthread_mutex_lock(&sh.mu);
		memset(s, 0, sizeof *s);
		sh.consumed = i + 1;
		pthread_cond_broadcast(&sh.cv);
		pthread_mutex_unlock(&sh.mu);
		if (show && (now() - last > 0.1 || i + 1 == n)) {
			progress(i + 1, n, t0, i + 1 == n);
			last = now();
		}
	}
join:
	pthread_mutex_lock(&sh.mu);
	sh.stop = 1;
	pthread_cond_broadcast(&sh.cv);
	pthread_mutex_unlock(&sh.mu);
	for (unsigned k = 0; k < started; k++)
		pthread_join(threads[k], NULL);
	/* What workers finished after the stop is dropped (its PDF was written:
	 * a finished report is kept). */
	for (size_t k = 0; k < sh.window; k++)
		free_slot(&sh.slots[k]);
	pthread_mutex_destroy(&sh.mu);
	pthread_cond_destroy(&sh.cv);
	out->interrupted = cd_batch_signal();
	if (job->tables) {
		/* Both are closed (and their temporary files renamed or removed)
		 * whatever happens to the other; kept only when both are whole. */
		int keep = !out->interrupted && !out->stopped;
		errno = 0;
		int ok = fflush(jsonl.f) == 0 && !ferror(jsonl.f) && fflush(csv.f) == 0 && !ferror(csv.f);
		int e = write_errno ? write_errno : errno;
		int rj = table_close(&jsonl, keep && ok);
		if (rj != 0 && !e)
			e = errno;
		int rv = table_close(&csv, keep && ok && rj == 0);
		if (rv != 0 && !e)
			e = errno;
		if (keep && (!ok || rj != 0 || rv != 0)) {
			if (rj == 0 && ok) {
				/* results.jsonl is in place but summary.csv is not: the
				 * pair goes together. */
				char *p = join_path(job->out_dir, "results.jsonl");
				if (p)
					unlink(p);
				free(p);
			}
			cd_cli_error("%s: cannot write the result tables: %s", job->out_dir,
			             strerror(e ? e : EIO));
			out->failed_outputs++;
		} else if (keep) {
			out->tables_written = 1;
		}
	}
	rc = no_threads ? -2 : 0;
cleanup:
	free(sh.slots);
	free(threads);
	return rc;
}

const char *cd_batch_strerror(int rc)
{
	return rc == -2 ? "cannot start a worker thread" : "out of memory";
}

void cd_batch_outcome_free(cd_batch_outcome *out)
{
	cd_records_free(out->records);
	memset(out, 0, sizeof *out);
}
