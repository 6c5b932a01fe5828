/*
 * fuzz_analyze.c - libFuzzer harness for the analyzer (make fuzz, make
 * fuzz-long). The first bytes choose the options (fuzz_options.h: every
 * cd_options field, the built-in phrase book or one with user entries);
 * the rest is analyzed, written as JSON and as a CSV row and checked
 * against what copydesk.h promises (fuzz_check.h). Any crash, leak,
 * sanitizer report or broken promise (an abort) is a bug; its input goes
 * into tests/data/regress/, which tests/test_regress.c replays the same
 * way.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_check.h"
#include "fuzz_options.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cd_options opt;
	size_t used = cd_fuzz_options(&opt, data, size, cd_fuzz_extra_book());
	const char *bad = cd_fuzz_check(&opt, data + used, size - used);
	if (bad) {
		fprintf(stderr, "broken promise: %s\n", bad);
		abort();
	}
	return 0;
}
