#!/usr/bin/env bash
# A deceased debtor (issue 10 point 7): the flag stops the strategy at once
# (a hold of kind special on every account: what waited is cancelled, no
# new step), moves the account to the special-handling list, and only the
# estate's representative may be called; clearing the flag ends it all.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
N1,ANA,2026-10-01,2026-11-10,BRL,300.00
N2,ANA,2026-10-01,2026-11-20,BRL,100.00
W1,WAW,2026-10-01,2026-11-10,PLN,100.00
CSV
recoup import contacts "$(csv_file contacts.csv <<'CSV'
contact_ref,customer_ref,name,role,phone,email,timezone,pays_bills,best_time,notes
ANA-EST,ANA,Carlos Souza,estate,+55 11 5555 0303,carlos@example.com,,false,,
CSV
)" >/dev/null

daily_run 2026-11-17
actions_json --customer ANA --state scheduled
expect_eq "before: ANA has a reminder and a call waiting" "call sms" \
	"$(jq_actions '" ".join(sorted(x["kind"] for x in a))')"

run recoup customer flag ANA deceased --at 2026-11-17T12:00:00Z --by carol --reason "death certificate"
expect_eq "flag exits 0" 0 "$status"
run recoup special list --format json
expect_eq "the account is on the special-handling list" "ANA deceased 2026-11-17T12:00:00Z" \
	"$(python3 -c 'import json,sys; print(" ".join(" ".join([x["customer_ref"], x["flag"], x["since"]]) for x in json.load(open(sys.argv[1]))))' "$TMP/out")"
expect_eq "a hold of kind special on every account of the customer (no invoice, every currency)" "special|1|" \
	"$(sql "SELECT h.kind, CASE WHEN h.invoice_id IS NULL THEN 1 ELSE 0 END, h.currency FROM account_hold h JOIN customer c ON c.tenant_id = h.tenant_id AND c.id = h.customer_id WHERE c.ref = 'ANA'")"

daily_run 2026-11-18
actions_json --customer ANA
expect_eq "what waited is cancelled by the next run" "cancelled cancelled" \
	"$(jq_actions '" ".join(x["state"] for x in a if x["run_date"] == "2026-11-17" and x["contact_ref"])')"
daily_run 2026-11-20
daily_run 2026-11-25
actions_json --customer ANA
expect_eq "no new step for ANA while in special handling" "" \
	"$(jq_actions '" ".join(x["step"] for x in a if x["run_date"] > "2026-11-17")')"
actions_json --customer WAW
expect_eq "other customers go on" True "$(jq_actions 'any(x["run_date"] > "2026-11-17" for x in a)')"

run recoup rules check --contact ANA-EST --channel call --at 2026-11-25T14:00:00Z
expect_stdout_contains "call at 2026-11-25T14:00:00Z: allowed"
run recoup rules check --contact ANA --channel call --at 2026-11-25T14:00:00Z
expect_stdout_contains "call at 2026-11-25T14:00:00Z: refused"
expect_stdout_contains "customer 'ANA' is deceased: only the estate's representative may be contacted"
run recoup check
expect_eq "recoup check passes while special" 0 "$status"

recoup customer unflag ANA deceased --at 2026-11-26T09:00:00Z --by carol --reason "entered in error" >/dev/null
run recoup special list --format json
expect_eq "cleared: off the list" "[]" "$(tr -d ' \n' <"$TMP/out")"
daily_run 2026-11-27
actions_json --customer ANA
expect_eq "cleared: the strategy resumes, one step per invoice (the one due)" "N1 N2" \
	"$(jq_actions '" ".join(sorted(r for x in a if x["run_date"] == "2026-11-27" and x["state"] == "scheduled" for r in x["invoice_refs"]))')"
expect_eq "audit: special start and end, about the customer by its ref, by the person who cleared it" \
	"special.end:ANA:carol special.start:ANA" \
	"$(sql "SELECT action || ':' || ref || CASE WHEN action = 'special.end' THEN ':' || actor ELSE '' END FROM audit_log WHERE action LIKE 'special.%' ORDER BY action" | tr '\n' ' ' | sed 's/ $//')"

# the same flag loaded from another system's history (import flags) stops the strategy too;
# one already cleared in that history does not
recoup import flags "$(csv_file flags.csv <<'CSV'
flag_ref,customer_ref,flag,contact_ref,invoice_ref,address,detail,set_by,set_at,reason,cleared_at,cleared_by,cleared_reason
F1,WAW,bankrupt,,,,,,2026-11-27T10:00:00Z,court notice,,,
F2,ANA,deceased,,,,,,2026-11-01T10:00:00Z,old error,2026-11-02T10:00:00Z,carol,entered in error
CSV
)" --by importer >/dev/null
run recoup special list --format json
expect_eq "imported: WAW on the special-handling list, ANA not" "WAW bankrupt" \
	"$(python3 -c 'import json,sys; print(" ".join(x["customer_ref"] + " " + x["flag"] for x in json.load(open(sys.argv[1]))))' "$TMP/out")"
daily_run 2026-12-01
actions_json --customer WAW
expect_eq "no new step for WAW after the imported bankruptcy" "0" \
	"$(jq_actions 'len([x for x in a if x["run_date"] == "2026-12-01" and x["state"] in ("scheduled", "done")])')"

run recoup check
expect_eq "recoup check passes at the end" 0 "$status"
finish
