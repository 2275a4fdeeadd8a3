/*
 * routes.c: the table of the server's routes (router.h), in the order
 * `recoup serve --routes`, docs/api.md and docs/openapi.json list them.
 * Add a route here and its handler in an api_*.c file; the route test
 * (t0819) fails until both documents have it too.
 */
#include "http/api.h"
#include "http/router.h"

const struct route routes[] = {
	{ "GET", "/healthz", ROUTE_PUBLIC, 0, api_healthz, "the server and its database answer" },
	{ "GET", "/metrics", ROUTE_PUBLIC, 0, api_metrics, "counters in the Prometheus text format" },
	{ "POST", "/api/v1/session", ROUTE_PUBLIC, ROUTE_BODY_JSON, api_session_create,
	  "sign in: a session cookie and its CSRF token" },
	{ "DELETE", "/api/v1/session", ROUTE_COLLECTOR, 0, api_session_delete, "sign out" },
	{ "GET", "/api/v1/customers", ROUTE_COLLECTOR, 0, api_customers_list, "a page of customers" },
	{ "GET", "/api/v1/customers/{ref}", ROUTE_COLLECTOR, 0, api_customer_get,
	  "one customer, its contacts and balance" },
	{ "GET", "/api/v1/invoices", ROUTE_COLLECTOR, 0, api_invoices_list, "a customer's open invoices" },
	{ "GET", "/api/v1/accounts/{ref}", ROUTE_COLLECTOR, 0, api_account_get, "the call-preparation screen" },
	{ "POST", "/api/v1/contacts/{ref}/log", ROUTE_COLLECTOR, ROUTE_BODY_JSON | ROUTE_IDEMPOTENT, api_contact_log,
	  "log a contact attempt" },
	{ "GET", "/api/v1/queue", ROUTE_COLLECTOR, 0, api_queue, "the calls to make now, best first" },
	{ "GET", "/api/v1/aging", ROUTE_MANAGER, 0, api_aging, "the aging report" },
	{ "POST", "/api/v1/payments", ROUTE_MANAGER, ROUTE_BODY_JSON | ROUTE_IDEMPOTENT, api_payment_create,
	  "record and allocate one payment" },
	{ "POST", "/api/v1/imports/{kind}", ROUTE_MANAGER, ROUTE_BODY_CSV | ROUTE_IDEMPOTENT, api_import,
	  "import a CSV file, all or nothing" },
	{ "GET", "/api/v1/audit", ROUTE_MANAGER, 0, api_audit, "the audit trail, oldest first" },
	{ "POST", "/api/v1/promises", ROUTE_COLLECTOR, ROUTE_BODY_JSON | ROUTE_IDEMPOTENT, api_promise_create,
	  "record a promise to pay" },
	{ "GET", "/api/v1/promises", ROUTE_COLLECTOR, 0, api_promises_list, "promises to pay, by id" },
	{ "POST", "/api/v1/plans", ROUTE_COLLECTOR, ROUTE_BODY_JSON | ROUTE_IDEMPOTENT, api_plan_create,
	  "agree a payment plan" },
	{ "GET", "/api/v1/plans", ROUTE_COLLECTOR, 0, api_plans_list, "payment plans, by id" },
	{ "GET", "/api/v1/plans/{id}", ROUTE_COLLECTOR, 0, api_plan_get,
	  "one plan, its instalments and what was paid" },
	{ "POST", "/api/v1/settlements", ROUTE_COLLECTOR, ROUTE_BODY_JSON | ROUTE_IDEMPOTENT, api_settlement_create,
	  "offer a settlement, within authority or for approval" },
	{ "GET", "/api/v1/settlements", ROUTE_COLLECTOR, 0, api_settlements_list, "settlement offers, by id" },
	{ "GET", "/api/v1/approvals", ROUTE_MANAGER, 0, api_approvals_list, "what waits for a decision" },
	{ "POST", "/api/v1/approvals/{id}/approve", ROUTE_MANAGER, ROUTE_BODY_JSON | ROUTE_IDEMPOTENT,
	  api_approval_approve, "approve a settlement or write-off" },
	{ "POST", "/api/v1/approvals/{id}/reject", ROUTE_MANAGER, ROUTE_BODY_JSON | ROUTE_IDEMPOTENT,
	  api_approval_reject, "reject a settlement or write-off" },
	{ "POST", "/api/v1/disputes", ROUTE_COLLECTOR, ROUTE_BODY_JSON | ROUTE_IDEMPOTENT, api_dispute_create,
	  "open a dispute of an invoice" },
	{ "GET", "/api/v1/disputes", ROUTE_COLLECTOR, 0, api_disputes_list, "disputes, by id" },
	{ "POST", "/api/v1/disputes/{id}/resolve", ROUTE_MANAGER, ROUTE_BODY_JSON | ROUTE_IDEMPOTENT,
	  api_dispute_resolve, "resolve a dispute (a credit note when granted)" },
	{ "GET", "/api/v1/credit/{ref}", ROUTE_COLLECTOR, 0, api_credit_check, "the credit check before an order" },
	{ "POST", "/api/v1/credit/{ref}/hold", ROUTE_MANAGER, ROUTE_BODY_JSON | ROUTE_IDEMPOTENT, api_credit_hold,
	  "put a customer on credit hold" },
	{ "POST", "/api/v1/credit/{ref}/release", ROUTE_MANAGER, ROUTE_BODY_JSON | ROUTE_IDEMPOTENT, api_credit_release,
	  "release a credit hold" },
	{ "POST", "/api/v1/credit/{ref}/terms", ROUTE_MANAGER, ROUTE_BODY_JSON | ROUTE_IDEMPOTENT, api_credit_terms,
	  "record the credit application and reference check" },
	{ "GET", "/", ROUTE_PUBLIC, 0, api_static, "the workspace in the browser (web/index.html)" },
	{ "GET", "/{file}", ROUTE_PUBLIC, 0, api_static, "a page, script or style of the workspace (web/)" },
	{ "GET", "/vendor/{file}", ROUTE_PUBLIC, 0, api_static, "a library of the workspace (web/vendor/)" },
};
const size_t routes_count = sizeof(routes) / sizeof(routes[0]);
