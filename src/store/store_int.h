/*
 * store_int.h: what a backend implements. One small struct of function
 * pointers per aggregate (the headers of store.h name them), gathered in
 * struct store_ops, one per backend (sqlite/, later postgres/), filled with
 * designated initializers. The forwarders (store.c and one file per
 * aggregate) check the transaction, count calls for store_fault_inject()
 * and dispatch. See the aggregate headers for the contracts.
 *
 * Adding a query touches the aggregate's header, its ops struct here, its
 * forwarder (src/store/AGGREGATE.c) and its backend file
 * (src/store/sqlite/AGGREGATE.c).
 */
#ifndef RECOUP_STORE_INT_H
#define RECOUP_STORE_INT_H

#include "store/account.h"
#include "store/actions.h"
#include "store/assignments.h"
#include "store/audit.h"
#include "store/holds.h"
#include "store/agreements.h"
#include "store/auth.h"
#include "store/disputes.h"
#include "store/credit.h"
#include "store/returned.h"
#include "store/promises.h"
#include "store/escalation.h"
#include "store/channels.h"
#include "store/history.h"
#include "store/imports.h"
#include "store/ledger.h"
#include "store/parties.h"
#include "store/reports.h"
#include "store/risk.h"
#include "store/rules_config.h"
#include "store/strategies.h"
#include "store/store.h"
#include "store/tenants.h"
#include "store/users.h"
#include "store/documents.h"
#include "store/dashboard.h"

/*
 * The messages and calls a hold cancelled (store_run_hold_cancelled_of):
 * the WHERE of both backends' read after its tenant and customer terms,
 * word for word the predicate of the partial index action_hold_cancelled
 * (SQLite and PostgreSQL migrations 0047), so that both planners prove the
 * index serves the read (test_store_watch's test_hold_cancelled_index).
 * The codes are a hold's kinds (store/holds.h); the kinds, those done again.
 */
#define STORE_HOLD_CANCELLED_WHERE                                                                       \
	"state = 'cancelled' AND reason_code IN ('promise', 'plan', 'dispute', 'settlement', 'placed', " \
	"'special') AND kind IN ('email', 'sms', 'letter', 'call', 'visit')"

struct store_tenants_ops {
	int (*resolve)(struct store *s, const char *name, int64_t *id, struct error *e);
	int (*create)(struct store *s, const char *name, int64_t *id, struct error *e);
	int (*each)(struct store *s, store_tenant_cb cb, void *ctx, struct error *e);
};

struct store_imports_ops {
	int (*begin)(struct store_tx *tx, const char *kind, const char *file, int64_t *import_id, struct error *e);
	int (*finish)(struct store_tx *tx, int64_t import_id, int64_t rows, struct error *e);
};

struct store_parties_ops {
	int (*customer_insert)(struct store_tx *tx, struct customer *c, int64_t import_id, struct error *e);
	int (*customer_get)(struct store_tx *tx, const char *ref, struct customer *out, int64_t *import_id,
			    struct error *e);
	int (*customer_find)(struct store_tx *tx, const char *ref, struct customer *out, struct error *e);
	int (*customer_by_id)(struct store_tx *tx, int64_t id, struct customer *out, struct error *e);
	int (*customers_list)(struct store_tx *tx, struct store_cursor *cur, store_customer_cb cb, void *ctx,
			      struct error *e);
	int (*tenant_has_data)(struct store_tx *tx, struct error *e);
	int (*contact_insert)(struct store_tx *tx, struct contact *c, int64_t import_id, struct error *e);
	int (*contact_get)(struct store_tx *tx, const char *ref, struct contact *out, int64_t *import_id,
			   struct error *e);
	int (*contacts_list)(struct store_tx *tx, struct store_cursor *cur, store_contact_cb cb, void *ctx,
			     struct error *e);
	int (*contacts_of_customer)(struct store_tx *tx, int64_t customer_id, store_contact_cb cb, void *ctx,
				    struct error *e);
	int (*contacts_by_customer)(struct store_tx *tx, int64_t from_customer, int64_t to_customer,
				    store_contact_cb cb, void *ctx, struct error *e);
	int (*customer_update)(struct store_tx *tx, const struct customer *c, struct error *e);
	int (*contact_update)(struct store_tx *tx, const struct contact *c, struct error *e);
	int (*change_add)(struct store_tx *tx, const struct change_record *c, int64_t import_id, struct error *e);
	int (*changes_each)(struct store_tx *tx, int64_t customer_id, int limit, store_change_cb cb, void *ctx,
			    struct error *e);
	int (*customers_add)(struct store_tx *tx, struct customer *cs, size_t n, int64_t import_id,
			     unsigned char *added, struct error *e);
	int (*contacts_add)(struct store_tx *tx, struct contact *cs, size_t n, int64_t import_id, unsigned char *added,
			    struct error *e);
	int (*contacts_of_customers)(struct store_tx *tx, const int64_t *ids, const char *const *refs, size_t n,
				     store_contact_cb cb, void *ctx, struct error *e);
	int (*customers_of_user)(struct store_tx *tx, int64_t user_id, struct store_cursor *cur, store_customer_cb cb,
				 void *ctx, struct error *e);
	int (*changes_by_customer)(struct store_tx *tx, int64_t from_customer, int64_t to_customer, store_change_cb cb,
				   void *ctx, struct error *e);
};

struct store_ledger_ops {
	int (*invoices_add)(struct store_tx *tx, const struct invoice *invs, size_t n, int64_t import_id,
			    unsigned char *added, struct error *e);
	int (*invoice_get)(struct store_tx *tx, const char *ref, struct invoice *out, int64_t *import_id,
			   struct error *e);
	int (*invoice_find)(struct store_tx *tx, const char *ref, struct invoice *out, struct error *e);
	int (*invoice_ref)(struct store_tx *tx, int64_t id, char *ref, size_t size, struct error *e);
	/* NULL: store_invoices_find asks invoice_find once per ref */
	int (*invoices_find)(struct store_tx *tx, const char *const *refs, size_t n, struct invoice *out,
			     unsigned char *found, struct error *e);
	int (*invoices_list)(struct store_tx *tx, struct store_cursor *cur, store_invoice_cb cb, void *ctx,
			     struct error *e);
	int (*open_invoices_of_customer)(struct store_tx *tx, int64_t customer_id, const char *currency,
					 store_invoice_cb cb, void *ctx, struct error *e);
	int (*open_invoices_of_customer_at)(struct store_tx *tx, int64_t customer_id, const char *currency,
					    date_t as_of, store_invoice_cb cb, void *ctx, struct error *e);
	int (*unapplied_credit_at)(struct store_tx *tx, int64_t customer_id, const char *currency, date_t as_of,
				   int64_t *out, struct error *e);
	int (*open_invoices_by_customer)(struct store_tx *tx, int64_t from_customer, int64_t to_customer,
					 store_invoice_cb cb, void *ctx, struct error *e);
	int (*payment_insert)(struct store_tx *tx, struct payment *p, int64_t import_id, struct error *e);
	int (*payment_get)(struct store_tx *tx, const char *ref, struct payment *out, int64_t *import_id,
			   struct error *e);
	int (*payment_set_status)(struct store_tx *tx, int64_t payment_id, enum payment_status status, struct error *e);
	int (*payments_list)(struct store_tx *tx, struct store_cursor *cur, store_payment_cb cb, void *ctx,
			     struct error *e);
	int (*post)(struct store_tx *tx, const struct ledger_entry *les, size_t n, int64_t import_id, struct error *e);
	int (*of_payment)(struct store_tx *tx, int64_t payment_id, store_ledger_cb cb, void *ctx, struct error *e);
	int (*of_invoice)(struct store_tx *tx, int64_t invoice_id, store_ledger_cb cb, void *ctx, struct error *e);
	int (*each)(struct store_tx *tx, store_ledger_cb cb, void *ctx, struct error *e);
	int (*has_adjustments)(struct store_tx *tx, struct error *e);
	int (*unapplied_credit)(struct store_tx *tx, int64_t customer_id, const char *currency, int64_t *out,
				struct error *e);
	int (*credit_note_insert)(struct store_tx *tx, struct credit_note *cn, int64_t import_id, struct error *e);
	int (*credit_note_get)(struct store_tx *tx, const char *ref, struct credit_note *out, int64_t *import_id,
			       struct error *e);
	int (*payments_add)(struct store_tx *tx, struct payment *ps, size_t n, int64_t import_id, unsigned char *added,
			    struct error *e);
	int (*payments_of_customer)(struct store_tx *tx, int64_t customer_id, store_payment_cb cb, void *ctx,
				    struct error *e);
	int (*credit_notes_of_customer)(struct store_tx *tx, int64_t customer_id, store_credit_note_cb cb, void *ctx,
					struct error *e);
	int (*open_invoice_ids_of_customer)(struct store_tx *tx, int64_t customer_id, const char *currency,
					    store_invoice_id_cb cb, void *ctx, struct error *e);
	int (*open_invoice_ids_of_customers)(struct store_tx *tx, const int64_t *ids, const char *const *currencies,
					     size_t n, store_account_invoice_id_cb cb, void *ctx, struct error *e);
	int (*invoices_copy)(struct store_tx *tx, struct invoice *invs, size_t n, unsigned char *added,
			     struct error *e);
	int (*copy)(struct store_tx *tx, const struct ledger_entry *les, size_t n, struct error *e);
	int (*sums_by_invoice)(struct store_tx *tx, int64_t from_invoice, int64_t to_invoice, store_invoice_sum_cb cb,
			       void *ctx, struct error *e);
	int (*credit_notes_by_customer)(struct store_tx *tx, int64_t from_customer, int64_t to_customer,
					store_credit_note_cb cb, void *ctx, struct error *e);
};

struct store_history_ops {
	int (*attempt_add)(struct store_tx *tx, int64_t customer_id, const struct contact_attempt *a,
			   const char *spoke_with, const char *note, int64_t *id, struct error *e);
	int (*attempts_each)(struct store_tx *tx, int64_t customer_id, timestamp_t since, store_attempt_cb cb,
			     void *ctx, struct error *e);
	int (*attempt_views_each)(struct store_tx *tx, int64_t customer_id, store_attempt_view_cb cb, void *ctx,
				  struct error *e);
	int (*flag_add)(struct store_tx *tx, struct flag_record *f, struct error *e);
	int (*flag_clear)(struct store_tx *tx, const struct flag_record *match, const char *cleared_by, timestamp_t at,
			  const char *reason, int *cleared, struct error *e);
	int (*flags_each)(struct store_tx *tx, int64_t customer_id, store_flag_cb cb, void *ctx, struct error *e);
	int (*attempts_by_customer)(struct store_tx *tx, int64_t from_customer, int64_t to_customer, timestamp_t since,
				    store_customer_attempt_cb cb, void *ctx, struct error *e);
	int (*flags_by_customer)(struct store_tx *tx, int64_t from_customer, int64_t to_customer, store_flag_cb cb,
				 void *ctx, struct error *e);
	/* history imports (store/history.h) */
	int (*attempt_import)(struct store_tx *tx, int64_t customer_id, const struct contact_attempt *a,
			      const struct history_attempt *h, int64_t import_id, struct error *e);
	int (*attempt_get_ref)(struct store_tx *tx, const char *ref, struct history_attempt *out, int64_t *import_id,
			       struct error *e);
	int (*flag_import)(struct store_tx *tx, struct flag_record *f, const char *ref, timestamp_t cleared_at,
			   const char *cleared_by, const char *cleared_reason, int64_t import_id, struct error *e);
	int (*flag_get_ref)(struct store_tx *tx, const char *ref, struct history_flag *out, int64_t *import_id,
			    struct error *e);
	/* as known at a moment (the daily run for a past date) */
	int (*flags_by_customer_at)(struct store_tx *tx, int64_t from_customer, int64_t to_customer, timestamp_t at,
				    store_flag_cb cb, void *ctx, struct error *e);
	int (*flags_changed_after)(struct store_tx *tx, timestamp_t at, struct error *e);
	/* the rows of chosen customers (the daily run's asked customers) */
	int (*attempts_of_customers)(struct store_tx *tx, const int64_t *ids, size_t n, timestamp_t since,
				     store_customer_attempt_cb cb, void *ctx, struct error *e);
	int (*flags_of_customers)(struct store_tx *tx, const int64_t *ids, size_t n, timestamp_t at, store_flag_cb cb,
				  void *ctx, struct error *e);
	int (*attempts_copy)(struct store_tx *tx, const struct attempt_copy *rows, size_t n, struct error *e);
};

struct store_rules_config_ops {
	int (*profile_get)(struct store_tx *tx, const char *name, char **json, struct error *e);
	int (*profile_put)(struct store_tx *tx, const char *name, const char *json, struct error *e);
	int (*profiles_each)(struct store_tx *tx, store_profile_cb cb, void *ctx, struct error *e);
	int (*default_profile)(struct store_tx *tx, char *out, size_t size, struct error *e);
	int (*set_default_profile)(struct store_tx *tx, const char *name, struct error *e);
	int (*closed_day_add)(struct store_tx *tx, date_t day, const char *name, struct error *e);
	int (*closed_days_each)(struct store_tx *tx, store_day_cb cb, void *ctx, struct error *e);
};

struct store_reports_ops {
	int (*open_items_each)(struct store_tx *tx, int by_customer, date_t as_of, int rebuild, store_open_item_cb cb,
			       void *ctx, struct error *e);
	int (*kpi_items_each)(struct store_tx *tx, date_t from, date_t to, store_kpi_item_cb cb, void *ctx,
			      struct error *e);
	int (*unapplied_each)(struct store_tx *tx, date_t at, store_credit_cb cb, void *ctx, struct error *e);
	int (*check_ledger)(struct store_tx *tx, store_invoice_cb cb, void *ctx, struct error *e);
	int (*check_sums)(struct store_tx *tx, store_sum_overflow_cb cb, void *ctx, struct error *e);
	int (*check_amount_limit)(struct store_tx *tx, store_invoice_cb cb, void *ctx, struct error *e);
};

struct store_risk_ops {
	int (*facts)(struct store_tx *tx, date_t as_of, int64_t from_customer, int64_t to_customer,
		     store_risk_facts_cb cb, void *ctx, struct error *e);
};

struct store_users_ops {
	int (*insert)(struct store_tx *tx, struct user *u, struct error *e);
	int (*get)(struct store_tx *tx, const char *name, struct user *out, struct error *e);
	int (*update)(struct store_tx *tx, const struct user *u, struct error *e);
	int (*each)(struct store_tx *tx, store_user_cb cb, void *ctx, struct error *e);
};

struct store_account_ops {
	int (*months)(struct store_tx *tx, int64_t customer_id, const char *currency, date_t from, date_t to,
		      store_account_month_cb cb, void *ctx, struct error *e);
};

struct store_strategies_ops {
	int (*get)(struct store_tx *tx, const char *name, char **json, struct error *e);
	int (*put)(struct store_tx *tx, const char *name, const char *json, struct error *e);
	int (*each)(struct store_tx *tx, store_strategy_cb cb, void *ctx, struct error *e);
	int (*default_get)(struct store_tx *tx, enum customer_kind kind, char *out, size_t size, struct error *e);
	int (*default_set)(struct store_tx *tx, enum customer_kind kind, const char *name, struct error *e);
};

struct store_actions_ops {
	int (*add)(struct store_tx *tx, struct action_record *a, const struct action_invoice *inv, size_t n,
		   struct error *e);
	int (*set_state)(struct store_tx *tx, int64_t id, const char *state, const char *reason_code,
			 const char *reason, timestamp_t at, struct error *e);
	int (*recorded_each)(struct store_tx *tx, int64_t from_customer, int64_t to_customer, int later,
			     store_run_recorded_cb cb, void *ctx, struct error *e);
	int (*waiting_each)(struct store_tx *tx, int64_t from_customer, int64_t to_customer, timestamp_t since,
			    store_run_recorded_cb cb, void *ctx, struct error *e);
	int (*invoices_each)(struct store_tx *tx, int64_t from_customer, int64_t to_customer, date_t as_of, int later,
			     store_run_invoice_cb cb, void *ctx, struct error *e);
	int (*later)(struct store_tx *tx, date_t as_of, struct error *e);
	int (*run_after)(struct store_tx *tx, date_t as_of, struct error *e);
	/* customer_id 0: every customer's */
	int (*day_charges_each)(struct store_tx *tx, date_t day, int64_t customer_id, store_run_credit_cb cb, void *ctx,
				struct error *e);
	int (*credit_each)(struct store_tx *tx, int64_t from_customer, int64_t to_customer, date_t as_of,
			   store_run_credit_cb cb, void *ctx, struct error *e);
	int (*credit_of)(struct store_tx *tx, const int64_t *ids, size_t n, date_t as_of, store_run_credit_cb cb,
			 void *ctx, struct error *e);
	int (*run_start)(struct store_tx *tx, date_t run_date, timestamp_t at, char *state, size_t size,
			 struct error *e);
	int (*run_finish)(struct store_tx *tx, date_t run_date, timestamp_t at, const char *summary, struct error *e);
	int (*run_counts_each)(struct store_tx *tx, date_t run_date, store_run_count_cb cb, void *ctx, struct error *e);
	int (*each)(struct store_tx *tx, const struct action_filter *f, store_action_cb cb, void *ctx, struct error *e);
	int (*snapshot_put)(struct store_tx *tx, date_t run_date, const struct snapshot_row *rows, size_t n,
			    struct error *e);
	int (*snapshots_each)(struct store_tx *tx, date_t from, date_t to, store_snapshot_cb cb, void *ctx,
			      struct error *e);
	/* not in a transaction: the run lock (store_run_lock) */
	int (*lock)(struct store *s, int64_t tenant, struct error *e);
	/* the step conditions (store_run_answers_each) */
	int (*answers_each)(struct store_tx *tx, int64_t from_customer, int64_t to_customer, timestamp_t until,
			    store_run_answer_cb cb, void *ctx, struct error *e);
	int (*paid_between)(struct store_tx *tx, int64_t customer_id, const char *currency, date_t from, date_t to,
			    struct error *e);
	/* NULL: store/actions.c asks paid_between and action_moment one at a time */
	int (*paid_between_each)(struct store_tx *tx, const int64_t *customers, const char *const *currencies,
				 const date_t *froms, size_t n, date_t to, int *out, struct error *e);
	int (*action_moments)(struct store_tx *tx, const int64_t *ids, size_t n, store_run_moment_cb cb, void *ctx,
			      struct error *e);
	int (*action_moment)(struct store_tx *tx, int64_t id, char *state, size_t size, timestamp_t *scheduled_at,
			     struct error *e);
	int (*add_many)(struct store_tx *tx, struct action_record *a, size_t n, const struct action_invoice *inv,
			const size_t *n_inv, struct error *e);
	void (*unlock)(struct store *s, int64_t tenant);
	int64_t (*customers_count)(struct store_tx *tx, struct error *e);
	/* the last finished run (store_run_last, for /metrics) */
	int (*run_last)(struct store_tx *tx, struct run_last *out, struct error *e);
	int (*customers_by_id)(struct store_tx *tx, const int64_t *ids, size_t n, store_customer_cb cb, void *ctx,
			       struct error *e);
	int (*answers_of)(struct store_tx *tx, const int64_t *ids, size_t n, timestamp_t until, store_run_answer_cb cb,
			  void *ctx, struct error *e);
	int (*recorded_due_each)(struct store_tx *tx, int64_t from_customer, int64_t to_customer, date_t due_by,
				 store_run_recorded_cb cb, void *ctx, struct error *e);
	int (*steps_recorded)(struct store_tx *tx, const struct run_step_key *keys, size_t n, unsigned char *found,
			      struct error *e);
	int (*recorded_of)(struct store_tx *tx, const struct run_invoice_key *keys, size_t n, store_run_recorded_cb cb,
			   void *ctx, struct error *e);
	/* a run for today's page with its open invoices and waiting actions (store_run_page) */
	int (*page)(struct store_tx *tx, struct store_cursor *cur, date_t as_of, timestamp_t since,
		    const struct run_page_cb *cb, struct error *e);
	/* copying a book (recoup migrate) */
	int (*runs_each)(struct store_tx *tx, store_run_row_cb cb, void *ctx, struct error *e);
	int (*run_put)(struct store_tx *tx, const struct run_row *r, struct error *e);
	int (*copy_list)(struct store_tx *tx, struct store_cursor *cur, store_action_copy_cb cb, void *ctx,
			 struct error *e);
	int (*copy_add)(struct store_tx *tx, struct action_record *a, size_t n, const struct action_copy_invoice *inv,
			const size_t *n_inv, int64_t above, struct error *e);
	int (*last_id)(struct store_tx *tx, int64_t *id, struct error *e);
	int (*run_cancelled_add)(struct store_tx *tx, date_t run_date, int64_t n, int64_t *total, struct error *e);
	int (*move)(struct store_tx *tx, int64_t id, const char *from, const char *state, const char *reason_code,
		    const char *reason, timestamp_t at, struct action_state_now *now, struct error *e);
	/* a step a hold cancelled, done again (store_run_hold_cancelled_of, store_action_redo) */
	int (*hold_cancelled_of)(struct store_tx *tx, const int64_t *ids, size_t n, store_run_redo_cb cb, void *ctx,
				 struct error *e);
	int (*redo)(struct store_tx *tx, int64_t id, const struct action_record *a, const struct action_invoice *more,
		    size_t n_more, const int64_t *held, size_t n_held, struct error *e);
	/* the run's watch (store_run_watch_*) */
	int (*watch_state_get)(struct store_tx *tx, char *version, size_t size, struct error *e);
	int (*watch_state_put)(struct store_tx *tx, const char *version, struct error *e);
	int (*watch_reset)(struct store_tx *tx, struct error *e);
	int (*watched_each)(struct store_tx *tx, date_t as_of, store_run_id_cb cb, void *ctx, struct error *e);
	int (*due_desc_each)(struct store_tx *tx, date_t as_of, store_run_id_cb cb, void *ctx, struct error *e);
	int (*dirty_each)(struct store_tx *tx, store_run_id_cb cb, void *ctx, struct error *e);
	int (*page_of)(struct store_tx *tx, const int64_t *ids, size_t n, date_t as_of, timestamp_t since,
		       const struct run_page_cb *cb, struct error *e);
	int (*watch_put)(struct store_tx *tx, const struct run_watch_row *rows, size_t n, struct error *e);
	int (*watch_cover)(struct store_tx *tx, const int64_t *ids, size_t n, struct error *e); /* NULL: none */
	int (*watch_each)(struct store_tx *tx, int64_t after, int64_t limit, store_run_watch_cb cb, void *ctx,
			  struct error *e);
};

struct store_assignments_ops {
	int (*each)(struct store_tx *tx, int64_t from_customer, int64_t to_customer, store_assignment_cb cb, void *ctx,
		    struct error *e);
	int (*put)(struct store_tx *tx, const struct assignment *rows, size_t n, struct error *e);
	int (*release)(struct store_tx *tx, const int64_t *customer_ids, size_t n, struct error *e);
	int (*calls_each)(struct store_tx *tx, int64_t user_id, timestamp_t now, date_t today, store_queue_cb cb,
			  void *ctx, struct error *e);
	int (*callbacks_each)(struct store_tx *tx, int64_t user_id, timestamp_t from, timestamp_t to, date_t today,
			      store_queue_cb cb, void *ctx, struct error *e);
	int (*balances)(struct store_tx *tx, int64_t customer_id, date_t today, store_queue_balance_cb cb, void *ctx,
			struct error *e);
	int (*calls_logged)(struct store_tx *tx, const char *logged_by, timestamp_t from, timestamp_t to, int64_t *n,
			    struct error *e);
	int (*attempt_note)(struct store_tx *tx, int64_t attempt_id, timestamp_t callback_at, const char *logged_by,
			    struct error *e);
	int (*calls_done)(struct store_tx *tx, int64_t customer_id, timestamp_t up_to, timestamp_t at, int64_t *n,
			  struct error *e);
	int (*refs)(struct store_tx *tx, int64_t customer_id, int64_t contact_id, char *customer_ref, char *contact_ref,
		    struct error *e);
	int (*calls_by_bound)(struct store_tx *tx, int64_t user_id, timestamp_t now, store_queue_cb cb, void *ctx,
			      struct error *e);
	int (*calls_of)(struct store_tx *tx, int64_t customer_id, timestamp_t now, store_queue_cb cb, void *ctx,
			struct error *e);
	int (*open_each)(struct store_tx *tx, int64_t from_customer, int64_t to_customer, store_assignment_open_cb cb,
			 void *ctx, struct error *e);
	int (*bound_set)(struct store_tx *tx, int64_t customer_id, int64_t old_bound, int64_t bound,
			 const char *currency, int64_t scale, int64_t pay, struct error *e);
	int (*latest)(struct store_tx *tx, date_t *since, struct error *e);
};

struct store_audit_ops {
	int (*add)(struct store_tx *tx, struct audit_entry *a, struct error *e);
	int (*each)(struct store_tx *tx, const struct audit_filter *f, store_audit_cb cb, void *ctx, struct error *e);
};

struct store_holds_ops {
	int (*add)(struct store_tx *tx, struct hold *h, struct error *e);
	int (*end)(struct store_tx *tx, const char *kind, int64_t source_id, timestamp_t at, const char *reason,
		   int64_t *n, struct error *e);
	int (*each)(struct store_tx *tx, int64_t from_customer, int64_t to_customer, timestamp_t at, date_t on,
		    store_hold_cb cb, void *ctx, struct error *e);
	/* store_run_holds_each: begun by `at`, ended or not */
	int (*begun)(struct store_tx *tx, int64_t from_customer, int64_t to_customer, timestamp_t at, store_hold_cb cb,
		     void *ctx, struct error *e);
	/* a copy of a book (store/holds.h) */
	int (*all)(struct store_tx *tx, store_hold_row_cb cb, void *ctx, struct error *e);
	int (*copy)(struct store_tx *tx, struct hold *h, struct error *e);
};

struct store_agreements_ops {
	int (*add)(struct store_tx *tx, struct agreement *a, const struct agreement_invoice *invs, size_t n_invs,
		   const struct agreement_instalment *ins, size_t n_ins, struct error *e);
	int (*get)(struct store_tx *tx, int64_t id, struct agreement *out, struct error *e);
	int (*update)(struct store_tx *tx, const struct agreement *a, const char *from, int remark, struct error *e);
	int (*each)(struct store_tx *tx, const struct agreement_filter *f, store_agreement_cb cb, void *ctx,
		    struct error *e);
	int (*invoices)(struct store_tx *tx, int64_t id, store_agreement_invoice_cb cb, void *ctx, struct error *e);
	int (*instalments)(struct store_tx *tx, const char *kind, const char *state, store_instalment_cb cb, void *ctx,
			   struct error *e);
	int (*instalments_of)(struct store_tx *tx, int64_t id, store_instalment_cb cb, void *ctx, struct error *e);
	int (*paid)(struct store_tx *tx, const char *kind, const char *state, int64_t customer_id, date_t on,
		    store_paid_cb cb, void *ctx, struct error *e);
	int (*config_get)(struct store_tx *tx, const char *name, char **doc, struct error *e);
	int (*config_set)(struct store_tx *tx, const char *name, const char *doc, const char *by, timestamp_t at,
			  struct error *e);
	int (*copy)(struct store_tx *tx, struct agreement *a, const struct agreement_invoice *invs, size_t n_invs,
		    const struct agreement_instalment *ins, size_t n_ins, struct error *e);
};

struct store_auth_ops {
	int (*password_get)(struct store_tx *tx, int64_t user_id, char *hash, size_t size, struct error *e);
	int (*password_set)(struct store_tx *tx, int64_t user_id, const char *hash, struct error *e);
	int (*session_add)(struct store_tx *tx, const struct auth_session *s, struct error *e);
	int (*session_get)(struct store_tx *tx, const char *id_hash, struct auth_session *out, struct error *e);
	int (*session_touch)(struct store_tx *tx, const char *id_hash, timestamp_t last_seen, struct error *e);
	int (*session_delete)(struct store_tx *tx, const char *id_hash, struct error *e);
	int (*sessions_end)(struct store_tx *tx, int64_t user_id, int64_t *n, struct error *e);
	int (*token_add)(struct store_tx *tx, struct auth_token *t, struct error *e);
	int (*token_by_hash)(struct store_tx *tx, const char *token_hash, struct auth_token *out, struct error *e);
	int (*tokens_each)(struct store_tx *tx, store_auth_token_cb cb, void *ctx, struct error *e);
	int (*token_revoke)(struct store_tx *tx, const char *name, timestamp_t at, struct error *e);
	int (*failures_get)(struct store_tx *tx, const char *user_name, const char *address, struct auth_failures *out,
			    struct error *e);
	int (*failures_put)(struct store_tx *tx, const char *user_name, const char *address,
			    const struct auth_failures *f, struct error *e);
	int (*failures_clear)(struct store_tx *tx, const char *user_name, const char *address, struct error *e);
	int (*idempotency_get)(struct store_tx *tx, const char *key, timestamp_t since, char *request_hash, int *status,
			       char **response, struct error *e);
	int (*idempotency_put)(struct store_tx *tx, const char *key, const char *request_hash, int status,
			       const char *response, timestamp_t at, struct error *e);
	int (*idempotency_prune)(struct store_tx *tx, const char *key, timestamp_t before, struct error *e);
};

struct store_disputes_ops {
	int (*add)(struct store_tx *tx, struct dispute *d, struct error *e);
	int (*get)(struct store_tx *tx, int64_t id, struct dispute *out, struct error *e);
	int (*resolve)(struct store_tx *tx, const struct dispute *d, int64_t *n, struct error *e);
	int (*each)(struct store_tx *tx, const struct dispute_filter *f, store_dispute_cb cb, void *ctx,
		    struct error *e);
	int (*mark_overdue)(struct store_tx *tx, date_t on, timestamp_t at, int64_t *n, struct error *e);
	int (*reasons_get)(struct store_tx *tx, char *out, size_t size, struct error *e);
	int (*reasons_set)(struct store_tx *tx, const char *const *codes, size_t n, struct error *e);
	int (*copy)(struct store_tx *tx, struct dispute *d, struct error *e);
};

struct store_credit_ops {
	int (*terms_get)(struct store_tx *tx, int64_t customer_id, struct credit_terms *out, struct error *e);
	int (*terms_put)(struct store_tx *tx, const struct credit_terms *t, struct error *e);
	int (*hold_add)(struct store_tx *tx, struct credit_hold *h, struct error *e);
	int (*hold_current)(struct store_tx *tx, int64_t customer_id, struct credit_hold *out, struct error *e);
	int (*hold_release)(struct store_tx *tx, int64_t customer_id, timestamp_t at, const char *by,
			    const char *reason, int64_t *n, struct error *e);
	int (*holds_from_actions)(struct store_tx *tx, date_t on, timestamp_t at, const char *by, int64_t *n,
				  struct error *e);
	int (*holds_lift)(struct store_tx *tx, const int64_t *customers, size_t n_customers, date_t on, date_t cutoff,
			  timestamp_t at, const char *by, const char *reason, int64_t *n, struct error *e);
	int (*exposure)(struct store_tx *tx, int64_t customer_id, const char *currency, int64_t *open_balance,
			date_t *oldest_due, struct error *e);
	int (*policy_get)(struct store_tx *tx, struct credit_policy *p, struct error *e);
	int (*policy_put)(struct store_tx *tx, const struct credit_policy *p, struct error *e);
	int (*holds_each)(struct store_tx *tx, store_credit_hold_cb cb, void *ctx, struct error *e);
	int (*hold_copy)(struct store_tx *tx, struct credit_hold *h, struct error *e);
	int (*review_mark_get)(struct store_tx *tx, int64_t *action_id, struct error *e);
	int (*review_mark_set)(struct store_tx *tx, int64_t action_id, struct error *e);
};

struct store_returned_ops {
	int (*each)(struct store_tx *tx, date_t from, date_t to, store_returned_cb cb, void *ctx, struct error *e);
};

struct store_promises_ops {
	int (*add)(struct store_tx *tx, struct promise *p, const int64_t *invoice_ids, size_t n, struct error *e);
	int (*each)(struct store_tx *tx, const struct promise_filter *f, store_promise_cb cb, void *ctx,
		    struct error *e);
	int (*settle)(struct store_tx *tx, date_t as_of, timestamp_t at, int64_t counts[3], struct error *e);
	int (*settings_get)(struct store_tx *tx, int *tolerance_days, int *tolerance_percent, struct error *e);
	int (*settings_put)(struct store_tx *tx, int tolerance_days, int tolerance_percent, struct error *e);
	int (*broken_each)(struct store_tx *tx, int64_t user_id, date_t since, date_t today, store_promise_broken_cb cb,
			   void *ctx, struct error *e);
	int (*copy)(struct store_tx *tx, struct promise *p, const int64_t *invoice_ids, size_t n, struct error *e);
	int (*get)(struct store_tx *tx, int64_t id, struct promise *out, struct error *e);
	int (*overlapping)(struct store_tx *tx, int64_t customer_id, const char *currency, const int64_t *invoice_ids,
			   size_t n, store_promise_cb cb, void *ctx, struct error *e);
	int (*cancel)(struct store_tx *tx, const struct promise *p, struct error *e);
};

struct store_escalation_ops {
	int (*placement_add)(struct store_tx *tx, struct placement *p, struct error *e);
	int (*placements_active)(struct store_tx *tx, int64_t customer_id, store_placement_cb cb, void *ctx,
				 struct error *e);
	int (*placement_recall)(struct store_tx *tx, int64_t id, timestamp_t at, const char *by, struct error *e);
	int (*placement_reviews)(struct store_tx *tx, int64_t customer_id, store_placement_review_cb cb, void *ctx,
				 struct error *e);
	int (*placement_history)(struct store_tx *tx, int64_t customer_id, struct placement_history *out,
				 struct error *e);
	int (*recovery)(struct store_tx *tx, date_t from, date_t to, store_recovery_cb cb, void *ctx, struct error *e);
	int (*legal_event_add)(struct store_tx *tx, int64_t customer_id, const char *state, timestamp_t at,
			       const char *by, int64_t *id, struct error *e);
	int (*legal_accounts)(struct store_tx *tx, store_legal_account_cb cb, void *ctx, struct error *e);
	int (*legal_state)(struct store_tx *tx, int64_t customer_id, char *state, struct error *e);
	int (*setting_get)(struct store_tx *tx, const char *name, char *out, size_t size, struct error *e);
	int (*setting_put)(struct store_tx *tx, const char *name, const char *value, struct error *e);
	int (*contact_stats)(struct store_tx *tx, timestamp_t from, timestamp_t to, store_contact_stat_cb cb, void *ctx,
			     struct error *e);
	int (*collector_money)(struct store_tx *tx, date_t from, date_t to, store_collector_money_cb cb, void *ctx,
			       struct error *e);
	int (*collector_promises)(struct store_tx *tx, timestamp_t from, timestamp_t to, store_collector_promises_cb cb,
				  void *ctx, struct error *e);
	int (*collector_money_of)(struct store_tx *tx, const char *collector, date_t from, date_t to,
				  store_collector_money_cb cb, void *ctx, struct error *e);
	int (*contact_breaches)(struct store_tx *tx, timestamp_t from, timestamp_t to, store_contact_breach_cb cb,
				void *ctx, struct error *e);
	int (*placements_each)(struct store_tx *tx, store_placement_cb cb, void *ctx, struct error *e);
	int (*legal_events_each)(struct store_tx *tx, store_legal_event_cb cb, void *ctx, struct error *e);
};

struct store_channels_ops {
	int (*setting_put)(struct store_tx *tx, const char *key, const char *value, timestamp_t at, struct error *e);
	int (*setting_get)(struct store_tx *tx, const char *key, char *value, size_t size, struct error *e);
	int (*settings_each)(struct store_tx *tx, store_setting_cb cb, void *ctx, struct error *e);
	int (*template_put)(struct store_tx *tx, const struct stored_template *t, timestamp_t at, struct error *e);
	int (*templates_each)(struct store_tx *tx, const char *name, store_template_cb cb, void *ctx, struct error *e);
	int (*outbox_due_each)(struct store_tx *tx, timestamp_t until, long limit, store_outbox_cb cb, void *ctx,
			       struct error *e);
	int (*outbox_invoices_each)(struct store_tx *tx, int64_t action_id, store_id_cb cb, void *ctx, struct error *e);
	int (*message_put)(struct store_tx *tx, const struct message_record *m, struct error *e);
	int (*message_get)(struct store_tx *tx, int64_t action_id, struct message_record *out, struct error *e);
	int (*messages_move)(struct store_tx *tx, const char *from, const char *to, timestamp_t at, int64_t *n,
			     struct error *e);
	int (*messages_each)(struct store_tx *tx, const char *state, store_message_cb cb, void *ctx, struct error *e);
	int (*message_attempt_add)(struct store_tx *tx, int64_t action_id, int n, timestamp_t at, const char *outcome,
				   const char *detail, struct error *e);
	int (*setting_add)(struct store_tx *tx, const char *key, const char *value, timestamp_t at, struct error *e);
	int (*message_claim)(struct store_tx *tx, const struct message_record *m, struct error *e);
	int (*outbox_later_invoices_each)(struct store_tx *tx, int64_t action_id, store_id_cb cb, void *ctx,
					  struct error *e);
	int (*messages_between)(struct store_tx *tx, int64_t from_action, int64_t to_action, store_message_cb cb,
				void *ctx, struct error *e);
	int (*message_attempts_between)(struct store_tx *tx, int64_t from_action, int64_t to_action,
					store_message_attempt_cb cb, void *ctx, struct error *e);
};

struct store_documents_ops {
	int (*add)(struct store_tx *tx, struct document *d, struct error *e);
	int (*get)(struct store_tx *tx, int64_t id, struct document *out, struct error *e);
	int (*each)(struct store_tx *tx, int64_t customer_id, int64_t invoice_id, store_document_cb cb, void *ctx,
		    struct error *e);
	int (*by_customer)(struct store_tx *tx, int64_t from_customer, int64_t to_customer, store_document_cb cb,
			   void *ctx, struct error *e);
};

struct store_dashboard_ops {
	int (*put)(struct store_tx *tx, date_t month, const struct kpi_month *rows, size_t n, struct error *e);
	int (*each)(struct store_tx *tx, date_t from, date_t to, store_kpi_month_cb cb, void *ctx, struct error *e);
	int (*snapshots)(struct store_tx *tx, date_t from, date_t to, const char *dimension, const char *key,
			 store_snapshot_cb cb, void *ctx, struct error *e);
};

struct store_ops {
	const char *name;
	void (*close)(struct store *s);
	/* BEGIN for tx->mode; the backend may keep per-transaction state in its store */
	int (*tx_begin)(struct store_tx *tx, struct error *e);
	/* on failure the backend has rolled back */
	int (*tx_commit)(struct store_tx *tx, struct error *e);
	/* never fails in a way the caller can act on */
	void (*tx_rollback)(struct store_tx *tx);
	/* store_backup; NULL when the backend has none */
	int (*backup)(struct store *s, const char *path, const char *name, struct error *e);
	const struct store_tenants_ops *tenants;
	const struct store_imports_ops *imports;
	const struct store_parties_ops *parties;
	const struct store_ledger_ops *ledger;
	const struct store_history_ops *history;
	const struct store_rules_config_ops *rules_config;
	const struct store_reports_ops *reports;
	const struct store_risk_ops *risk;
	const struct store_users_ops *users;
	const struct store_account_ops *account;
	const struct store_strategies_ops *strategies;
	const struct store_actions_ops *actions;
	const struct store_assignments_ops *assignments;
	const struct store_audit_ops *audit;
	const struct store_holds_ops *holds;
	const struct store_agreements_ops *agreements;
	const struct store_auth_ops *auth;
	const struct store_disputes_ops *disputes;
	const struct store_credit_ops *credit;
	const struct store_returned_ops *returned;
	const struct store_promises_ops *promises;
	const struct store_escalation_ops *escalation;
	const struct store_channels_ops *channels;
	const struct store_documents_ops *documents;
	const struct store_dashboard_ops *dashboard;
	/* 1 when the open transaction can run no more statements (failed, or ended by the backend) */
	int (*tx_broken)(struct store_tx *tx);
	/* store_queue_balances_of (store/assignments.h) */
	int (*queue_balances_of)(struct store_tx *tx, const int64_t *ids, size_t n, date_t today,
				 store_queue_balances_of_cb cb, void *ctx, struct error *e);
	/* store_data_stamp (store/store.h) */
	int (*data_stamp)(struct store_tx *tx, uint64_t *domain, char *out, size_t size, struct error *e);
	/*
	 * Inside a batch (store_batch_begin: the batch's own transaction is
	 * open, begun by tx_begin with tx->batch set), each transaction is a
	 * savepoint: savepoint begins it (taking what tx_begin would take for
	 * tx->tenant), release keeps its work in the batch (on failure it has
	 * rolled back to the savepoint), rollback_to undoes it and leaves the
	 * batch's earlier work as it was.
	 */
	int (*savepoint)(struct store_tx *tx, struct error *e);
	int (*release)(struct store_tx *tx, struct error *e);
	void (*rollback_to)(struct store_tx *tx);
	/* store_open_reader, store_tx_others_version (store/store.h); NULL when the backend has none */
	int (*open_reader)(struct store *s, struct store **out, struct error *e);
	int (*others_version)(struct store_tx *tx, int64_t *out, struct error *e);
	/* store_cache_size (store/store.h); NULL when the backend has no cache in this process */
	int (*cache_size)(struct store *s, int64_t kib, int64_t *was, struct error *e);
	/* store_checkpoint_behind (store/store.h); NULL when the backend has no log of its own to copy */
	int (*checkpoint_behind)(struct store *s, int on, struct error *e);
	/* store_check_references (store/store.h); NULL when the backend always checks them */
	int (*check_references)(struct store *s, int on, struct error *e);
};

struct store {
	const struct store_ops *ops;
	struct store_tx *tx; /* the open transaction, or NULL */
	long calls;          /* calls counted (store_fault_inject) */
	long fault_at;       /* 0: no fault */
	int hold;            /* store_hold_reads: read transactions are shared */
	int held;            /* a shared read transaction is open (of held_tenant) */
	int64_t held_tenant;
	struct store_tx *batch; /* store_batch_begin: the batch's transaction, or NULL */
};

struct store_tx {
	struct store *s;
	int64_t tenant;
	enum store_mode mode;
	int open; /* 0 after commit, or after a failed begin */
	/* runs inside the shared read transaction (store_hold_reads): no BEGIN/COMMIT of its own */
	int shared;
	/* a savepoint inside the store's batch (store_batch_begin) */
	int nested;
	/* the batch's own transaction: a write one, of no tenant (the backend takes no tenant's lock) */
	int batch;
	char actor[NAME_MAX_LEN + 1];
};

/*
 * Every forwarder starts with one of these: the handle must be open (and a
 * write one for a write), the call is counted, and an injected fault fails
 * it before it reaches the backend.
 */
int store__enter(struct store_tx *tx, int write, struct error *e);
/*
 * -ERR_INPUT naming a customer's unapplied credit in `currency` that does
 * not fit in int64 (store/ledger.h): by `customer_ref`, else by the ref
 * read for `customer_id` (a read of one row, on the error's path alone).
 */
int store__credit_overflow(struct store_tx *tx, int64_t customer_id, const char *customer_ref, const char *currency,
			   struct error *e);
#define STORE_READ_CALL(tx, e)                       \
	do {                                         \
		int enter_ = store__enter(tx, 0, e); \
		if (enter_ < 0)                      \
			return enter_;               \
	} while (0)
#define STORE_WRITE_CALL(tx, e)                      \
	do {                                         \
		int enter_ = store__enter(tx, 1, e); \
		if (enter_ < 0)                      \
			return enter_;               \
	} while (0)

int store_sqlite_open(const char *path, struct store **out, struct error *e);

#endif
