/*
 * cmd_contact.c: recoup contact log|history|set — the contact history the
 * frequency rules count, and corrections to a contact. Parsing and
 * formatting only: the use cases are app/contact_log and app/correct.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/contact_log.h"
#include "app/correct.h"
#include "cli/cli.h"
#include "cli/tprintf.h"
#include "codec/fields.h"
#include "codec/json.h"

static const char usage[] =
	"usage: recoup contact log --contact REF --channel call|sms|email|letter|visit\n"
	"                          --outcome no_answer|busy|voicemail|message_left|wrong_number|\n"
	"                                    right_party|third_party|refused|callback|promise|dispute|\n"
	"                                    paid|sent\n"
	"                          --at TIMESTAMP [--invoice REF] [--address PHONE|EMAIL]\n"
	"                          [--spoke-with NAME | --answered-by NAME | --left-with NAME]\n"
	"                          [--best-time TEXT] [--pays-bills] [--note TEXT] [--inbound]\n"
	"                          [--callback-at TIMESTAMP] [--by USER]\n"
	"       recoup contact history --customer REF [--format table|json]\n"
	"       recoup contact set REF FIELD=VALUE... [--by NAME]\n\n"
	"log records an attempt or a conversation. Without --invoice it concerns every open\n"
	"invoice of the customer. --inbound marks a contact the debtor started: it is not a call\n"
	"attempt for the frequency caps, but a conversation (right_party, refused, callback,\n"
	"promise, dispute), whoever started it, starts the pauses after a conversation.\n"
	"The outcome must fit the channel (docs/compliance.md), --address must be one of the\n"
	"contact's addresses, and --at may not be after now. --callback-at (outcome callback) is\n"
	"when the debtor asked to be called back: the work queue raises the account in that hour.\n"
	"A call (any outcome) marks the customer's call actions scheduled up to --at done.\n"
	"What the collector learned goes back on the contact: --answered-by (who answered) and\n"
	"--left-with (message_left: with whom) are recorded as who was spoken with, --best-time\n"
	"(\"mon-fri 09:00-11:00\") and --pays-bills (this contact pays the bills, no other) correct\n"
	"the contact, and wrong_number flags the number (customer flag wrong-number). history\n"
	"ends with a summary: attempts, conversations, messages left with whom.\n"
	"--by (default $USER) is who made the call: the work queue counts it as that user's.\n"
	"A promise outcome is recorded with 'recoup promise add' (docs/agreements.md).\n\n"
	"set corrects a contact: fields " CODEC_CONTACT_CORRECTABLE ",\n"
	"checked as the import checks them, all or nothing; each change is recorded with --by\n"
	"(default $USER) and the time, and shown by 'recoup customer show'.\n";

static int run_log(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "contact", required_argument, NULL, 'c' },    { "channel", required_argument, NULL, 'h' },
		{ "outcome", required_argument, NULL, 'o' },    { "at", required_argument, NULL, 'a' },
		{ "invoice", required_argument, NULL, 'i' },    { "address", required_argument, NULL, 'd' },
		{ "spoke-with", required_argument, NULL, 's' }, { "note", required_argument, NULL, 'n' },
		{ "inbound", no_argument, NULL, 'b' },          { "callback-at", required_argument, NULL, 'k' },
		{ "left-with", required_argument, NULL, 'L' },  { "answered-by", required_argument, NULL, 'A' },
		{ "best-time", required_argument, NULL, 'T' },  { "pays-bills", no_argument, NULL, 'P' },
		{ "by", required_argument, NULL, 'B' },         { NULL, 0, NULL, 0 },
	};
	struct app_ctx ctx = cli->app; /* --by replaces the acting user */
	struct contact_log_request rq = { 0 };
	struct contact_log_entry *le = NULL;
	const struct contact_attempt *a;
	int have_channel = 0, have_outcome = 0, have_at = 0, c, ret;
	char ts[TIMESTAMP_TEXT_MAX];

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'c': rq.contact_ref = optarg; break;
		case 'h':
			if (channel_parse(optarg, &rq.channel, &cli->err) < 0)
				return cli_usage_error(cli, &cmd_contact, "--channel: %s", cli->err.message);
			have_channel = 1;
			break;
		case 'o':
			if (contact_outcome_parse(optarg, &rq.outcome, &cli->err) < 0)
				return cli_usage_error(cli, &cmd_contact, "--outcome: %s", cli->err.message);
			have_outcome = 1;
			break;
		case 'a':
			if (cli_parse_timestamp(cli, &cmd_contact, "--at", optarg, &rq.at) < 0)
				return -ERR_USAGE;
			have_at = 1;
			break;
		case 'i': rq.invoice_ref = optarg; break;
		case 'd': rq.address = optarg; break;
		case 's': rq.spoke_with = optarg; break;
		case 'n': rq.note = optarg; break;
		case 'b': rq.inbound = 1; break;
		case 'k':
			if (cli_parse_given_moment(cli, &cmd_contact, "--callback-at", optarg, &rq.callback_at) < 0)
				return -ERR_USAGE;
			break;
		case 'L': rq.left_with = optarg; break;
		case 'A': rq.answered_by = optarg; break;
		case 'T': rq.best_time = optarg; break;
		case 'P': rq.pays_bills = 1; break;
		case 'B': ctx.actor = optarg; break;
		default: return cli_usage_error(cli, &cmd_contact, "unknown option");
		}
	}
	if (!rq.contact_ref || !have_channel || !have_outcome || !have_at)
		return cli_usage_error(cli, &cmd_contact, "contact log needs --contact, --channel, --outcome and --at");
	if (optind < argc)
		return cli_usage_error(cli, &cmd_contact, "unexpected argument '%s'", argv[optind]);
	le = malloc(sizeof(*le));
	if (!le)
		return error_set(&cli->err, ERR_ENV, "out of memory");
	ret = contact_log_add(&ctx, &rq, le, &cli->err);
	if (ret == 0) {
		a = &le->attempt;
		cli_printf("logged %s %s %s with contact '%s' at %s (%s; %s)\n", a->inbound ? "inbound" : "outbound",
			   channel_name(a->channel), contact_outcome_name(a->outcome), le->contact_ref,
			   timestamp_format(a->at, ts, sizeof(ts)), a->conversation ? "a conversation" : "an attempt",
			   rq.invoice_ref  ? rq.invoice_ref
			   : a->n_invoices ? "about every open invoice"
					   : "about every debt");
		if (rq.callback_at)
			cli_printf("callback asked for %s\n", timestamp_format(rq.callback_at, ts, sizeof(ts)));
		if (le->contact_changes)
			cli_printf("contact '%s' updated: %s%s%s\n", le->contact_ref, rq.best_time ? "best time " : "",
				   rq.best_time ? rq.best_time : "",
				   rq.pays_bills ? (rq.best_time ? ", pays the bills" : "pays the bills") : "");
		if (le->flagged)
			cli_printf("%s of contact '%s' flagged wrong-number\n",
				   rq.address && rq.address[0] ? rq.address : "the phone", le->contact_ref);
		if (a->outcome == OUTCOME_PROMISE)
			cli_printf(
				"record the promise: recoup promise add %s --amount AMOUNT --date DATE [--invoice REF]\n",
				le->customer_ref);
		if (le->calls_done)
			cli_printf("%lld scheduled call%s of customer '%s' marked done\n", (long long)le->calls_done,
				   le->calls_done == 1 ? "" : "s", le->customer_ref);
		/* recorded, since it happened; but the contact rules refused it then: the audit entry keeps why */
		if (le->rules_refused)
			cli_fprintf(stderr,
				    "recoup contact: warning: the contact rules refused this %s at %s (%s: %s); it is "
				    "recorded, with the breach in the audit log (contact.log)\n",
				    channel_name(a->channel), timestamp_format(a->at, ts, sizeof(ts)),
				    le->rules_reason.code, le->rules_reason.message);
	}
	free(le);
	return ret;
}

struct history {
	enum output_format format;
	int rows;
	char customer_ref[REF_MAX + 1];
	struct contact_log_summary sum;
};

static int print_head(void *ctx, const struct customer *cu)
{
	struct history *h = ctx;

	snprintf(h->customer_ref, sizeof(h->customer_ref), "%s", cu->ref);
	if (h->format == FORMAT_JSON) {
		/* the attempts follow one by one, as they are read: the head is written open */
		json_t *head = json_pack("{s:s}", "customer_ref", cu->ref);
		codec_json_write_head(stdout, head, JSON_PRESERVE_ORDER);
		json_decref(head);
		fputs(", \"attempts\": [", stdout);
	}
	return 0;
}

static int print_attempt(void *ctx, const struct attempt_view *v)
{
	struct history *h = ctx;
	const struct contact_attempt *a = &v->a;
	char ts[TIMESTAMP_TEXT_MAX];

	contact_log_summary_add(&h->sum, v);
	timestamp_format(a->at, ts, sizeof(ts));
	if (h->format == FORMAT_JSON) {
		json_t *o = contact_log_attempt_json(v);
		char *text = o ? json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT) : NULL;
		json_decref(o);
		if (!text)
			return -ERR_ENV;
		cli_printf("%s%s", h->rows ? ",\n  " : "\n  ", text);
		free(text);
	} else {
		cli_printf("%s  %-8s %-7s %-13s %-12s %s%s%s%s%s%s\n", ts, a->inbound ? "inbound" : "outbound",
			   channel_name(a->channel), contact_outcome_name(a->outcome), v->contact_ref,
			   v->invoice_refs[0] ? v->invoice_refs : "every debt", v->spoke_with[0] ? "  spoke with " : "",
			   v->spoke_with, v->note[0] ? "  note: " : "", v->note,
			   a->conversation ? "  (conversation)" : "");
	}
	h->rows++;
	return 0;
}

/* "4 attempts, 1 conversation; 3 messages left with Susie, 1 with Bob". */
static void print_summary(const struct contact_log_summary *s)
{
	int first = 1;

	cli_printf("%lld attempt%s, %lld conversation%s", (long long)s->attempts, s->attempts == 1 ? "" : "s",
		   (long long)s->conversations, s->conversations == 1 ? "" : "s");
	for (size_t i = 0; i <= CONTACT_LOG_NAMES; i++) {
		if (!s->left[i].count)
			continue;
		cli_printf("%s%lld%s", first ? "; " : ", ", (long long)s->left[i].count,
			   first ? (s->left[i].count == 1 ? " message left" : " messages left") : "");
		if (s->left[i].with[0])
			cli_printf(" with %s", s->left[i].with);
		else
			cli_printf(" with nobody named");
		first = 0;
	}
	cli_printf("\n");
}

/* Closes the attempts and adds "summary": {"attempts", "conversations", "messages_left": [{"with", "count"}]}. */
static void print_summary_json(const struct contact_log_summary *s, int rows)
{
	json_t *left = json_array(), *o;
	char *text;

	for (size_t i = 0; left && i <= CONTACT_LOG_NAMES; i++)
		if (s->left[i].count)
			json_array_append_new(left, json_pack("{s:s, s:I}", "with", s->left[i].with, "count",
							      (json_int_t)s->left[i].count));
	o = json_pack("{s:I, s:I, s:o*}", "attempts", (json_int_t)s->attempts, "conversations",
		      (json_int_t)s->conversations, "messages_left", left);
	text = o ? json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT) : NULL;
	cli_printf("%s], \"summary\": %s}\n", rows ? "\n" : "", text ? text : "{}");
	free(text);
	json_decref(o);
}

static int run_history(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "customer", required_argument, NULL, 'c' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct history h = { .format = FORMAT_TABLE };
	struct contact_log_reader r = { print_head, print_attempt, &h };
	const char *ref = NULL;
	int c, ret;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		if (c == 'c') {
			ref = optarg;
		} else if (c != 'f') {
			return cli_usage_error(cli, &cmd_contact, "unknown option");
		} else {
			ret = cli_parse_format(cli, &cmd_contact, optarg, (1u << FORMAT_TABLE) | (1u << FORMAT_JSON),
					       &h.format);
			if (ret < 0)
				return ret;
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, &cmd_contact, "unexpected argument '%s'", argv[optind]);
	if (!ref)
		return cli_usage_error(cli, &cmd_contact, "contact history needs --customer");
	ret = contact_log_history(&cli->app, ref, &r, &cli->err);
	if (ret < 0)
		return ret;
	if (h.format == FORMAT_JSON)
		print_summary_json(&h.sum, h.rows);
	else if (h.rows == 0)
		cli_printf("(no contact recorded for customer '%s')\n", h.customer_ref);
	else
		print_summary(&h.sum);
	return 0;
}

static int run_set(struct cli *cli, int argc, char **argv)
{
	return cli_run_set(cli, &cmd_contact, "contact", &codec_contact, correct_contact_set, argc, argv);
}

static int run_contact(struct cli *cli, int argc, char **argv)
{
	optind = 1;
	if (argc >= 2 && !strcmp(argv[1], "log"))
		return run_log(cli, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "history"))
		return run_history(cli, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "set"))
		return run_set(cli, argc - 1, argv + 1);
	return cli_usage_error(cli, &cmd_contact, "expected 'log', 'history' or 'set'");
}

const struct command cmd_contact = {
	.name = "contact",
	.summary = "record call attempts and conversations; show the contact history",
	.usage = usage,
	.flags = CMD_NEEDS_DB,
	.run = run_contact,
};
