/*
 * cmd_rules.c: recoup rules check|show|list|set|default|closed-day
 *
 * `rules check` answers whether a contact may be reached on a channel at a
 * moment, why not, and when it next may; it exits 0 whether allowed or not
 * (the answer is the output), 1 when the question cannot be judged.
 * Parsing and formatting only: the use cases are app/rules_config (and,
 * through it, app/rules_ctx).
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "app/rules_config.h"
#include "cli/cli.h"
#include "cli/tprintf.h"

static const char usage[] =
	"usage: recoup rules check --contact REF --channel call|sms|email|letter|visit [--at TIMESTAMP]\n"
	"                          [--invoice REF] [--address PHONE|EMAIL] [--final-notice] [--format table|json]\n"
	"       recoup rules check --questions FILE|- [--format table|json]\n"
	"       recoup rules show PROFILE [--format table|json]\n"
	"       recoup rules list\n"
	"       recoup rules set NAME FILE.json\n"
	"       recoup rules default NAME\n"
	"       recoup rules closed-day DATE [--name TEXT]\n\n"
	"check: may this contact be reached on this channel at --at (default now; ISO 8601 with a\n"
	"  zone, e.g. 2026-11-23T14:00:00Z)? Prints the verdict, the debtor's local time, every rule\n"
	"  that refused, and the next allowed moment. Exit 0 whether allowed or not.\n"
	"  --questions: many checks in one process, one a line of FILE (- for stdin), each line\n"
	"  the options of one check (--contact C1 --channel call --at ...), words split at spaces;\n"
	"  the answers in the order asked (--format json: one object a line). The first question\n"
	"  that cannot be judged stops it, its error naming the line.\n"
	"show: a profile as the tenant uses it (its edited copy, else the preset); --format json\n"
	"  exports it for editing. set: stores an edited profile for the tenant (validated).\n"
	"default: the profile for customers no other rule covers. closed-day: a day the tenant\n"
	"  contacts no one. Presets: us-consumer, us-ma, br-consumer, pl-consumer, gb-consumer,\n"
	"  ca-on, b2b, de-consumer, ca-qc, ca-bc, ca-consumer, fr-consumer (docs/compliance.md;\n"
	"  not legal advice).\n";

static const char *audience_label(enum contact_audience a)
{
	return contact_audience_name(a);
}

static void print_verdict_json(const struct rules_request *rq, const struct rules_answer *a, size_t flags)
{
	json_t *o = rules_config_answer_json(rq, a);
	char *text = o ? json_dumps(o, JSON_PRESERVE_ORDER | flags) : NULL;

	puts(text ? text : "{}");
	free(text);
	json_decref(o);
}

static void print_verdict_table(const struct rules_request *rq, const struct rules_answer *a)
{
	const struct contact_verdict *v = &a->verdict;
	char ts[TIMESTAMP_TEXT_MAX];

	cli_printf("contact '%s' (%s of customer '%s'), profile %s\n", a->contact.ref, a->contact.role, a->customer.ref,
		   v->profile);
	cli_printf("%s at %s: %s\n", channel_name(rq->channel), timestamp_format(rq->at, ts, sizeof(ts)),
		   v->allowed ? "allowed" : "refused");
	cli_printf("local time: %s\n", v->local_time);
	for (size_t i = 0; i < v->n_reasons; i++)
		cli_printf("  refused  %-26s %s\n", v->reasons[i].code, v->reasons[i].message);
	for (size_t i = 0; i < v->n_warnings; i++)
		cli_printf("  warning  %-26s %s\n", v->warnings[i].code, v->warnings[i].message);
	if (v->next == NEXT_AT && !v->allowed)
		cli_printf("next allowed: %s\n", timestamp_format(v->next_allowed_at, ts, sizeof(ts)));
	else if (v->next == NEXT_NEVER)
		cli_printf("next allowed: never, until the status that stops contact is cleared\n");
	else if (v->next == NEXT_BEYOND)
		cli_printf("next allowed: not within %d days\n", CONTACT_RULES_HORIZON_DAYS);
	cli_printf("say it as: %s%s%s\n", audience_label(v->audience),
		   rq->channel == CHANNEL_CALL ? "; voicemail: " : "",
		   rq->channel == CHANNEL_CALL ? audience_label(v->voicemail) : "");
	if (v->no_legal_threats)
		cli_printf("time-barred debt: no legal threats in any message\n");
}

/*
 * The options of one check into rq. `format` and `questions` are NULL for a
 * line of --questions: a question names no output format and no further file.
 */
static int parse_check(struct cli *cli, int argc, char **argv, struct rules_request *rq, enum output_format *format,
		       const char **questions)
{
	static const struct option options[] = {
		{ "contact", required_argument, NULL, 'c' },
		{ "channel", required_argument, NULL, 'h' },
		{ "at", required_argument, NULL, 'a' },
		{ "invoice", required_argument, NULL, 'i' },
		{ "address", required_argument, NULL, 'd' },
		{ "final-notice", no_argument, NULL, 'n' },
		{ "format", required_argument, NULL, 'f' },
		{ "questions", required_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 },
	};
	int c, ret, have_channel = 0, asked = 0;

	rq->at = cli->app.now;
	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		asked += c != 'f' && c != 'q';
		switch (c) {
		case 'c': rq->contact_ref = optarg; break;
		case 'h':
			if (channel_parse(optarg, &rq->channel, &cli->err) < 0)
				return cli_usage_error(cli, &cmd_rules, "--channel: %s", cli->err.message);
			have_channel = 1;
			break;
		case 'a':
			if (cli_parse_timestamp(cli, &cmd_rules, "--at", optarg, &rq->at) < 0)
				return -ERR_USAGE;
			/* here too, so that a line of --questions names the option (app: "at") */
			if (contact_rules_moment_check("--at", rq->at, &cli->err) < 0)
				return -ERR_INPUT;
			break;
		case 'i': rq->invoice_ref = optarg; break;
		case 'd': rq->address = optarg; break;
		case 'n': rq->final_notice = 1; break;
		case 'f':
			if (!format)
				return cli_usage_error(cli, &cmd_rules,
						       "--format goes on the command line, not in a question");
			ret = cli_parse_format(cli, &cmd_rules, optarg, (1u << FORMAT_TABLE) | (1u << FORMAT_JSON),
					       format);
			if (ret < 0)
				return ret;
			break;
		case 'q':
			if (!questions)
				return cli_usage_error(cli, &cmd_rules, "--questions inside a question");
			*questions = optarg;
			break;
		default: return cli_usage_error(cli, &cmd_rules, "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, &cmd_rules, "unexpected argument '%s'", argv[optind]);
	if (questions && *questions) {
		if (asked)
			return cli_usage_error(cli, &cmd_rules, "--questions takes the check's options from its lines");
		return 0;
	}
	if (!rq->contact_ref || !have_channel)
		return cli_usage_error(cli, &cmd_rules, "rules check needs --contact and --channel");
	return 0;
}

/* One question judged and its answer printed; `batch`: JSON on one line. */
static int answer_check(struct cli *cli, const struct rules_request *rq, enum output_format format, int batch)
{
	struct rules_answer *a = malloc(sizeof(*a));
	int ret;

	if (!a)
		return error_set(&cli->err, ERR_ENV, "out of memory");
	ret = rules_config_check(&cli->app, rq, a, &cli->err);
	if (ret == 0) {
		if (format == FORMAT_JSON)
			print_verdict_json(rq, a, batch ? JSON_COMPACT : JSON_INDENT(2));
		else
			print_verdict_table(rq, a);
		if (batch && format == FORMAT_TABLE)
			cli_printf("\n");
	}
	free(a);
	return ret;
}

#define QUESTION_WORDS_MAX 32

/*
 * --questions: each line of `path` (- for stdin) parsed as the options of
 * one `rules check` and answered as that check answers it (the same
 * rules_config_check, a read transaction each), in the order asked.
 */
static int run_questions(struct cli *cli, const char *path, enum output_format format)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char *line = NULL, *save = NULL;
	size_t cap = 0;
	long lineno = 0;
	int ret = 0;
	struct stat st;

	if (!f)
		return error_set(&cli->err, ERR_INPUT, "cannot read '%s': %s", path, strerror(errno));
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		return error_set(&cli->err, ERR_INPUT, "cannot read '%s': it is a directory, not a file", path);
	}
	while (ret == 0 && getline(&line, &cap, f) >= 0) {
		char *words[QUESTION_WORDS_MAX + 2] = { "check" };
		struct rules_request rq = { 0 };
		int n = 1;
		char *start = line;

		/* a UTF-8 byte-order mark before the first line (Windows Notepad) is no part of it */
		if (++lineno == 1 && !strncmp(line, "\xEF\xBB\xBF", 3))
			start += 3;
		for (char *w = strtok_r(start, " \t\r\n", &save); w; w = strtok_r(NULL, " \t\r\n", &save)) {
			if (n > QUESTION_WORDS_MAX) {
				ret = cli_usage_error(cli, &cmd_rules, "%s line %ld: more than %d words", path, lineno,
						      QUESTION_WORDS_MAX);
				break;
			}
			words[n++] = w;
		}
		if (ret < 0 || n == 1)
			continue;
		optind = 0; /* glibc: start over for each line */
		ret = parse_check(cli, n, words, &rq, NULL, NULL);
		if (ret == 0)
			ret = answer_check(cli, &rq, format, 1);
		if (ret < 0)
			error_prefix(&cli->err, "%s line %ld", path, lineno);
	}
	if (ret == 0 && ferror(f))
		ret = error_set(&cli->err, ERR_ENV, "cannot read '%s': %s", path, strerror(errno));
	free(line);
	if (f != stdin)
		fclose(f);
	return ret;
}

static int run_check(struct cli *cli, int argc, char **argv)
{
	struct rules_request rq = { 0 };
	enum output_format format = FORMAT_TABLE;
	const char *questions = NULL;
	int ret = parse_check(cli, argc, argv, &rq, &format, &questions);

	if (ret < 0)
		return ret;
	if (questions)
		return run_questions(cli, questions, format);
	return answer_check(cli, &rq, format, 0);
}

static void print_profile_table(const struct profile *p)
{
	static const char *const days[7] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };
	char a[16], b[16];

	cli_printf("profile %s: %s\n", p->name, p->description);
	for (int ch = 0; ch < CHANNEL_COUNT; ch++) {
		cli_printf("  %-7s", channel_name((enum channel)ch));
		for (int d = 0; d < 7; d++) {
			const struct profile_day *day = &p->windows[ch][d];
			cli_printf(" %s:", days[d]);
			if (day->n == 0)
				cli_printf("-");
			for (int w = 0; w < day->n; w++)
				cli_printf("%s%s-%s", w ? "," : "", profile_time_format(day->w[w].start, a, sizeof(a)),
					   profile_time_format(day->w[w].end, b, sizeof(b)));
		}
		cli_printf("\n");
	}
	cli_printf("  holidays: %s\n", p->holiday_calendar[0] ? p->holiday_calendar : "none");
	for (size_t i = 0; i < p->n_caps; i++)
		cli_printf("  cap %s: %d in %s\n", p->caps[i].code, p->caps[i].count,
			   profile_duration_format(p->caps[i].period, a, sizeof(a)));
	for (size_t i = 0; i < p->n_pauses; i++)
		cli_printf("  pause %s: %s\n", p->pauses[i].code,
			   profile_duration_format(p->pauses[i].duration, a, sizeof(a)));
	/* what a strategy's fee and interest steps may charge (the run caps them, or refuses: charge_limit) */
	if (p->has_charges) {
		cli_printf("  charges:");
		if (p->fee_max_bp)
			cli_printf(" fee at most %d.%02d%% of an invoice's amount,", p->fee_max_bp / 100,
				   p->fee_max_bp % 100);
		else
			cli_printf(" no fee,");
		if (p->interest_monthly_max_bp)
			cli_printf(" interest at most %d.%02d%% a month\n", p->interest_monthly_max_bp / 100,
				   p->interest_monthly_max_bp % 100);
		else
			cli_printf(" no interest\n");
	}
	cli_printf("(full detail: recoup rules show %s --format json)\n", p->name);
}

static int run_show(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	enum output_format format = FORMAT_TABLE;
	struct profile *p;
	int c, ret;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		if (c != 'f')
			return cli_usage_error(cli, &cmd_rules, "unknown option");
		ret = cli_parse_format(cli, &cmd_rules, optarg, (1u << FORMAT_TABLE) | (1u << FORMAT_JSON), &format);
		if (ret < 0)
			return ret;
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, &cmd_rules, "rules show needs a profile name");
	p = malloc(sizeof(*p));
	if (!p)
		return error_set(&cli->err, ERR_ENV, "out of memory");
	ret = rules_config_show(&cli->app, argv[optind], p, &cli->err);
	if (ret == 0) {
		if (format == FORMAT_JSON) {
			char *text = profile_to_json_text(p);
			puts(text ? text : "{}");
			free(text);
		} else {
			print_profile_table(p);
		}
	}
	free(p);
	return ret;
}

static int print_profile(void *ctx, const char *name, int edited)
{
	cli_printf("%-16s %s\n", name, edited ? "edited for this tenant" : "preset");
	return 0;
}

static int run_list(struct cli *cli, int argc, char **argv)
{
	char def[PROFILE_MAX + 1];
	int ret;

	if (argc > 1)
		return cli_usage_error(cli, &cmd_rules, "unexpected argument '%s'", argv[1]);
	ret = rules_config_list(&cli->app, print_profile, NULL, def, sizeof(def), &cli->err);
	if (ret == 0)
		cli_printf("tenant default: %s\n", def[0] ? def : "(none)");
	return ret;
}

int cli_read_bytes(struct cli *cli, const char *path, char **data, size_t *len)
{
	return cli_read_bytes_max(cli, path, CLI_READ_MAX, data, len);
}

int cli_read_bytes_max(struct cli *cli, const char *path, size_t max, char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL, *grown;
	size_t used = 0, cap = 0, n;
	struct stat st;

	*data = NULL;
	*len = 0;
	if (!f)
		return error_set(&cli->err, ERR_INPUT, "cannot read '%s': %s", path, strerror(errno));
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		return error_set(&cli->err, ERR_INPUT, "cannot read '%s': it is a directory, not a file", path);
	}
	/* to its end, without seeking: a pipe, a FIFO or /dev/stdin too */
	do {
		if (cap - used < 4096) {
			cap = cap ? cap * 2 : 65536;
			grown = realloc(buf, cap + 1);
			if (!grown) {
				free(buf);
				fclose(f);
				return error_set(&cli->err, ERR_ENV, "out of memory reading '%s'", path);
			}
			buf = grown;
		}
		n = fread(buf + used, 1, cap - used, f);
		used += n;
		/* no further than the first byte past `max` (/dev/zero, a FIFO that never ends) */
		if (used > max) {
			free(buf);
			fclose(f);
			return error_set(&cli->err, ERR_INPUT, "'%s' is over the limit of %zu bytes: not read further",
					 path, max);
		}
	} while (n > 0);
	if (ferror(f)) {
		int err = errno;
		free(buf);
		fclose(f);
		return error_set(&cli->err, ERR_INPUT, "cannot read '%s': %s", path, strerror(err ? err : EIO));
	}
	fclose(f);
	buf[used] = '\0';
	*data = buf;
	*len = used;
	return 0;
}

int cli_read_file(struct cli *cli, const char *path, char **out)
{
	size_t len, bom = 0;
	const char *nul;
	int ret = cli_read_bytes(cli, path, out, &len);

	if (ret < 0)
		return ret;
	/*
	 * a UTF-8 byte-order mark at the start is no part of the text (Windows
	 * Notepad writes one): ignored, as the CSV importer does, where the JSON
	 * parser refused it with "'[' or '{' expected near" an invisible character
	 */
	if (len >= 3 && !memcmp(*out, "\xEF\xBB\xBF", 3)) {
		bom = 3;
		len -= bom;
		memmove(*out, *out + bom, len + 1);
	}
	/* what follows a NUL byte would be dropped without a word (a letter's last paragraphs): refused */
	nul = memchr(*out, '\0', len);
	if (!bom && len >= 2 && (!memcmp(*out, "\xFF\xFE", 2) || !memcmp(*out, "\xFE\xFF", 2))) {
		/* Windows' "Unicode" (UTF-16, its byte-order mark first), as the CSV importer names it */
		ret = error_set(&cli->err, ERR_INPUT, "'%s' is UTF-16; save it as UTF-8", path);
		free(*out);
		*out = NULL;
	} else if (nul) {
		ret = error_set(&cli->err, ERR_INPUT, "'%s' has a NUL byte at byte %zu: it is not text", path,
				(size_t)(nul - *out) + bom + 1);
		free(*out);
		*out = NULL;
	}
	return ret;
}

static int run_set(struct cli *cli, int argc, char **argv)
{
	char *text = NULL;
	int ret;

	if (argc - optind != 2)
		return cli_usage_error(cli, &cmd_rules, "rules set needs NAME and FILE");
	ret = cli_read_file(cli, argv[optind + 1], &text);
	if (ret < 0)
		return ret;
	ret = rules_config_set(&cli->app, argv[optind], text, argv[optind + 1], &cli->err);
	if (ret == 0)
		cli_printf("profile '%s' stored for tenant '%s'\n", argv[optind], cli->tenant);
	free(text);
	return ret;
}

static int run_default(struct cli *cli, int argc, char **argv)
{
	int ret;

	if (argc - optind != 1)
		return cli_usage_error(cli, &cmd_rules, "rules default needs a profile name");
	ret = rules_config_default(&cli->app, argv[optind], &cli->err);
	if (ret == 0)
		cli_printf("tenant '%s' default profile: %s\n", cli->tenant, argv[optind]);
	return ret;
}

static int run_closed_day(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "name", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	const char *name = "";
	date_t day;
	int c, ret;
	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		if (c != 'n')
			return cli_usage_error(cli, &cmd_rules, "unknown option");
		name = optarg;
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, &cmd_rules, "rules closed-day needs a DATE");
	ret = cli_parse_date(cli, &cmd_rules, "closed-day", argv[optind], &day);
	if (ret < 0)
		return ret;
	ret = rules_config_closed_day(&cli->app, day, name, &cli->err);
	if (ret == 0)
		cli_printf("closed day %s added for tenant '%s'\n", argv[optind], cli->tenant);
	return ret;
}

static int run_rules(struct cli *cli, int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(struct cli *cli, int argc, char **argv);
	} subs[] = {
		{ "check", run_check }, { "show", run_show },       { "list", run_list },
		{ "set", run_set },     { "default", run_default }, { "closed-day", run_closed_day },
	};
	if (argc < 2)
		return cli_usage_error(cli, &cmd_rules, "which rules command?");
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
		if (!strcmp(argv[1], subs[i].name)) {
			optind = 1;
			return subs[i].run(cli, argc - 1, argv + 1);
		}
	}
	return cli_usage_error(cli, &cmd_rules, "'%s' is not a rules command", argv[1]);
}

const struct command cmd_rules = {
	.name = "rules",
	.summary = "contact rules: check a contact, show and edit profiles",
	.usage = usage,
	.flags = CMD_NEEDS_DB,
	.run = run_rules,
};
