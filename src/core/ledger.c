#include "core/ledger.h"
#include "core/model.h"

#include <string.h>

static const char *const kind_names[LEDGER_KIND_COUNT] = {
	[LEDGER_INVOICE] = "invoice",
	[LEDGER_PAYMENT] = "payment",
	[LEDGER_REVERSAL] = "reversal",
	[LEDGER_CREDIT_NOTE] = "credit_note",
	[LEDGER_FEE] = "fee",
	[LEDGER_INTEREST] = "interest",
	[LEDGER_WRITE_OFF] = "write_off",
	[LEDGER_UNAPPLIED] = "unapplied",
};

const char *ledger_kind_name(enum ledger_kind kind)
{
	return kind >= 0 && kind < LEDGER_KIND_COUNT ? kind_names[kind] : "?";
}

int ledger_kind_parse(const char *name, enum ledger_kind *out)
{
	for (int i = 0; name && i < LEDGER_KIND_COUNT; i++) {
		if (!strcmp(name, kind_names[i])) {
			*out = (enum ledger_kind)i;
			return 0;
		}
	}
	return -1;
}

size_t ledger_allocate(int64_t amount, const struct invoice *open, size_t n, struct allocation *out, int64_t *unapplied)
{
	size_t count = 0;
	int64_t left = amount;

	for (size_t i = 0; i < n && left > 0; i++) {
		if (open[i].balance <= 0)
			continue;
		int64_t take = open[i].balance < left ? open[i].balance : left;
		out[count].invoice_id = open[i].id;
		out[count].amount = take;
		count++;
		left -= take;
	}
	*unapplied = left;
	return count;
}
