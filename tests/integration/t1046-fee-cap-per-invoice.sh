#!/usr/bin/env bash
# A profile's fee cap (charges.fee_max_bp: br-consumer's 2% fine, CDC art.
# 52 s1) is one for all the fees of an invoice, not one for each fee step:
# a strategy with two 2% fee steps charged a Brazilian consumer 40.00 on
# 1000.00, the second step marked charge_limit and posted in full. Now a
# step posts what the earlier fees left of the cap, and nothing once they
# reach it (refused, charge_limit, the step recorded). Both backends.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

recoup init >/dev/null
printf 'customer_ref,name,kind,country,currency,timezone\nB1,Joao,person,BR,BRL,America/Sao_Paulo\n' >"$TMP/c.csv"
printf 'invoice_ref,customer_ref,issue_date,due_date,currency,amount\nBI1,B1,2026-08-01,2026-09-01,BRL,1000.00\n' >"$TMP/i.csv"
cat >"$TMP/s.json" <<'J'
{"name":"three-fines","priority":100,"segment":{},"steps":[
 {"name":"fine-1","offset_days":1,"action":"fee","fee":{"percent":"1.5"}},
 {"name":"fine-2","offset_days":2,"action":"fee","fee":{"percent":"2"}},
 {"name":"fine-3","offset_days":3,"action":"fee","fee":{"amount":"10.00"}}]}
J
recoup import customers "$TMP/c.csv" >/dev/null
recoup import invoices "$TMP/i.csv" >/dev/null
recoup strategy set three-fines "$TMP/s.json" >/dev/null
for d in 02 03 04; do
	expect_exit 0 recoup run --as-of 2026-09-$d --now 2026-09-${d}T12:00:00Z
done

run recoup actions --kind fee --format json
expect_eq "actions exits 0" 0 "$status"
got=$(python3 -c 'import json,sys; print(" ".join("%s:%s:%s:%s" % (a["step"], a["state"], a["amount"], a["reason_code"] or "") for a in json.load(open(sys.argv[1]))))' "$TMP/out")
expect_eq "the first fee in full, the second what the cap leaves, the third nothing" \
	"fine-1:done:15.00: fine-2:done:5.00:charge_limit fine-3:refused:0.00:charge_limit" "$got"
reason=$(python3 -c 'import json,sys; print([a["reason"] for a in json.load(open(sys.argv[1])) if a["step"] == "fine-3"][0])' "$TMP/out")
expect_eq "the refusal says the cap is for all the invoice's fees" \
	"profile 'br-consumer' allows fees of at most 2.00% of an invoice's amount in all (charges.fee_max_bp 200), already charged: nothing posted, the step is recorded" \
	"$reason"
run recoup export invoices
expect_stdout_contains "BI1,B1,"
bal=$(python3 -c 'import csv,sys; print([r["balance"] for r in csv.DictReader(open(sys.argv[1])) if r["invoice_ref"] == "BI1"][0])' "$TMP/out")
expect_eq "the invoice carries 2% of its amount in fees, no more" "1020.00" "$bal"
finish
