/*
 * report_escalation.h: the reports on contacts, collectors and recoveries
 * (docs/reports.md, "contacts", "collectors", "recovery"), one use case per
 * file (report_contacts.c, report_collectors.c, report_recovery.c). Each
 * reads the store in one read transaction and hands back a result the
 * caller releases with its _release (which accepts a zeroed struct).
 * Counts are plain; amounts minor units of their currency; rates come as
 * basis points from report_rate_bp. 0 or -ERR_*.
 */
#ifndef RECOUP_APP_REPORT_ESCALATION_H
#define RECOUP_APP_REPORT_ESCALATION_H

#include "app/app.h"
#include "core/profile.h"
#include "store/escalation.h"
#include "store/users.h"

/* num / den in basis points (10000 = 100%), rounded down; -1 when den is 0 (no rate). */
int64_t report_rate_bp(int64_t num, int64_t den);

/* ---- contacts: [from, to] are dates, the attempts of those UTC days ---- */

struct report_contacts_line {
	char name[USER_NAME_MAX + 1]; /* collector, or channel */
	int64_t attempts;             /* every attempt, any channel or direction */
	int64_t calls;                /* outbound call attempts */
	int64_t rpc;                  /* of those, right-party conversations */
	int64_t conversations;
	int64_t promises;
	int64_t accounts; /* distinct accounts (per collector; summed in the total) */
	int64_t hours;    /* distinct clock hours with an attempt (per collector; summed in the total) */
	int64_t breaches; /* outbound attempts the contact rules refused at their moment */
};

/* A collector's breaches of one rule (its code), for the compliance officer. */
struct report_contacts_rule {
	char collector[USER_NAME_MAX + 1];
	char rule[PROFILE_CODE_MAX + 1];
	int64_t breaches;
};

struct report_contacts {
	date_t from, to;
	struct report_contacts_line *channels; /* by channel, over every collector */
	size_t n_channels;
	struct report_contacts_line *collectors; /* by collector ("" none), every channel */
	size_t n_collectors;
	struct report_contacts_line total;
	struct report_contacts_rule *rules; /* by collector, then rule code; only those breached */
	size_t n_rules;
};
int report_contacts(const struct app_ctx *ctx, date_t from, date_t to, struct report_contacts *out, struct error *e);
void report_contacts_release(struct report_contacts *r);

/* ---- collectors ---- */

struct report_collector_money {
	char currency[4];
	int64_t promised;
	int64_t collected;
};

struct report_collector {
	char name[USER_NAME_MAX + 1];
	int64_t accounts; /* accounts worked: distinct accounts with an attempt logged by them */
	int64_t attempts;
	int64_t calls;
	int64_t rpc;
	int64_t promises;
	struct report_collector_money *money; /* by currency */
	size_t n_money;
};

struct report_collectors {
	date_t from, to;
	struct report_collector *v; /* by name */
	size_t n;
};
int report_collectors(const struct app_ctx *ctx, date_t from, date_t to, struct report_collectors *out,
		      struct error *e);
/* The same, `collector`'s row alone (NULL or "": every collector's), reading only their accounts' payments. */
int report_collectors_of(const struct app_ctx *ctx, date_t from, date_t to, const char *collector,
			 struct report_collectors *out, struct error *e);
void report_collectors_release(struct report_collectors *r);

/* ---- recovery ---- */

struct report_recovery_row {
	char agency[AGENCY_MAX + 1];
	char currency[4];
	char age[16];       /* the aging bucket of the days past due at placement ("31-60") */
	int64_t placements; /* accounts placed (customer and currency) */
	int64_t placed;     /* balance placed */
	int64_t recovered;  /* cleared payments after placement, up to --to, before a recall */
	int64_t recalled;   /* placements recalled by --to */
};

struct report_recovery {
	date_t from, to;
	struct report_recovery_row *v; /* by agency, currency, age bucket in aging order */
	size_t n;
};
int report_recovery(const struct app_ctx *ctx, date_t from, date_t to, struct report_recovery *out, struct error *e);
void report_recovery_release(struct report_recovery *r);

#endif
