#!/usr/bin/env bash
# The call script asks for what may be asked for: an invoice under a
# dispute is not asked for until the dispute is resolved (FDCPA 1692g(b)),
# an invoice under a payment plan is being paid as agreed. `account show`
# said "Invoice I2 is disputed: do not ask for it" and then offered "A
# promise to pay 170.00 USD" (I2 included) and "Part now: the oldest
# invoice I2 first". Now the promise and the part-payment lines count the
# invoices no dispute, plan or other agreement holds (a promise may be
# renegotiated), and a line says how much is left out. Found by a
# compliance probe, thirty-second session.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

export USER=probe
recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,email,phone,address,region
US2,Jane Roe,person,US,America/New_York,en,USD,k@x.example,+1 212 555 0102,1 Main St,NY
US3,Jim Poe,person,US,America/New_York,en,USD,m@x.example,+1 212 555 0103,2 Main St,NY
US4,Ann Coe,person,US,America/New_York,en,USD,n@x.example,+1 212 555 0104,3 Main St,NY
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I2,US2,2026-10-01,2026-11-20,USD,100.00
I2B,US2,2026-10-01,2026-11-29,USD,70.00
I2C,US2,2026-10-01,2026-11-30,USD,30.00
I3,US3,2026-10-01,2026-11-20,USD,100.00
I3B,US3,2026-10-01,2026-11-29,USD,70.00
I4,US4,2026-10-01,2026-11-20,USD,100.00
I4B,US4,2026-10-01,2026-11-29,USD,70.00
CSV
)" >/dev/null
recoup dispute open US2 --invoice I2 --reason damaged --at 2026-12-01T09:00:00Z >/dev/null
recoup plan add US3 --invoice I3 --every month --count 2 --first 2026-12-15 --at 2026-12-01T09:00:00Z >/dev/null

# options REF: the script's options, one per line
options() {
	recoup account show "$1" --now 2026-12-02T14:00:00Z --format json >"$TMP/view.json"
	python3 -c 'import json,sys; v = json.load(open(sys.argv[1])); print("\n".join(v["script"]["options"]))' "$TMP/view.json"
}
o=$(options US2)
expect_eq "a disputed invoice: the promise asked for is the rest" True \
	"$([[ $o == *"A promise to pay 100.00 USD by a date"* ]] && echo True || echo False)"
expect_eq "part now: the oldest invoice not disputed" True \
	"$([[ $o == *"Part now: the oldest invoice I2B (70.00 USD) first."* ]] && echo True || echo False)"
expect_eq "and what is left out, said" True \
	"$([[ $o == *"100.00 USD of it (1 invoice) is disputed or under an agreement: not asked for on this call."* ]] && echo True || echo False)"
o=$(options US3)
expect_eq "an invoice under a plan: not asked for either" True \
	"$([[ $o == *"A promise to pay 70.00 USD by a date"* && $o != *"Part now"* ]] && echo True || echo False)"
o=$(options US4)
expect_eq "nothing held: the whole overdue sum, and the oldest first" True \
	"$([[ $o == *"A promise to pay 170.00 USD by a date"* && $o == *"Part now: the oldest invoice I4 (100.00 USD) first."* && $o != *"not asked for"* ]] && echo True || echo False)"
finish
