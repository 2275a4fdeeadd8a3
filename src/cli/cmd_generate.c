/*
 * cmd_generate.c: write a sample portfolio as the four import CSV files.
 *
 * The command only parses and checks its flags, reads today's date when no
 * --as-of is given (the generator itself has no clock), creates the output
 * directory and reports progress; ingest/generate.c does the work.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/tprintf.h"
#include "core/dates.h"
#include "ingest/generate.h"

static int parse_customers(struct cli *cli, const char *text, long long *out)
{
	long long n;

	if (cli_int_text(text, 1, LLONG_MAX, &n) < 0)
		goto bad;
	if (n > GENERATE_MAX_CUSTOMERS)
		return cli_usage_error(cli, &cmd_generate, "--customers '%s' is too large (at most %lld)", text,
				       GENERATE_MAX_CUSTOMERS);
	*out = n;
	return 0;
bad:
	return cli_usage_error(cli, &cmd_generate, "--customers '%s' is not a positive integer", text);
}

static int parse_seed(struct cli *cli, const char *text, uint64_t *out)
{
	char *end = NULL;
	unsigned long long n;

	errno = 0;
	if (!text[0] || text[0] < '0' || text[0] > '9')
		goto bad;
	n = strtoull(text, &end, 10);
	if (errno || *end)
		goto bad;
	*out = (uint64_t)n;
	return 0;
bad:
	return cli_usage_error(cli, &cmd_generate, "--seed '%s' is not a non-negative integer", text);
}

/*
 * mkdir -p: each missing level is created; an existing directory is fine.
 * An --out that exists and is not a directory (a file typed for the
 * directory) is the input refused, exit 1, as export refuses a directory
 * for a file; a directory the system will not create (under a file, say)
 * is exit 3, as for export.
 */
static int make_dirs(struct cli *cli, const char *dir)
{
	char path[4096];
	size_t len = strlen(dir);
	struct stat st;

	if (len == 0 || len >= sizeof(path))
		return error_set(&cli->err, ERR_ENV, "cannot create directory '%s': bad path", dir);
	if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode))
		return error_set(&cli->err, ERR_INPUT,
				 "--out '%s' exists and is not a directory (generate writes its CSV files into a "
				 "directory); nothing written",
				 dir);
	memcpy(path, dir, len + 1);
	for (size_t i = 1; i <= len; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST) {
			int err = errno;
			return error_set(&cli->err, ERR_ENV, "cannot create directory '%s': %s", path, strerror(err));
		}
		path[i] = dir[i];
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return error_set(&cli->err, ERR_ENV, "cannot create directory '%s': not a directory", dir);
	return 0;
}

static void show_progress(void *ctx, long long done, long long total)
{
	cli_progress(ctx, "generating customers", done, total);
}

static int run_generate(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "customers", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "out", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'F' },
		{ "profile", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	struct generate_options o = GENERATE_OPTIONS_INIT;
	struct generate_result res = { 0 };
	const char *customers = NULL;
	char n1[48], n2[48], n3[48], n4[48], n5[48], n6[48]; /* counts with their words */
	const char *out = NULL;
	const char *as_of = NULL;
	int ret;
	int c;
	int force = 0;

	opterr = 0;
	for (;;) {
		c = cli_getopt(argc, argv, ":", longopts, NULL);
		if (c == -1)
			break;
		switch (c) {
		case 'n': customers = optarg; break;
		case 's':
			ret = parse_seed(cli, optarg, &o.seed);
			if (ret < 0)
				return ret;
			break;
		case 'a': as_of = optarg; break;
		case 'o': out = optarg; break;
		case 'F': force = 1; break;
		case 'p':
			if (generate_profile_parse(optarg, &o.profile) < 0)
				return cli_usage_error(cli, &cmd_generate,
						       "--profile '%s' is not healthy, average or distressed", optarg);
			break;
		case ':': return cli_usage_error(cli, &cmd_generate, "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error(cli, &cmd_generate, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, &cmd_generate, "unexpected argument '%s'", argv[optind]);
	if (!customers)
		return cli_usage_error(cli, &cmd_generate, "--customers is required");
	if (!out || !out[0])
		return cli_usage_error(cli, &cmd_generate, "--out is required");
	ret = parse_customers(cli, customers, &o.customers);
	if (ret < 0)
		return ret;
	if (as_of) {
		if (cli_parse_date(cli, &cmd_generate, "--as-of", as_of, &o.as_of) < 0)
			return -ERR_USAGE;
	} else {
		o.as_of = timestamp_date_utc((timestamp_t)time(NULL));
	}

	ret = make_dirs(cli, out);
	if (ret < 0)
		return ret;
	o.progress = show_progress;
	o.progress_ctx = cli;
	ret = generate_to_dir(&o, out, cli->protect, cli->nprotect, force, &res, &cli->err);
	cli_progress_done(cli);
	if (ret < 0)
		return ret;
	cli_printf("wrote %s, %s, %s, %s, %s, %s to %s\n",
		   cli_count(n1, sizeof(n1), res.customers, "customer", "customers"),
		   cli_count(n2, sizeof(n2), res.contacts, "contact", "contacts"),
		   cli_count(n3, sizeof(n3), res.invoices, "invoice", "invoices"),
		   cli_count(n4, sizeof(n4), res.payments, "payment", "payments"),
		   cli_count(n5, sizeof(n5), res.attempts, "contact attempt", "contact attempts"),
		   cli_count(n6, sizeof(n6), res.flags, "flag", "flags"), out);
	return 0;
}

const struct command cmd_generate = {
	.name = "generate",
	.summary = "write a sample portfolio as CSV files",
	.usage = "usage: recoup generate --customers N [--seed S] [--as-of DATE] [--profile P] --out DIR [--force]\n\n"
		 "Writes DIR/customers.csv, contacts.csv, invoices.csv, payments.csv,\n"
		 "contact-history.csv and flags.csv: N persons and companies in several countries,\n"
		 "18 months of invoices before the as-of date (default: today, UTC), the payments\n"
		 "their payer habits produce, and what collections did about the late ones (calls,\n"
		 "emails, promises, disputes, a few cease requests and bankruptcies). --profile says\n"
		 "how well the book pays: healthy, average (the default; both in the published\n"
		 "ranges of DSO and CEI) or distressed. The files are the same for the same seed\n"
		 "(default 1), profile and as-of date. DIR is created if missing.\n"
		 "Existing files in DIR are replaced only with --force; the six files appear when\n"
		 "all are complete (temporary files renamed into place), never over the database.\n"
		 "See docs/generate.md.\n",
	.flags = 0,
	.run = run_generate,
};
