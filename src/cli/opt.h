/*
 * opt.h - one table per subcommand drives both option parsing and --help.
 */
#ifndef CD_CLI_OPT_H
#define CD_CLI_OPT_H

typedef struct cd_opt {
	int id;                  /* short letter, or a value >= 256 for long-only */
	const char *name;        /* long name without -- */
	const char *arg;         /* argument name, NULL for a flag */
	const char *help;
} cd_opt;

/* Parses argv (argv[0] = subcommand) against opts (ended by a zero id).
 * Calls on(id, arg, ctx) for each option; on returns 0 to go on, or an exit
 * code to stop. -h/--help prints the help and returns -1 (exit 0). Sets
 * *first to the index of the first operand. Returns 0, -1 (help shown) or
 * the exit code of a usage error. */
int cd_opt_parse(const cd_opt *opts, const char *synopsis, const char *summary,
                 int argc, char **argv, int *first,
                 int (*on)(int id, const char *arg, void *ctx), void *ctx);

void cd_opt_help(const cd_opt *opts, const char *synopsis, const char *summary);

#endif
