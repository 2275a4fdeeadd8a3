/*
 * cmd_customer.c: recoup customer flag|unflag|show — status flags that stop
 * or limit contact, with who set them, when and why.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/correct.h"
#include "cli/cli.h"
#include "codec/fields.h"
#include "core/contact_flags.h"
#include "core/money.h"
#include "core/validate.h"
#include "store/history.h"
#include "store/ledger.h"
#include "store/parties.h"

static const char usage[] =
	"usage: recoup customer flag REF FLAG [--contact REF] [--invoice REF] [--address PHONE|EMAIL]\n"
	"                                [--detail TEXT] [--by NAME] [--reason TEXT] [--at TIMESTAMP]\n"
	"       recoup customer unflag REF FLAG [same scope options] [--by NAME] [--reason TEXT]\n"
	"       recoup customer show REF\n"
	"       recoup customer set REF FIELD=VALUE... [--by NAME]\n\n"
	"Flags: cease, dispute, bankrupt, deceased, attorney, optout-call, optout-sms, optout-email,\n"
	"optout-letter, optout-visit, optout (--address), no-calls-at-work, at-work (--contact),\n"
	"wrong-number (--address or --contact), time-barred, consent, forbearance (--detail MOMENT),\n"
	"visit-agreed, inconvenient-time (--detail 'mon-fri 12:00-13:30'), inconvenient-place\n"
	"(--address), third-party-more (--contact). dispute and time-barred take --invoice (default:\n"
	"every debt). --by defaults to $USER, --at to now (never later). A flag is cleared with unflag,\n"
	"never deleted.\n\n"
	"set corrects a customer: fields " CODEC_CUSTOMER_CORRECTABLE ",\n"
	"checked as the import checks them (a profile must be a preset or the tenant's), all or\n"
	"nothing. Each change is recorded with --by and the time; show lists the recent ones.\n"
	"A new phone or email is also the primary contact's.\n";

struct flag_args {
	const char *customer_ref, *flag, *contact_ref, *invoice_ref, *address, *detail, *by, *reason;
	timestamp_t at;
};

static int parse_flag_args(struct cli *cli, int argc, char **argv, struct flag_args *fa)
{
	static const struct option options[] = {
		{ "contact", required_argument, NULL, 'c' }, { "invoice", required_argument, NULL, 'i' },
		{ "address", required_argument, NULL, 'd' }, { "detail", required_argument, NULL, 't' },
		{ "by", required_argument, NULL, 'b' },      { "reason", required_argument, NULL, 'r' },
		{ "at", required_argument, NULL, 'a' },      { NULL, 0, NULL, 0 },
	};
	int c;

	memset(fa, 0, sizeof(*fa));
	fa->at = cli_now();
	fa->by = cli_user();
	fa->reason = "";
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'c': fa->contact_ref = optarg; break;
		case 'i': fa->invoice_ref = optarg; break;
		case 'd': fa->address = optarg; break;
		case 't': fa->detail = optarg; break;
		case 'b': fa->by = optarg; break;
		case 'r': fa->reason = optarg; break;
		case 'a':
			if (timestamp_parse(optarg, &fa->at, &cli->err) < 0)
				return cli_usage_error(cli, &cmd_customer, "--at: %s", cli->err.message);
			break;
		default: return cli_usage_error(cli, &cmd_customer, "unknown option");
		}
	}
	if (argc - optind != 2)
		return cli_usage_error(cli, &cmd_customer, "expected a customer ref and a flag");
	fa->customer_ref = argv[optind];
	fa->flag = argv[optind + 1];
	if (cli_check_text(cli, "--by", fa->by, NAME_MAX_LEN) < 0 || cli_check_text(cli, "--reason", fa->reason, TEXT_MAX) < 0 ||
	    (fa->detail && cli_check_text(cli, "--detail", fa->detail, EMAIL_MAX) < 0) ||
	    (fa->address && cli_check_text(cli, "--address", fa->address, EMAIL_MAX) < 0))
		return -ERR_INPUT;
	return cli_check_not_future(cli, "--at", fa->at);
}

/* Resolves the flag's scope into a record; every error names what is wrong. */
static int build_record(struct cli *cli, struct store_tx *tx, const struct flag_args *fa, struct flag_record *f)
{
	struct customer cu;
	enum flag_kind k;
	const struct flag_info *info;
	int ret;

	memset(f, 0, sizeof(*f));
	if (flag_parse(fa->flag, &k, &cli->err) < 0)
		return -ERR_INPUT;
	info = flag_info(k);
	ret = store_customer_get(tx, fa->customer_ref, &cu, NULL, &cli->err);
	if (ret == 0)
		ret = error_set(&cli->err, ERR_INPUT, "unknown customer '%s'", fa->customer_ref);
	if (ret < 0)
		return ret;
	f->customer_id = cu.id;
	snprintf(f->flag, sizeof(f->flag), "%s", info->name);
	if (fa->invoice_ref) {
		struct invoice inv;
		if (!(info->scope & FLAG_SCOPE_INVOICE))
			return error_set(&cli->err, ERR_INPUT, "flag '%s' is about the customer, not one invoice", info->name);
		ret = store_invoice_get(tx, fa->invoice_ref, &inv, NULL, &cli->err);
		if (ret == 0)
			ret = error_set(&cli->err, ERR_INPUT, "unknown invoice '%s'", fa->invoice_ref);
		if (ret < 0)
			return ret;
		if (inv.customer_id != cu.id)
			return error_set(&cli->err, ERR_INPUT, "invoice '%s' belongs to customer '%s', not '%s'",
					 fa->invoice_ref, inv.customer_ref, cu.ref);
		f->invoice_id = inv.id;
	}
	if (fa->contact_ref) {
		struct contact co;
		if (!(info->scope & FLAG_SCOPE_CONTACT))
			return error_set(&cli->err, ERR_INPUT, "flag '%s' does not take --contact", info->name);
		ret = store_contact_get(tx, fa->contact_ref, &co, NULL, &cli->err);
		if (ret == 0)
			ret = error_set(&cli->err, ERR_INPUT, "unknown contact '%s'", fa->contact_ref);
		if (ret < 0)
			return ret;
		if (co.customer_id != cu.id)
			return error_set(&cli->err, ERR_INPUT, "contact '%s' belongs to customer '%s', not '%s'",
					 fa->contact_ref, co.customer_ref, cu.ref);
		f->contact_id = co.id;
		/* a wrong number named by its contact blocks that contact's phone */
		if (k == FLAG_WRONG_NUMBER && !fa->address) {
			if (!co.phone[0])
				return error_set(&cli->err, ERR_INPUT, "contact '%s' has no phone to flag as wrong", co.ref);
			snprintf(f->detail, sizeof(f->detail), "%s", co.phone);
		}
	}
	if ((info->scope & FLAG_NEEDS_CONTACT) && !fa->contact_ref)
		return error_set(&cli->err, ERR_INPUT, "flag '%s' needs --contact", info->name);
	if (fa->address) {
		if (!(info->scope & FLAG_SCOPE_ADDRESS))
			return error_set(&cli->err, ERR_INPUT, "flag '%s' does not take --address", info->name);
		if (strlen(fa->address) > EMAIL_MAX || !*fa->address)
			return error_set(&cli->err, ERR_INPUT, "--address '%s' is empty or too long", fa->address);
		snprintf(f->detail, sizeof(f->detail), "%s", fa->address);
	}
	if ((info->scope & FLAG_NEEDS_ADDRESS) && !f->detail[0])
		return error_set(&cli->err, ERR_INPUT, "flag '%s' needs --address", info->name);
	if (info->scope & FLAG_NEEDS_DETAIL) {
		if (!fa->detail)
			return error_set(&cli->err, ERR_INPUT, "flag '%s' needs --detail", info->name);
		if (flag_detail_check(k, fa->detail, &cli->err) < 0)
			return -ERR_INPUT;
		snprintf(f->detail, sizeof(f->detail), "%s", fa->detail);
	} else if (fa->detail) {
		return error_set(&cli->err, ERR_INPUT, "flag '%s' does not take --detail", info->name);
	}
	if (strlen(fa->by) > NAME_MAX_LEN || strlen(fa->reason) > TEXT_MAX)
		return error_set(&cli->err, ERR_INPUT, "--by or --reason is too long");
	snprintf(f->set_by, sizeof(f->set_by), "%s", fa->by);
	snprintf(f->reason, sizeof(f->reason), "%s", fa->reason);
	f->set_at = fa->at;
	return 0;
}

static int run_flag(struct cli *cli, struct store_tx *tx, int argc, char **argv, int clear)
{
	struct flag_args fa;
	struct flag_record *f = malloc(sizeof(*f));
	int ret, cleared = 0;

	if (!f)
		return error_set(&cli->err, ERR_ENV, "out of memory");
	if ((ret = parse_flag_args(cli, argc, argv, &fa)) < 0 || (ret = build_record(cli, tx, &fa, f)) < 0)
		goto cleanup;
	if (!clear) {
		if ((ret = store_flag_add(tx, f, &cli->err)) == 0)
			printf("customer '%s': flag %s set by %s\n", fa.customer_ref, f->flag, f->set_by);
	} else {
		ret = store_flag_clear(tx, f, fa.by, fa.at, fa.reason, &cleared, &cli->err);
		if (ret == 0 && cleared == 0)
			ret = error_set(&cli->err, ERR_INPUT, "customer '%s' has no active flag %s with that scope",
					fa.customer_ref, f->flag);
		if (ret == 0)
			printf("customer '%s': flag %s cleared by %s\n", fa.customer_ref, f->flag, fa.by);
	}
cleanup:
	free(f);
	return ret;
}

static int show_contact(void *ctx, const struct contact *c)
{
	printf("  contact %-12s %-18s %-24s phone %-18s email %s%s%s\n", c->ref, c->role, c->name, c->phone, c->email,
	       c->pays_bills ? "  pays bills" : "", c->timezone[0] ? "" : "");
	return 0;
}

static int show_flag(void *ctx, const struct flag_record *f)
{
	char ts[TIMESTAMP_TEXT_MAX];
	printf("  flag %-18s%s%s%s%s%s%s set by %s at %s%s%s\n", f->flag, f->contact_ref[0] ? " contact " : "",
	       f->contact_ref, f->invoice_ref[0] ? " invoice " : "", f->invoice_ref, f->detail[0] ? " " : "", f->detail,
	       f->set_by, timestamp_format(f->set_at, ts, sizeof(ts)), f->reason[0] ? ": " : "", f->reason);
	return 0;
}

static int show_invoice(void *ctx, const struct invoice *inv)
{
	char a[MONEY_TEXT_MAX], b[MONEY_TEXT_MAX], due[DATE_TEXT_MAX];
	int exp = currency_exponent(inv->currency);
	printf("  invoice %-14s due %s  amount %s  balance %s %s\n", inv->ref, date_format(inv->due_date, due, sizeof(due)),
	       money_format(inv->amount, exp, a, sizeof(a)), money_format(inv->balance, exp, b, sizeof(b)), inv->currency);
	return 0;
}

struct owed {
	int64_t open;
	date_t oldest_due;
	int n;
};

static int sum_open(void *ctx, const struct invoice *inv)
{
	struct owed *o = ctx;
	if (o->n == 0 || inv->due_date < o->oldest_due)
		o->oldest_due = inv->due_date;
	o->n++;
	return money_add(o->open, inv->balance, &o->open) < 0;
}

/*
 * What the customer owes in its currency, net of the cash it already paid
 * that is not applied to an invoice yet: a customer holding credit is not
 * as overdue as its open invoices alone say.
 */
static int show_balance(struct cli *cli, struct store_tx *tx, const struct customer *cu)
{
	struct owed o = { 0, 0, 0 };
	int64_t credit = 0, net = 0;
	int exp = currency_exponent(cu->currency), ret, dpd;
	char a[MONEY_TEXT_MAX], b[MONEY_TEXT_MAX], n[MONEY_TEXT_MAX], l[MONEY_TEXT_MAX];

	if ((ret = store_unapplied_credit(tx, cu->id, cu->currency, &credit, &cli->err)) < 0)
		return ret;
	ret = store_open_invoices_of_customer(tx, cu->id, cu->currency, sum_open, &o, &cli->err);
	if (ret > 0)
		return error_set(&cli->err, ERR_INPUT, "customer '%s': the open balance overflows", cu->ref);
	if (ret < 0)
		return ret;
	if (money_sub(o.open, credit, &net) < 0)
		return error_set(&cli->err, ERR_INPUT, "customer '%s': the net balance overflows", cu->ref);
	dpd = o.n ? (int)(cli_today() - o.oldest_due) : 0;
	printf("  owed %s %s in %d open invoice%s, %d days past due (oldest)\n", money_format(o.open, exp, a, sizeof(a)),
	       cu->currency, o.n, o.n == 1 ? "" : "s", dpd > 0 ? dpd : 0);
	printf("  unapplied credit %s %s, net %s %s, credit limit %s%s%s\n", money_format(credit, exp, b, sizeof(b)),
	       cu->currency, money_format(net, exp, n, sizeof(n)), cu->currency,
	       cu->credit_limit ? money_format(cu->credit_limit, exp, l, sizeof(l)) : "none",
	       cu->credit_limit ? " " : "", cu->credit_limit ? cu->currency : "");
	return 0;
}

static int show_change(void *ctx, const struct change_record *c)
{
	char ts[TIMESTAMP_TEXT_MAX];
	int *n = ctx;
	printf("    %s %s %s %s: '%s' -> '%s' by %s\n", timestamp_format(c->at, ts, sizeof(ts)), c->entity, c->ref,
	       c->field, c->old_value, c->new_value, c->by);
	(*n)++;
	return 0;
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
	struct customer *old = malloc(sizeof(*old)), *now = malloc(sizeof(*now));
	struct correct_author who = { cli_user(), cli_now(), 0 };
	int c, ret;

	if (!old || !now) {
		ret = error_set(&cli->err, ERR_ENV, "out of memory");
		goto cleanup;
	}
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (c != 'b') {
			ret = cli_usage_error(cli, &cmd_customer, "unknown option");
			goto cleanup;
		}
		who.by = optarg;
	}
	if (argc - optind < 2) {
		ret = cli_usage_error(cli, &cmd_customer, "customer set needs a customer ref and FIELD=VALUE");
		goto cleanup;
	}
	if ((ret = cli_check_text(cli, "--by", who.by, NAME_MAX_LEN)) < 0)
		goto cleanup;
	for (int i = optind + 1; i < argc; i++)
		if ((ret = cli_check_text(cli, "FIELD=VALUE", argv[i], TEXT_MAX)) < 0)
			goto cleanup;
	ret = store_customer_get(tx, argv[optind], old, NULL, &cli->err);
	if (ret == 0)
		ret = error_set(&cli->err, ERR_INPUT, "unknown customer '%s'", argv[optind]);
	if (ret < 0)
		goto cleanup;
	*now = *old;
	if ((ret = correct_customer_assign(tx, now, argv + optind + 1,
					   (size_t)(argc - optind - 1), &cli->err)) < 0) {
		char why[ERROR_MESSAGE_MAX];
		snprintf(why, sizeof(why), "%s", cli->err.message);
		ret = error_set(&cli->err, ret == -ERR_INPUT ? ERR_INPUT : -ret, "customer '%s': %s; nothing changed",
				old->ref, why);
		goto cleanup;
	}
	printf("customer '%s':\n", old->ref);
	ret = correct_customer_apply(tx, old, now, &who, print_change, NULL, &cli->err);
	if (ret < 0)
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

static int run_show(struct cli *cli, struct store_tx *tx, int argc, char **argv)
{
	struct customer cu;
	int ret;
	if (argc != 2)
		return cli_usage_error(cli, &cmd_customer, "customer show needs a customer ref");
	ret = store_customer_get(tx, argv[1], &cu, NULL, &cli->err);
	if (ret == 0)
		ret = error_set(&cli->err, ERR_INPUT, "unknown customer '%s'", argv[1]);
	if (ret < 0)
		return ret;
	printf("customer %s: %s (%s, %s%s%s), currency %s, language %s\n", cu.ref, cu.name,
	       cu.kind == KIND_COMPANY ? "company" : "person", cu.country, cu.timezone[0] ? ", " : "", cu.timezone,
	       cu.currency, cu.language[0] ? cu.language : "-");
	if ((ret = show_balance(cli, tx, &cu)) < 0)
		return ret;
	if ((ret = store_contacts_of_customer(tx, cu.id, show_contact, NULL, &cli->err)) < 0 ||
	    (ret = store_open_invoices_of_customer(tx, cu.id, cu.currency, show_invoice, NULL,
						   &cli->err)) < 0 ||
	    (ret = store_flags_each(tx, cu.id, show_flag, NULL, &cli->err)) < 0)
		return ret;
	printf("  recent changes:\n");
	{
		int n = 0;
		if ((ret = store_changes_each(tx, cu.id, 10, show_change, &n, &cli->err)) < 0)
			return ret;
		if (n == 0)
			printf("    (none)\n");
	}
	return 0;
}

static int run_flag_set(struct cli *cli, struct store_tx *tx, int argc, char **argv)
{
	return run_flag(cli, tx, argc, argv, 0);
}

static int run_flag_clear(struct cli *cli, struct store_tx *tx, int argc, char **argv)
{
	return run_flag(cli, tx, argc, argv, 1);
}

static int run_customer(struct cli *cli, int argc, char **argv)
{
	optind = 1;
	if (argc >= 2 && !strcmp(argv[1], "flag"))
		return cli_in_tx(cli, STORE_WRITE, run_flag_set, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "unflag"))
		return cli_in_tx(cli, STORE_WRITE, run_flag_clear, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "show"))
		return cli_in_tx(cli, STORE_READ, run_show, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "set"))
		return cli_in_tx(cli, STORE_WRITE, run_set, argc - 1, argv + 1);
	return cli_usage_error(cli, &cmd_customer, "expected 'flag', 'unflag', 'show' or 'set'");
}

const struct command cmd_customer = {
	.name = "customer",
	.summary = "show a customer; set and clear the status flags that stop or limit contact",
	.usage = usage,
	.flags = CMD_NEEDS_DB,
	.run = run_customer,
};
