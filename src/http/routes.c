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
	/* customers, contacts, credit notes, flags, history, the rules check (api_records.c) */
	{ "POST", "/api/v1/customers", ROUTE_MANAGER, ROUTE_BODY_JSON, api_customer_create,
	  "create a customer, checked as an imported row" },
	{ "PATCH", "/api/v1/customers/{ref}", ROUTE_MANAGER, ROUTE_BODY_JSON, api_customer_update,
	  "correct a customer (recorded and audited)" },
	{ "GET", "/api/v1/customers/{ref}/contacts", ROUTE_COLLECTOR, 0, api_contacts_list, "a customer's contacts" },
	{ "POST", "/api/v1/customers/{ref}/contacts", ROUTE_COLLECTOR, ROUTE_BODY_JSON, api_contact_create,
	  "add a contact to a customer" },
	{ "PATCH", "/api/v1/contacts/{ref}", ROUTE_COLLECTOR, ROUTE_BODY_JSON, api_contact_update,
	  "correct a contact (recorded and audited)" },
	{ "POST", "/api/v1/credit-notes", ROUTE_MANAGER, ROUTE_BODY_JSON | ROUTE_IDEMPOTENT, api_credit_note_create,
	  "record and post one credit note" },
	{ "GET", "/api/v1/customers/{ref}/flags", ROUTE_COLLECTOR, 0, api_flags_list, "a customer's active flags" },
	{ "POST", "/api/v1/customers/{ref}/flags", ROUTE_COLLECTOR, ROUTE_BODY_JSON, api_flag_set,
	  "set a flag that stops or limits contact" },
	{ "DELETE", "/api/v1/customers/{ref}/flags", ROUTE_MANAGER, 0, api_flag_clear, "clear a flag" },
	{ "GET", "/api/v1/customers/{ref}/history", ROUTE_COLLECTOR, 0, api_customer_history,
	  "the contact history and recent corrections" },
	{ "POST", "/api/v1/rules/check", ROUTE_COLLECTOR, ROUTE_BODY_JSON, api_rules_check,
	  "may this contact be reached on this channel at this moment" },
	{ "GET", "/api/v1/payments", ROUTE_COLLECTOR, 0, api_payments_list, "a customer's payments" },
	{ "GET", "/api/v1/credit-notes", ROUTE_COLLECTOR, 0, api_credit_notes_list, "a customer's credit notes" },
	{ "POST", "/api/v1/invoices", ROUTE_MANAGER, ROUTE_BODY_JSON | ROUTE_IDEMPOTENT, api_invoice_create,
	  "create one invoice, checked as an imported row" },
	/* KPIs, reports, actions, strategies, rules profiles (api_reports.c) */
	{ "GET", "/api/v1/kpis", ROUTE_MANAGER, 0, api_kpis, "DSO, CEI and the other KPIs of a period" },
	{ "GET", "/api/v1/reports/{name}", ROUTE_MANAGER, 0, api_report, "a report of recoup report" },
	{ "GET", "/api/v1/actions", ROUTE_MANAGER, 0, api_actions, "what the daily runs decided" },
	{ "GET", "/api/v1/strategies", ROUTE_MANAGER, 0, api_strategies_list, "the strategies the tenant may use" },
	{ "GET", "/api/v1/strategies/{name}", ROUTE_MANAGER, 0, api_strategy_get, "one strategy as JSON" },
	{ "PUT", "/api/v1/strategies/{name}", ROUTE_MANAGER, ROUTE_BODY_JSON, api_strategy_put,
	  "store a strategy for the tenant" },
	{ "GET", "/api/v1/rules/profiles", ROUTE_MANAGER, 0, api_rules_profiles_list,
	  "the contact-rules profiles and the default" },
	{ "GET", "/api/v1/rules/profiles/{name}", ROUTE_MANAGER, 0, api_rules_profile_get, "one profile as JSON" },
	{ "PUT", "/api/v1/rules/profiles/{name}", ROUTE_MANAGER, ROUTE_BODY_JSON, api_rules_profile_put,
	  "store an edited profile for the tenant" },
	{ "GET", "/optout", ROUTE_PUBLIC, 0, api_optout_page, "the opt-out page of an email's link (?t=TOKEN)" },
	{ "POST", "/optout", ROUTE_PUBLIC, ROUTE_BODY_FORM, api_optout_record,
	  "record an email opt-out: the page's form, or RFC 8058 one-click" },
};
const size_t routes_count = sizeof(routes) / sizeof(routes[0]);
