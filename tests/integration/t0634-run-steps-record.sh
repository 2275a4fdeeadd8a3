#!/usr/bin/env bash
# Each invoice's record of its steps (invoice.run_steps, SQLite migration
# 0033, PostgreSQL 0030), which the daily run reads instead of looking up
# action_invoice per invoice, holds exactly the steps action_invoice holds
# for it, after runs that record steps due, superseded ones (days missed),
# fees, and a rerun of the same day that records nothing new.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

AS_OF=2026-09-30
recoup generate --customers 1500 --seed 34 --as-of "$AS_OF" --out "$TMP/gen" >/dev/null
for kind in customers contacts invoices payments; do
	recoup import "$kind" "$TMP/gen/$kind.csv" >/dev/null
done

# the invoices whose record differs from action_invoice: as many entries, and each row among them
mismatched() {
	sql "SELECT count(*) FROM invoice i WHERE length(i.run_steps) - length(replace(i.run_steps, ';', '')) <>
	       (SELECT count(*) FROM action_invoice ai WHERE ai.tenant_id = i.tenant_id AND ai.invoice_id = i.id)"
	sql "SELECT count(*) FROM action_invoice ai JOIN invoice i ON i.tenant_id = ai.tenant_id AND i.id = ai.invoice_id
	      WHERE ';' || i.run_steps NOT LIKE '%;' || ai.strategy || ' ' || ai.step || ' ' || ai.action_id || ';%'"
}

daily_run "$AS_OF"
n1=$(sql "SELECT count(*) FROM action_invoice")
expect_eq "the first run recorded steps" True "$([[ $n1 -gt 100 ]] && echo True || echo False)"
expect_eq "after the first run each invoice's record is action_invoice's" "0
0" "$(mismatched)"

daily_run 2026-10-01
daily_run 2026-10-01
n2=$(sql "SELECT count(*) FROM action_invoice")
expect_eq "the next day recorded more steps" True "$([[ $n2 -gt $n1 ]] && echo True || echo False)"
expect_eq "after the next day and its rerun, the same" "0
0" "$(mismatched)"

# ten days missed: the latest step due done, the earlier ones superseded
daily_run 2026-10-12
expect_eq "some steps were superseded" True "$(jq_out 'o["superseded"] > 0')"
expect_eq "after days missed, the same" "0
0" "$(mismatched)"
n3=$(sql "SELECT count(*) FROM action_invoice")
daily_run 2026-10-12
expect_eq "a rerun records no step again" "$n3" "$(sql "SELECT count(*) FROM action_invoice")"
finish
