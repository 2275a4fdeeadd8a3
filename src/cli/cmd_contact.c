/*
 * cmd_contact.c: recoup contact log|history — the contact history the
 * frequency rules count.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "app/contact_check.h"
#include "cli/cli.h"
#include "store/store.h"

static const char usage[] =
	"usage: recoup contact log --contact REF --channel call|sms|email|letter|visit\n"
	"                          --outcome no_answer|voicemail|message_left|wrong_number|right_party|\n"
	"                                    refused|callback|promise|dispute|sent\n"
	"                          --at TIMESTAMP [--invoice REF] [--address PHONE|EMAIL]\n"
	"                          [--spoke-with NAME] [--note TEXT] [--inbound]\n"
	"       recoup contact history --customer REF\n\n"
	"log records an attempt or a conversation. Without --invoice it concerns every open\n"
	"invoice of the customer. --inbound marks a contact the debtor started: it is not a call\n"
	"attempt for the frequency caps, but a conversation (right_party, refused, callback,\n"
	"promise, dispute), whoever started it, starts the pauses after a conversation.\n";

static int run_log(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "contact", required_argument, NULL, 'c' },
		{ "channel", required_argument, NULL, 'h' },
		{ "outcome", required_argument, NULL, 'o' },
		{ "at", required_argument, NULL, 'a' },
		{ "invoice", required_argument, NULL, 'i' },
		{ "address", required_argument, NULL, 'd' },
		{ "spoke-with", required_argument, NULL, 's' },
		{ "note", required_argument, NULL, 'n' },
		{ "inbound", no_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	struct contact_attempt a = { 0 };
	struct contact contact;
	struct customer customer;
	const char *contact_ref = NULL, *invoice_ref = NULL, *spoke_with = "", *note = "";
	int have_channel = 0, have_outcome = 0, have_at = 0, c, ret;
	int64_t *ids = NULL, id = 0;
	size_t n_ids = 0;
	char ts[TIMESTAMP_TEXT_MAX];

	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'c': contact_ref = optarg; break;
		case 'h':
			if (channel_parse(optarg, &a.channel, &cli->err) < 0)
				return cli_usage_error(cli, &cmd_contact, "--channel: %s", cli->err.message);
			have_channel = 1;
			break;
		case 'o':
			if (contact_outcome_parse(optarg, &a.outcome, &cli->err) < 0)
				return cli_usage_error(cli, &cmd_contact, "--outcome: %s", cli->err.message);
			have_outcome = 1;
			break;
		case 'a':
			if (timestamp_parse(optarg, &a.at, &cli->err) < 0)
				return cli_usage_error(cli, &cmd_contact, "--at: %s", cli->err.message);
			have_at = 1;
			break;
		case 'i': invoice_ref = optarg; break;
		case 'd':
			if (strlen(optarg) > EMAIL_MAX)
				return cli_usage_error(cli, &cmd_contact, "--address is longer than %d bytes", EMAIL_MAX);
			snprintf(a.address, sizeof(a.address), "%s", optarg);
			break;
		case 's': spoke_with = optarg; break;
		case 'n': note = optarg; break;
		case 'b': a.inbound = 1; break;
		default: return cli_usage_error(cli, &cmd_contact, "unknown option");
		}
	}
	if (!contact_ref || !have_channel || !have_outcome || !have_at)
		return cli_usage_error(cli, &cmd_contact, "contact log needs --contact, --channel, --outcome and --at");
	if (optind < argc)
		return cli_usage_error(cli, &cmd_contact, "unexpected argument '%s'", argv[optind]);
	if (strlen(spoke_with) > NAME_MAX_LEN || strlen(note) > TEXT_MAX)
		return error_set(&cli->err, ERR_INPUT, "--spoke-with or --note is too long (%d and %d bytes at most)",
				 NAME_MAX_LEN, TEXT_MAX);

	ret = store_contact_get(cli->store, cli->tenant_id, contact_ref, &contact, NULL, &cli->err);
	if (ret == 0)
		ret = error_set(&cli->err, ERR_INPUT, "unknown contact '%s'", contact_ref);
	if (ret < 0)
		return ret;
	ret = store_customer_get(cli->store, cli->tenant_id, contact.customer_ref, &customer, NULL, &cli->err);
	if (ret <= 0)
		return ret < 0 ? ret : error_set(&cli->err, ERR_ENV, "contact '%s' has no customer", contact_ref);
	a.contact_id = contact.id;
	a.conversation = contact_outcome_is_conversation(a.outcome);
	if (invoice_ref) {
		struct invoice inv;
		ret = store_invoice_get(cli->store, cli->tenant_id, invoice_ref, &inv, NULL, &cli->err);
		if (ret == 0)
			ret = error_set(&cli->err, ERR_INPUT, "unknown invoice '%s'", invoice_ref);
		if (ret < 0)
			return ret;
		if (inv.customer_id != customer.id)
			return error_set(&cli->err, ERR_INPUT, "invoice '%s' belongs to customer '%s', not '%s'", invoice_ref,
					 inv.customer_ref, customer.ref);
		a.invoice_ids[0] = inv.id;
		a.n_invoices = 1;
	} else {
		/* every open invoice, named, so that later invoices are not counted */
		if ((ret = rules_open_invoice_ids(cli->store, cli->tenant_id, &customer, &ids, &n_ids, &cli->err)) < 0)
			return ret;
		/* ids is NULL when nothing is open: memcpy must not see it */
		if (n_ids > 0 && n_ids <= ATTEMPT_INVOICES_MAX) {
			memcpy(a.invoice_ids, ids, n_ids * sizeof(*ids));
			a.n_invoices = n_ids;
		}
		free(ids);
	}
	if ((ret = store_attempt_add(cli->store, cli->tenant_id, customer.id, &a, spoke_with, note, &id, &cli->err)) < 0)
		return ret;
	printf("logged %s %s %s with contact '%s' at %s (%s; %s)\n", a.inbound ? "inbound" : "outbound",
	       channel_name(a.channel), contact_outcome_name(a.outcome), contact.ref,
	       timestamp_format(a.at, ts, sizeof(ts)), a.conversation ? "a conversation" : "an attempt",
	       invoice_ref ? invoice_ref : a.n_invoices ? "about every open invoice" : "about every debt");
	return 0;
}

static int print_attempt(void *ctx, const struct contact_attempt *a)
{
	char ts[TIMESTAMP_TEXT_MAX];
	printf("%s  %-8s %-7s %-13s contact#%lld%s\n", timestamp_format(a->at, ts, sizeof(ts)),
	       a->inbound ? "inbound" : "outbound", channel_name(a->channel), contact_outcome_name(a->outcome),
	       (long long)a->contact_id, a->conversation ? "  conversation" : "");
	return 0;
}

static int run_history(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "customer", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	struct customer cu;
	const char *ref = NULL;
	int c, ret;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (c != 'c')
			return cli_usage_error(cli, &cmd_contact, "unknown option");
		ref = optarg;
	}
	if (!ref)
		return cli_usage_error(cli, &cmd_contact, "contact history needs --customer");
	ret = store_customer_get(cli->store, cli->tenant_id, ref, &cu, NULL, &cli->err);
	if (ret == 0)
		ret = error_set(&cli->err, ERR_INPUT, "unknown customer '%s'", ref);
	if (ret < 0)
		return ret;
	ret = store_attempts_each(cli->store, cli->tenant_id, cu.id, 0, print_attempt, NULL, &cli->err);
	return ret > 0 ? -ret : ret;
}

static int run_contact(struct cli *cli, int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "log")) {
		optind = 1;
		return run_log(cli, argc - 1, argv + 1);
	}
	if (argc >= 2 && !strcmp(argv[1], "history")) {
		optind = 1;
		return run_history(cli, argc - 1, argv + 1);
	}
	return cli_usage_error(cli, &cmd_contact, "expected 'log' or 'history'");
}

const struct command cmd_contact = {
	.name = "contact",
	.summary = "record call attempts and conversations; show the contact history",
	.usage = usage,
	.flags = CMD_NEEDS_DB,
	.run = run_contact,
};
