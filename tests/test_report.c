/*
 * test_report.c - cd_report_article end to end: a small article of our own
 * (with findings, phrases and runs put in by hand, so every section has
 * something to draw), its PDF checked with poppler when installed
 * (pdftotext, pdffonts, pdfinfo), byte-identical reruns, and the failures:
 * missing and broken fonts, an unwritable folder, a full disk. A seed
 * article is rendered too when ../shared/seeds exists.
 *
 * COPYDESK_KEEP_PDF=1 keeps the PDFs in build/test-report/ for viewing.
 */
#include "harness.h"

#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer/internal.h"
#include "report/charts.h"
#include "report/report.h"

#define OUT "build/test-report"

static const char article_text[] =
	"Quarterly Harbour Report\n"
	"\n"
	"Moreover, the harbour board met on Monday to review the budget. In order to cut costs, "
	"the board will delve into the tapestry of spending. It is important to note that the the "
	"ferry schedule changed.this week. a new crane arrived on Tuesday. The crane lifts an heavy "
	"load every hour, and the crew on the night shift says that the crane runs well enough for "
	"the busy winter season ahead of them.\n"
	"\n"
	"The board said the new crane runs well. The board said the ferry runs late. The board said "
	"the budget is tight. Caf\xC3\xA9 owners \xE2\x80\x93 \xE2\x80\x9Cquoted\xE2\x80\x9D here "
	"\xE2\x80\x94 want de\xE2\x80\x91" "escalation\tnow \xF0\x9F\x99\x82 soft\xC2\xAD" "ly.\n"
	"\n"
	"| Item | Cost |\n"
	"|---|---|\n"
	"| Crane | 4 million |\n"
	"\n"
	"Subscribe to our newsletter\n";

static const cd_phrase_entry entries[] = {
	{ "moreover", CD_CAT_TRANSITION, 1, "(cut)", 0 },
	{ "in order to", CD_CAT_WORDY, 1, "to", 0 },
	{ "delve into", CD_CAT_AI, 2, "study", 0 },
	{ "tapestry", CD_CAT_AI, 2, "mix", 0 },
};

static int cmp_finding(const void *x, const void *y)
{
	const cd_finding *p = x, *q = y;
	return p->start < q->start ? -1 : p->start > q->start;
}

/* Offset of the n-th (0-based) occurrence of s in the text. */
static size_t at(const cd_result *r, const char *s, int n)
{
	const char *p = r->text;
	for (;;) {
		p = strstr(p, s);
		if (!p || n-- == 0)
			break;
		p++;
	}
	return p ? (size_t)(p - r->text) : 0;
}

/* Puts findings, phrases, runs and a score into the result by hand. */
static void inject(cd_article *a)
{
	cd_result *r = &a->r;
	struct { const char *s; int n; cd_finding_kind kind; int cat; } f[] = {
		{ "Moreover", 0, CD_FIND_FILLER, CD_CAT_TRANSITION },
		{ "In order to", 0, CD_FIND_FILLER, CD_CAT_WORDY },
		{ "delve into", 0, CD_FIND_FILLER, CD_CAT_AI },
		{ "tapestry", 0, CD_FIND_FILLER, CD_CAT_AI },
		{ "the the", 0, CD_FIND_DOUBLED_WORD, -1 },
		{ "changed.this", 0, CD_FIND_SPACING, -1 },
		{ "a new crane", 0, CD_FIND_LOWERCASE_START, -1 },
		{ "an heavy", 0, CD_FIND_ARTICLE, -1 },
		{ "The board said", 0, CD_FIND_REPEATED_PHRASE, -1 },
		{ "The board said", 1, CD_FIND_REPEATED_PHRASE, -1 },
		{ "The board said", 2, CD_FIND_REPEATED_PHRASE, -1 },
	};
	size_t nf = sizeof f / sizeof f[0];
	cd_finding *fs = cdi_arena_calloc(&a->arena, nf + 1, sizeof *fs);
	for (size_t i = 0; i < nf; i++) {
		fs[i].kind = f[i].kind;
		fs[i].category = f[i].cat;
		fs[i].start = at(r, f[i].s, f[i].n);
		fs[i].end = fs[i].start + strlen(f[i].s);
		fs[i].message = "checked by hand";
	}
	/* The long sentence: "The crane lifts ... ahead of them." */
	fs[nf].kind = CD_FIND_VERY_LONG_SENTENCE;
	fs[nf].category = -1;
	fs[nf].start = at(r, "The crane lifts", 0);
	fs[nf].end = at(r, "of them.", 0) + 8;
	fs[nf].message = "34 words";
	qsort(fs, nf + 1, sizeof *fs, cmp_finding);
	r->findings = fs;
	r->n_findings = nf + 1;

	size_t *starts = cdi_arena_calloc(&a->arena, 3, sizeof *starts);
	for (int i = 0; i < 3; i++)
		starts[i] = at(r, "The board said", i);
	cd_repeat *rep = cdi_arena_calloc(&a->arena, 1, sizeof *rep);
	rep->phrase = "the board said";
	rep->n_words = 3;
	rep->count = 3;
	rep->starts = starts;
	r->repetition.phrases = rep;
	r->repetition.n_phrases = 1;
	cd_opener_run *run = cdi_arena_calloc(&a->arena, 1, sizeof *run);
	run->word = "the";
	run->length = 3;
	run->start = starts[0];
	for (size_t i = 0; i < r->n_sentences; i++)
		if (r->sentences[i].start == starts[0])
			run->first_sentence = i;
	r->repetition.runs = run;
	r->repetition.n_runs = 1;

	cd_phrase_count *top = cdi_arena_calloc(&a->arena, 4, sizeof *top);
	for (int i = 0; i < 4; i++) {
		top[i].entry = &entries[i];
		top[i].count = 1;
	}
	r->fillers.top = top;
	r->fillers.n_top = 4;
	r->fillers.total = 4;
	r->fillers.per_1000[CD_CAT_TRANSITION] = 12.5;
	r->fillers.per_1000[CD_CAT_WORDY] = 12.5;
	r->fillers.per_1000[CD_CAT_AI] = 25;

	cd_deduction *dd = cdi_arena_calloc(&a->arena, 3, sizeof *dd);
	dd[0] = (cd_deduction){ "filler", "50.0 filler phrases per 1,000 words, target <= 4", 20 };
	dd[1] = (cd_deduction){ "mechanics", "4 mechanics errors", 9.5 };
	dd[2] = (cd_deduction){ "repetition", "9% of words in repeated phrases", 6 };
	r->score.quality = 64.5;
	r->score.band = "fair";
	r->score.deductions = dd;
	r->score.n_deductions = 3;
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

static cd_report_options options(void)
{
	cd_report_options o = {0};
	o.date = 1700000000;   /* 2023-11-14 */
	return o;
}

static void test_own_article(void)
{
	cd_article *a = NULL;
	CHECK_EQ_INT(cd_analyze(&a, article_text, sizeof article_text - 1, NULL), CD_OK);
	if (!a)
		return;
	inject(a);
	mkdir("build", 0755);
	mkdir(OUT, 0755);
	cd_report_options o = options();
	static const char *const cfg[] = { "thresholds:min_quality = 60", "report:page = a4" };
	o.config_lines = cfg;
	o.n_config_lines = 2;
	o.title = "Harbour desk";
	char err[512];
	CHECK_EQ_INT(cd_report_article(OUT "/own.pdf", a, "samples/harbour.txt", &o, err, sizeof err), 0);
	CHECK_EQ_INT(cd_report_article(OUT "/own2.pdf", a, "samples/harbour.txt", &o, err, sizeof err), 0);
	size_t n1 = 0, n2 = 0;
	char *b1 = cdt_slurp(OUT "/own.pdf", &n1), *b2 = cdt_slurp(OUT "/own2.pdf", &n2);
	CHECK(b1 && b2);
	CHECK(n1 > 1000 && n1 < 250 * 1024);
	/* Same input and options: the same bytes. */
	CHECK(b1 && b2 && n1 == n2 && memcmp(b1, b2, n1) == 0);
	CHECK(b1 && memcmp(b1, "%PDF-", 5) == 0);
	CHECK(b1 && !strstr(b1, "/ID"));
	free(b2);
	/* Each thread keeps its fonts loaded between reports: a report written
	 * after another one (with other characters, other glyphs embedded) or
	 * after the fonts were released has the bytes of the first. */
	static const char other_text[] = "# \xCE\x9B\xCF\x8C\xCE\xB3\xCE\xBF\xCF\x82\n\n"
		"Zw\xC3\xB6lf Boxk\xC3\xA4mpfer jagen Viktor \xE2\x86\x92 quer \xC3\xBC" "ber den "
		"Sylter Deich. \xD0\xA1\xD1\x8A\xD0\xB5\xD1\x88\xD1\x8C \xD0\xB6\xD0\xB5 "
		"\xD0\xB5\xD1\x89\xD1\x91 \xE2\x88\x9A" "2 \xEF\xAC\x81" "ne.\n";
	cd_article *other = NULL;
	CHECK_EQ_INT(cd_analyze(&other, other_text, sizeof other_text - 1, NULL), CD_OK);
	if (other)
		CHECK_EQ_INT(cd_report_article(OUT "/other.pdf", other, "other.txt", &o, err, sizeof err), 0);
	cd_article_free(other);
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1)
			cd_report_release();
		CHECK_EQ_INT(cd_report_article(OUT "/own3.pdf", a, "samples/harbour.txt", &o, err, sizeof err), 0);
		size_t n3 = 0;
		char *b3 = cdt_slurp(OUT "/own3.pdf", &n3);
		CHECK(b1 && b3 && n1 == n3 && memcmp(b1, b3, n1) == 0);
		free(b3);
	}
	unlink(OUT "/own3.pdf");
	unlink(OUT "/other.pdf");
	/* plain_fonts: the font programs go uncompressed, so the file grows by
	 * about their size; but a face whose map reaches past U+2FFF (the
	 * emoji of the own article makes U+FFFD, in the regular face) is
	 * compressed anyway, so that file stays small. */
	static const char ascii_text[] = "# Plain\n\nThe council met on Monday. It approved "
		"the budget for roads and schools.\n";
	cd_article *plain = NULL;
	CHECK_EQ_INT(cd_analyze(&plain, ascii_text, sizeof ascii_text - 1, NULL), CD_OK);
	size_t zp = 0, zc = 0, ze = 0;
	for (int pf = 0; plain && pf < 2; pf++) {
		cd_report_options po = o;
		po.plain_fonts = pf;
		CHECK_EQ_INT(cd_report_article(OUT "/plain.pdf", plain, "plain.txt", &po, err, sizeof err), 0);
		char *pb = cdt_slurp(OUT "/plain.pdf", pf ? &zp : &zc);
		free(pb);
		CHECK_EQ_INT(cd_report_article(OUT "/plain.pdf", a, "samples/harbour.txt", &po, err,
		                               sizeof err), 0);
		size_t ne = 0;
		pb = cdt_slurp(OUT "/plain.pdf", &ne);
		if (pf)
			ze = ne;
		free(pb);
	}
	CHECK(zc > 1000 && zp > zc + 40 * 1024 && zp < 250 * 1024);
	CHECK(ze > n1 && ze < 160 * 1024);
	if (have("pdffonts") && plain) {
		cd_report_options po = o;
		po.plain_fonts = 1;
		CHECK_EQ_INT(cd_report_article(OUT "/plain.pdf", plain, "plain.txt", &po, err, sizeof err), 0);
		char *t = run_cmd("pdffonts " OUT "/plain.pdf 2>/dev/null");
		CHECK(t && strstr(t, "DejaVuSans-Bold") && strstr(t, "Identity-H       yes yes yes"));
		free(t);
		t = run_cmd("pdftotext " OUT "/plain.pdf - 2>&1");
		CHECK(t && strstr(t, "approved the budget") && !strstr(t, "Warning"));
		free(t);
	}
	cd_article_free(plain);
	unlink(OUT "/plain.pdf");
	free(b1);
	CHECK_EQ_INT(leftovers(), 0);

	if (have("pdftotext")) {
		char *t = run_cmd("pdftotext -q -enc UTF-8 " OUT "/own.pdf - 2>/dev/null");
		CHECK(t && strstr(t, "Quarterly Harbour Report"));
		CHECK(t && strstr(t, "Moreover"));
		CHECK(t && strstr(t, "page 1 of"));
		CHECK(t && strstr(t, "64"));             /* the score */
		CHECK(t && strstr(t, "fair"));           /* its band */
		CHECK(t && strstr(t, "50.0 filler phrases per 1,000 words"));
		CHECK(t && strstr(t, "the board said")); /* repeated phrase table */
		CHECK(t && strstr(t, "study"));          /* filler alternative */
		CHECK(t && strstr(t, "changed.this"));   /* mechanics excerpt */
		CHECK(t && strstr(t, "opens 3 sentences in a row"));
		CHECK(t && strstr(t, "Caf\xC3\xA9"));
		CHECK(t && strstr(t, "\xE2\x80\x9Cquoted\xE2\x80\x9D"));
		CHECK(t && strstr(t, "\xE2\x80\x93"));   /* en dash */
		CHECK(t && strstr(t, "de\xE2\x80\x91" "escalation"));
		CHECK(t && strstr(t, "softly."));        /* soft hyphen gone */
		CHECK(t && strstr(t, "\xEF\xBF\xBD"));   /* the emoji, replaced visibly */
		CHECK(t && strstr(t, "thresholds:min_quality = 60"));
		CHECK(t && strstr(t, "Brysbaert"));
		char num[32];
		snprintf(num, sizeof num, "%.1f",
		         cd_article_result(a)->readability.flesch_reading_ease);
		CHECK(t && strstr(t, num));
		free(t);
	}
	if (have("pdftotext")) {
		/* Nothing a reader complains about (a ToUnicode CMap that is one). */
		char *t = run_cmd("pdftotext " OUT "/own.pdf /dev/null 2>&1");
		CHECK(t && !*t);
		if (t && *t)
			fprintf(stderr, "pdftotext says: %s\n", t);
		free(t);
	}
	if (have("pdffonts")) {
		char *t = run_cmd("pdffonts " OUT "/own.pdf 2>/dev/null");
		CHECK(t && strstr(t, "DejaVuSans-Bold"));
		/* Every font line says "yes" for embedded. */
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
		char *t = run_cmd("pdfinfo " OUT "/own.pdf 2>/dev/null");
		CHECK(t && strstr(t, "Creator:         copydesk " CD_VERSION));
		CHECK(t && strstr(t, "Title:           Harbour desk"));
		CHECK(t && strstr(t, "Pages:           4"));
		CHECK(t && strstr(t, "2023"));
		free(t);
	}
	if (have("pdftohtml")) {
		char *t = run_cmd("pdftohtml -q -xml -stdout -i " OUT "/own.pdf 2>/dev/null");
		const char *o = t ? strstr(t, "<outline>") : NULL;
		CHECK(o && strstr(o, "<item page=\"1\">Verdict</item>"));
		CHECK(o && strstr(o, "<item page=\"2\">Evidence</item>"));
		CHECK(o && strstr(o, "<item page=\"3\">Annotated article</item>"));
		CHECK(o && strstr(o, "<item page=\"3\">Quarterly Harbour Report</item>"));
		CHECK(o && strstr(o, "<item page=\"4\">Appendix</item>"));
		free(t);
	}
	/* font_bold "": one face embedded, bold synthesized, a smaller file. */
	o.font_bold = "";
	CHECK_EQ_INT(cd_report_article(OUT "/one.pdf", a, "samples/harbour.txt", &o, err, sizeof err), 0);
	size_t n3 = 0;
	char *b3 = cdt_slurp(OUT "/one.pdf", &n3);
	CHECK(b3 && n3 > 1000 && n3 < n1 * 2 / 3);
	free(b3);
	if (have("pdffonts")) {
		char *t = run_cmd("pdffonts " OUT "/one.pdf 2>/dev/null");
		CHECK(t && strstr(t, "DejaVuSans,Book") && !strstr(t, "DejaVuSans-Bold"));
		free(t);
	}
	if (have("pdftotext")) {
		char *t = run_cmd("pdftotext -q -enc UTF-8 " OUT "/one.pdf - 2>/dev/null");
		CHECK(t && strstr(t, "Quarterly Harbour Report") && strstr(t, "DEDUCTIONS, BIGGEST FIRST"));
		free(t);
	}
	unlink(OUT "/one.pdf");
	if (!getenv("COPYDESK_KEEP_PDF")) {
		unlink(OUT "/own.pdf");
		unlink(OUT "/own2.pdf");
	}
	cd_article_free(a);
}

static void test_failures(void)
{
	cd_article *a = NULL;
	CHECK_EQ_INT(cd_analyze(&a, "One line.\n", 10, NULL), CD_OK);
	if (!a)
		return;
	cd_report_options o = options();
	char err[512];
	mkdir(OUT, 0755);

	o.font_regular = "no/such/font.ttf";
	CHECK_EQ_INT(cd_report_article(OUT "/f.pdf", a, "x.txt", &o, err, sizeof err), -1);
	CHECK(strstr(err, "no/such/font.ttf") != NULL);
	CHECK(access(OUT "/f.pdf", F_OK) != 0);

	/* A file that is not a font. */
	FILE *f = fopen(OUT "/broken.ttf", "wb");
	if (f) {
		fputs("this is not a TrueType font\n", f);
		fclose(f);
	}
	o.font_regular = OUT "/broken.ttf";
	CHECK_EQ_INT(cd_report_article(OUT "/f.pdf", a, "x.txt", &o, err, sizeof err), -1);
	CHECK(strstr(err, "broken.ttf") != NULL && strstr(err, "font") != NULL);
	CHECK(strchr(err, '\n') == NULL);
	CHECK(access(OUT "/f.pdf", F_OK) != 0);
	unlink(OUT "/broken.ttf");
	o.font_regular = NULL;

	/* A folder that cannot be written (a path through a file). */
	CHECK_EQ_INT(cd_report_article("/dev/null/x.pdf", a, "x.txt", &o, err, sizeof err), -1);
	CHECK(strstr(err, "/dev/null/x.pdf") != NULL);
	CHECK_EQ_INT(cd_report_article(OUT "/missing/x.pdf", a, "x.txt", &o, err, sizeof err), -1);
	CHECK(strstr(err, "No such file") != NULL);

	/* A full disk. */
	if (access("/dev/full", W_OK) == 0) {
		CHECK_EQ_INT(cd_report_article("/dev/full", a, "x.txt", &o, err, sizeof err), -1);
		CHECK(strstr(err, "No space left") != NULL);
		struct stat st;
		CHECK(stat("/dev/full", &st) == 0 && S_ISCHR(st.st_mode));
	}
	CHECK_EQ_INT(leftovers(), 0);

	/* An empty article still gives a whole report with its empty states. */
	cd_article *e = NULL;
	CHECK_EQ_INT(cd_analyze(&e, "", 0, NULL), CD_OK);
	CHECK_EQ_INT(cd_report_article(OUT "/empty.pdf", e, NULL, &o, err, sizeof err), 0);
	if (have("pdftotext")) {
		char *t = run_cmd("pdftotext -q " OUT "/empty.pdf - 2>/dev/null");
		CHECK(t && strstr(t, "No repeated phrases."));
		CHECK(t && strstr(t, "no sentences counted"));
		free(t);
	}
	unlink(OUT "/empty.pdf");
	cd_article_free(e);
	cd_article_free(a);
}

/* A real generated article, when the shared seeds are there. */
static void test_seed(void)
{
	const char *path = "../shared/seeds/001_0fd4c0b719c4f6a1.txt";
	size_t n = 0;
	char *b = cdt_slurp(path, &n);
	if (!b) {
		path = "/work/shared/seeds/001_0fd4c0b719c4f6a1.txt";
		b = cdt_slurp(path, &n);
	}
	if (!b)
		return;   /* no seeds here: skipped */
	cd_article *a = NULL;
	CHECK_EQ_INT(cd_analyze(&a, b, n, NULL), CD_OK);
	cd_report_options o = options();
	char err[512];
	CHECK_EQ_INT(cd_report_article(OUT "/seed.pdf", a, path, &o, err, sizeof err), 0);
	if (a && have("pdftotext")) {
		const cd_result *r = cd_article_result(a);
		char *t = run_cmd("pdftotext -q -enc UTF-8 " OUT "/seed.pdf - 2>/dev/null");
		/* Every 25th word of the article shows in the PDF. */
		int missing = 0;
		for (size_t i = 0; t && i < r->n_words; i += 25) {
			char w[128];
			size_t len = r->words[i].end - r->words[i].start;
			if (len >= sizeof w)
				continue;
			memcpy(w, r->text + r->words[i].start, len);
			w[len] = '\0';
			if (!strstr(t, w)) {
				missing++;
				fprintf(stderr, "seed: word \"%s\" not in the PDF\n", w);
			}
		}
		CHECK_EQ_INT(missing, 0);
		free(t);
	}
	if (!getenv("COPYDESK_KEEP_PDF"))
		unlink(OUT "/seed.pdf");
	cd_article_free(a);
	free(b);
}

/* Filler highlights share one lightness. Worked by hand for the blue of
 * transitions, (0.306, 0.475, 0.655): mixed with white at t, channel x
 * becomes 1 - t(1 - x); at t = 0.3 that is (0.7918, 0.8425, 0.8965),
 * whose sRGB luminance is 0.2126 * 0.5900 + 0.7152 * 0.6784 +
 * 0.0722 * 0.7805 = 0.6670, just above 0.66, so t is a little over 0.3
 * and every channel a little under those values. Every category: between
 * white and its colour, and each channel decides the same way. */
static void test_highlights_even(void)
{
	cdt_current = "highlight lightness";
	cdi_rgb b = cdi_highlight(CD_CAT_TRANSITION);
	CHECK(b.r < 0.7918 && b.r > 0.78);
	CHECK(b.g < 0.8425 && b.g > 0.83);
	CHECK(b.b < 0.8965 && b.b > 0.89);
	for (int c = 0; c < CD_CAT_COUNT; c++) {
		cdi_rgb h = cdi_highlight(c), k = cdi_category_color[c];
		CHECK(h.r >= k.r && h.r <= 1 && h.g >= k.g && h.g <= 1 && h.b >= k.b && h.b <= 1);
		/* the mix factor, read back from the channel farthest from white */
		double t = (1 - h.g) / (1 - k.g);
		CHECK(fabs((1 - t * (1 - k.r)) - h.r) < 1e-9);
	}
	/* the palest hue, boilerplate grey, is mixed darker than the blue */
	cdi_rgb g = cdi_highlight(CD_CAT_BOILERPLATE);
	CHECK((1 - g.g) / (1 - cdi_category_color[CD_CAT_BOILERPLATE].g) > 0.45);
}

/* A score is shown rounded, but never as 100 with points deducted. */
static void test_score_shown(void)
{
	cdt_current = "score shown";
	CHECK_NEAR(cdi_score_shown(35.9), 36, 0);
	CHECK_NEAR(cdi_score_shown(99.4), 99, 0);
	CHECK_NEAR(cdi_score_shown(99.7), 99, 0);
	CHECK_NEAR(cdi_score_shown(100), 100, 0);
	CHECK_NEAR(cdi_score_shown(0.2), 0, 0);
	CHECK_NEAR(cdi_score_shown(64.5), 64, 0);   /* half to even, as %.0f */
}

CD_TEST_MAIN(TEST(test_score_shown), TEST(test_highlights_even), TEST(test_own_article), TEST(test_failures), TEST(test_seed))
