/*
 * cli.h: the recoup command, git-style.
 *
 * Each subcommand lives in its own cmd_NAME.c and exports one
 * `const struct command cmd_NAME` gathered in commands.c. main.c handles
 * what is common: global options (--db, --tenant, anywhere on the line),
 * `--help` on every command, opening the store when the command NEEDS_DB,
 * and mapping errors to exit codes (0 ok, 1 input refused, 2 usage,
 * 3 environment).
 */
#ifndef RECOUP_CLI_H
#define RECOUP_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "core/error.h"

struct store;

enum {
	CMD_NEEDS_DB = 1 << 0,      /* open (and migrate) the store first */
};

struct cli {
	const char *db_url;         /* --db, else RECOUP_DB, else ./recoup.db */
	const char *tenant;         /* --tenant, else RECOUP_TENANT, else "default" */
	int64_t tenant_id;          /* resolved when CMD_NEEDS_DB */
	struct store *store;        /* open when CMD_NEEDS_DB */
	int progress;               /* stderr is a terminal: show progress */
	struct error err;           /* a run function fills it and returns -code */
};

struct command {
	const char *name;
	const char *summary;        /* one line for `recoup --help` */
	const char *usage;          /* full help text for `recoup NAME --help` */
	int flags;
	/* argv[0] is the command name; returns 0 or -ERR_* with cli->err set */
	int (*run)(struct cli *cli, int argc, char **argv);
};

extern const struct command *const commands[];

/* The descriptors, one per cmd_NAME.c (keep in the order of commands.c). */
extern const struct command cmd_init;
extern const struct command cmd_import;

/* Prints "usage error" text and returns -ERR_USAGE. */
int cli_usage_error(struct cli *cli, const struct command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Progress line on stderr when on a terminal; a no-op otherwise. */
void cli_progress(struct cli *cli, const char *what, long long done, long long total);
void cli_progress_done(struct cli *cli);

#endif
