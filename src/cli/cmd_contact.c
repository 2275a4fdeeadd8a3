/*
 * cmd_contact.c: recoup contact log|history — the contact history the
 * frequency rules count.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/rules_ctx.h"
#include "app/correct.h"
#include "cli/cli.h"
#include "codec/fields.h"
#include "codec/json.h"
#include "core/validate.h"
#include "store/history.h"
#include "store/ledger.h"
#include "store/parties.h"

static const char usage[] =
	"usage: recoup contact log --contact REF --channel call|sms|email|letter|visit\n"
	"                          --outcome no_answer|voicemail|message_left|wrong_number|right_party|\n"
	"                                    refused|callback|promise|dispute|sent\n"
	"                          --at TIMESTAMP [--invoice REF] [--address PHONE|EMAIL]\n"
	"                          [--spoke-with NAME] [--note TEXT] [--inbound]\n"
	"       recoup contact history --customer REF [--format table|json]\n"
	"       recoup contact set REF FIELD=VALUE... [--by NAME]\n\n"
	"log records an attempt or a conversation. Without --invoice it concerns every open\n"
	"invoice of the customer. --inbound marks a contact the debtor started: it is not a call\n"
	"attempt for the frequency caps, but a conversation (right_party, refused, callback,\n"
	"promise, dispute), whoever started it, starts the pauses after a conversation.\n"
	"The outcome must fit the channel (docs/compliance.md), --address must be one of the\n"
	"contact's addresses, and --at may not be after now.\n\n"
	"set corrects a contact: fields " CODEC_CONTACT_CORRECTABLE ",\n"
	"checked as the import checks them, all or nothing; each change is recorded with --by\n"
	"(default $USER) and the time, and shown by 'recoup customer show'.\n";

/*
 * The address used must be one the contact has for that channel: its phone
 * for a call or an sms, its email for an email, the customer's postal
 * address for a letter or a visit. Else the history would count an attempt
 * on an address that the rules never see.
 */
static int check_address(struct cli *cli, const struct contact *co, const struct customer *cu, enum channel ch,
			 const char *address)
{
	const char *own = ch == CHANNEL_EMAIL ? co->email : ch == CHANNEL_CALL || ch == CHANNEL_SMS ? co->phone : cu->address;
	const char *what = ch == CHANNEL_EMAIL ? "email" : ch == CHANNEL_CALL || ch == CHANNEL_SMS ? "phone" : "address";

	if (*own && contact_address_equal(own, address))
		return 0;
	if (!*own)
		return error_set(&cli->err, ERR_INPUT, "--address '%s': contact '%s' has no %s for a %s", address, co->ref,
				 what, channel_name(ch));
	return error_set(&cli->err, ERR_INPUT, "--address '%s' is not the %s of contact '%s' ('%s')", address, what, co->ref,
			 own);
}

static int run_log(struct cli *cli, struct store_tx *tx, int argc, char **argv)
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
	if ((ret = cli_check_text(cli, "--spoke-with", spoke_with, NAME_MAX_LEN)) < 0 ||
	    (ret = cli_check_text(cli, "--note", note, TEXT_MAX)) < 0 ||
	    (ret = cli_check_text(cli, "--address", a.address, EMAIL_MAX)) < 0 ||
	    (ret = cli_check_not_future(cli, "--at", a.at)) < 0)
		return ret;
	if (!contact_outcome_fits(a.channel, a.outcome)) {
		char fits[256];
		return error_set(&cli->err, ERR_INPUT, "outcome '%s' cannot happen on a %s (a %s can be: %s)",
				 contact_outcome_name(a.outcome), channel_name(a.channel), channel_name(a.channel),
				 contact_outcomes_of_channel(a.channel, fits, sizeof(fits)));
	}

	ret = store_contact_get(tx, contact_ref, &contact, NULL, &cli->err);
	if (ret == 0)
		ret = error_set(&cli->err, ERR_INPUT, "unknown contact '%s'", contact_ref);
	if (ret < 0)
		return ret;
	ret = store_customer_get(tx, contact.customer_ref, &customer, NULL, &cli->err);
	if (ret <= 0)
		return ret < 0 ? ret : error_set(&cli->err, ERR_ENV, "contact '%s' has no customer", contact_ref);
	if (a.address[0] && (ret = check_address(cli, &contact, &customer, a.channel, a.address)) < 0)
		return ret;
	a.contact_id = contact.id;
	a.conversation = contact_outcome_is_conversation(a.outcome);
	if (invoice_ref) {
		struct invoice inv;
		ret = store_invoice_get(tx, invoice_ref, &inv, NULL, &cli->err);
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
		if ((ret = rules_ctx_open_invoice_ids(tx, &customer, &ids, &n_ids, &cli->err)) < 0)
			return ret;
		/* ids is NULL when nothing is open: memcpy must not see it */
		if (n_ids > 0 && n_ids <= ATTEMPT_INVOICES_MAX) {
			memcpy(a.invoice_ids, ids, n_ids * sizeof(*ids));
			a.n_invoices = n_ids;
		}
		free(ids);
	}
	if ((ret = store_attempt_add(tx, customer.id, &a, spoke_with, note, &id, &cli->err)) < 0)
		return ret;
	printf("logged %s %s %s with contact '%s' at %s (%s; %s)\n", a.inbound ? "inbound" : "outbound",
	       channel_name(a.channel), contact_outcome_name(a.outcome), contact.ref,
	       timestamp_format(a.at, ts, sizeof(ts)), a.conversation ? "a conversation" : "an attempt",
	       invoice_ref ? invoice_ref : a.n_invoices ? "about every open invoice" : "about every debt");
	return 0;
}

struct history {
	enum output_format format;
	int rows;
};

static int print_attempt(void *ctx, const struct attempt_view *v)
{
	struct history *h = ctx;
	const struct contact_attempt *a = &v->a;
	char ts[TIMESTAMP_TEXT_MAX];

	timestamp_format(a->at, ts, sizeof(ts));
	if (h->format == FORMAT_JSON) {
		json_t *o = json_object(), *refs = json_array();
		char *text, *list = strdup(v->invoice_refs), *save = NULL;
		if (!o || !refs || !list) {
			json_decref(o);
			json_decref(refs);
			free(list);
			return -ERR_ENV;
		}
		for (char *r = strtok_r(list, ",", &save); r; r = strtok_r(NULL, ",", &save))
			json_array_append_new(refs, json_string(r));
		free(list);
		json_object_set_new(o, "at", json_string(ts));
		json_object_set_new(o, "contact_ref", json_string(v->contact_ref));
		json_object_set_new(o, "channel", json_string(channel_name(a->channel)));
		json_object_set_new(o, "outcome", json_string(contact_outcome_name(a->outcome)));
		json_object_set_new(o, "direction", json_string(a->inbound ? "inbound" : "outbound"));
		json_object_set_new(o, "spoke_with", json_string(v->spoke_with));
		json_object_set_new(o, "note", json_string(v->note));
		json_object_set_new(o, "invoice_refs", refs);
		text = json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT);
		printf("%s%s", h->rows ? ",\n  " : "\n  ", text ? text : "{}");
		free(text);
		json_decref(o);
	} else {
		printf("%s  %-8s %-7s %-13s %-12s %s%s%s%s%s%s\n", ts, a->inbound ? "inbound" : "outbound",
		       channel_name(a->channel), contact_outcome_name(a->outcome), v->contact_ref,
		       v->invoice_refs[0] ? v->invoice_refs : "every debt", v->spoke_with[0] ? "  spoke with " : "",
		       v->spoke_with, v->note[0] ? "  note: " : "", v->note, a->conversation ? "  (conversation)" : "");
	}
	h->rows++;
	return 0;
}

static int run_history(struct cli *cli, struct store_tx *tx, int argc, char **argv)
{
	static const struct option options[] = {
		{ "customer", required_argument, NULL, 'c' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct customer cu;
	struct history h = { FORMAT_TABLE, 0 };
	const char *ref = NULL;
	int c, ret;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (c == 'c')
			ref = optarg;
		else if (c != 'f')
			return cli_usage_error(cli, &cmd_contact, "unknown option");
		else if ((ret = cli_parse_format(cli, &cmd_contact, optarg, (1u << FORMAT_TABLE) | (1u << FORMAT_JSON),
						 &h.format)) < 0)
			return ret;
	}
	if (!ref)
		return cli_usage_error(cli, &cmd_contact, "contact history needs --customer");
	ret = store_customer_get(tx, ref, &cu, NULL, &cli->err);
	if (ret == 0)
		ret = error_set(&cli->err, ERR_INPUT, "unknown customer '%s'", ref);
	if (ret < 0)
		return ret;
	if (h.format == FORMAT_JSON) {
		/* the attempts follow one by one, as they are read: the head is written open */
		json_t *head = json_pack("{s:s}", "customer_ref", cu.ref);
		codec_json_write_head(stdout, head, JSON_PRESERVE_ORDER);
		json_decref(head);
		fputs(", \"attempts\": [", stdout);
	}
	ret = store_attempt_views_each(tx, cu.id, print_attempt, &h, &cli->err);
	if (ret > 0)
		ret = error_set(&cli->err, ERR_ENV, "out of memory");
	if (ret == 0 && h.format == FORMAT_JSON)
		printf("%s]}\n", h.rows ? "\n" : "");
	else if (ret == 0 && h.rows == 0)
		printf("(no contact recorded for customer '%s')\n", cu.ref);
	return ret;
}

static void print_change(void *ctx, const struct change_record *c)
{
	printf("  %s %s: %s '%s' -> '%s'\n", c->entity, c->ref, c->field, c->old_value, c->new_value);
}

static int run_set(struct cli *cli, struct store_tx *tx, int argc, char **argv)
{
	static const struct option options[] = {
		{ "by", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	struct contact *old = malloc(sizeof(*old)), *now = malloc(sizeof(*now));
	struct correct_author who = { cli_user(), cli_now(), 0 };
	int c, ret;

	if (!old || !now) {
		ret = error_set(&cli->err, ERR_ENV, "out of memory");
		goto cleanup;
	}
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (c != 'b') {
			ret = cli_usage_error(cli, &cmd_contact, "unknown option");
			goto cleanup;
		}
		who.by = optarg;
	}
	if (argc - optind < 2) {
		ret = cli_usage_error(cli, &cmd_contact, "contact set needs a contact ref and FIELD=VALUE");
		goto cleanup;
	}
	if ((ret = cli_check_text(cli, "--by", who.by, NAME_MAX_LEN)) < 0)
		goto cleanup;
	for (int i = optind + 1; i < argc; i++)
		if ((ret = cli_check_text(cli, "FIELD=VALUE", argv[i], TEXT_MAX)) < 0)
			goto cleanup;
	ret = store_contact_get(tx, argv[optind], old, NULL, &cli->err);
	if (ret == 0)
		ret = error_set(&cli->err, ERR_INPUT, "unknown contact '%s'", argv[optind]);
	if (ret < 0)
		goto cleanup;
	*now = *old;
	if ((ret = correct_contact_assign(now, argv + optind + 1, (size_t)(argc - optind - 1), &cli->err)) < 0) {
		char why[ERROR_MESSAGE_MAX];
		snprintf(why, sizeof(why), "%s", cli->err.message);
		ret = error_set(&cli->err, ERR_INPUT, "contact '%s': %s; nothing changed", old->ref, why);
		goto cleanup;
	}
	printf("contact '%s':\n", old->ref);
	if ((ret = correct_contact_apply(tx, old, now, &who, print_change, NULL, &cli->err)) < 0)
		goto cleanup;
	if (ret == 0) {
		printf("  nothing changed (the values are already stored)\n");
		goto cleanup;
	}
	ret = 0; /* committed by cli_in_tx */
cleanup:
	free(old);
	free(now);
	return ret;
}

static int run_contact(struct cli *cli, int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "log")) {
		optind = 1;
		return cli_in_tx(cli, STORE_WRITE, run_log, argc - 1, argv + 1);
	}
	if (argc >= 2 && !strcmp(argv[1], "history")) {
		optind = 1;
		return cli_in_tx(cli, STORE_READ, run_history, argc - 1, argv + 1);
	}
	if (argc >= 2 && !strcmp(argv[1], "set")) {
		optind = 1;
		return cli_in_tx(cli, STORE_WRITE, run_set, argc - 1, argv + 1);
	}
	return cli_usage_error(cli, &cmd_contact, "expected 'log', 'history' or 'set'");
}

const struct command cmd_contact = {
	.name = "contact",
	.summary = "record call attempts and conversations; show the contact history",
	.usage = usage,
	.flags = CMD_NEEDS_DB,
	.run = run_contact,
};
