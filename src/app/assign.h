/*
 * assign.h: who works which account (`recoup assign`, docs/queue.md).
 *
 * Every customer with an overdue net balance as of the date (in some
 * currency: open invoices past due, netted with its credit notes and
 * unapplied cash, still owing) gets one collector, an enabled user with the
 * role collector:
 *   - a customer keeps its collector while it is worked: still overdue and
 *     the collector still an enabled collector, whatever changed since;
 *   - a customer no longer overdue is released (its row deleted);
 *   - a new one (or one whose collector no longer works) goes by segment:
 *     a collector whose team names a strategy works that strategy's
 *     accounts (the strategy the daily run chose for the customer: that of
 *     its latest recorded action, else the one the run would choose,
 *     app/strategies.h strategies_for); the others go to the collectors
 *     without a team. Among those, to the one with the least load for its
 *     capacity (accounts / capacity; ties by name): a balanced round-robin.
 *     A collector of capacity 0 gets no new account.
 *
 * Set-based and chunked like the run: RUN_CHUNK customers per read (their
 * invoices, credit, recorded steps and assignments in a few statements),
 * releases written chunk by chunk; the new accounts (16 bytes each) are
 * held until the walk is over, so the loads they are balanced on are those
 * after every keep and release, then written in chunks. A crash between
 * the two leaves released rows released and the new ones unassigned: the
 * next assign gives them out.
 *
 * An assign that writes holds the tenant's run lock (store_run_lock) for
 * its whole length: it never overlaps the daily run or another assign
 * (-ERR_ENV, exit 3, when one is in progress).
 */
#ifndef RECOUP_APP_ASSIGN_H
#define RECOUP_APP_ASSIGN_H

#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "store/users.h"

struct assign_options {
	date_t as_of;
	int dry_run; /* read only: the summary of what would change */
	/* called after each chunk with the customers done so far; may be NULL */
	void (*progress)(void *ctx, long long customers);
	void *progress_ctx;
};

/* One user of the tenant, and what the assign did with its accounts. */
struct assign_collector {
	int64_t id;
	char name[USER_NAME_MAX + 1];
	char team[USER_TEAM_MAX + 1];
	int capacity;
	int works;                     /* an enabled collector */
	int team_known;                /* no team, or a team that names a strategy of the tenant */
	int64_t kept, added, released; /* accounts */
	int64_t load;                  /* accounts after the assign */
};

struct assign_summary {
	date_t as_of;
	int dry_run;
	int64_t customers_seen, overdue; /* customers, and of those with an overdue net balance */
	int64_t kept, added, released;
	int64_t unassigned; /* overdue customers no collector could take */
	/* every user that works or had an account, in name order */
	struct assign_collector *collectors;
	size_t n_collectors;
};

/* Assigns. 0 with *out filled (release it with assign_summary_release), or -ERR_*. */
int assign_execute(const struct app_ctx *ctx, const struct assign_options *o, struct assign_summary *out,
		   struct error *e);
void assign_summary_release(struct assign_summary *s);

#endif
