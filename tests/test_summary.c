/*
 * test_summary.c - cd_report_summary end to end: a batch summary built by
 * hand (five records with a failure, shared phrases, openers, closers, a
 * near-duplicate pair, three reviews of trend and the changes since the
 * last), its PDF checked with poppler when installed (pdftotext, pdffonts,
 * pdfinfo, pdftohtml for the bookmarks), byte-identical reruns, an empty
 * batch, a one-review trend, an unwritable folder, and 10,000 synthetic
 * records. The two new charts are checked on their display lists.
 *
 * COPYDESK_KEEP_PDF=1 keeps the PDFs in build/test-summary/ for viewing.
 */
#include "harness.h"

#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "report/charts.h"
#include "report/report.h"

#define OUT "build/test-summary"

/* Five records in path order. Worked out by hand with the thresholds
 * 60 / 14 / 8: analyzed 4; words 500 + 700 + 600 + 800 = 2,600; mean
 * quality (82 + 41 + 73 + 66) / 4 = 65.5; over a threshold: beta (all
 * three) and delta (filler 9 > 8), 2 of 4 = 50.0%. */
static cd_batch_record recs[] = {
	{ .path = "feeds/a/alpha.txt", .folder = "feeds/a", .pdf = "feeds/a/alpha.pdf",
	  .title = "Alpha harbour news", .main_problem = "", .band = "good",
	  .quality = 82, .grade = 9.5, .filler_per_1000 = 2, .words = 500 },
	{ .path = "feeds/a/beta.txt", .folder = "feeds/a", .pdf = "feeds/a/beta.pdf",
	  .title = "Beta budget story", .main_problem = "12.5 filler phrases per 1,000 words",
	  .band = "poor", .quality = 41, .grade = 15.2, .filler_per_1000 = 12.5, .words = 700 },
	{ .path = "feeds/b/broken.txt", .folder = "feeds/b", .title = "", .main_problem = "",
	  .band = "", .error = "not text: binary data at byte 12" },
	{ .path = "feeds/b/delta.txt", .folder = "feeds/b", .pdf = "feeds/b/delta.pdf",
	  .title = "Delta dredging plan", .main_problem = "9.0 filler phrases per 1,000 words",
	  .band = "good", .quality = 73, .grade = 8, .filler_per_1000 = 9, .words = 600 },
	{ .path = "feeds/b/gamma.txt", .folder = "feeds/b", .pdf = "feeds/b/gamma.pdf",
	  .title = "Gamma ferry schedule", .main_problem = "grade 11.0", .band = "fair",
	  .quality = 66, .grade = 11, .filler_per_1000 = 5, .words = 800 },
};

static const cd_summary_phrase phrases[] = {
	{ "as the tide turns in the harbour", 3 },
	{ "the board said on monday", 2 },
};
static const cd_summary_phrase openers[] = { { "in a move that surprised", 2 } };
static const cd_summary_phrase closers[] = { { "only time will tell what", 3 } };
static const cd_summary_pair pairs[] = { { 0, 4, 0.87 } };
static const cd_summary_trend trend[] = {
	{ 1699826400, 4, 70.0, 4.0, 0.25 },   /* 2023-11-12 */
	{ 1699912800, 4, 68.0, 5.5, 0.25 },   /* 2023-11-13 */
	{ 1700000000, 4, 65.5, 7.1, 0.50 },   /* 2023-11-14 */
};
static const cd_summary_change changes[] = {
	{ "feeds/b/gamma.txt", CD_CHANGE_NEW, 0, 66, "new article" },
	{ "feeds/a/beta.txt", CD_CHANGE_REGRESSION, 72, 41, "quality 72.0 -> 41.0" },
	{ "feeds/old/gone.txt", CD_CHANGE_REMOVED, 58, 0, "removed" },
	{ "feeds/b/delta.txt", CD_CHANGE_IMPROVEMENT, 60, 73, "quality 60.0 -> 73.0" },
};

/* A store holding the n records at r (the summary reads them from one). */
static cd_records *store_of(const cd_batch_record *r, size_t n)
{
	cd_records *rs = cd_records_new();
	size_t failed = 0;
	for (size_t i = 0; rs && i < n; i++)
		failed += cd_records_add(rs, &r[i]) != CD_OK;
	CHECK(rs != NULL && failed == 0 && cd_records_count(rs) == n);
	return rs;
}

static cd_records *sample_store;   /* recs, made once; freed by test_cleanup */

static cd_summary sample(void)
{
	cd_summary s = {0};
	s.title = "copydesk summary: feeds/";
	if (!sample_store)
		sample_store = store_of(recs, sizeof recs / sizeof recs[0]);
	s.records = sample_store;
	s.n_records = sizeof recs / sizeof recs[0];
	s.failures = 1;
	s.min_quality = 60;
	s.max_grade = 14;
	s.max_filler_per_1000 = 8;
	s.phrases = phrases;
	s.n_phrases = 2;
	s.openers = openers;
	s.n_openers = 1;
	s.closers = closers;
	s.n_closers = 1;
	s.pairs = pairs;
	s.n_pairs = 1;
	s.trend = trend;
	s.n_trend = 3;
	s.changes = changes;
	s.n_changes = 4;
	s.n_new = 1;
	s.n_changed = 0;
	s.n_removed = 1;
	s.n_unchanged = 2;
	s.n_regressions = 1;
	s.n_improvements = 1;
	s.is_review = 1;
	return s;
}

static cd_report_options options(void)
{
	cd_report_options o = {0};
	o.date = 1700000000;   /* 2023-11-14 */
	return o;
}

static char *run_cmd(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	if (!p)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *b = malloc(cap + 1);
	size_t k;
	while (b && (k = fread(b + n, 1, cap - n, p)) > 0) {
		n += k;
		if (n == cap) {
			char *nb = realloc(b, cap * 2 + 1);
			if (!nb)
				break;
			b = nb;
			cap *= 2;
		}
	}
	pclose(p);
	if (b)
		b[n] = '\0';
	return b;
}

static int have(const char *tool)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", tool);
	return system(cmd) == 0;
}

/* Files in OUT whose names start with ".": temporary files left behind. */
static int leftovers(void)
{
	DIR *d = opendir(OUT);
	int n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)))
		n += e->d_name[0] == '.' && strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	if (d)
		closedir(d);
	return n;
}

/* Occurrences of needle in the first n bytes of b (b may hold NULs). */
static size_t count_bytes(const char *b, size_t n, const char *needle)
{
	size_t k = strlen(needle), c = 0;
	for (size_t i = 0; i + k <= n; i++)
		c += memcmp(b + i, needle, k) == 0;
	return c;
}

static void setup(void)
{
	mkdir("build", 0755);
	mkdir(OUT, 0755);
}

static void test_sample(void)
{
	setup();
	cd_summary s = sample();
	cd_report_options o = options();
	char err[512];
	CHECK_EQ_INT(cd_report_summary(OUT "/summary.pdf", &s, &o, err, sizeof err), 0);
	CHECK_STR(err, "");
	CHECK_EQ_INT(cd_report_summary(OUT "/summary2.pdf", &s, &o, err, sizeof err), 0);
	size_t n1 = 0, n2 = 0;
	char *b1 = cdt_slurp(OUT "/summary.pdf", &n1), *b2 = cdt_slurp(OUT "/summary2.pdf", &n2);
	CHECK(b1 && b2);
	CHECK(b1 && memcmp(b1, "%PDF-", 5) == 0);
	/* Same summary and options: the same bytes. */
	CHECK(b1 && b2 && n1 == n2 && memcmp(b1, b2, n1) == 0);
	/* Compressed: two faces subset-free but deflated stay under 250 KB. */
	CHECK(n1 > 1000 && n1 < 250 * 1024);
	/* One GoToR link per linked article row: worst list 4 (alpha, beta,
	 * delta, gamma), over a threshold 2 (beta, delta), pairs 2 (alpha,
	 * gamma), changes 3 (beta, delta, gamma; the removed one has none). */
	CHECK_EQ_INT(b1 ? count_bytes(b1, n1, "/S /GoToR") : 0, 11);
	CHECK(b1 && count_bytes(b1, n1, "(feeds\\057a\\057beta.pdf)") == 3);
	CHECK(b1 && count_bytes(b1, n1, "/URI") == 0);
	free(b1);
	free(b2);
	CHECK_EQ_INT(leftovers(), 0);

	if (have("pdftotext")) {
		char *t = run_cmd("pdftotext -q -enc UTF-8 " OUT "/summary.pdf - 2>/dev/null");
		CHECK(t && strstr(t, "copydesk summary: feeds/"));
		CHECK(t && strstr(t, "2,600"));              /* words */
		CHECK(t && strstr(t, "65.5"));               /* mean quality */
		CHECK(t && strstr(t, "50.0%"));              /* share failing */
		CHECK(t && strstr(t, "2 failing"));
		CHECK(t && strstr(t, "4 analyzed"));
		CHECK(t && strstr(t, "Beta budget story")); /* the worst article */
		CHECK(t && strstr(t, "12.5 filler phrases per 1,000 words"));   /* its main problem */
		CHECK(t && strstr(t, "as the tide turns in the harbour"));
		CHECK(t && strstr(t, "only time will tell what"));
		CHECK(t && strstr(t, "feeds/a/alpha.txt"));  /* the pair */
		CHECK(t && strstr(t, "feeds/b/gamma.txt"));
		CHECK(t && strstr(t, "87%"));
		CHECK(t && strstr(t, "quality 72.0 -> 41.0"));  /* a change reason */
		CHECK(t && strstr(t, "regression"));
		CHECK(t && strstr(t, "not text: binary data at byte 12"));   /* the failure */
		/* Delta crosses max_filler_per_1000 only: its row names that key. */
		const char *ov = t ? strstr(t, "Over a threshold") : NULL;
		const char *dl = ov ? strstr(ov, "Delta dredging plan") : NULL;
		CHECK(dl && strstr(dl, "max_filler_per_1000"));
		/* beta: all three (wrapped "min_quality," / "max_grade, max_filler_per_1000",
		 * no runt on the last line) */
		CHECK(ov && strstr(ov, "min_quality,") && strstr(ov, "max_grade, max_filler_per_1000"));
		CHECK(t && strstr(t, "feeds/a"));            /* a folder */
		CHECK(t && strstr(t, "61.5"));               /* feeds/a mean quality (82 + 41) / 2 */
		CHECK(t && strstr(t, "69.5"));               /* feeds/b mean quality (73 + 66) / 2 */
		CHECK(t && strstr(t, "2023-11-12"));         /* a trend date */
		CHECK(t && strstr(t, "page 1 of"));
		CHECK(t && strstr(t, "review of 5 articles"));   /* the footer of a review */
		/* The regression is listed before the improvement and the new one. */
		const char *reg = t ? strstr(t, "quality 72.0 -> 41.0") : NULL;
		const char *imp = t ? strstr(t, "quality 60.0 -> 73.0") : NULL;
		CHECK(reg && imp && reg < imp);
		/* Worst first: beta (41) before gamma (66) in the worst list. */
		const char *w = t ? strstr(t, "The worst articles") : NULL;
		const char *wb = w ? strstr(w, "Beta budget story") : NULL;
		const char *wg = w ? strstr(w, "Gamma ferry schedule") : NULL;
		CHECK(wb && wg && wb < wg);
		free(t);
	}
	if (have("pdffonts")) {
		char *t = run_cmd("pdffonts " OUT "/summary.pdf 2>/dev/null");
		int fonts = 0, embedded = 0;
		for (char *line = t ? strtok(t, "\n") : NULL; line; line = strtok(NULL, "\n")) {
			if (!strstr(line, "TrueType"))
				continue;
			fonts++;
			embedded += strstr(line, "Identity-H       yes") != NULL;
		}
		CHECK_EQ_INT(fonts, 2);
		CHECK_EQ_INT(embedded, 2);
		free(t);
	}
	if (have("pdfinfo")) {
		char *t = run_cmd("pdfinfo " OUT "/summary.pdf 2>/dev/null");
		CHECK(t && strstr(t, "Title:           copydesk summary: feeds/"));
		CHECK(t && strstr(t, "Creator:         copydesk " CD_VERSION));
		CHECK(t && strstr(t, "2023"));
		free(t);
	}
	if (have("pdftohtml")) {
		char *t = run_cmd("pdftohtml -q -xml -stdout -i " OUT "/summary.pdf 2>/dev/null");
		const char *o2 = t ? strstr(t, "<outline") : NULL;
		CHECK(o2 && strstr(o2, "<item page=\"1\">Overview</item>"));
		CHECK(o2 && strstr(o2, "<item page=\"1\">Distributions</item>"));
		CHECK(o2 && strstr(o2, "<item page=\"2\">Since the last review</item>"));
		CHECK(o2 && strstr(o2, ">The worst articles</item>"));
		CHECK(o2 && strstr(o2, ">Over a threshold</item>"));
		CHECK(o2 && strstr(o2, ">Per folder</item>"));
		CHECK(o2 && strstr(o2, ">Not analyzed</item>"));
		CHECK(o2 && strstr(o2, ">Reuse across articles</item>"));
		free(t);
	}
}

/* A batch, not a review: no "since the last review" section. */
static void test_batch_not_review(void)
{
	setup();
	cd_summary s = sample();
	s.is_review = 0;
	s.n_trend = 0;
	s.n_changes = 0;
	cd_report_options o = options();
	o.title = "Harbour desk";
	char err[512];
	CHECK_EQ_INT(cd_report_summary(OUT "/batch.pdf", &s, &o, err, sizeof err), 0);
	if (have("pdftotext")) {
		char *t = run_cmd("pdftotext -q -enc UTF-8 " OUT "/batch.pdf - 2>/dev/null");
		CHECK(t && !strstr(t, "Since the last review"));
		CHECK(t && strstr(t, "summary of 5 articles"));
		CHECK(t && strstr(t, "Beta budget story"));
		free(t);
	}
	if (have("pdfinfo")) {
		char *t = run_cmd("pdfinfo " OUT "/batch.pdf 2>/dev/null");
		CHECK(t && strstr(t, "Title:           Harbour desk \xE2\x80\x94 copydesk summary"));
		free(t);
	}
}

static void test_empty(void)
{
	setup();
	cd_summary s = {0};
	s.min_quality = 60;
	s.max_grade = 14;
	s.max_filler_per_1000 = 8;
	cd_report_options o = options();
	char err[512];
	CHECK_EQ_INT(cd_report_summary(OUT "/empty.pdf", &s, &o, err, sizeof err), 0);
	/* A review with no past reviews and one point of trend. */
	s.is_review = 1;
	s.trend = trend + 2;
	s.n_trend = 1;
	CHECK_EQ_INT(cd_report_summary(OUT "/empty-review.pdf", &s, &o, err, sizeof err), 0);
	if (have("pdftotext")) {
		char *t = run_cmd("pdftotext -q -enc UTF-8 " OUT "/empty.pdf - 2>/dev/null");
		CHECK(t && strstr(t, "No articles were analyzed."));
		CHECK(t && strstr(t, "No near-duplicate pairs."));
		CHECK(t && strstr(t, "summary of 0 articles"));
		free(t);
		t = run_cmd("pdftotext -q -enc UTF-8 " OUT "/empty-review.pdf - 2>/dev/null");
		CHECK(t && strstr(t, "No changes since the last review."));
		CHECK(t && strstr(t, "2023-11-14"));
		free(t);
	}
	/* No output path or no summary: -1 and a message. */
	CHECK_EQ_INT(cd_report_summary(NULL, &s, &o, err, sizeof err), -1);
	CHECK(err[0] != '\0');
	CHECK_EQ_INT(cd_report_summary(OUT "/x.pdf", NULL, &o, err, sizeof err), -1);
	CHECK(err[0] != '\0');
}

static void test_unwritable(void)
{
	setup();
	cd_summary s = sample();
	cd_report_options o = options();
	char err[512] = "";
	CHECK_EQ_INT(cd_report_summary("build/test-summary/no/such/folder/summary.pdf", &s, &o, err,
	                               sizeof err), -1);
	CHECK(strstr(err, "build/test-summary/no/such/folder/summary.pdf") != NULL);
	CHECK(strchr(err, '\n') == NULL);
	/* A missing font: -1 naming the font. */
	o.font_regular = "build/test-summary/missing.ttf";
	CHECK_EQ_INT(cd_report_summary(OUT "/nofont.pdf", &s, &o, err, sizeof err), -1);
	CHECK(strstr(err, "missing.ttf") != NULL);
	CHECK(access(OUT "/nofont.pdf", F_OK) != 0);
	CHECK_EQ_INT(leftovers(), 0);
}

/* 10,000 records (every 97th a failure): capped lists, a few pages. */
static void test_many(void)
{
	setup();
	enum { N = 10000 };
	cd_batch_record *r = calloc(N, sizeof *r);
	char (*paths)[40] = calloc(N, sizeof *paths);
	char (*pdfs)[40] = calloc(N, sizeof *pdfs);
	char (*folders)[16] = calloc(N, sizeof *folders);
	char (*titles)[40] = calloc(N, sizeof *titles);
	cd_summary_pair *pp = calloc(300, sizeof *pp);
	cd_summary_phrase *ph = calloc(500, sizeof *ph);
	cd_summary_trend *tr = NULL;
	cd_summary_change *ch = NULL;
	cd_records *rs = NULL;
	char (*phtext)[48] = calloc(500, sizeof *phtext);
	CHECK(r && paths && pdfs && folders && titles && pp && ph && phtext);
	if (!r || !paths || !pdfs || !folders || !titles || !pp || !ph || !phtext)
		goto cleanup;
	static const char *const bands[] = { "excellent", "good", "fair", "poor", "very poor" };
	unsigned long x = 12345;
	size_t failures = 0;
	for (size_t i = 0; i < N; i++) {
		x = x * 1103515245ul + 12345ul;   /* the C standard's example rand() */
		snprintf(folders[i], sizeof folders[i], "feed%02zu", i / 250);
		snprintf(paths[i], sizeof paths[i], "feed%02zu/article%05zu.txt", i / 250, i);
		snprintf(pdfs[i], sizeof pdfs[i], "feed%02zu/article%05zu.pdf", i / 250, i);
		snprintf(titles[i], sizeof titles[i], "Synthetic article %zu", i);
		r[i].path = paths[i];
		r[i].folder = folders[i];
		r[i].title = titles[i];
		r[i].main_problem = "filler";
		if (i % 97 == 0) {
			r[i].error = "could not be read";
			r[i].band = "";
			failures++;
			continue;
		}
		r[i].pdf = pdfs[i];
		r[i].quality = (double)((x >> 16) % 1000) / 10;
		r[i].grade = (double)((x >> 8) % 220) / 10;
		r[i].filler_per_1000 = (double)((x >> 4) % 250) / 10;
		r[i].words = 300 + (x >> 20) % 900;
		int q = (int)r[i].quality;
		r[i].band = bands[q >= 85 ? 0 : q >= 70 ? 1 : q >= 55 ? 2 : q >= 40 ? 3 : 4];
	}
	for (size_t i = 0; i < 300; i++)
		pp[i] = (cd_summary_pair){ i, i + 1, 0.5 + (double)(i % 50) / 100 };
	for (size_t i = 0; i < 500; i++) {
		snprintf(phtext[i], sizeof phtext[i], "template phrase number %zu here", i);
		ph[i] = (cd_summary_phrase){ phtext[i], 2 + i % 40 };
	}
	/* A NaN and an infinity must not upset the histograms or the trend. */
	r[1].quality = NAN;
	r[2].filler_per_1000 = INFINITY;
	cd_summary s = {0};
	s.title = "copydesk summary: 10,000 synthetic articles";
	rs = store_of(r, N);
	s.records = rs;
	s.n_records = N;
	s.failures = failures;
	s.min_quality = 60;
	s.max_grade = 14;
	s.max_filler_per_1000 = 8;
	s.pairs = pp;
	s.n_pairs = 300;
	s.phrases = ph;
	s.n_phrases = 500;
	/* A review: 30 past reviews and 1,000 changes (200 are listed). */
	tr = calloc(30, sizeof *tr);
	ch = calloc(1000, sizeof *ch);
	CHECK(tr && ch);
	if (tr && ch) {
		for (size_t i = 0; i < 30; i++)
			tr[i] = (cd_summary_trend){ 1700000000 - (long long)(29 - i) * 86400, N,
			                            50 + (double)(i % 7), 6 + (double)(i % 5) / 2,
			                            0.3 + (double)(i % 3) / 20 };
		for (size_t i = 0; i < 1000; i++)
			ch[i] = (cd_summary_change){ paths[i * 7], (cd_change_kind)(i % 5), 60, 50,
			                             "quality 60.0 -> 50.0" };
		s.is_review = 1;
		s.trend = tr;
		s.n_trend = 30;
		s.changes = ch;
		s.n_changes = 1000;
		s.n_regressions = 200;
	}
	if (tr)
		tr[3].mean_quality = NAN;
	cd_report_options o = options();
	char err[512];
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_EQ_INT(cd_report_summary(OUT "/many.pdf", &s, &o, err, sizeof err), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fprintf(stderr, "test_summary: 10,000 records in %.3f s\n",
	        (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	if (have("pdfinfo")) {
		char *t = run_cmd("pdfinfo " OUT "/many.pdf 2>/dev/null");
		const char *p = t ? strstr(t, "Pages:") : NULL;
		int pages = p ? atoi(p + 6) : 0;
		/* Capped lists: 25 + 10 ranked, 200 over a threshold, 40 folders,
		 * 104 failures, 50 phrases, 100 pairs: about 30 pages. */
		CHECK(pages > 5 && pages < 60);
		free(t);
	}
	if (have("pdftotext")) {
		char *t = run_cmd("pdftotext -q -enc UTF-8 " OUT "/many.pdf - 2>/dev/null");
		CHECK(t && strstr(t, "10,000"));
		CHECK(t && strstr(t, "and 450 more"));      /* phrases past the 50 shown */
		CHECK(t && strstr(t, "and 200 more pairs"));
		CHECK(t && strstr(t, "(every one is in summary.csv)"));
		CHECK(t && strstr(t, "and 800 more changes"));
		free(t);
	}
cleanup:
	cd_records_free(rs);
	free(tr);
	free(ch);
	free(r);
	free(paths);
	free(pdfs);
	free(folders);
	free(titles);
	free(pp);
	free(ph);
	free(phtext);
}

/* The histogram of binned counts: its axes and labels. */
static void test_chart_bins(void)
{
	cdi_chart c = {0};
	size_t counts[4] = { 1, 0, 3, 2 };
	cdi_chart_bins(&c, 0, 0, 200, 100, counts, 4, 5, 1, NULL, 7, "max 7", "grade");
	CHECK(!c.failed);
	int bars = 0, has_axis_title = 0, has_open = 0, has_mark = 0, has_y = 0, dashed = 0;
	for (size_t i = 0; i < c.items.n; i++) {
		const cdi_dl_item *it = &c.items.v[i];
		if (it->type == CDI_DL_RECT)
			bars++;
		if (it->type == CDI_DL_LINE && it->dashed)
			dashed++;
		if (it->type != CDI_DL_TEXT)
			continue;
		has_axis_title += strcmp(it->text, "grade") == 0;
		has_open += strcmp(it->text, "15+") == 0;     /* last bin: (4 - 1) * 5 and up */
		has_mark += strcmp(it->text, "max 7") == 0;
		has_y += strcmp(it->text, "articles") == 0;
	}
	CHECK_EQ_INT(bars, 3);            /* one per non-empty bin */
	CHECK_EQ_INT(dashed, 1);
	CHECK_EQ_INT(has_axis_title, 1);
	CHECK_EQ_INT(has_open, 1);
	CHECK_EQ_INT(has_mark, 1);
	CHECK_EQ_INT(has_y, 1);
	cdi_chart_free(&c);
}

/* The trend line: n - 1 segments, one marker per point; one point centred. */
static void test_chart_line(void)
{
	cdi_chart c = {0};
	const double v[3] = { 70, 68, 65.5 };
	const char *const labels[3] = { "2023-11-12", "2023-11-13", "2023-11-14" };
	cdi_chart_line(&c, 0, 0, 300, 100, v, labels, 3, 100, 0, cdi_accent, "review");
	int segments = 0, markers = 0, dates = 0, last = 0;
	for (size_t i = 0; i < c.items.n; i++) {
		const cdi_dl_item *it = &c.items.v[i];
		segments += it->type == CDI_DL_LINE && it->size > 1;
		markers += it->type == CDI_DL_RECT;
		dates += it->type == CDI_DL_TEXT && strncmp(it->text, "2023-", 5) == 0;
		last += it->type == CDI_DL_TEXT && strcmp(it->text, "65.5") == 0;
	}
	CHECK_EQ_INT(segments, 2);
	CHECK_EQ_INT(markers, 3);
	CHECK_EQ_INT(dates, 3);
	CHECK_EQ_INT(last, 1);
	cdi_chart_free(&c);

	cdi_chart_line(&c, 0, 0, 300, 100, v + 2, labels + 2, 1, 0, 0, cdi_accent, "review");
	double mx = -1;
	segments = 0;
	for (size_t i = 0; i < c.items.n; i++) {
		const cdi_dl_item *it = &c.items.v[i];
		segments += it->type == CDI_DL_LINE && it->size > 1;
		if (it->type == CDI_DL_RECT)
			mx = it->x + it->w / 2;
	}
	CHECK_EQ_INT(segments, 0);
	/* The plot runs from 28 to 28 + 300 - 36 = 292: centre 160. */
	CHECK_NEAR(mx, 160, 0.01);
	cdi_chart_free(&c);

	/* A NaN in the middle: a gap, no segment to or from it. */
	const double gap[3] = { 70, NAN, 65.5 };
	cdi_chart_line(&c, 0, 0, 300, 100, gap, labels, 3, 100, 0, cdi_accent, "review");
	segments = markers = 0;
	for (size_t i = 0; i < c.items.n; i++) {
		segments += c.items.v[i].type == CDI_DL_LINE && c.items.v[i].size > 1;
		markers += c.items.v[i].type == CDI_DL_RECT;
	}
	CHECK_EQ_INT(segments, 0);
	CHECK_EQ_INT(markers, 2);
	cdi_chart_free(&c);
}

static void test_cleanup(void)
{
	cd_records_free(sample_store);
	sample_store = NULL;
	const char *keep = getenv("COPYDESK_KEEP_PDF");
	if (keep && *keep == '1')
		return;
	static const char *const files[] = {
		"summary.pdf", "summary2.pdf", "batch.pdf", "empty.pdf", "empty-review.pdf",
		"many.pdf"
	};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char p[128];
		snprintf(p, sizeof p, OUT "/%s", files[i]);
		unlink(p);
	}
	CHECK(rmdir(OUT) == 0);
}

CD_TEST_MAIN(TEST(test_chart_bins), TEST(test_chart_line), TEST(test_sample),
             TEST(test_batch_not_review), TEST(test_empty), TEST(test_unwritable),
             TEST(test_many), TEST(test_cleanup))
