/*
 * fuzz_analyze.c - libFuzzer harness for the analyzer (make fuzz). The
 * first two bytes choose options (n-gram range, sentence limits, disabled
 * filler categories); the rest is analyzed and written as JSON. Any crash,
 * leak or sanitizer report is a bug; a crash input becomes a regression
 * case in tests/data/regress/.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "copydesk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cd_options opt;
	cd_options_init(&opt);
	if (size >= 2) {
		opt.ngram_min = 2 + data[0] % 3;
		opt.ngram_max = opt.ngram_min + (data[0] >> 2) % 7;
		opt.long_sentence = 1 + data[1] % 40;
		opt.very_long_sentence = opt.long_sentence + (data[1] >> 4);
		for (int c = 0; c < CD_CAT_COUNT; c++)
			opt.category_enabled[c] = !((data[0] >> 5) & 1) || c % 2;
		data += 2;
		size -= 2;
	}
	cd_article *a = NULL;
	if (cd_analyze(&a, (const char *)data, size, &opt) == CD_OK) {
		char *json = cd_article_json(a, "fuzz");
		free(json);
		cd_article_free(a);
	}
	return 0;
}
