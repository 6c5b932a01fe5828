/* readability.c - placeholder. */
#include "analyzer/internal.h"
int cdi_readability(cd_article *a) { (void)a; return CD_OK; }
