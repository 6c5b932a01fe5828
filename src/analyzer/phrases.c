/* phrases.c - placeholder stage until its issue lands: computes nothing yet. */
#include "analyzer/internal.h"

int cdi_phrases(cd_article *a)
{
	(void)a;
	return CD_OK;
}

int cd_phrasebook_new(cd_phrasebook **out) { *out = NULL; return CD_ENOMEM; }
int cd_phrasebook_add(cd_phrasebook *b, const char *t, size_t l, size_t *bad) { (void)b; (void)t; (void)l; (void)bad; return CD_EINVAL; }
void cd_phrasebook_free(cd_phrasebook *b) { (void)b; }
size_t cd_phrasebook_count(const cd_phrasebook *b) { (void)b; return 0; }
const cd_phrase_entry *cd_phrasebook_entry(const cd_phrasebook *b, size_t i) { (void)b; (void)i; return NULL; }
const cd_phrasebook *cdi_phrasebook_builtin(void) { return NULL; }
long cdi_phrasebook_match(const cd_phrasebook *b, const char *const *f, size_t first, size_t n, size_t *len) { (void)b; (void)f; (void)first; (void)n; *len = 0; return -1; }
