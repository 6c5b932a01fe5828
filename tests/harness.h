/*
 * harness.h - copydesk's tiny test harness.
 *
 * Each tests/test_*.c file defines TESTS as a list of functions and calls
 * CD_TEST_MAIN. Every check counts once; the last line printed is
 * "N passed, N failed" and the exit code is non-zero when a check failed.
 */
#ifndef CD_TEST_HARNESS_H
#define CD_TEST_HARNESS_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cdt_passed, cdt_failed;
static const char *cdt_current = "";

#define CHECK(cond) do { \
	if (cond) cdt_passed++; \
	else { cdt_failed++; fprintf(stderr, "%s:%d: %s: check failed: %s\n", \
		__FILE__, __LINE__, cdt_current, #cond); } \
} while (0)

#define CHECK_EQ_INT(got, want) do { \
	long long cdt_g = (long long)(got), cdt_w = (long long)(want); \
	if (cdt_g == cdt_w) cdt_passed++; \
	else { cdt_failed++; fprintf(stderr, "%s:%d: %s: %s is %lld, want %lld\n", \
		__FILE__, __LINE__, cdt_current, #got, cdt_g, cdt_w); } \
} while (0)

#define CHECK_NEAR(got, want, tol) do { \
	double cdt_g = (double)(got), cdt_w = (double)(want); \
	if (fabs(cdt_g - cdt_w) <= (tol)) cdt_passed++; \
	else { cdt_failed++; fprintf(stderr, "%s:%d: %s: %s is %.6f, want %.6f\n", \
		__FILE__, __LINE__, cdt_current, #got, cdt_g, cdt_w); } \
} while (0)

#define CHECK_STR(got, want) do { \
	const char *cdt_g = (got), *cdt_w = (want); \
	if (cdt_g && cdt_w && strcmp(cdt_g, cdt_w) == 0) cdt_passed++; \
	else { cdt_failed++; fprintf(stderr, "%s:%d: %s: %s is \"%s\", want \"%s\"\n", \
		__FILE__, __LINE__, cdt_current, #got, cdt_g ? cdt_g : "(null)", \
		cdt_w ? cdt_w : "(null)"); } \
} while (0)

/* The whole file at path, malloc'd with a NUL after its *len bytes; NULL
 * (and *len 0) when it cannot be opened or read, or on no memory. */
static inline char *cdt_slurp(const char *path, size_t *len)
{
	*len = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t cap = 0, n = 0;
	for (;;) {
		if (n + 4096 > cap) {
			cap = cap ? cap * 2 : 65536;
			char *nb = realloc(buf, cap + 1);
			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

typedef void (*cdt_fn)(void);
typedef struct { const char *name; cdt_fn fn; } cdt_case;
#define TEST(fn) { #fn, fn }

#define CD_TEST_MAIN(...) \
int main(void) { \
	static const cdt_case cases[] = { __VA_ARGS__ }; \
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) { \
		cdt_current = cases[i].name; \
		cases[i].fn(); \
	} \
	printf("%d passed, %d failed\n", cdt_passed, cdt_failed); \
	return cdt_failed ? 1 : 0; \
}

#endif
