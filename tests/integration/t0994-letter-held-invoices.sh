#!/usr/bin/env bash
# recoup letter REF (a letter of no action) listed every open invoice of
# the customer, disputed ones included, where the emails and the day's
# letters leave out what a current hold covers (the contact rules'
# `dispute_partial`: a disputed debt is not demanded). Now it lists the
# same: not an invoice in dispute, promised, under a plan or a settlement,
# nor any invoice of an account held whole (placed with an agency); it
# says how many it left out, and makes no letter (exit 1, naming the hold)
# when every open invoice is held. A letter --as-of a day before the hold
# was recorded lists the invoice, as the book was known then.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

recoup init >/dev/null
recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
H1,Hold GmbH,company,DE,Europe/Berlin,en,EUR,,ap@h1.example,,"Hauptstr. 1
10115 Berlin",
H2,Placed GmbH,company,DE,Europe/Berlin,en,EUR,,ap@h2.example,,"Hauptstr. 2
10115 Berlin",
H3,Paid GmbH,company,DE,Europe/Berlin,en,EUR,,ap@h3.example,,"Hauptstr. 3
10115 Berlin",
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
HA,H1,2026-09-01,2026-10-01,EUR,100.00
HB,H1,2026-09-02,2026-10-02,EUR,200.00
HC,H1,2026-09-03,2026-10-03,EUR,400.00
PA,H2,2026-09-01,2026-10-01,EUR,150.00
QA,H3,2026-09-01,2026-10-01,EUR,50.00
QB,H3,2026-09-02,2026-10-02,EUR,60.00
CSV
)" >/dev/null
recoup user add cy --role collector >/dev/null

# letter REF [--as-of DATE]: the invoice refs the letter lists and its total line. On the
# machine's clock (the holds are open-ended: no run reviews the plan here): libfaketime and the
# PDF's font threads abort the sanitized binary at its exit ("The futex facility returned an
# unexpected error code").
letter() {
	local out="$TMP/letter-$RANDOM.pdf"
	run recoup letter "$@" --out "$out"
	[[ -f $out ]] || return 0
	{ pdftotext -layout "$out" - 2>/dev/null || true; } | tr -s ' ' >"$TMP/letter.txt"
	listed=$(grep -oE '\b(HA|HB|HC|PA)\b' "$TMP/letter.txt" | sort -u | tr '\n' ' ' | sed 's/ $//')
	total=$(grep -oE 'Total due [^ ]+' "$TMP/letter.txt" | head -1)
}

letter H1
expect_eq "nothing held: exit 0" 0 "$status"
expect_eq "every open invoice listed" "HA HB HC" "$listed"
expect_eq "the total of the three" "Total due €700.00" "$total"
expect_eq "and nothing said about invoices left out" "" "$(grep -F 'left out' "$TMP/out" || true)"

recoup dispute open H1 --invoice HB --reason damaged --at 2026-11-20T09:00:00Z --by cy >/dev/null
letter H1
expect_eq "a disputed invoice: exit 0" 0 "$status"
expect_eq "the disputed HB is not listed" "HA HC" "$listed"
expect_eq "nor counted in the total" "Total due €500.00" "$total"
expect_stdout_contains "1 open invoice left out: held"

recoup plan add H1 --invoice HC --instalment 2027-11-15:10.00 --instalment 2036-03-15:390.00 --at 2026-11-20T09:10:00Z --by cy >/dev/null
letter H1
expect_eq "and an invoice under a plan: exit 0" 0 "$status"
expect_eq "HA alone is asked for" "HA" "$listed"
expect_eq "its balance is the total" "Total due €100.00" "$total"
expect_stdout_contains "2 open invoices left out: held"

letter H1 --as-of 2026-11-19
expect_eq "a letter as of the day before the holds: exit 0" 0 "$status"
expect_eq "lists every invoice, as the book was known then" "HA HB HC" "$listed"

recoup dispute open H1 --invoice HA --reason not_received --at 2026-11-20T09:20:00Z --by cy >/dev/null
db_snapshot
letter H1
expect_eq "every open invoice held: exit 1" 1 "$status"
expect_stderr_contains "customer 'H1': every open invoice in EUR is held (dispute) as of $(date -u +%F): no letter asks for it"
expect_db_unchanged "the refusal changes nothing"

recoup agency place H2 --agency Acme --at 2026-11-20T09:00:00Z --by cy >/dev/null
letter H2
expect_eq "an account placed with an agency: exit 1" 1 "$status"
expect_stderr_contains "customer 'H2': every open invoice in EUR is held (placed, the whole account)"
letter H2 --as-of 2026-11-19
expect_eq "the day before its placement it had its letter" "PA" "$listed"

# QA disputed, then paid (its dispute still open); QB under a plan: the refusal names the plan,
# the hold that kept QB off, not the first hold of the customer
recoup dispute open H3 --invoice QA --reason damaged --at 2026-11-20T09:00:00Z --by cy >/dev/null
recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency
QP,H3,QA,2026-11-20,50.00,EUR
CSV
)" >/dev/null
recoup plan add H3 --invoice QB --instalment 2027-11-15:10.00 --instalment 2036-03-15:50.00 \
	--at 2026-11-20T09:10:00Z --by cy >/dev/null
letter H3
expect_eq "every open invoice of H3 held: exit 1" 1 "$status"
expect_stderr_contains "customer 'H3': every open invoice in EUR is held (plan) as of"
finish
