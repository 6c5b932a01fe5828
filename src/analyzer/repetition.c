/* repetition.c - placeholder stage until its issue lands: computes nothing yet. */
#include "analyzer/internal.h"

int cdi_repetition(cd_article *a)
{
	(void)a;
	return CD_OK;
}
