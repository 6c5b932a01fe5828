/*
 * fuzz_options.h - the first bytes of a fuzz input choose the cd_options
 * of the analysis (fuzz_analyze.c), so that every setting copydesk.ini
 * can give reaches the analyzer, with the same bounds as the config
 * loader (src/config/config.c): ngram_min <= ngram_max in 2..16,
 * long_sentence <= very_long_sentence in 1..1000, long_paragraph 1..100000,
 * same_root_window 1..50, mattr_window 10..10000, near_duplicate 0.3..1,
 * max_bytes >= 1024, categories on/off, targets and weights within range,
 * and the built-in phrase book or one with user entries added.
 *
 * An input shorter than CD_FUZZ_OPTION_BYTES is analyzed whole with the
 * defaults; a longer one gives its first CD_FUZZ_OPTION_BYTES bytes to the
 * options and the rest is the article:
 *
 *   byte  sets
 *   0     ngram_min           2 + b % 15
 *   1     ngram_max           ngram_min + b % (17 - ngram_min)
 *   2     long_sentence       bit 7 clear: 1 + b % 64; set: 1 + (b & 127) * 8 (<= 1000)
 *   3     very_long_sentence  long_sentence + b % 64 (<= 1000)
 *   4     long_paragraph      bit 7 clear: 1 + b % 128; set: (b & 127) * 800 (1..100000)
 *   5     same_root_window    1 + b % 50
 *   6     mattr_window        bit 7 clear: 10 + b % 128; set: 10 + (b & 127) * 78 (<= 10000)
 *   7     near_duplicate      0.3 + 0.7 * b / 255
 *   8     category_enabled    bit c clear = category c on (0 = all on, the default)
 *   9     flags               bit 0: the extra phrase book (when given);
 *                             bits 1+2 both set: max_bytes = 1024 (the smallest);
 *                             bit 3: targets and weights from bytes 10-13, else defaults
 *   10,11 targets             2 bits each for the six targets: default, 0, the
 *                             largest allowed, or a value in between
 *   12,13 weights             2 bits each for the eight weights: default, 0, 100, 1
 */
#ifndef CD_FUZZ_OPTIONS_H
#define CD_FUZZ_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "copydesk.h"

#define CD_FUZZ_OPTION_BYTES 14

static inline double cd_fuzz_pick(unsigned sel, double def, double max, double mid)
{
	switch (sel & 3) {
	case 1: return 0;
	case 2: return max;
	case 3: return mid;
	default: return def;
	}
}

/* Fills *opt from the first bytes of data (see above); extra is the phrase
 * book flag bit 0 selects (NULL: always the built-in one). Returns the
 * number of bytes used, 0 or CD_FUZZ_OPTION_BYTES. */
static inline size_t cd_fuzz_options(cd_options *opt, const uint8_t *d, size_t size,
                                     const cd_phrasebook *extra)
{
	cd_options_init(opt);
	if (size < CD_FUZZ_OPTION_BYTES)
		return 0;

	opt->ngram_min = 2 + d[0] % 15;
	opt->ngram_max = opt->ngram_min + d[1] % (17 - opt->ngram_min);

	opt->long_sentence = (d[2] & 0x80) ? 1 + (d[2] & 0x7fu) * 8 : 1 + d[2] % 64u;
	if (opt->long_sentence > 1000)
		opt->long_sentence = 1000;
	opt->very_long_sentence = opt->long_sentence + d[3] % 64u;
	if (opt->very_long_sentence > 1000)
		opt->very_long_sentence = 1000;

	opt->long_paragraph = (d[4] & 0x80) ? (d[4] & 0x7fu) * 800 : 1 + d[4] % 128u;
	if (opt->long_paragraph == 0)
		opt->long_paragraph = 1;
	opt->same_root_window = 1 + d[5] % 50u;
	opt->mattr_window = (d[6] & 0x80) ? 10 + (d[6] & 0x7fu) * 78 : 10 + d[6] % 128u;
	opt->near_duplicate = 0.3 + 0.7 * d[7] / 255.0;

	for (int c = 0; c < CD_CAT_COUNT; c++)
		opt->category_enabled[c] = !((d[8] >> c) & 1);

	if ((d[9] & 1) && extra)
		opt->phrasebook = extra;
	if ((d[9] & 6) == 6)
		opt->max_bytes = 1024;
	if (d[9] & 8) {
		unsigned t = d[10] | (unsigned)d[11] << 8;
		opt->target_filler_per_1000 = cd_fuzz_pick(t, opt->target_filler_per_1000, 1000, 7.5);
		opt->target_grade = cd_fuzz_pick(t >> 2, opt->target_grade, 30, 8.25);
		opt->target_transition_share = cd_fuzz_pick(t >> 4, opt->target_transition_share, 1, 0.4);
		opt->target_long_share = cd_fuzz_pick(t >> 6, opt->target_long_share, 1, 0.6);
		opt->target_repeated_share = cd_fuzz_pick(t >> 8, opt->target_repeated_share, 1, 0.01);
		opt->target_passive_share = cd_fuzz_pick(t >> 10, opt->target_passive_share, 1, 0.5);
		unsigned w = d[12] | (unsigned)d[13] << 8;
		double *weights[] = {
			&opt->weight_filler, &opt->weight_grade, &opt->weight_transitions,
			&opt->weight_long_sentences, &opt->weight_repetition, &opt->weight_mechanics,
			&opt->weight_passive, &opt->weight_openers
		};
		for (unsigned i = 0; i < sizeof weights / sizeof weights[0]; i++)
			*weights[i] = cd_fuzz_pick(w >> (2 * i), *weights[i], 100, 1);
	}
	return CD_FUZZ_OPTION_BYTES;
}

#endif
