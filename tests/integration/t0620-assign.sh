#!/usr/bin/env bash
# recoup assign (issue 9 point 6): every overdue account gets a collector,
# by segment (a collector's team names the strategy whose accounts it
# works), balanced by load for capacity; an account keeps its collector
# while it is worked, is released when paid, and moves when its collector
# is disabled; --dry-run writes nothing.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

export USER=boss
recoup import customers "$DATA/queue/customers.csv" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I1,C1,2026-02-01,2026-03-01,USD,100.00
I2,C2,2026-02-01,2026-03-01,USD,200.00
I3,C3,2026-02-01,2026-03-01,USD,300.00
I4,C4,2026-02-01,2026-03-01,USD,400.00
I5,C5,2026-02-01,2026-03-01,USD,500.00
I6,C6,2026-02-01,2026-03-01,USD,600.00
I7,C7,2026-02-01,2026-03-20,USD,700.00
J1,P1,2026-02-01,2026-03-01,USD,80.00
J2,P2,2026-02-01,2026-03-01,USD,90.00
CSV
)" >/dev/null
daily_run 2026-03-10 # the strategies the run chooses: b2b-gentle for C*, consumer-us for the US persons P*
recoup user add ann --role collector --capacity 40 >/dev/null
recoup user add bob --role collector --capacity 20 >/dev/null
recoup user add cy --role collector --capacity 10 --team consumer-us >/dev/null
recoup user add max --role manager >/dev/null

who() { # the assignments as REF:collector, by ref
	sql_join " " "SELECT c.ref || ':' || u.name FROM assignment a
	  JOIN customer c ON c.tenant_id = a.tenant_id AND c.id = a.customer_id
	  JOIN app_user u ON u.tenant_id = a.tenant_id AND u.id = a.user_id ORDER BY c.ref"
}
summary() { # EXPR over the last assign's JSON (o); c(NAME) is a collector's row
	python3 -c 'import json,sys
o = json.load(open(sys.argv[1]))
def c(n): return [x for x in o["collectors"] if x["collector"] == n][0]
print(eval(sys.argv[2]))' "$TMP/out" "$1"
}

# --- a dry run: the figures, nothing written ---
db_snapshot
run recoup assign --as-of 2026-03-10 --dry-run --format json
expect_eq "dry run exits 0" 0 "$status"
expect_eq "dry run: 8 overdue (C7 is not due yet), 8 would be added" "8 8 True" \
	"$(summary 'o["overdue"], o["added"], o["dry_run"]' | tr -d '(),')"
expect_db_unchanged "a dry run writes nothing"

# --- the first assign: teams by strategy, the rest balanced by capacity ---
run recoup assign --as-of 2026-03-10 --format json
expect_eq "assign exits 0" 0 "$status"
expect_eq "the consumer strategy's accounts go to its team; the companies 4:2 by capacity 40:20" \
	"C1:ann C2:bob C3:ann C4:ann C5:bob C6:ann P1:cy P2:cy" "$(who)"
expect_eq "per collector: added" "4 2 2" "$(summary 'c("ann")["added"], c("bob")["added"], c("cy")["added"]' | tr -d '(),')"
expect_eq "the manager works no account" "False" "$(summary 'any(x["collector"] == "max" for x in o["collectors"])')"
expect_eq "reasons: team for the team, pool for the rest" "pool team" \
	"$(sql_join " " "SELECT DISTINCT reason FROM assignment ORDER BY reason")"

# --- again: every account kept while it is worked ---
run recoup assign --as-of 2026-03-10 --format json
expect_eq "a second assign keeps all 8, adds none" "8 0 0" "$(summary 'o["kept"], o["added"], o["released"]' | tr -d '(),')"
expect_eq "the same collectors" "C1:ann C2:bob C3:ann C4:ann C5:bob C6:ann P1:cy P2:cy" "$(who)"

# --- paid: released; C7 now overdue: added ---
recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,status
PAY1,C1,I1,2026-03-11,100.00,USD,cleared
CSV
)" >/dev/null
run recoup assign --as-of 2026-03-21 --format json
expect_eq "C1 paid: released from ann; C7 due since the 20th: added" "1 1 7" \
	"$(summary 'o["released"], o["added"], o["kept"]' | tr -d '(),')"
expect_eq "ann released 1; C7 goes to the least loaded for its capacity (ann 3/40 < bob 2/20)" \
	"C2:bob C3:ann C4:ann C5:bob C6:ann C7:ann P1:cy P2:cy" "$(who)"

# --- a collector disabled: its accounts move, the others stay ---
recoup user disable bob >/dev/null
run recoup assign --as-of 2026-03-21 --format json
expect_eq "bob's 2 released and reassigned to ann, the rest kept" "2 2 6 0" \
	"$(summary 'c("bob")["released"], c("ann")["added"], o["kept"], c("bob")["accounts"]' | tr -d '(),')"
expect_eq "who works what" "C2:ann C3:ann C4:ann C5:ann C6:ann C7:ann P1:cy P2:cy" "$(who)"
expect_eq "moved ones say so" "C2:reassigned C5:reassigned" \
	"$(sql_join " " "SELECT c.ref || ':' || a.reason FROM assignment a JOIN customer c ON c.tenant_id = a.tenant_id
	   AND c.id = a.customer_id WHERE a.reason = 'reassigned' ORDER BY c.ref")"

# --- no collector for the team any more: the pool takes its accounts ---
recoup user disable cy >/dev/null
run recoup assign --as-of 2026-03-21
expect_eq "table output exits 0" 0 "$status"
expect_stdout_contains "kept 6, added 2, released 2, unassigned 0"
expect_eq "the persons go to the pool" "P1:ann P2:ann" \
	"$(sql_join " " "SELECT c.ref || ':' || u.name FROM assignment a JOIN customer c ON c.tenant_id = a.tenant_id
	   AND c.id = a.customer_id JOIN app_user u ON u.tenant_id = a.tenant_id AND u.id = a.user_id
	   WHERE c.ref LIKE 'P%' ORDER BY c.ref")"

# --- no collector at all: counted, the accounts released ---
recoup user disable ann >/dev/null
run recoup assign --as-of 2026-03-21 --format json
expect_eq "nobody works: all 8 unassigned" "8 0" "$(summary 'o["unassigned"], o["added"]' | tr -d '(),')"
expect_eq "no assignment left" "" "$(who)"

# --- usage ---
expect_exit 2 recoup assign --as-of 2026-02-30
expect_exit 2 recoup assign --format csv
expect_exit 2 recoup assign extra
finish
