/*
 * contact_flags.h: the status flags a collector or compliance officer sets
 * on a customer (recoup customer flag), and how they become the
 * `struct contact_status` and `struct contact_debt` the contact rules read.
 *
 * A flag is stored with who set it, when and why, and is cleared (never
 * deleted) when it no longer holds. Scope: the whole customer, or one of its
 * contacts (--contact), or one invoice (--invoice), or one phone number or
 * email address (--address). `detail` carries what some flags need: the end
 * of a forbearance (an RFC 3339 moment), an inconvenient time
 * ("mon-fri 12:00-13:30" or "12:00-13:30").
 */
#ifndef RECOUP_CONTACT_FLAGS_H
#define RECOUP_CONTACT_FLAGS_H

#include <stddef.h>
#include <stdint.h>

#include "core/contact_rules.h"

enum flag_kind {
	FLAG_CEASE = 0, /* written request to cease communication */
	FLAG_DISPUTE,   /* dispute pending validation (an invoice, or every debt) */
	FLAG_BANKRUPT,
	FLAG_DECEASED, /* only the estate's representative may be contacted */
	FLAG_ATTORNEY, /* represented: only the attorney may be contacted */
	FLAG_OPTOUT_CALL,
	FLAG_OPTOUT_SMS,
	FLAG_OPTOUT_EMAIL,
	FLAG_OPTOUT_LETTER,
	FLAG_OPTOUT_VISIT,
	FLAG_OPTOUT,           /* one address (--address), every channel */
	FLAG_NO_CALLS_AT_WORK, /* the employer forbids contact at work */
	FLAG_AT_WORK,          /* this contact's phone/email is the workplace (--contact) */
	FLAG_WRONG_NUMBER,     /* --address, or --contact: its phone */
	FLAG_TIME_BARRED,      /* no legal threats (an invoice, or every debt) */
	FLAG_CONSENT,          /* direct prior consent, given at the flag's moment */
	FLAG_FORBEARANCE,      /* no contact until detail (a moment) */
	FLAG_VISIT_AGREED,
	FLAG_INCONVENIENT_TIME,  /* detail: "mon-fri 12:00-13:30" */
	FLAG_INCONVENIENT_PLACE, /* --address */
	FLAG_THIRD_PARTY_MORE,   /* a third party asked to be contacted again (--contact) */
	FLAG_KIND_COUNT
};

/* Scope a flag needs or accepts. */
enum {
	FLAG_SCOPE_INVOICE = 1 << 0, /* may name an invoice */
	FLAG_SCOPE_CONTACT = 1 << 1, /* may name a contact */
	FLAG_SCOPE_ADDRESS = 1 << 2, /* may name an address */
	FLAG_NEEDS_CONTACT = 1 << 3,
	FLAG_NEEDS_ADDRESS = 1 << 4, /* an address, or a contact whose phone is used */
	FLAG_NEEDS_DETAIL = 1 << 5,
};

struct flag_info {
	const char *name; /* "cease", "optout-sms", ... */
	unsigned scope;
	const char *summary; /* one line for --help and docs */
};

const struct flag_info *flag_info(enum flag_kind k);
/* -ERR_INPUT naming the word and listing the flags. */
int flag_parse(const char *name, enum flag_kind *out, struct error *e);
/* Checks a flag's detail text (an inconvenient time, a forbearance end). */
int flag_detail_check(enum flag_kind k, const char *detail, struct error *e);

/*
 * Accumulates the flags that apply to one check of one contact. Flat, no
 * allocation: at most STATUS_BLOCKS_MAX address blocks and time blocks
 * (further ones are refused with -ERR_INPUT rather than silently dropped).
 */
#define STATUS_BLOCKS_MAX 64

struct status_builder {
	struct contact_status status;
	struct address_block blocks[STATUS_BLOCKS_MAX];
	struct time_block times[STATUS_BLOCKS_MAX];
	int64_t contact_id;         /* the contact being checked */
	struct contact_debt *debts; /* borrowed: the debts of the check */
	size_t n_debts;
};

/* contact_id: the contact being checked; debts: array the builder marks. */
void status_builder_init(struct status_builder *b, int64_t contact_id, struct contact_debt *debts, size_t n_debts);
/*
 * Applies one active flag. contact_id/invoice_id 0 mean the whole customer /
 * every debt; address "" means none; set_at is when it was set.
 */
int status_builder_add(struct status_builder *b, enum flag_kind k, int64_t contact_id, int64_t invoice_id,
		       const char *address, const char *detail, timestamp_t set_at, struct error *e);

#endif
