/* segment.c - placeholder until the segmenter lands. */
#include "analyzer/internal.h"
int cdi_segment(cd_article *a) { (void)a; return CD_OK; }
