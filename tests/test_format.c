/*
 * test_format.c - the message formatter findings use (cdi_format_fast):
 * hand-worked results, then agreement with the C library's vsnprintf on
 * every buffer size from 0 to past the message, for each conversion it
 * handles, and the -1 it returns for a conversion it leaves to vsnprintf.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "analyzer/internal.h"

static int fast(char *out, size_t cap, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = cdi_format_fast(out, cap, fmt, ap);
	va_end(ap);
	return n;
}

static void test_by_hand(void)
{
	char b[128];
	CHECK_EQ_INT(fast(b, sizeof b, "sentence of %zu words (over %u)", (size_t)23, 20u), 30);
	CHECK_STR(b, "sentence of 23 words (over 20)");
	CHECK_EQ_INT(fast(b, sizeof b, "no space after '%.*s'", 5, "May.Residents"), 22);
	CHECK_STR(b, "no space after 'May.R'");
	/* %.0f rounds half to even, as printf does: 72.5 -> 72, 73.5 -> 74 */
	fast(b, sizeof b, "(%.0f%% alike) %.0f %.0f %.0f", 72.5, 73.5, 99.6, 0.49);
	CHECK_STR(b, "(72% alike) 74 100 0");
	fast(b, sizeof b, "%d %d %d|%.0f", 0, -17, 2147483647, -0.4);
	CHECK_STR(b, "0 -17 2147483647|-0");
	fast(b, sizeof b, "%s%s", "", "x");
	CHECK_STR(b, "x");
	/* a precision longer than the string stops at its end */
	fast(b, sizeof b, "'%.*s'", 40, "short");
	CHECK_STR(b, "'short'");
	/* cut at the buffer: the length is still the whole message's */
	CHECK_EQ_INT(fast(b, 7, "'%s' is written twice", "the"), 22);
	CHECK_STR(b, "'the' ");
	CHECK_EQ_INT(fast(b, 0, "abc"), 3);
	/* conversions it leaves to vsnprintf */
	CHECK_EQ_INT(fast(b, sizeof b, "%5d", 3), -1);
	CHECK_EQ_INT(fast(b, sizeof b, "%.2f", 3.0), -1);
	CHECK_EQ_INT(fast(b, sizeof b, "%s", (const char *)NULL), -1);
	CHECK_EQ_INT(fast(b, sizeof b, "%.0f", 1e300), -1);
}

/* The same message through both, at every buffer size: equal return and
 * equal bytes up to and including the terminating NUL. */
#define AGREE(...) do { \
	char w_[300], g_[300]; \
	int same_ = 1; \
	for (size_t cap_ = 0; cap_ < sizeof w_; cap_++) { \
		memset(w_, 'W', sizeof w_); \
		memset(g_, 'W', sizeof g_); \
		int wn_ = snprintf(w_, cap_, __VA_ARGS__); \
		int gn_ = fast(g_, cap_, __VA_ARGS__); \
		if (wn_ != gn_ || memcmp(w_, g_, sizeof w_) != 0) \
			same_ = 0; \
	} \
	CHECK(same_); \
} while (0)

static void test_against_libc(void)
{
	static const char long_s[] = "mediating mediation efforts in the region while "
		"the talks go on and on and on, with every side saying the same "
		"thing about the same plan for the same ceasefire, week after week";
	AGREE("'%s' and '%s' share a root: say it once", "mediating", "mediation");
	AGREE("'%s' is repeated %u times in the article", long_s, 435u);
	AGREE("%zu sentences in a row open with '%s'", (size_t)4, "moreover");
	AGREE("passive voice: '%.*s'", 11, "were closed by the city");
	AGREE("100%% %d%%", -2147483647 - 1);
	AGREE("%zu", (size_t)18446744073709551615ull);
	for (int k = 0; k <= 2000; k++) {
		double v = k / 20.0;   /* every .05 from 0 to 100, ties included */
		AGREE("nearly repeats (%.0f%% alike): \"%s\"", v, "quote");
		AGREE("%.0f", v * 100 / 7);
		AGREE("%.0f", -v);
	}
}

CD_TEST_MAIN(TEST(test_by_hand), TEST(test_against_libc))
