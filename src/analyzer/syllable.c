/* syllable.c - placeholder: vowel groups, until the real counter lands. */
#include "analyzer/internal.h"

#include <string.h>

unsigned cd_syllables(const char *word, size_t len)
{
	unsigned n = 0;
	int prev = 0, any = 0;
	for (size_t i = 0; i < len; i++) {
		int c = (unsigned char)word[i] | 0x20;
		int v = strchr("aeiouy", c) != NULL && c != 0x20;
		if (v && !prev)
			n++;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			any = 1;
		prev = v;
	}
	return n ? n : (unsigned)any;
}
