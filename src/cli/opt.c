/* opt.c - table-driven option parsing; see opt.h. */
#include "cli/opt.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

void cd_opt_help(const cd_opt *opts, const char *synopsis, const char *summary)
{
	printf("usage: %s\n\n%s\n\noptions:\n", synopsis, summary);
	for (const cd_opt *o = opts; o->id; o++) {
		char left[64];
		if (o->id < 256)
			snprintf(left, sizeof left, "-%c, --%s%s%s", o->id, o->name,
			         o->arg ? " " : "", o->arg ? o->arg : "");
		else
			snprintf(left, sizeof left, "    --%s%s%s", o->name, o->arg ? " " : "",
			         o->arg ? o->arg : "");
		printf("  %-26s %s\n", left, o->help);
	}
	printf("  %-26s %s\n", "-h, --help", "show this help and exit");
}

static const cd_opt *find_long(const cd_opt *opts, const char *name, size_t len)
{
	for (const cd_opt *o = opts; o->id; o++)
		if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
			return o;
	return NULL;
}

static const cd_opt *find_short(const cd_opt *opts, int c)
{
	for (const cd_opt *o = opts; o->id; o++)
		if (o->id == c)
			return o;
	return NULL;
}

int cd_opt_parse(const cd_opt *opts, const char *synopsis, const char *summary,
                 int argc, char **argv, int *first,
                 int (*on)(int id, const char *arg, void *ctx), void *ctx)
{
	int i = 1;
	for (; i < argc; i++) {
		char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (a[0] != '-' || a[1] == '\0')
			break;
		const cd_opt *o;
		const char *val = NULL;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			cd_opt_help(opts, synopsis, summary);
			return -1;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			o = find_long(opts, a + 2, len);
			if (!o) {
				cd_cli_error("%s: unknown option '%s' (see '%s --help')", argv[0], a, argv[0]);
				return CD_EXIT_USAGE;
			}
			if (eq)
				val = eq + 1;
		} else {
			o = find_short(opts, (unsigned char)a[1]);
			if (!o) {
				cd_cli_error("%s: unknown option '%s' (see '%s --help')", argv[0], a, argv[0]);
				return CD_EXIT_USAGE;
			}
			if (a[2])
				val = a + 2;
		}
		if (o->arg && !val) {
			if (i + 1 >= argc) {
				cd_cli_error("%s: option '--%s' needs %s", argv[0], o->name, o->arg);
				return CD_EXIT_USAGE;
			}
			val = argv[++i];
		} else if (!o->arg && val) {
			cd_cli_error("%s: option '--%s' takes no value", argv[0], o->name);
			return CD_EXIT_USAGE;
		}
		int rc = on(o->id, val, ctx);
		if (rc != 0)
			return rc;
	}
	*first = i;
	return 0;
}
