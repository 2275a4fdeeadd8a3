/*
 * cmd_send.c: recoup send [--now TIMESTAMP] [--until TIMESTAMP] [--limit N] [--unsure] [--format table|json]
 *             recoup send --mark-sent ID | --resend ID
 *
 * --now on a send that hands messages over must be within
 * SEND_CLOCK_TOLERANCE of the machine's clock (app/send.h): checked here,
 * right after parsing, so that it is a usage error; send_run checks it too.
 *
 * Hands the due messages of the outbox to their channel (app/send). The
 * JSON form prints one object per row (keys of json_event() below) and the
 * summary, for scripts.
 */
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/send.h"
#include "cli/cli.h"
#include "cli/tprintf.h"

struct out {
	enum output_format format;
	json_t *rows;
};

static json_t *event_json(const struct send_event *ev)
{
	char next[TIMESTAMP_TEXT_MAX];
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i}", "action_id", (json_int_t)ev->action_id,
			      "kind", ev->kind, "customer", ev->customer, "recipient", ev->recipient, "state",
			      ev->state, "code", ev->code, "detail", ev->detail, "message_id", ev->message_id,
			      "attempts", ev->attempts);
	if (ev->encoding && ev->encoding[0]) {
		json_object_set_new(o, "encoding", json_string(ev->encoding));
		json_object_set_new(o, "segments", json_integer(ev->segments));
	}
	json_object_set_new(o, "next_at",
			    ev->next_at ? json_string(timestamp_format(ev->next_at, next, sizeof(next))) : json_null());
	return o;
}

static int on_event(void *ctx, const struct send_event *ev)
{
	struct out *o = ctx;
	char next[TIMESTAMP_TEXT_MAX];
	if (o->format == FORMAT_JSON) {
		json_array_append_new(o->rows, event_json(ev));
		return 0;
	}
	cli_printf("%-7lld %-5s %-12s %-9s %-28s %s", (long long)ev->action_id, ev->kind, ev->customer, ev->state,
		   ev->recipient[0] ? ev->recipient : "-", ev->message_id);
	if (ev->encoding && ev->encoding[0] && ev->segments)
		cli_printf(" %s/%d", ev->encoding, ev->segments);
	if (ev->next_at)
		cli_printf(" next %s", timestamp_format(ev->next_at, next, sizeof(next)));
	if (ev->code[0] || ev->detail[0])
		cli_printf("\n        %s%s%s", ev->code, ev->code[0] && ev->detail[0] ? ": " : "", ev->detail);
	cli_printf("\n");
	return 0;
}

static void print_summary(const struct out *o, const struct send_summary *s)
{
	if (o->format == FORMAT_JSON) {
		json_t *j = json_pack("{s:o, s:{s:i, s:i, s:i, s:i, s:i, s:i, s:i}}", "rows", json_incref(o->rows),
				      "summary", "sent", (int)s->sent, "retry", (int)s->retry, "failed", (int)s->failed,
				      "cancelled", (int)s->cancelled, "waiting", (int)s->waiting, "skipped",
				      (int)s->skipped, "unsure", (int)s->unsure);
		char *text = json_dumps(j, JSON_PRESERVE_ORDER | JSON_INDENT(2));
		cli_printf("%s\n", text ? text : "{}");
		free(text);
		json_decref(j);
		return;
	}
	cli_printf("sent %ld, retry later %ld, failed %ld, cancelled %ld, waiting %ld, skipped %ld", s->sent, s->retry,
		   s->failed, s->cancelled, s->waiting, s->skipped);
	if (s->unsure)
		cli_printf("; %ld found in the middle of a hand-over and marked unsure (recoup send --unsure)",
			   s->unsure);
	cli_printf("\n");
}

/* send --letters-to: the line after the actions cancelled, skipped or changed (printed above it). */
static void print_letters_table(const struct send_letters_result *lr)
{
	if (lr->letters)
		cli_printf("%zu letters (%d pages) for %zu actions in %s", lr->letters, lr->pages, lr->actions,
			   lr->path);
	else
		cli_printf("no letter due");
	if (lr->cancelled)
		cli_printf("; %zu actions cancelled (above, with why): paid, held or stopped since the run",
			   lr->cancelled);
	if (lr->skipped)
		cli_printf("; %zu actions skipped (above, with why): left scheduled for a person", lr->skipped);
	if (lr->changed)
		cli_printf("; %zu actions changed since they were drawn (above, with why): left as they are",
			   lr->changed);
	cli_printf("\n");
}

/*
 * send --letters-to --format json: the actions cancelled, skipped or changed (as `send`'s rows)
 * and what was printed; "file" is null when no letter was due, and "withdrawn" counts the
 * letters in the file that stand for no action any more (to take out before posting).
 */
static void print_letters_json(const struct out *o, const struct send_letters_result *lr)
{
	json_t *j = json_pack("{s:O, s:{s:o, s:i, s:i, s:i, s:i, s:i, s:i, s:i}}", "rows", o->rows, "summary", "file",
			      lr->letters ? json_string(lr->path) : json_null(), "letters", (int)lr->letters, "pages",
			      lr->pages, "actions", (int)lr->actions, "cancelled", (int)lr->cancelled, "skipped",
			      (int)lr->skipped, "changed", (int)lr->changed, "withdrawn", (int)lr->withdrawn);
	char *text = j ? json_dumps(j, JSON_PRESERVE_ORDER | JSON_INDENT(2)) : NULL;

	cli_printf("%s\n", text ? text : "{}");
	free(text);
	json_decref(j);
}

/*
 * A send that handed nothing over because the server could not be reached
 * is an environment error (exit 3), so that cron notices, after the rows
 * were recorded for a retry as always; one that handed some over is a
 * success that says how many are left to retry (docs/channels.md, "The
 * outbox"). Refusals the server answered (4xx) are not this: it was there.
 */
static int check_reached(struct cli *cli, const struct send_summary *s)
{
	const char *server = s->unreachable_email && s->unreachable_sms ? "the email server and the SMS gateway"
			     : s->unreachable_email                     ? "the email server"
									: "the SMS gateway";
	char left[160] = "";

	if (!s->unreachable_email && !s->unreachable_sms)
		return 0;
	if (s->failed)
		snprintf(left, sizeof(left), "%ld left to retry later, %ld failed", s->retry, s->failed);
	else
		snprintf(left, sizeof(left), "%ld left to retry later", s->retry);
	if (s->timed_out && s->skipped) /* a server that did not answer in time is asked once a send */
		snprintf(left + strlen(left), sizeof(left) - strlen(left), ", %ld not tried after the time-out",
			 s->skipped);
	if (s->sent > 0) {
		cli_fprintf(stderr, "recoup send: %ld sent, %s: %s could not be reached (%s)\n", s->sent, left, server,
			    s->unreachable_detail);
		return 0;
	}
	return error_set(&cli->err, ERR_ENV, "nothing was sent: %s could not be reached (%s); %s, as recorded", server,
			 s->unreachable_detail, left);
}

/*
 * A server that refused recoup's settings (a login, the sender, a URL)
 * would refuse every message: they were left as they were, and the send
 * exits 3 naming the settings, whatever else it sent, so that cron
 * notices a mistake that does not mend itself (docs/channels.md).
 */
static int check_settings(struct cli *cli, const struct send_summary *s)
{
	if (!s->config_email && !s->config_sms)
		return 0;
	return error_set(&cli->err, ERR_ENV, "%s; %ld sent, %ld skipped and left as they were", s->config_detail,
			 s->sent, s->skipped);
}

/* send_options.clock: the machine's clock, read before each row */
static timestamp_t machine_clock(void *arg)
{
	(void)arg;
	return cli_now();
}

static int run_send(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "now", required_argument, NULL, 'n' },
		{ "until", required_argument, NULL, 'u' },
		{ "limit", required_argument, NULL, 'l' },
		{ "unsure", no_argument, NULL, 'U' },
		{ "format", required_argument, NULL, 'f' },
		{ "mark-sent", required_argument, NULL, 'M' },
		{ "resend", required_argument, NULL, 'R' },
		{ "letters-to", required_argument, NULL, 'L' },
		{ NULL, 0, NULL, 0 },
	};
	long long resolve_id = 0;
	const char *letters_dir = NULL;
	int resend = 0;
	struct app_ctx ctx = cli->app;
	struct send_options so = { 0 };
	struct send_summary sum;
	struct out o = { FORMAT_TABLE, NULL };
	int c, ret, unsure = 0, now_given = 0;
	long long n;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (cli_parse_timestamp(cli, &cmd_send, "--now", optarg, &ctx.now) < 0)
				return -ERR_USAGE;
			ctx.today = timestamp_date_utc(ctx.now);
			now_given = 1;
			break;
		case 'u':
			if (cli_parse_timestamp(cli, &cmd_send, "--until", optarg, &so.until) < 0)
				return -ERR_USAGE;
			break;
		case 'l':
			if (cli_int_text(optarg, 1, LONG_MAX, &n) < 0)
				return cli_usage_error(cli, &cmd_send, "--limit: '%s' is not a positive number",
						       optarg);
			so.limit = (long)n;
			break;
		case 'U': unsure = 1; break;
		case 'L': letters_dir = optarg; break;
		case 'M':
		case 'R':
			if (cli_int_text(optarg, 1, INT64_MAX, &resolve_id) < 0)
				return cli_usage_error(cli, &cmd_send, "--%s: '%s' is not an action id",
						       c == 'M' ? "mark-sent" : "resend", optarg);
			resend = c == 'R';
			break;
		case 'f':
			ret = cli_parse_format(cli, &cmd_send, optarg, (1u << FORMAT_TABLE) | (1u << FORMAT_JSON),
					       &o.format);
			if (ret < 0)
				return ret;
			break;
		default: return cli_usage_error(cli, &cmd_send, "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, &cmd_send, "unexpected argument '%s'", argv[optind]);
	if (letters_dir) {
		struct send_letters_result lr;
		struct out lo = { o.format, o.format == FORMAT_JSON ? json_array() : NULL };
		/* each cancelled or skipped action is printed with why, before the summary */
		ret = send_letters(&ctx, letters_dir, on_event, &lo, &lr, &cli->err);
		if (ret == 0 && o.format == FORMAT_JSON)
			print_letters_json(&lo, &lr);
		else if (ret == 0)
			print_letters_table(&lr);
		json_decref(lo.rows);
		/* a letter in the file that must not be posted: a person has to act */
		if (ret == 0 && lr.withdrawn)
			cli_fprintf(stderr,
				    "recoup send: %zu letter%s in %s stand%s for no action any more (changed since "
				    "drawn, above): take %s out of the batch before posting\n",
				    lr.withdrawn, lr.withdrawn == 1 ? "" : "s", lr.path, lr.withdrawn == 1 ? "s" : "",
				    lr.withdrawn == 1 ? "it" : "them");
		return ret;
	}
	if (resolve_id) {
		ret = send_resolve(&ctx, resolve_id, resend, &cli->err);
		if (ret == 0)
			cli_printf("action %lld: %s\n", resolve_id,
				   resend ? "will be sent again by the next send" : "recorded sent");
		return ret;
	}
	/*
	 * What follows may hand messages over (unless --unsure): they leave at
	 * the machine's moment, so a --now away from it is refused here, before
	 * anything is read (send_run refuses it too, for any caller).
	 */
	so.clock = machine_clock;
	if (!unsure && now_given && send_clock_check("--now", ctx.now, cli_now(), &cli->err) < 0)
		return cli_usage_error(cli, &cmd_send,
				       "%s; --now is for what does not transmit: --letters-to, --unsure, "
				       "--mark-sent, --resend",
				       cli->err.message);
	o.rows = json_array();
	if (unsure) {
		ret = send_unsure(&ctx, on_event, &o, &cli->err);
		if (ret == 0 && o.format == FORMAT_JSON) {
			char *text = json_dumps(o.rows, JSON_INDENT(2));
			cli_printf("%s\n", text ? text : "[]");
			free(text);
		}
	} else {
		ret = send_run(&ctx, &so, on_event, &o, &sum, &cli->err);
		if (ret == 0) {
			print_summary(&o, &sum);
			ret = check_settings(cli, &sum);
			if (ret == 0)
				ret = check_reached(cli, &sum);
		}
	}
	json_decref(o.rows);
	return ret;
}

const struct command cmd_send = {
	.name = "send",
	.summary = "the outbox: hand the due emails and SMS to their server, checked again, once",
	.usage = "usage: recoup send [--now TIMESTAMP] [--until TIMESTAMP] [--limit N] [--unsure] [--format "
		 "table|json]\n"
		 "       recoup send --mark-sent ACTION_ID | --resend ACTION_ID\n"
		 "       recoup send --letters-to DIR [--now TIMESTAMP]\n\n"
		 "Sends the messages the daily run scheduled (email, sms) that are due at --until (default\n"
		 "now; a later one is refused: nothing leaves before its moment). Each is checked again\n"
		 "first: cancelled when its invoices were paid or credited, a\n"
		 "hold (dispute, promise, plan, placement) or a stop (opt-out, cease...) was recorded; left\n"
		 "waiting when the contact window is closed. It is recorded `sending` before the hand-over,\n"
		 "then sent, retried later with backoff (a temporary refusal) or failed. A message found\n"
		 "`sending` when a send starts may have gone out: it is marked unsure and never sent again\n"
		 "automatically; --unsure lists them, and a person decides each one after checking with the\n"
		 "server: --mark-sent ID (it went out) or --resend ID (it did not; same Message-ID).\n"
		 "A send that handed nothing over because the server (SMTP, SMS gateway) could not be\n"
		 "reached exits 3 once the retries are recorded; one that handed some over exits 0 and says\n"
		 "how many are left to retry. A server that refuses the settings (a login, the sender, the\n"
		 "URL) fails no message: they are left as they were, and the send exits 3 naming them.\n"
		 "--letters-to DIR renders the day's letters into DIR/letters-DATE.pdf for printing and\n"
		 "marks their actions sent, each letter a contact attempt; each is checked again first, as\n"
		 "an email is: one whose invoices were paid since, that a hold covers or that the contact\n"
		 "rules stop for good is not printed but cancelled with the reason, and a letter lists what\n"
		 "the email would (no invoice on hold or disputed). An action changed while the letters were\n"
		 "drawn (a promise recorded meanwhile) is left as it is, and its letter named to be taken\n"
		 "out of the batch. --now sets the clock: for --letters-to, --unsure,\n"
		 "--mark-sent and --resend any moment; for a send that hands messages over, which leave at the\n"
		 "machine's moment, it is refused (exit 2) more than 60 s from the machine's clock (to\n"
		 "replay a send at another moment, run it on a machine whose clock reads it). Settings:\n"
		 "recoup config. See docs/channels.md.\n",
	.flags = CMD_NEEDS_DB,
	.run = run_send,
};
