/*
 * main.c: dispatch to a subcommand; everything the commands share.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/tprintf.h"
#include "core/money.h"
#include "core/validate.h"
#include "ingest/outfile.h"
#include "app/documents.h"
#include "app/tenants.h"
#include "store/store.h"

static void print_overview(FILE *out)
{
	cli_fprintf(out, "usage: recoup [--db PATH|URL] [--tenant NAME] <command> [<args>]\n\n"
			 "recoup keeps receivables exactly and helps collect them.\n\ncommands:\n");
	for (int i = 0; commands[i]; i++)
		cli_fprintf(out, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
	cli_fprintf(
		out,
		"\nThe database is --db or RECOUP_DB: a file path (SQLite, default ./recoup.db)\n"
		"or a postgresql:// URL (an empty RECOUP_DB counts as unset). 'recoup <command> --help' tells more.\n"
		"Exit codes: 0 ok, 1 input refused (nothing changed), 2 usage, 3 environment.\n"
		"Tables show amounts in RECOUP_LOCALE's format (default en: 1,234.56); CSV and\n"
		"JSON always use plain decimals (1234.56).\n");
}

/* What the last cli_getopt() was parsing: a command parses its options once, on one thread. */
static struct {
	int argc;
	char *const *argv;
	const struct option *longopts;
} getopt_last;

int cli_getopt(int argc, char *const *argv, const char *optstring, const struct option *longopts, int *longindex)
{
	getopt_last.argc = argc;
	getopt_last.argv = argv;
	getopt_last.longopts = longopts;
	opterr = 0;
	return getopt_long(argc, argv, optstring, longopts, longindex);
}

/*
 * Why getopt_long refused the argument before optind: a long option missing
 * its value (optopt its val) or given one it takes none ("--dry-run=3"),
 * else an option it does not know, named as typed.
 */
static void bad_option(char *msg, size_t size)
{
	const char *arg = getopt_last.argv && optind >= 1 && optind - 1 < getopt_last.argc
				  ? getopt_last.argv[optind - 1]
				  : NULL;

	if (!arg) {
		snprintf(msg, size, "unknown option");
		return;
	}
	if (arg[0] == '-' && arg[1] == '-' && optopt) {
		size_t len = strcspn(arg + 2, "=");
		for (const struct option *o = getopt_last.longopts; o && o->name; o++) {
			if (o->flag || o->val != optopt || strncmp(o->name, arg + 2, len))
				continue;
			snprintf(msg, size, arg[2 + len] == '=' ? "--%s takes no value" : "--%s needs a value",
				 o->name);
			return;
		}
	}
	snprintf(msg, size, "unknown option '%.200s'", arg);
}

int cli_usage_error(struct cli *cli, const struct command *cmd, const char *fmt, ...)
{
	va_list ap;
	char msg[512], field[ERROR_FIELD_MAX];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!strcmp(fmt, "unknown option"))
		bad_option(msg, sizeof(msg));
	/* a use case's refusal passed on keeps its field, which name_option() makes the option */
	snprintf(field, sizeof(field), "%s", cli->err.field);
	error_set(&cli->err, ERR_USAGE, "%s (see 'recoup %s --help')", msg, cmd ? cmd->name : "");
	snprintf(cli->err.field, sizeof(cli->err.field), "%s", field);
	return -ERR_USAGE;
}

int cli_parse_format(struct cli *cli, const struct command *cmd, const char *text, unsigned allowed,
		     enum output_format *out)
{
	static const char *const names[] = { "table", "csv", "json" };
	for (int i = 0; i < 3; i++) {
		if (!strcmp(text, names[i]) && (allowed & (1u << i))) {
			*out = (enum output_format)i;
			return 0;
		}
	}
	return cli_usage_error(cli, cmd, "--format '%s' is not one of %s%s%s", text, allowed & 1 ? "table " : "",
			       allowed & 2 ? "csv " : "", allowed & 4 ? "json" : "");
}

date_t cli_today(void)
{
	return timestamp_date_utc((timestamp_t)time(NULL));
}

timestamp_t cli_now(void)
{
	return (timestamp_t)time(NULL);
}

const char *cli_user(void)
{
	const char *user = getenv("USER");
	return user && *user ? user : "cli";
}

/*
 * Test hook (docs/internals.md): RECOUP_TEST_FAULT_AT=N fails the N-th
 * store call with an environment error; RECOUP_TEST_FAULT_AT=count prints
 * how many calls the command made, on stderr, as "store calls: N".
 * Returns 1 when the count is to be printed.
 */
static int test_fault_setup(struct store *s)
{
	const char *v = getenv("RECOUP_TEST_FAULT_AT");
	char *end;
	long n;

	if (!v || !*v)
		return 0;
	if (!strcmp(v, "count"))
		return 1;
	n = strtol(v, &end, 10);
	if (*end == '\0' && n > 0)
		store_fault_inject(s, n);
	return 0;
}

int cli_parse_date(struct cli *cli, const struct command *cmd, const char *option, const char *text, date_t *out)
{
	struct error e = ERROR_INIT;
	if (date_parse(text, out, &e) < 0)
		return cli_usage_error(cli, cmd, "%s: %s", option, e.message);
	return 0;
}

int cli_parse_timestamp(struct cli *cli, const struct command *cmd, const char *option, const char *text,
			timestamp_t *out)
{
	struct error e = ERROR_INIT;
	if (timestamp_parse(text, out, &e) < 0)
		return cli_usage_error(cli, cmd, "%s: %s", option, e.message);
	return 0;
}

int cli_parse_given_moment(struct cli *cli, const struct command *cmd, const char *option, const char *text,
			   timestamp_t *out)
{
	timestamp_t t;

	if (cli_parse_timestamp(cli, cmd, option, text, &t) < 0)
		return -ERR_USAGE;
	if (t == 0)
		return cli_usage_error(cli, cmd,
				       "%s '%s': the moment 0 (1970-01-01T00:00:00Z) stands for the option left out "
				       "here; leave it out or give another moment",
				       option, text);
	*out = t;
	return 0;
}

int cli_parse_amount(struct cli *cli, const struct command *cmd, const char *option, const char *text)
{
	struct error e = ERROR_INIT;
	if (money_shape(text, &e) < 0)
		return cli_usage_error(cli, cmd, "%s: %s", option, e.message);
	return 0;
}

int cli_int_text(const char *text, long long min, long long max, long long *out)
{
	const char *digits = text + (text[0] == '-' && min < 0);
	char *end;
	long long v;

	/* digits alone: strtoll would also take leading spaces and a '+' */
	if (!*digits || strspn(digits, "0123456789") != strlen(digits))
		return -1;
	errno = 0;
	v = strtoll(text, &end, 10);
	if (errno == ERANGE || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int cli_parse_int(struct cli *cli, const struct command *cmd, const char *option, const char *text, long long min,
		  long long max, long long *out)
{
	if (cli_int_text(text, min, max, out) < 0)
		return cli_usage_error(cli, cmd, "%s '%s': expected a whole number from %lld to %lld", option, text,
				       min, max);
	return 0;
}

const char *cli_count(char *buf, size_t size, long long n, const char *one, const char *many)
{
	snprintf(buf, size, "%lld %s", n, n == 1 ? one : many);
	return buf;
}

const char *cli_money(const struct cli *cli, int64_t amount, const char *currency, char *buf, size_t size)
{
	return money_format_locale(amount, currency_exponent(currency), cli->locale, buf, size);
}

const char *cli_money_cur(const struct cli *cli, int64_t amount, const char *currency, char *buf, size_t size)
{
	char num[MONEY_TEXT_MAX + 16];
	cli_money(cli, amount, currency, num, sizeof(num));
	snprintf(buf, size, "%s %s", num, currency);
	return buf;
}

/* ---- running a command again after a conflict ---- */

/*
 * A PostgreSQL transaction aborted for a conflict with another one (a
 * serialization failure or a deadlock, error.retry) changed nothing, and
 * every use case is one transaction, all or nothing (or, like migrate, one
 * per tenant that reports each as it commits): running the command again
 * is safe, and usually succeeds. It is run again at most RETRY_MAX times
 * (RECOUP_RETRY_MAX overrides: 0 never), after a short random pause that
 * grows each time, saying so on stderr; then the error is the user's.
 *
 * Output: a command run again must not print twice what it printed before
 * the failure. While retries are possible, stdout and stderr are counted
 * (counted_open: the same file descriptors, through streams that count the
 * bytes written), and a command that wrote anything before it failed is
 * not run again: its error stands. Progress lines and the retry notice go
 * to the real stderr, uncounted.
 */
#define RETRY_MAX 5

struct counted {
	int fd;
	unsigned long long bytes;
};

static struct counted counted_out = { STDOUT_FILENO, 0 }, counted_err = { STDERR_FILENO, 0 };
static FILE *raw_stderr; /* the process's own stderr: progress and retry notices */

static ssize_t counted_write(void *cookie, const char *buf, size_t size)
{
	struct counted *c = cookie;
	size_t done = 0;

	while (done < size) {
		ssize_t n = write(c->fd, buf + done, size - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return done ? (ssize_t)done : -1;
		done += (size_t)n;
	}
	c->bytes += done;
	return (ssize_t)done;
}

/* A stream writing to c->fd that counts; NULL when it cannot be made (the output is then left as it was). */
static FILE *counted_open(struct counted *c, int mode)
{
	cookie_io_functions_t io = { .write = counted_write };
	FILE *f = fopencookie(c, "w", io);

	if (f)
		setvbuf(f, NULL, mode, mode == _IONBF ? 0 : BUFSIZ);
	return f;
}

/* Counts what the command writes from now on (see above). 1 when counting. */
static int count_output(void)
{
	FILE *out, *err;

	fflush(stdout);
	fflush(stderr);
	out = counted_open(&counted_out, isatty(STDOUT_FILENO) ? _IOLBF : _IOFBF);
	err = counted_open(&counted_err, _IONBF);
	if (!out || !err) {
		if (out)
			fclose(out);
		if (err)
			fclose(err);
		return 0;
	}
	raw_stderr = stderr;
	/* glibc's stdout and stderr are plain variables that a program may set */
	stdout = out;
	stderr = err;
	return 1;
}

static unsigned long long output_bytes(void)
{
	fflush(stdout);
	return counted_out.bytes + counted_err.bytes;
}

/*
 * How long a SQLite writer waits for another's write lock before it gives
 * up (exit 3, "busy with another writer"), in seconds: RECOUP_BUSY_TIMEOUT
 * (empty counts as unset), else BUSY_TIMEOUT_COMMAND, or BUSY_TIMEOUT_SERVER
 * for serve. A command is one job that can finish once the writer it met
 * lets go: with SQLite's 10 s a daily run started while a large import
 * still wrote exited 3 and had to be run again. The server's writer thread
 * holds every queued write of every client while it waits, and its
 * clients give up after --timeout (30 s by default): it keeps the 10 s, a
 * 503 that a client retries. docs/operations.md, "Concurrency".
 */
#define BUSY_TIMEOUT_COMMAND 60
#define BUSY_TIMEOUT_SERVER  (STORE_BUSY_TIMEOUT_MS / 1000)
#define BUSY_TIMEOUT_MAX     86400

static int busy_timeout_setup(struct cli *cli, const struct command *cmd)
{
	const char *v = getenv("RECOUP_BUSY_TIMEOUT");
	long long seconds = cmd->flags & CMD_SERVER ? BUSY_TIMEOUT_SERVER : BUSY_TIMEOUT_COMMAND;

	if (v && *v && cli_int_text(v, 0, BUSY_TIMEOUT_MAX, &seconds) < 0)
		return error_set(&cli->err, ERR_USAGE,
				 "RECOUP_BUSY_TIMEOUT '%s': expected a whole number of seconds from 0 to %d (how long "
				 "a SQLite writer waits for another's write lock)",
				 v, BUSY_TIMEOUT_MAX);
	store_set_busy_timeout((int)seconds * 1000);
	return 0;
}

/* RECOUP_RETRY_MAX (0..100), else RETRY_MAX. */
static int retry_max(void)
{
	const char *v = getenv("RECOUP_RETRY_MAX");
	char *end;
	long n;

	if (!v || !*v)
		return RETRY_MAX;
	n = strtol(v, &end, 10);
	return *end == '\0' && n >= 0 && n <= 100 ? (int)n : RETRY_MAX;
}

/* Before retry `k` (1..): 25 ms << k, times a random 0.5 to 1.5, so that two clients that met do not meet again. */
static void retry_pause(int k, unsigned *seed)
{
	long ms = (25L << (k < 8 ? k : 8)) * (50 + rand_r(seed) % 100) / 100;
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

void cli_progress(struct cli *cli, const char *what, long long done, long long total)
{
	FILE *out = raw_stderr ? raw_stderr : stderr;

	if (!cli->progress)
		return;
	if (total > 0)
		cli_fprintf(out, "\r%s: %lld/%lld (%lld%%)", what, done, total, done * 100 / total);
	else
		cli_fprintf(out, "\r%s: %lld", what, done);
	fflush(out);
}

void cli_progress_done(struct cli *cli)
{
	if (cli->progress)
		cli_fprintf(raw_stderr ? raw_stderr : stderr, "\n");
}

/*
 * The database's file, the files SQLite keeps beside it (the first
 * DB_SQLITE_FILES) and the run lock, as named and resolved. The run lock
 * too: a file written over it is a new file, which the next run locks
 * while the run holding the old one goes on (two runs at once).
 */
#define DB_SQLITE_FILES 4
#define DB_COMPANIONS   5
static const char *const db_suffixes[DB_COMPANIONS] = { "", "-wal", "-shm", "-journal", "-run.lock" };
static const char *const db_whats[DB_COMPANIONS] = { "the database", "the database's -wal file",
						     "the database's -shm file", "the database's -journal file",
						     "the database's run lock" };

static int is_postgres(const char *url)
{
	return !strncmp(url, "postgres://", 11) || !strncmp(url, "postgresql://", 13);
}

/* Fills cli->protect from cli->db_url, once the global options are read. */
static void protect_database(struct cli *cli)
{
	char resolved[PATH_MAX];
	int real;

	cli->nprotect = 0;
	if (is_postgres(cli->db_url))
		return;
	/* SQLite names its -wal after the resolved path when the database is a symlink */
	real = realpath(cli->db_url, resolved) != NULL;
	for (int i = 0; i < DB_COMPANIONS; i++) {
		for (int k = 0; k < 1 + real; k++) {
			size_t n = cli->nprotect++;
			snprintf(cli->protect_names[n], sizeof(cli->protect_names[n]), "%s%s",
				 k ? resolved : cli->db_url, db_suffixes[i]);
			cli->protect[n].path = cli->protect_names[n];
			cli->protect[n].what = db_whats[i];
		}
	}
}

/*
 * 1 when `path` (the file, or where it would be made) lies in the stored
 * documents' directory (RECOUP_FILES, else DB.files beside a SQLite book,
 * recoup-files with PostgreSQL):
 * its files are the books' too, each checked against its sha256 when read.
 * `export --out DB.files/1/x.pdf --force` wrote a CSV over a stored
 * document, which `document get` then refused as changed on disk.
 */
static int in_files_dir(const struct cli *cli, const char *path)
{
	char dir[PATH_MAX + 16], rdir[PATH_MAX], parent[PATH_MAX], rpath[PATH_MAX];
	const char *env = getenv("RECOUP_FILES");
	size_t n;

	if (env && *env)
		snprintf(dir, sizeof(dir), "%s", env);
	else
		documents_dir_default(cli->db_url, dir, sizeof(dir));
	if (!realpath(dir, rdir))
		return 0; /* no document stored yet */
	if (!realpath(path, rpath)) {
		/* a new file: where it would be made */
		char *slash;
		snprintf(parent, sizeof(parent), "%s", path);
		slash = strrchr(parent, '/');
		if (!slash)
			snprintf(parent, sizeof(parent), ".");
		else if (slash == parent)
			parent[1] = '\0';
		else
			*slash = '\0';
		if (!realpath(parent, rpath))
			return 0;
	}
	n = strlen(rdir);
	return !strncmp(rpath, rdir, n) && (rpath[n] == '/' || rpath[n] == '\0');
}

int cli_outfile_open(struct cli *cli, const char *path, const char *const *reading, size_t nreading, int force,
		     struct outfile **out)
{
	struct outfile_protect protect[16];
	size_t n = 0;

	if (path && strcmp(path, "-") && in_files_dir(cli, path))
		return error_set(&cli->err, ERR_INPUT,
				 "'%s' is in the stored documents' directory: no command writes there but "
				 "'document add'",
				 path);

	for (size_t i = 0; i < cli->nprotect; i++)
		protect[n++] = cli->protect[i];
	for (size_t i = 0; i < nreading && n < sizeof(protect) / sizeof(protect[0]); i++) {
		protect[n].path = reading[i];
		protect[n++].what = "the file this command reads";
	}
	return outfile_open(out, path, protect, n, force, &cli->err);
}

/* What the SQLite file was before the command ran. */
enum db_state { DB_UNKNOWN, DB_MISSING, DB_EMPTY, DB_PRESENT };

/*
 * A command that may create the database and failed leaves the file system
 * as it found it: a database file it created is removed with its -wal,
 * -shm and -journal, an empty file it filled is emptied again. (A refused
 * import into a mistyped --db must not leave a new database behind.)
 */
static void undo_created_database(struct cli *cli, enum db_state before)
{
	char name[PATH_MAX + 16];

	if (before != DB_MISSING && before != DB_EMPTY)
		return;
	for (int i = 1; i < DB_SQLITE_FILES; i++) {
		snprintf(name, sizeof(name), "%s%s", cli->db_url, db_suffixes[i]);
		unlink(name);
	}
	if (before == DB_MISSING)
		unlink(cli->db_url);
	else if (truncate(cli->db_url, 0) != 0)
		cli_fprintf(stderr, "recoup: could not empty '%s' again: %s\n", cli->db_url, strerror(errno));
}

/* Takes --db/--tenant out of argv wherever they stand; returns the new argc. */
static int take_global_options(struct cli *cli, int argc, char **argv)
{
	int out = 1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = NULL;
		const char *name = NULL;
		if (!strncmp(a, "--db", 4) && (a[4] == '\0' || a[4] == '=')) {
			slot = &cli->db_url;
			name = "--db";
		} else if (!strncmp(a, "--tenant", 8) && (a[8] == '\0' || a[8] == '=')) {
			slot = &cli->tenant;
			name = "--tenant";
		}
		if (!slot) {
			argv[out++] = argv[i];
			continue;
		}
		size_t n = strlen(name);
		if (a[n] == '=') {
			*slot = a + n + 1;
		} else if (i + 1 < argc) {
			*slot = argv[++i];
		} else {
			error_set(&cli->err, ERR_USAGE, "%s needs a value", name);
			return -1;
		}
		if (!**slot) {
			/* SQLite would open a private temporary database, and the import would vanish */
			error_set(&cli->err, ERR_USAGE, "%s is empty%s", name,
				  slot == &cli->tenant ? ": a tenant name cannot be empty" : "");
			return -1;
		}
	}
	argv[out] = NULL;
	return out;
}

/*
 * Runs the command; on PostgreSQL, again after a conflict that changed
 * nothing, while it printed nothing (see "running a command again").
 */
static int run_command(struct cli *cli, const struct command *cmd, int argc, char **argv)
{
	int max = cli->app.store && is_postgres(cli->db_url) ? retry_max() : 0;
	unsigned seed = (unsigned)getpid() ^ (unsigned)time(NULL);
	unsigned long long before;
	int ret;

	if (max > 0 && !count_output())
		max = 0;
	for (int k = 1;; k++) {
		before = output_bytes();
		ret = cmd->run(cli, argc, argv);
		if (ret >= 0 || !cli->err.retry || k > max || output_bytes() != before)
			return ret;
		cli_fprintf(raw_stderr, "recoup %s: %s; running it again (%d of %d)\n", cmd->name, cli->err.message, k,
			    max);
		retry_pause(k, &seed);
		error_clear(&cli->err);
		optind = 0; /* glibc: start over, argv may have been permuted */
	}
}

/*
 * Text that came from the command line or a file, on the terminal: a control
 * byte (an escape sequence typed or pasted into an argument, echoed in "unknown
 * customer '...'") is written as \xNN, not sent to the terminal to act on.
 * Bytes from 0x80 (UTF-8) are written as they are.
 */
static void put_text(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			cli_fprintf(f, "\\x%02x", *p);
		else
			fputc(*p, f);
	}
}

/* "recoup[ COMMAND]: [WHAT: ]MESSAGE" on stderr, the message through put_text. */
static void put_error(const char *command, const char *what, const char *message)
{
	cli_fprintf(stderr, "recoup%s%s: %s%s", command ? " " : "", command ? command : "", what ? what : "",
		    what ? ": " : "");
	put_text(stderr, message);
	fputc('\n', stderr);
}

/*
 * The use cases name a wrong value by its field, the API's JSON key
 * ("amount '12x': ...", e->field "amount"), which the API reports as it is.
 * On the command line the field is an option: a message that begins with
 * its field's name begins with the option instead ("--amount '12x': ...")
 * when the command has that option (its usage names it). An option is its
 * field with '-' for '_', but for these.
 */
static const struct {
	const char *field, *option;
} field_options[] = {
	{ "invoice_refs", "--invoice" },
};

/* 1 when `usage` names `option` as a whole word ("--at", not "--at-risk"). */
static int usage_has(const char *usage, const char *option)
{
	size_t n = strlen(option);

	for (const char *p = usage ? strstr(usage, option) : NULL; p; p = strstr(p + 1, option)) {
		char c = p[n];
		if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '-')
			return 1;
	}
	return 0;
}

static void name_option(const struct command *cmd, struct error *e)
{
	char option[ERROR_FIELD_MAX + 2] = "--", message[ERROR_MESSAGE_MAX];
	size_t n = strlen(e->field);

	if (!n || strncmp(e->message, e->field, n) || (e->message[n] != ' ' && e->message[n] != ':'))
		return;
	for (size_t k = 0; k < n && k + 3 < sizeof(option); k++)
		option[k + 2] = e->field[k] == '_' ? '-' : e->field[k];
	for (size_t i = 0; i < sizeof(field_options) / sizeof(field_options[0]); i++)
		if (!strcmp(e->field, field_options[i].field))
			snprintf(option, sizeof(option), "%s", field_options[i].option);
	if (!usage_has(cmd->usage, option))
		return;
	snprintf(message, sizeof(message), "%s%s", option, e->message + n);
	snprintf(e->message, sizeof(e->message), "%s", message);
}

int main(int argc, char **argv)
{
	struct cli cli = { 0 };
	const struct command *cmd = NULL;
	int print_calls = 0;
	enum db_state db_state = DB_UNKNOWN;
	int ret = 0, no_db = 0;

	/* RECOUP_DB set but empty is the same as unset: ./recoup.db */
	cli.db_url = getenv("RECOUP_DB");
	if (!cli.db_url || !*cli.db_url)
		cli.db_url = "recoup.db";
	cli.tenant = getenv("RECOUP_TENANT");
	if (!cli.tenant || !*cli.tenant)
		cli.tenant = "default";
	cli.progress = isatty(STDERR_FILENO);
	cli.locale = getenv("RECOUP_LOCALE");
	if (!cli.locale || !*cli.locale)
		cli.locale = "en";

	argc = take_global_options(&cli, argc, argv);
	if (argc < 0) {
		put_error(NULL, NULL, cli.err.message);
		return ERR_USAGE;
	}
	/* a tenant name is shown in every report and stored: refuse what cannot be shown */
	if (validate_tenant_name(cli.tenant, &cli.err) < 0) {
		put_error(NULL, "--tenant", cli.err.message);
		return ERR_USAGE;
	}
	protect_database(&cli);
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		if (argc >= 3 && !strcmp(argv[1], "help")) {
			argv[1] = argv[2];
			argv[2] = "--help";
		} else {
			print_overview(argc < 2 ? stderr : stdout);
			return argc < 2 ? ERR_USAGE : 0;
		}
	}
	for (int i = 0; commands[i]; i++)
		if (!strcmp(commands[i]->name, argv[1]))
			cmd = commands[i];
	if (!cmd) {
		fputs("recoup: '", stderr);
		put_text(stderr, argv[1]);
		fputs("' is not a recoup command; see 'recoup --help'\n", stderr);
		return ERR_USAGE;
	}
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(cmd->usage, stdout);
			return 0;
		}
	}
	/* refused whatever the command, as a bad RECOUP_TENANT is: a setting is wrong before it is needed */
	if (busy_timeout_setup(&cli, cmd) < 0) {
		put_error(NULL, NULL, cli.err.message);
		return ERR_USAGE;
	}
	for (int i = 2; cmd->no_db_option && i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], cmd->no_db_option))
			no_db = 1;
	if (!is_postgres(cli.db_url)) {
		struct stat st;
		db_state = stat(cli.db_url, &st) != 0 ? DB_MISSING : st.st_size == 0 ? DB_EMPTY : DB_PRESENT;
	}
	if ((cmd->flags & CMD_NEEDS_DB) && !(cmd->flags & CMD_CREATES_DB) && !no_db) {
		/*
		 * A read on a mistyped file name must not quietly create an empty
		 * database and report zero receivables: only commands that write
		 * may create one. An empty file is no database either (SQLite
		 * would make it one). Anything but a postgres URL names a SQLite file.
		 */
		if (db_state == DB_MISSING) {
			error_set(&cli.err, ERR_ENV,
				  "database '%s' does not exist (create it with 'recoup init --db %s')", cli.db_url,
				  cli.db_url);
			ret = -ERR_ENV;
			goto cleanup;
		}
		if (db_state == DB_EMPTY) {
			error_set(&cli.err, ERR_ENV,
				  "'%s' is empty, not a recoup database (create one with 'recoup init')", cli.db_url);
			ret = -ERR_ENV;
			goto cleanup;
		}
	}
	if ((cmd->flags & CMD_NEEDS_DB) && !no_db) {
		if (store_open(cli.db_url, &cli.app.store, &cli.err) < 0 ||
		    tenants_resolve(cli.app.store, cli.tenant, &cli.app.tenant, &cli.err) < 0) {
			ret = -cli.err.code;
			goto cleanup;
		}
		print_calls = test_fault_setup(cli.app.store);
		cli.app.actor = cli_user();
		cli.app.now = cli_now();
		cli.app.today = timestamp_date_utc(cli.app.now);
	}
	optind = 1;
	ret = run_command(&cli, cmd, argc - 1, argv + 1);
	if (print_calls)
		cli_fprintf(stderr, "store calls: %ld\n", store_calls(cli.app.store));
cleanup:
	store_close(cli.app.store);
	cli.app.store = NULL;
	if (ret < 0 && (cmd->flags & CMD_CREATES_DB))
		undo_created_database(&cli, db_state);
	if (ret < 0) {
		int code = -ret;
		name_option(cmd, &cli.err);
		if (cli.err.message[0])
			put_error(cmd->name, NULL, cli.err.message);
		/* the one mapping from error codes to the documented exit codes */
		return error_exit_code(code);
	}
	/*
	 * What the command printed must have reached its file: a listing or a
	 * report cut short by a full disk (recoup actions --format csv >f) is
	 * no success. Checked once the database is closed, so that nothing a
	 * command recorded is undone for it.
	 */
	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		int err = errno; /* 0 when an earlier write failed: its reason is gone */
		cli_fprintf(stderr, "recoup %s: writing the output failed%s%s; what was printed is incomplete\n",
			    cmd->name, err ? ": " : "", err ? strerror(err) : "");
		return error_exit_code(ERR_ENV);
	}
	return 0;
}
