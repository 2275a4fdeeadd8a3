#!/usr/bin/env bash
# The run's watch, through the real binary (store/actions.h, "the run's
# watch"; SQLite 0040, PostgreSQL 0037): the commands that write what a run
# reads for a customer mark that customer, and only it (run_dirty); the
# commands that write the tenant's configuration drop its watch state
# (run_watch_state), so that the next run visits everyone; other commands
# leave both alone. The state is put by plain SQL here, as a run that
# completed would leave it.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

recoup init >/dev/null

# marks: the refs of the marked customers, "C1 C3" (none: "")
marks() {
	sql_join " " "SELECT c.ref FROM run_dirty d JOIN customer c ON c.tenant_id = d.tenant_id AND c.id = d.customer_id
	                ORDER BY c.ref"
}
# clear: no mark, and the tenant's watch state put
clear() {
	sql "DELETE FROM run_dirty" >/dev/null
	sql "DELETE FROM run_watch_state" >/dev/null
	sql "INSERT INTO run_watch_state(tenant_id, version) SELECT id, 'v1' FROM tenant WHERE name = 'default'" >/dev/null
}
state() { # the tenant's watch state, "none" without one
	local v
	v=$(sql "SELECT version FROM run_watch_state s JOIN tenant t ON t.id = s.tenant_id WHERE t.name = 'default'")
	printf '%s\n' "${v:-none}"
}
# expect_marks WHAT WANT: the marks are WANT and the state is kept
expect_marks() {
	expect_eq "$1: marks $2" "$2" "$(marks)"
	expect_eq "$1: the watch state is kept" "v1" "$(state)"
	clear
}
# expect_dropped WHAT: the state is dropped (and nothing marked)
expect_dropped() {
	expect_eq "$1: the watch state is dropped" "none" "$(state)"
	expect_eq "$1: no customer marked" "" "$(marks)"
	clear
}

# --- imports ---
expect_exit 0 recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,email
C1,Ann Smith,company,US,America/New_York,en,USD,ann@example.com
C2,Bob Jones,company,US,America/New_York,en,USD,bob@example.com
C3,Cy Brown,company,US,America/New_York,en,USD,cy@example.com
CSV
)"
clear
expect_exit 0 recoup import contacts "$(csv_file contacts.csv <<'CSV'
customer_ref,contact_ref,role,name,email
C2,K-2,accounts_payable,Bea Jones,bea@example.com
CSV
)"
expect_marks "import contacts" "C2"
expect_exit 0 recoup import invoices "$(csv_file invoices.csv <<'CSV'
customer_ref,invoice_ref,amount,currency,due_date,issue_date
C1,I-1,100.00,USD,2026-02-04,2026-01-05
C1,I-2,200.00,USD,2026-02-10,2026-01-11
C3,I-3,300.00,USD,2026-02-04,2026-01-05
CSV
)" --as-of 2026-02-01
expect_marks "import invoices" "C1 C3"
# the same file again: nothing written, nothing marked
expect_exit 0 recoup import invoices "$TMP/invoices.csv" --as-of 2026-02-01
expect_marks "import invoices again" ""
expect_exit 0 recoup import payments "$(csv_file payments.csv <<'CSV'
amount,payment_ref,date,customer_ref,invoice_ref,currency,status
50.00,P-1,2026-02-05,C3,I-3,USD,cleared
CSV
)" --as-of 2026-02-06
expect_marks "import payments" "C3"

# --- the commands a collector or a manager uses on an account ---
expect_exit 0 recoup customer flag C2 cease --reason "asked" --at 2026-02-06T10:00:00Z
expect_marks "customer flag" "C2"
expect_exit 0 recoup customer unflag C2 cease --reason "withdrawn"
expect_marks "customer unflag" "C2"
expect_exit 0 recoup customer set C1 phone=+12125550100
expect_marks "customer set" "C1"
expect_exit 0 recoup promise add C1 --amount 100.00 --date 2026-02-20 --at 2026-02-06T10:00:00Z
expect_marks "promise add" "C1"
promise=$(sql "SELECT max(id) FROM promise")
expect_exit 0 recoup promise cancel "$promise" --reason "replaced by a plan" --at 2026-02-06T11:00:00Z
expect_marks "promise cancel" "C1"
expect_exit 0 recoup dispute open C3 --invoice I-3 --reason damaged --at 2026-02-06T10:00:00Z
expect_marks "dispute open" "C3"

# --- reads write nothing ---
expect_exit 0 recoup customer show C1 --as-of 2026-02-06
expect_exit 0 recoup aging --as-of 2026-02-06
expect_marks "customer show and aging" ""

# --- configuration: the tenant's state dropped, no customer marked ---
expect_exit 0 recoup strategy default b2b-gentle --kind person
expect_dropped "strategy default"
recoup strategy show b2b-gentle >"$TMP/s.json"
expect_exit 0 recoup strategy set b2b-gentle "$TMP/s.json"
expect_dropped "strategy set"
expect_exit 0 recoup promise settings --tolerance-days 3
expect_dropped "promise settings"
expect_exit 0 recoup dispute reasons set damaged other
expect_dropped "dispute reasons set"

# --- another tenant's configuration is none of this one's ---
expect_exit 0 recoup init --tenant other
clear
expect_exit 0 recoup --tenant other promise settings --tolerance-days 5
expect_marks "another tenant's promise settings" ""
finish
