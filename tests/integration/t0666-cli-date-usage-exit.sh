#!/usr/bin/env bash
# A malformed date or timestamp on the command line is a usage error (exit 2,
# README and docs/operations.md: 1 is input refused), with the message of the
# shared parsers (cli_parse_date, cli_parse_timestamp, src/cli/main.c:
# "OPTION: <why> (see 'recoup COMMAND --help')"). dispute open --deadline and
# --at, dispute resolve --at, credit hold|release|set --at and credit set
# --application-signed and --references-checked had kept a message of their
# own and exit 1. Each exits 2 now, says so, and changes nothing: the
# database's dump and what dispute list and credit check print are as before.
# The options that already went through a parser of their own with exit 2
# (--at of promise, contact, customer flag, legal, agency, approval;
# --now of run, queue, send, account; --until; generate --as-of) say the same.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

export USER=alice
run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-09-01,2026-10-01,BRL,500.00
W1,WAW,2026-09-01,2026-10-01,PLN,100.00
CSV
recoup dispute open ACME --invoice A1 --reason damaged --at 2026-10-05T10:00:00Z >/dev/null
recoup credit set WAW --application-signed 2026-01-10 --by boss >/dev/null

# what a person sees, besides the dump
views() {
	recoup dispute list --format json | python3 -c 'import json,sys
for d in json.load(sys.stdin): print(d["id"], d["state"], d["invoice_ref"], d["deadline"], d["opened_at"])'
	recoup credit check WAW --amount 1.00 --as-of 2026-10-10 --format json | python3 -c 'import json,sys
a = json.load(sys.stdin); print(a["decision"], sorted(r["code"] for r in a["reasons"]))'
}
views >"$TMP/views.before"
db_snapshot


# ---- the options that exited 1 with their own message ----
expect_usage "--deadline: '2026-02-30' is not a date (no such day)" \
	dispute open WAW --invoice W1 --reason damaged --deadline 2026-02-30
expect_usage "--deadline: '31/12/2026' is not a date in the form YYYY-MM-DD" \
	dispute open WAW --invoice W1 --reason damaged --deadline 31/12/2026
expect_usage "--at: 'yesterday' is not an ISO 8601 timestamp" dispute open WAW --invoice W1 --reason damaged --at yesterday
expect_usage "--at: timestamp '2026-10-06 10:00' has no time zone" \
	dispute open WAW --invoice W1 --reason damaged --at '2026-10-06 10:00'
# a good deadline beside a bad --at is not written either
expect_usage "--at: " dispute open WAW --invoice W1 --reason damaged --deadline 2026-12-01 --at 2026-10-06T25:00:00Z
expect_usage "--at: 'soon' is not an ISO 8601 timestamp" dispute resolve 1 --outcome rejected --at soon
expect_usage "--application-signed: '2026-13-01' is not a date" credit set WAW --application-signed 2026-13-01
expect_usage "--references-checked: 'today' is not a date in the form YYYY-MM-DD" credit set WAW --references-checked today
expect_usage "--references-checked: '2026-04-31' is not a date (no such day)" \
	credit set WAW --application-signed none --references-checked 2026-04-31
expect_usage "--at: 'now' is not an ISO 8601 timestamp" credit set WAW --references-checked 2026-01-12 --at now
expect_usage "--at: timestamp '2026-10-06T10:00' has no time zone" credit hold WAW --reason stop --at 2026-10-06T10:00
expect_usage "--at: 'x' is not an ISO 8601 timestamp" credit release WAW --at x

# ---- the options that already exited 2: the same through the shared parser ----
expect_usage "--at: 'x' is not an ISO 8601 timestamp" promise add ACME --amount 10.00 --date 2026-12-01 --at x
expect_usage "--at: 'x' is not an ISO 8601 timestamp" contact log ACME --channel call --outcome no_answer --at x
expect_usage "--callback-at: 'x' is not an ISO 8601 timestamp" \
	contact log ACME --channel call --outcome no_answer --callback-at x
expect_usage "--at: 'x' is not an ISO 8601 timestamp" customer flag ACME do_not_call --at x
expect_usage "--at: 'x' is not an ISO 8601 timestamp" legal mark ACME --state filed --at x
expect_usage "--at: 'x' is not an ISO 8601 timestamp" agency recall ACME --at x
expect_usage "--at: 'x' is not an ISO 8601 timestamp" approval approve 1 --at x
expect_usage "--now: 'x' is not an ISO 8601 timestamp" run --now x
expect_usage "--now: 'x' is not an ISO 8601 timestamp" queue --now x
expect_usage "--now: 'x' is not an ISO 8601 timestamp" send --now x
expect_usage "--until: 'x' is not an ISO 8601 timestamp" send --until x
expect_usage "--now: 'x' is not an ISO 8601 timestamp" account show ACME --now x
run recoup generate --customers 10 --out "$TMP/gen" --as-of 2026-02-30
expect_eq "generate --as-of 2026-02-30: exit 2" 2 "$status"
expect_stderr_contains "--as-of: '2026-02-30' is not a date (no such day) (see 'recoup generate --help')"

views >"$TMP/views.after"
expect_same_file "dispute list and credit check print what they printed before" \
	"$TMP/views.before" "$TMP/views.after"

# the same commands with good dates still work (and change what they should)
expect_exit 0 recoup dispute open WAW --invoice W1 --reason damaged --deadline 2026-12-01 --at 2026-10-06T10:00:00Z
expect_exit 0 recoup dispute resolve 1 --outcome rejected --at 2026-10-07T10:00:00Z
expect_exit 0 recoup credit set WAW --references-checked 2026-01-12 --at 2026-10-06T11:00:00Z
expect_exit 0 recoup credit hold WAW --reason stop --at 2026-10-06T12:00:00Z
expect_exit 0 recoup credit release WAW --at 2026-10-06T13:00:00Z
recoup dispute list --format json | python3 -c 'import json,sys
for d in json.load(sys.stdin): print(d["id"], d["state"], d["invoice_ref"], d["deadline"])' >"$TMP/disputes"
expect_eq "the disputes as written with good dates" "1 rejected A1 None
2 open W1 2026-12-01" "$(cat "$TMP/disputes")"
finish
