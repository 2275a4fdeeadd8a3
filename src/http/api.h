/*
 * api.h: the route handlers (api_*.c), gathered in the table of routes.c,
 * and what they share. Each handler parses its request, calls one use
 * case of app/ and formats its answer; see http.h for the contract.
 */
#ifndef RECOUP_HTTP_API_H
#define RECOUP_HTTP_API_H

#include "app/import.h"
#include "codec/fields.h"
#include "http/http.h"

/* api_ops.c */
int api_healthz(struct http_request *rq, struct http_response *rs);
int api_metrics(struct http_request *rq, struct http_response *rs);

/* api_session.c */
int api_session_create(struct http_request *rq, struct http_response *rs);
int api_session_delete(struct http_request *rq, struct http_response *rs);

/* api_customers.c */
int api_customers_list(struct http_request *rq, struct http_response *rs);
int api_customer_get(struct http_request *rq, struct http_response *rs);
int api_invoices_list(struct http_request *rq, struct http_response *rs);
int api_account_get(struct http_request *rq, struct http_response *rs);
/* The customer's ETag (http/etag.h: out holds HTTP_ETAG_MAX), of its stored columns: 0, or -1 out of memory. */
int api_customer_tag(const struct customer *c, char *out);
/* Adds the customer's ETag to the response: 0, or -1 (rq->fail). */
int api_customer_tag_header(struct http_request *rq, struct http_response *rs, const struct customer *c);

/* api_work.c */
int api_aging(struct http_request *rq, struct http_response *rs);
int api_queue(struct http_request *rq, struct http_response *rs);
int api_contact_log(struct http_request *rq, struct http_response *rs);

/* api_imports.c */
int api_import(struct http_request *rq, struct http_response *rs);
int api_payment_create(struct http_request *rq, struct http_response *rs);

/*
 * Imports `len` bytes of CSV as `kind` (app/import.h), all or nothing.
 * 0 with *r filled (committed, or nothing new); -1 with rq->fail set:
 * 422 "input" naming the first bad row's column, with every reported bad
 * row in *rows ({"line","column","reason"}: a new reference, or NULL).
 */
int api_import_csv(struct http_request *rq, enum import_kind kind, const char *csv, size_t len, struct import_result *r,
		   json_t **rows);

/*
 * Creates one record of `kind` (field table `t`) from a checked body
 * (body.h; taken) as a one-row file of the importer: the same checks and
 * write as `recoup import`. 201 with the body and "created": true, 200 and
 * false when its ref is stored with the same values; -1 (rq->fail) else.
 */
int api_record_create(struct http_request *rq, struct http_response *rs, enum import_kind kind,
		      const struct record_table *t, json_t *body);
/* api_static.c: the workspace's files under --web */
int api_static(struct http_request *rq, struct http_response *rs);

/* api_audit.c */
int api_audit(struct http_request *rq, struct http_response *rs);

/* api_records.c */
int api_customer_create(struct http_request *rq, struct http_response *rs);
int api_customer_update(struct http_request *rq, struct http_response *rs);
int api_contacts_list(struct http_request *rq, struct http_response *rs);
int api_contact_create(struct http_request *rq, struct http_response *rs);
int api_contact_update(struct http_request *rq, struct http_response *rs);
int api_credit_note_create(struct http_request *rq, struct http_response *rs);
int api_flags_list(struct http_request *rq, struct http_response *rs);
int api_flag_set(struct http_request *rq, struct http_response *rs);
int api_flag_clear(struct http_request *rq, struct http_response *rs);
int api_customer_history(struct http_request *rq, struct http_response *rs);
int api_rules_check(struct http_request *rq, struct http_response *rs);
int api_payments_list(struct http_request *rq, struct http_response *rs);
int api_credit_notes_list(struct http_request *rq, struct http_response *rs);
int api_invoice_create(struct http_request *rq, struct http_response *rs);

/* api_reports.c */
int api_kpis(struct http_request *rq, struct http_response *rs);
int api_report(struct http_request *rq, struct http_response *rs);
int api_actions(struct http_request *rq, struct http_response *rs);
int api_strategies_list(struct http_request *rq, struct http_response *rs);
int api_strategy_get(struct http_request *rq, struct http_response *rs);
int api_strategy_put(struct http_request *rq, struct http_response *rs);
int api_rules_profiles_list(struct http_request *rq, struct http_response *rs);
int api_rules_profile_get(struct http_request *rq, struct http_response *rs);
int api_rules_profile_put(struct http_request *rq, struct http_response *rs);
/* api_optout.c: the page behind the opt-out link of every email (app/optout.h) */
int api_optout_page(struct http_request *rq, struct http_response *rs);
int api_optout_record(struct http_request *rq, struct http_response *rs);
/* api_documents.c */
int api_document_upload(struct http_request *rq, struct http_response *rs);
int api_documents_list(struct http_request *rq, struct http_response *rs);
int api_document_get(struct http_request *rq, struct http_response *rs);

/* api_dashboard.c */
int api_dashboard(struct http_request *rq, struct http_response *rs);
/* api_agreements.c */
int api_promise_create(struct http_request *rq, struct http_response *rs);
int api_promises_list(struct http_request *rq, struct http_response *rs);
int api_promise_cancel(struct http_request *rq, struct http_response *rs);
int api_plan_create(struct http_request *rq, struct http_response *rs);
int api_plans_list(struct http_request *rq, struct http_response *rs);
int api_plan_get(struct http_request *rq, struct http_response *rs);
int api_plan_cancel(struct http_request *rq, struct http_response *rs);
int api_settlement_create(struct http_request *rq, struct http_response *rs);
int api_settlements_list(struct http_request *rq, struct http_response *rs);
int api_approvals_list(struct http_request *rq, struct http_response *rs);
int api_approval_approve(struct http_request *rq, struct http_response *rs);
int api_approval_reject(struct http_request *rq, struct http_response *rs);
int api_writeoff_create(struct http_request *rq, struct http_response *rs);
int api_writeoffs_list(struct http_request *rq, struct http_response *rs);
int api_dispute_create(struct http_request *rq, struct http_response *rs);
int api_disputes_list(struct http_request *rq, struct http_response *rs);
int api_dispute_resolve(struct http_request *rq, struct http_response *rs);
int api_credit_check(struct http_request *rq, struct http_response *rs);
int api_credit_hold(struct http_request *rq, struct http_response *rs);
int api_credit_release(struct http_request *rq, struct http_response *rs);
int api_credit_terms(struct http_request *rq, struct http_response *rs);
int api_promise_tolerance_get(struct http_request *rq, struct http_response *rs);
int api_promise_tolerance_set(struct http_request *rq, struct http_response *rs);
int api_credit_policy_get(struct http_request *rq, struct http_response *rs);
int api_credit_policy_set(struct http_request *rq, struct http_response *rs);
int api_dispute_reasons_get(struct http_request *rq, struct http_response *rs);
int api_dispute_reasons_set(struct http_request *rq, struct http_response *rs);
int api_authority_get(struct http_request *rq, struct http_response *rs);
int api_authority_set(struct http_request *rq, struct http_response *rs);

/* A whole number 1..max from the query into *out, `dflt` when absent: 0, or -1 (rq->fail, 400 usage). */
int api_query_number(struct http_request *rq, const char *name, int64_t dflt, int64_t max, int64_t *out);

/*
 * For a collector, the invoice or contact (`kind`: "invoice", "contact")
 * `ref` must be of a customer assigned to them: another customer's is 404
 * naming `key` ("KEY: unknown invoice 'REF'"), exactly as one that does not
 * exist, so that no refusal tells whose it is. A manager's refs are the use
 * case's to check; an absent or empty ref is not checked. 0, or -1 (rq->fail).
 */
int api_ref_visible(struct http_request *rq, const char *ref, const char *key, const char *kind);
/* The same for each ref of the body's `key`: a string, or an array of strings. */
int api_refs_visible(struct http_request *rq, const json_t *body, const char *key, const char *kind);

/* A boolean query argument: 1 for "true"/"1", 0 for absent/"false"/"0", -1 (rq->fail set) otherwise. */
int api_query_bool(struct http_request *rq, const char *name);

/* api_admin.c */
int api_users_list(struct http_request *rq, struct http_response *rs);
int api_user_create(struct http_request *rq, struct http_response *rs);
int api_user_update(struct http_request *rq, struct http_response *rs);
int api_user_password(struct http_request *rq, struct http_response *rs);
int api_templates_list(struct http_request *rq, struct http_response *rs);
int api_template_get(struct http_request *rq, struct http_response *rs);
int api_template_put(struct http_request *rq, struct http_response *rs);
int api_assignments_list(struct http_request *rq, struct http_response *rs);
int api_assignments_rebalance(struct http_request *rq, struct http_response *rs);
int api_assignments_rebalance_job(struct http_request *rq, struct http_response *rs);
int api_assignment_set(struct http_request *rq, struct http_response *rs);

/* api_records.c: one record by its ref */
int api_contact_get(struct http_request *rq, struct http_response *rs);
int api_payment_get(struct http_request *rq, struct http_response *rs);
int api_credit_note_get(struct http_request *rq, struct http_response *rs);

#endif
