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
	{ "POST", "/api/v1/customers/{ref}/documents", ROUTE_COLLECTOR, ROUTE_BODY_RAW | ROUTE_IDEMPOTENT,
	  api_document_upload, "attach a document (PDF, PNG, JPEG) to a customer" },
	{ "GET", "/api/v1/customers/{ref}/documents", ROUTE_COLLECTOR, 0, api_documents_list,
	  "a customer's documents, newest first" },
	{ "GET", "/api/v1/documents/{id}", ROUTE_COLLECTOR, 0, api_document_get, "a document's bytes" },
	{ "GET", "/api/v1/dashboard", ROUTE_MANAGER, 0, api_dashboard, "the manager's dashboard, from the snapshots" },
};
const size_t routes_count = sizeof(routes) / sizeof(routes[0]);
