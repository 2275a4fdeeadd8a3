/*
 * cmd_user.c: recoup user add|list|set|disable|enable — the people who work
 * the tenant's accounts. Parsing and formatting only: the use case is
 * app/users.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <termios.h>
#include <unistd.h>

#include "app/auth.h"
#include "app/users.h"
#include "cli/cli.h"
#include "cli/tprintf.h"

static const char usage[] =
	"usage: recoup user add NAME --role admin|manager|collector [--team TEAM] [--capacity N]\n"
	"       recoup user list [--format table|json]\n"
	"       recoup user set NAME [--role ROLE] [--team TEAM] [--capacity N]\n"
	"       recoup user disable NAME\n"
	"       recoup user enable NAME\n"
	"       recoup user passwd NAME\n"
	"       recoup user add NAME --role ROLE --password-stdin\n\n"
	"A user is a person who works accounts: a login name (1-64 bytes of a-z 0-9 . _ -), a role,\n"
	"an optional team (--team '' clears it) and, for a collector, the number of accounts they\n"
	"can work in a day (--capacity, 0-1000, default 40). Users are disabled, never deleted; the\n"
	"last enabled admin cannot be disabled or demoted. Who made each change and when is kept\n"
	"(list shows it). See docs/users.md.\n\n"
	"passwd sets the password the user signs in to `recoup serve` with (8 to 1024 bytes; kept\n"
	"as an argon2id hash; every session of the user ends). On a terminal it asks twice without\n"
	"echo; otherwise it reads one line from stdin, as add --password-stdin does.\n";

/*
 * The options of add and set into *f. --capacity is read by cli_parse_int
 * (a malformed number is a usage error, as every number on the command
 * line) and given to the use case as plain digits in `capacity`.
 */
static int parse_fields(struct cli *cli, int argc, char **argv, struct users_fields *f, char *capacity,
			size_t capacity_size, int *password_stdin)
{
	static const struct option options[] = {
		{ "role", required_argument, NULL, 'r' },
		{ "team", required_argument, NULL, 't' },
		{ "capacity", required_argument, NULL, 'c' },
		{ "password-stdin", no_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	long long v;
	int c;

	memset(f, 0, sizeof(*f));
	*password_stdin = 0;
	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'r': f->role = optarg; break;
		case 't': f->team = optarg; break;
		case 'c':
			if (cli_parse_int(cli, &cmd_user, "--capacity", optarg, 0, USERS_MAX_CAPACITY, &v) < 0)
				return -ERR_USAGE;
			snprintf(capacity, capacity_size, "%lld", v);
			f->capacity = capacity;
			break;
		case 'p': *password_stdin = 1; break;
		default: return cli_usage_error(cli, &cmd_user, "unknown option");
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, &cmd_user, "user %s needs one user name", argv[0]);
	return 0;
}

/*
 * One line of `in` without its line end into buf: 0, or -ERR_INPUT when
 * there is none, it is too long or it holds a NUL byte (which would end
 * the password there without a word). Read a byte at a time, at most
 * size - 1 of them.
 */
static int read_line(struct cli *cli, FILE *in, char *buf, size_t size)
{
	size_t n = 0;
	int c = EOF, nul = 0;

	while (n + 1 < size && (c = getc(in)) != EOF && c != '\n') {
		nul |= c == '\0';
		buf[n++] = (char)c;
	}
	buf[n] = '\0';
	if (n == 0 && c == EOF)
		return error_set_field(&cli->err, ERR_INPUT, "password", "no password given on stdin");
	if (n + 1 == size && c != '\n' && c != EOF) {
		c = getc(in);
		if (c != EOF && c != '\n')
			return error_set_field(&cli->err, ERR_INPUT, "password", "password: longer than %d bytes",
					       AUTH_PASSWORD_INPUT_MAX);
	}
	if (nul)
		return error_set_field(&cli->err, ERR_INPUT, "password", "password: contains a NUL byte");
	while (n && buf[n - 1] == '\r')
		buf[--n] = '\0';
	return 0;
}

/* A prompt on stderr and a line typed without echo. */
static int ask(struct cli *cli, const char *prompt, char *buf, size_t size)
{
	struct termios old, quiet;
	int ret;

	fputs(prompt, stderr);
	fflush(stderr);
	if (tcgetattr(STDIN_FILENO, &old) != 0)
		return read_line(cli, stdin, buf, size);
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	ret = read_line(cli, stdin, buf, size);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fputc('\n', stderr);
	return ret;
}

/* The new password: asked twice on a terminal, else one line of stdin. */
static int read_password(struct cli *cli, char *buf, size_t size)
{
	char again[AUTH_PASSWORD_INPUT_MAX + 2];
	int ret;

	if (!isatty(STDIN_FILENO))
		return read_line(cli, stdin, buf, size);
	ret = ask(cli, "new password: ", buf, size);
	if (ret == 0)
		ret = ask(cli, "again: ", again, sizeof(again));
	if (ret == 0 && strcmp(buf, again) != 0)
		ret = error_set_field(&cli->err, ERR_INPUT, "password", "the two passwords differ; nothing changed");
	memset(again, 0, sizeof(again));
	return ret;
}

static void describe(const char *what, const struct user *u)
{
	cli_printf("user '%s' %s: %s%s%s, capacity %d%s\n", u->name, what, u->role, u->team[0] ? ", team " : "",
		   u->team, u->capacity, u->disabled ? ", disabled" : "");
}

static int run_add(struct cli *cli, int argc, char **argv)
{
	char password[AUTH_PASSWORD_INPUT_MAX + 2] = "";
	struct users_fields f;
	struct user u;
	char capacity[16];
	int with_password;
	int ret = parse_fields(cli, argc, argv, &f, capacity, sizeof(capacity), &with_password);

	if (ret < 0)
		return ret;
	if (!f.role)
		return cli_usage_error(cli, &cmd_user, "user add needs --role admin|manager|collector");
	/* read and checked first, so that a refused password adds no user */
	if (with_password) {
		ret = read_line(cli, stdin, password, sizeof(password));
		if (ret == 0)
			ret = auth_check_password(password, &cli->err);
	}
	/* the user and its password in one transaction (users.h) */
	if (ret == 0)
		ret = users_add(&cli->app, argv[optind], &f, with_password ? password : NULL, &u, &cli->err);
	if (ret == 0)
		describe("added", &u);
	memset(password, 0, sizeof(password));
	return ret;
}

static int run_passwd(struct cli *cli, int argc, char **argv)
{
	char password[AUTH_PASSWORD_INPUT_MAX + 2];
	int ret;

	if (argc != 2)
		return cli_usage_error(cli, &cmd_user, "user passwd needs one user name");
	ret = read_password(cli, password, sizeof(password));
	if (ret == 0)
		ret = auth_password_set(&cli->app, argv[1], password, &cli->err);
	if (ret == 0)
		cli_printf("password of user '%s' set; its sessions ended\n", argv[1]);
	memset(password, 0, sizeof(password));
	return ret;
}

static int run_set(struct cli *cli, int argc, char **argv)
{
	struct users_fields f;
	struct user u;
	char capacity[16];
	int changed = 0, password_stdin;
	int ret = parse_fields(cli, argc, argv, &f, capacity, sizeof(capacity), &password_stdin);

	if (ret < 0)
		return ret;
	if (password_stdin)
		return cli_usage_error(cli, &cmd_user, "--password-stdin goes with user add; use user passwd");
	if (!f.role && !f.team && !f.capacity)
		return cli_usage_error(cli, &cmd_user, "user set needs --role, --team or --capacity");
	ret = users_set(&cli->app, argv[optind], &f, &u, &changed, &cli->err);
	if (ret == 0)
		describe(changed ? "changed" : "unchanged", &u);
	return ret;
}

static int run_disable(struct cli *cli, int argc, char **argv, int disabled)
{
	struct user u;
	int changed = 0;
	int ret;

	if (argc != 2)
		return cli_usage_error(cli, &cmd_user, "user %s needs one user name", argv[0]);
	ret = users_set_disabled(&cli->app, argv[1], disabled, &u, &changed, &cli->err);
	if (ret == 0)
		cli_printf("user '%s' %s%s\n", u.name, changed ? "" : "was already ",
			   disabled ? "disabled" : "enabled");
	return ret;
}

static int print_row(void *ctx, const struct user *u)
{
	char ts[TIMESTAMP_TEXT_MAX];
	(void)ctx;
	cli_printf("%-20s %-9s %-16s %8d  %-8s %s by %s\n", u->name, u->role, u->team[0] ? u->team : "-", u->capacity,
		   u->disabled ? "disabled" : "active", timestamp_format(u->updated_at, ts, sizeof(ts)), u->updated_by);
	return 0;
}

static json_t *user_json(const struct user *u)
{
	char a[TIMESTAMP_TEXT_MAX], b[TIMESTAMP_TEXT_MAX];
	json_t *o = json_object();

	json_object_set_new(o, "name", json_string(u->name));
	json_object_set_new(o, "role", json_string(u->role));
	json_object_set_new(o, "team", u->team[0] ? json_string(u->team) : json_null());
	json_object_set_new(o, "capacity", json_integer(u->capacity));
	json_object_set_new(o, "disabled", json_boolean(u->disabled));
	json_object_set_new(o, "created_by", json_string(u->created_by));
	json_object_set_new(o, "created_at", json_string(timestamp_format(u->created_at, a, sizeof(a))));
	json_object_set_new(o, "updated_by", json_string(u->updated_by));
	json_object_set_new(o, "updated_at", json_string(timestamp_format(u->updated_at, b, sizeof(b))));
	return o;
}

static int append_json(void *ctx, const struct user *u)
{
	return json_array_append_new(ctx, user_json(u)) < 0;
}

static int run_list(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	enum output_format format = FORMAT_TABLE;
	json_t *arr = NULL;
	char *text;
	int c, ret;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		if (c != 'f')
			return cli_usage_error(cli, &cmd_user, "unknown option");
		ret = cli_parse_format(cli, &cmd_user, optarg, (1u << FORMAT_TABLE) | (1u << FORMAT_JSON), &format);
		if (ret < 0)
			return ret;
	}
	if (optind < argc)
		return cli_usage_error(cli, &cmd_user, "unexpected argument '%s'", argv[optind]);
	if (format == FORMAT_TABLE) {
		cli_printf("%-20s %-9s %-16s %8s  %-8s %s\n", "NAME", "ROLE", "TEAM", "CAPACITY", "STATUS",
			   "LAST CHANGE");
		return users_list(&cli->app, print_row, NULL, &cli->err);
	}
	arr = json_array();
	if (!arr)
		return error_set(&cli->err, ERR_ENV, "out of memory");
	ret = users_list(&cli->app, append_json, arr, &cli->err);
	if (ret > 0)
		ret = error_set(&cli->err, ERR_ENV, "out of memory");
	if (ret == 0) {
		text = json_dumps(arr, JSON_PRESERVE_ORDER | JSON_INDENT(2));
		puts(text ? text : "[]");
		free(text);
	}
	json_decref(arr);
	return ret;
}

static int run_user(struct cli *cli, int argc, char **argv)
{
	optind = 1;
	if (argc >= 2 && !strcmp(argv[1], "add"))
		return run_add(cli, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "list"))
		return run_list(cli, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "set"))
		return run_set(cli, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "disable"))
		return run_disable(cli, argc - 1, argv + 1, 1);
	if (argc >= 2 && !strcmp(argv[1], "enable"))
		return run_disable(cli, argc - 1, argv + 1, 0);
	if (argc >= 2 && !strcmp(argv[1], "passwd"))
		return run_passwd(cli, argc - 1, argv + 1);
	return cli_usage_error(cli, &cmd_user, "expected 'add', 'list', 'set', 'disable', 'enable' or 'passwd'");
}

const struct command cmd_user = {
	.name = "user",
	.summary = "add, list, change and disable the people who work accounts",
	.usage = usage,
	.flags = CMD_NEEDS_DB,
	.run = run_user,
};
