/*
 * fuzz_config.c - libFuzzer harness for the copydesk.ini loader (make
 * fuzz): the input is written to a file and loaded; it must load or fail
 * with a message, never crash or leak.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	if (!path[0])
		snprintf(path, sizeof path, "/tmp/copydesk-fuzz-%ld.ini", (long)getpid());
	FILE *f = fopen(path, "wb");
	if (!f)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	cd_config cfg;
	char err[1024];
	if (cd_config_load(&cfg, path, err, sizeof err) == 0)
		cd_config_free(&cfg);
	return 0;
}
