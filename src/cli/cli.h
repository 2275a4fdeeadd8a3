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

#include "app/app.h"
#include "core/dates.h"
#include "core/error.h"
#include "ingest/outfile.h"
struct store;
struct correct_result;
struct change_record;
struct record_table;

enum {
	CMD_NEEDS_DB = 1 << 0, /* open (and migrate) the store first */
	/*
	 * May create a missing SQLite file (else: an error). When the command
	 * fails, a database file it created is removed again (see main.c).
	 */
	CMD_CREATES_DB = 1 << 1,
	/*
	 * A server (serve): on SQLite its writers wait less for another
	 * process's write lock than a command does (main.c, busy_timeout_setup).
	 */
	CMD_SERVER = 1 << 2,
};

struct cli {
	const char *db_url; /* --db, else RECOUP_DB, else ./recoup.db */
	const char *tenant; /* --tenant, else RECOUP_TENANT, else "default" */
	/*
	 * What every use case takes (app/app.h): the store (open; closed by
	 * main), the tenant (`tenant` resolved: tenants_resolve), the user
	 * (cli_user()) and the clock (cli_now(), cli_today()); filled when
	 * CMD_NEEDS_DB. A command may replace today (--as-of). `init` opens the
	 * store itself, into app.store.
	 */
	struct app_ctx app;
	int progress;       /* stderr is a terminal: show progress */
	const char *locale; /* RECOUP_LOCALE for amounts in tables, else "en" */
	struct error err;   /* a run function fills it and returns -code */
	/*
	 * Files no command may write (see cli_outfile_open): the SQLite
	 * database, its -wal, -shm, -journal files and its run lock, as named
	 * and resolved.
	 */
	struct outfile_protect protect[10];
	size_t nprotect;
	char protect_names[10][4096 + 16];
};

struct command {
	const char *name;
	const char *summary; /* one line for `recoup --help` */
	const char *usage;   /* full help text for `recoup NAME --help` */
	int flags;
	/*
	 * An option that answers without the database (serve --routes prints the
	 * route table): given it, CMD_NEEDS_DB does not apply. NULL: none.
	 */
	const char *no_db_option;
	/* argv[0] is the command name; returns 0 or -ERR_* with cli->err set */
	int (*run)(struct cli *cli, int argc, char **argv);
};

extern const struct command *const commands[];

/* The descriptors, one per cmd_NAME.c (keep in the order of commands.c). */
extern const struct command cmd_init;
extern const struct command cmd_generate;
extern const struct command cmd_import;
extern const struct command cmd_aging;
extern const struct command cmd_report;
extern const struct command cmd_export;
extern const struct command cmd_check;
extern const struct command cmd_rules;
extern const struct command cmd_contact;
extern const struct command cmd_customer;
extern const struct command cmd_demo;
extern const struct command cmd_backup;
extern const struct command cmd_migrate;
extern const struct command cmd_user;
extern const struct command cmd_account;
extern const struct command cmd_run;
extern const struct command cmd_actions;
extern const struct command cmd_strategy;
extern const struct command cmd_assign;
extern const struct command cmd_queue;
extern const struct command cmd_plan;
extern const struct command cmd_settlement;
extern const struct command cmd_approval;
extern const struct command cmd_writeoff;
extern const struct command cmd_authority;
extern const struct command cmd_letter;
extern const struct command cmd_serve;
extern const struct command cmd_token;
extern const struct command cmd_dispute;
extern const struct command cmd_credit;
extern const struct command cmd_special;
extern const struct command cmd_promise;
extern const struct command cmd_agency;
extern const struct command cmd_legal;
extern const struct command cmd_audit;
extern const struct command cmd_send;
extern const struct command cmd_config;
extern const struct command cmd_template;
extern const struct command cmd_document;
extern const struct command cmd_dashboard;

/*
 * getopt_long for every command: getopt's own message off (opterr), and the
 * arguments kept, so that cli_usage_error(..., "unknown option") says which
 * and why ("--as-of needs a value", "--dry-run takes no value", "unknown
 * option '--bogus'") in the one line of the command's refusal. Until
 * 2026-12-07 glibc printed its line, then the command "unknown option" for
 * an option that was known and only missed its value.
 */
struct option;
int cli_getopt(int argc, char *const *argv, const char *optstring, const struct option *longopts, int *longindex);

/* Prints "usage error" text and returns -ERR_USAGE. */
int cli_usage_error(struct cli *cli, const struct command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

enum output_format { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON };

/* "table", "csv", "json" (only those allowed in `allowed`, a bit set). */
int cli_parse_format(struct cli *cli, const struct command *cmd, const char *text, unsigned allowed,
		     enum output_format *out);
#define FORMATS_ALL ((1u << FORMAT_TABLE) | (1u << FORMAT_CSV) | (1u << FORMAT_JSON))

/* Today's date in UTC: the one place the CLI reads the clock for a date. */
date_t cli_today(void);
/*
 * A date ("YYYY-MM-DD") or a timestamp (ISO 8601 with a zone) typed on the
 * command line: else the usage error (exit 2) naming the option,
 * "--deadline: '2026-02-30' is not a date (no such day) (see 'recoup dispute --help')".
 * Every option or argument that is a date or a timestamp goes through these.
 */
int cli_parse_date(struct cli *cli, const struct command *cmd, const char *option, const char *text, date_t *out);
int cli_parse_timestamp(struct cli *cli, const struct command *cmd, const char *option, const char *text,
			timestamp_t *out);
/*
 * cli_parse_timestamp for an option whose moment 0 the use case takes for
 * "not given" (an --at that defaults to now, a --callback-at: none): the
 * moment 0 itself, 1970-01-01T00:00:00Z, is a usage error naming the option
 * rather than silently taken for the option left out.
 */
int cli_parse_given_moment(struct cli *cli, const struct command *cmd, const char *option, const char *text,
			   timestamp_t *out);
/*
 * The shape of an amount typed on the command line (money_shape: digits,
 * one '.', a leading '-'): else the usage error (exit 2) naming the option,
 * "--pay: amount '9,50' is not a decimal number (only digits, one '.' and a
 * leading '-') (see 'recoup settlement --help')". Its decimals and size
 * depend on the currency, which the use case knows and checks (exit 1).
 */
int cli_parse_amount(struct cli *cli, const struct command *cmd, const char *option, const char *text);
/*
 * A whole number typed on the command line, from min to max: an optional
 * '-' (only when min < 0), then ASCII digits, nothing else (no spaces, no
 * '+', not empty, no trailing text, no overflow). 0, or -1 with *out
 * untouched. For an option whose refusal keeps a message of its own; the
 * others take cli_parse_int.
 */
int cli_int_text(const char *text, long long min, long long max, long long *out);
/* cli_int_text, else the usage error "--limit ' 3': expected a whole number from 0 to 100000". */
int cli_parse_int(struct cli *cli, const struct command *cmd, const char *option, const char *text, long long min,
		  long long max, long long *out);

/* Now, from the clock: the one place the CLI reads the time of day. */
timestamp_t cli_now(void);
/* --by default: $USER, else "cli". */
const char *cli_user(void);
/*
 * Opens a file the command writes (--out, --rejects) with outfile_open():
 * refused when it is the database (or its -wal, -shm, -journal files) or
 * one of the `nreading` files the command reads, or when it exists and
 * `force` is 0. Returns 0 or -ERR_* with cli->err set.
 */
int cli_outfile_open(struct cli *cli, const char *path, const char *const *reading, size_t nreading, int force,
		     struct outfile **out);

/*
 * "1 customer", "2 customers": the count and the word in the right number.
 * Returns buf. English only, like every message recoup prints.
 */
const char *cli_count(char *buf, size_t size, long long n, const char *one, const char *many);

/*
 * An amount for a table (human output): in RECOUP_LOCALE's format
 * (cli->locale, default en: 1,234.56), with the currency's decimals.
 * cli_money_cur appends the currency ("1.234,56 EUR"). CSV and JSON never
 * use these: they keep plain decimals (money_format). Returns buf.
 */
#define CLI_MONEY_MAX 64 /* a table amount in any locale, with its currency */
const char *cli_money(const struct cli *cli, int64_t amount, const char *currency, char *buf, size_t size);
const char *cli_money_cur(const struct cli *cli, int64_t amount, const char *currency, char *buf, size_t size);

/*
 * One change of a correction, as `customer set`, `contact set` and
 * `import customers --update` list it (cmd_set.c):
 * "  customer C1: email 'a@x' -> 'b@x'".
 */
void cli_print_change(FILE *out, const struct change_record *c);

/*
 * `customer set` and `contact set` (cmd_set.c): parses --by, checks the
 * shape of an amount typed for a money field of `t` (the record's codec
 * table: a usage error, exit 2), calls the correction use case `set` (an
 * app/correct.h correct_set_fn) and lists the changes.
 */
int cli_run_set(struct cli *cli, const struct command *cmd, const char *what, const struct record_table *t,
		int (*set)(const struct app_ctx *ctx, const char *ref, char *const *assign, size_t n, const char *by,
			   struct correct_result *out, struct error *e),
		int argc, char **argv);

/*
 * The whole file `path`, read to its end (a pipe too), in *data (malloc'd,
 * with a NUL after its *len bytes; caller frees): 0, or -ERR_INPUT (it
 * cannot be read, or is a directory) / -ERR_ENV (cmd_rules.c).
 */
int cli_read_bytes(struct cli *cli, const char *path, char **data, size_t *len);
/*
 * The same, refused (-ERR_INPUT, nothing kept) once it passes `max` bytes:
 * read no further than that, so /dev/zero or a FIFO that never ends is
 * refused, not read until memory runs out. cli_read_bytes and
 * cli_read_file bound their files (JSON documents, templates, a letter's
 * body, certificates) at CLI_READ_MAX.
 */
#define CLI_READ_MAX ((size_t)16 << 20)
int cli_read_bytes_max(struct cli *cli, const char *path, size_t max, char **data, size_t *len);
/*
 * The same for a text: a UTF-8 byte-order mark at its start is dropped; a NUL
 * byte in it is refused (-ERR_INPUT, naming where in the file).
 */
int cli_read_file(struct cli *cli, const char *path, char **out);

/* Progress line on stderr when on a terminal; a no-op otherwise. */
void cli_progress(struct cli *cli, const char *what, long long done, long long total);
void cli_progress_done(struct cli *cli);

#endif
