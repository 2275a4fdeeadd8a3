#include "core/contact_flags.h"

#include <stdio.h>
#include <string.h>

static const struct flag_info flags[FLAG_KIND_COUNT] = {
	[FLAG_CEASE] = { "cease", 0, "written request to cease communication: only a final notice letter" },
	[FLAG_DISPUTE] = { "dispute", FLAG_SCOPE_INVOICE, "dispute pending: no collection contact on that debt" },
	[FLAG_BANKRUPT] = { "bankrupt", 0, "bankruptcy: no collection contact" },
	[FLAG_DECEASED] = { "deceased", 0, "deceased: only the estate's representative" },
	[FLAG_ATTORNEY] = { "attorney", 0, "represented by an attorney: only the attorney" },
	[FLAG_OPTOUT_CALL] = { "optout-call", FLAG_SCOPE_ADDRESS, "no more calls (to this number with --address)" },
	[FLAG_OPTOUT_SMS] = { "optout-sms", FLAG_SCOPE_ADDRESS, "no more text messages" },
	[FLAG_OPTOUT_EMAIL] = { "optout-email", FLAG_SCOPE_ADDRESS, "no more emails" },
	[FLAG_OPTOUT_LETTER] = { "optout-letter", FLAG_SCOPE_ADDRESS, "no more letters" },
	[FLAG_OPTOUT_VISIT] = { "optout-visit", 0, "no more visits" },
	[FLAG_OPTOUT] = { "optout", FLAG_SCOPE_ADDRESS | FLAG_NEEDS_ADDRESS, "this number or address: nothing at all" },
	[FLAG_NO_CALLS_AT_WORK] = { "no-calls-at-work", 0, "the employer forbids contact at work" },
	[FLAG_AT_WORK] = { "at-work", FLAG_SCOPE_CONTACT | FLAG_NEEDS_CONTACT,
			   "this contact's phone and email are at the workplace" },
	[FLAG_WRONG_NUMBER] = { "wrong-number", FLAG_SCOPE_ADDRESS | FLAG_SCOPE_CONTACT | FLAG_NEEDS_ADDRESS,
				"the number does not reach the debtor" },
	[FLAG_TIME_BARRED] = { "time-barred", FLAG_SCOPE_INVOICE, "time-barred debt: no legal threats" },
	[FLAG_CONSENT] = { "consent", 0, "direct prior consent to more frequent contact (expires per profile)" },
	[FLAG_FORBEARANCE] = { "forbearance", FLAG_NEEDS_DETAIL,
			       "breathing space: no contact until DETAIL (a moment)" },
	[FLAG_VISIT_AGREED] = { "visit-agreed", 0, "the debtor agreed to a visit" },
	[FLAG_INCONVENIENT_TIME] = { "inconvenient-time", FLAG_NEEDS_DETAIL,
				     "a time the debtor named inconvenient: DETAIL 'mon-fri 12:00-13:30'" },
	[FLAG_INCONVENIENT_PLACE] = { "inconvenient-place", FLAG_SCOPE_ADDRESS | FLAG_NEEDS_ADDRESS,
				      "a place (number or address) the debtor named inconvenient" },
	[FLAG_THIRD_PARTY_MORE] = { "third-party-more", FLAG_SCOPE_CONTACT | FLAG_NEEDS_CONTACT,
				    "this third party asked to be contacted again" },
};

const struct flag_info *flag_info(enum flag_kind k)
{
	return k >= 0 && k < FLAG_KIND_COUNT ? &flags[k] : NULL;
}

int flag_parse(const char *name, enum flag_kind *out, struct error *e)
{
	char list[600];
	size_t used = 0;

	for (int i = 0; i < FLAG_KIND_COUNT; i++) {
		if (name && !strcmp(name, flags[i].name)) {
			*out = (enum flag_kind)i;
			return 0;
		}
	}
	list[0] = '\0';
	for (int i = 0; i < FLAG_KIND_COUNT && used < sizeof(list); i++)
		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s", i ? ", " : "", flags[i].name);
	return error_set(e, ERR_INPUT, "unknown flag '%s' (one of %s)", name ? name : "", list);
}

static const char *const day_keys[7] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };

static int day_index(const char *p)
{
	for (int i = 0; i < 7; i++)
		if (!strncmp(p, day_keys[i], 3))
			return i;
	return -1;
}

/* "mon-fri 12:00-13:30", "sat 09:00-10:00", "12:00-13:30" */
static int parse_time_block(const char *text, struct time_block *out, struct error *e)
{
	char start[6], end[6];
	const char *p = text;
	struct time_block tb = { 0 };

	if (!text)
		goto bad;
	if (*p >= 'a' && *p <= 'z') {
		int d0 = day_index(p), d1 = d0;
		if (d0 < 0)
			goto bad;
		p += 3;
		if (*p == '-') {
			d1 = day_index(p + 1);
			if (d1 < 0)
				goto bad;
			p += 4;
		}
		if (*p != ' ')
			goto bad;
		p++;
		for (int d = d0;; d = (d + 1) % 7) {
			tb.weekdays |= 1u << d;
			if (d == d1)
				break;
		}
	}
	if (strlen(p) != 11 || p[5] != '-')
		goto bad;
	memcpy(start, p, 5);
	start[5] = '\0';
	memcpy(end, p + 6, 5);
	end[5] = '\0';
	if (profile_time_parse(start, 0, &tb.start) < 0 || profile_time_parse(end, 1, &tb.end) < 0 ||
	    tb.end <= tb.start)
		goto bad;
	*out = tb;
	return 0;
bad:
	return error_set(e, ERR_INPUT, "inconvenient time '%s' is not like 'mon-fri 12:00-13:30' or '12:00-13:30'",
			 text ? text : "");
}

int flag_detail_check(enum flag_kind k, const char *detail, struct error *e)
{
	timestamp_t t;
	struct time_block tb;

	if (k == FLAG_FORBEARANCE) {
		if (timestamp_parse(detail, &t, e) < 0)
			return error_prefix(e, "forbearance end");
		return 0;
	}
	if (k == FLAG_INCONVENIENT_TIME)
		return parse_time_block(detail, &tb, e);
	return 0;
}

void status_builder_init(struct status_builder *b, int64_t contact_id, struct contact_debt *debts, size_t n_debts)
{
	/*
	 * the status and the counts only: the block arrays (17 KB) are read up
	 * to their counts and each entry is written whole when added; clearing
	 * them was 4% of the daily run at 1,000,000 customers (issue 9)
	 */
	memset(&b->status, 0, sizeof(b->status));
	b->contact_id = contact_id;
	b->debts = debts;
	b->n_debts = n_debts;
	b->status.blocked = b->blocks;
	b->status.inconvenient = b->times;
}

static int add_block(struct status_builder *b, const char *address, enum address_block_reason reason, unsigned channels,
		     struct error *e)
{
	struct address_block *ab;
	if (b->status.n_blocked == STATUS_BLOCKS_MAX)
		return error_set(e, ERR_INPUT, "more than %d blocked addresses on one customer", STATUS_BLOCKS_MAX);
	ab = &b->blocks[b->status.n_blocked++];
	snprintf(ab->address, sizeof(ab->address), "%s", address);
	ab->reason = reason;
	ab->channels = channels;
	return 0;
}

static unsigned optout_channel(enum flag_kind k)
{
	switch (k) {
	case FLAG_OPTOUT_CALL: return CHANNEL_BIT(CHANNEL_CALL);
	case FLAG_OPTOUT_SMS: return CHANNEL_BIT(CHANNEL_SMS);
	case FLAG_OPTOUT_EMAIL: return CHANNEL_BIT(CHANNEL_EMAIL);
	case FLAG_OPTOUT_LETTER: return CHANNEL_BIT(CHANNEL_LETTER);
	case FLAG_OPTOUT_VISIT: return CHANNEL_BIT(CHANNEL_VISIT);
	default: return 0;
	}
}

static void mark_debts(struct status_builder *b, int64_t invoice_id, int dispute)
{
	for (size_t i = 0; i < b->n_debts; i++) {
		if (invoice_id && b->debts[i].invoice_id != invoice_id)
			continue;
		if (dispute)
			b->debts[i].disputed = 1;
		else
			b->debts[i].time_barred = 1;
	}
}

int status_builder_add(struct status_builder *b, enum flag_kind k, int64_t contact_id, int64_t invoice_id,
		       const char *address, const char *detail, timestamp_t set_at, struct error *e)
{
	struct contact_status *st = &b->status;
	int for_this_contact = contact_id == 0 || contact_id == b->contact_id;

	address = address ? address : "";
	switch (k) {
	case FLAG_CEASE: st->cease = 1; break;
	case FLAG_BANKRUPT: st->bankrupt = 1; break;
	case FLAG_DECEASED: st->deceased = 1; break;
	case FLAG_ATTORNEY: st->attorney = 1; break;
	case FLAG_DISPUTE: mark_debts(b, invoice_id, 1); break;
	case FLAG_TIME_BARRED: mark_debts(b, invoice_id, 0); break;
	case FLAG_OPTOUT_CALL:
	case FLAG_OPTOUT_SMS:
	case FLAG_OPTOUT_EMAIL:
	case FLAG_OPTOUT_LETTER:
	case FLAG_OPTOUT_VISIT:
		if (*address)
			return add_block(b, address, BLOCK_OPTOUT, optout_channel(k), e);
		if (for_this_contact)
			st->optout_channels |= optout_channel(k);
		break;
	case FLAG_OPTOUT: return add_block(b, address, BLOCK_OPTOUT, 0, e);
	case FLAG_WRONG_NUMBER: return add_block(b, address, BLOCK_WRONG_NUMBER, 0, e);
	case FLAG_INCONVENIENT_PLACE: return add_block(b, address, BLOCK_INCONVENIENT_PLACE, 0, e);
	case FLAG_NO_CALLS_AT_WORK: st->no_calls_at_work = 1; break;
	case FLAG_AT_WORK:
		if (for_this_contact)
			st->contact_at_work = 1;
		break;
	case FLAG_CONSENT:
		if (set_at > st->consent_at)
			st->consent_at = set_at;
		break;
	case FLAG_FORBEARANCE: {
		timestamp_t until;
		if (timestamp_parse(detail, &until, e) < 0)
			return error_prefix(e, "forbearance end");
		if (until > st->forbearance_until)
			st->forbearance_until = until;
		break;
	}
	case FLAG_VISIT_AGREED: st->visit_agreed = 1; break;
	case FLAG_INCONVENIENT_TIME:
		if (st->n_inconvenient == STATUS_BLOCKS_MAX)
			return error_set(e, ERR_INPUT, "more than %d inconvenient times on one customer",
					 STATUS_BLOCKS_MAX);
		if (parse_time_block(detail, &b->times[st->n_inconvenient], e) < 0)
			return -ERR_INPUT;
		st->n_inconvenient++;
		break;
	case FLAG_THIRD_PARTY_MORE:
		if (for_this_contact)
			st->third_party_asked_more = 1;
		break;
	default: return error_set(e, ERR_INPUT, "unknown flag kind %d", (int)k);
	}
	return 0;
}
