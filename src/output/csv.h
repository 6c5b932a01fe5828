/* csv.h - one CSV row per article (RFC 4180 quoting), for spreadsheets. */
#ifndef CD_OUTPUT_CSV_H
#define CD_OUTPUT_CSV_H

#include <stdio.h>

#include "copydesk.h"

void cd_csv_header(FILE *out);
void cd_csv_row(FILE *out, const char *path, const cd_result *r);

#endif
