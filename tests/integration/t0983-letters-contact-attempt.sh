#!/usr/bin/env bash
# A letter printed by `recoup send --letters-to DIR` recorded no contact
# attempt, where a sent email records one (channel email, outcome sent):
# the contact history, `report contacts` and the frequency caps did not see
# letters. Now each letter printed is one attempt (channel letter, outcome
# sent, the contact it greets, about the invoices it lists), in the
# transaction that marks its actions done: one per letter however many
# actions it stands for, none for a letter cancelled or skipped. The
# presets' caps count calls, texts, emails and visits, not letters
# (docs/compliance.md): a letter uses up no call cap; a tenant's cap that
# names letters counts it.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

# a tenant profile that adds a cap of one letter a week to b2b's
recoup init >/dev/null
recoup rules show b2b --format json >"$TMP/b2b.json"
python3 - "$TMP/b2b.json" "$TMP/letters.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
caps = p["caps"] + [{"code": "cap_letters_7d", "channels": ["letter"], "count": 1, "period": "7d",
                     "per_person": True, "per_debt": False, "after_conversation": False, "consent_lifts": False}]
json.dump({"name": "b2b-letters", "extends": "b2b", "caps": caps}, open(sys.argv[2], "w"))
PY
recoup rules set b2b-letters "$TMP/letters.json" >/dev/null
# companies in Warsaw without email: their due-date emails go as letters. L1 on that
# profile; L3's address is blanks only.
recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
L1,Jeden sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN,,,+48 22 555 0101,"ul. A 1, Warszawa",b2b-letters
L2,Dwa sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN,,,+48 22 555 0102,"ul. A 2, Warszawa",
L3,Trzy sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN,,,+48 22 555 0103,"   ",
L4,Cztery sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN,,,+48 22 555 0104,"ul. A 4, Warszawa",
CSV
)" >/dev/null
# L1 owes two invoices, due on different days: two letter actions, one letter
recoup import invoices "$(csv_file invoices1.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I1A,L1,2026-10-01,2026-11-18,PLN,100.00
CSV
)" >/dev/null
daily_run 2026-11-18
recoup import invoices "$(csv_file invoices2.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I1B,L1,2026-10-01,2026-11-20,PLN,200.00
I2,L2,2026-10-01,2026-11-20,PLN,100.00
I3,L3,2026-10-01,2026-11-20,PLN,100.00
I4,L4,2026-10-01,2026-11-20,PLN,100.00
CSV
)" >/dev/null
daily_run 2026-11-20
actions_json --kind letter
expect_eq "two letter actions for L1, one for each of the others" "L1:I1A L1:I1B L2:I2 L3:I3 L4:I4" \
	"$(jq_actions '" ".join(sorted("%s:%s" % (x["customer_ref"], ",".join(x["invoice_refs"])) for x in a if x["state"] == "scheduled"))')"
# L2 pays after the run: its letter is cancelled when printed
recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency
P2,L2,I2,2026-11-20,100.00,PLN
CSV
)" >/dev/null

# before: on the letter cap's profile, a letter may go
run recoup rules check --contact L1 --channel letter --at 2026-11-23T09:00:00Z --format json
expect_eq "before the letters are printed, L1 may get a letter" "true" \
	"$(python3 -c 'import json,sys; print(str(json.load(open(sys.argv[1]))["allowed"]).lower())' "$TMP/out")"

mkdir "$TMP/print"
run recoup send --letters-to "$TMP/print" --now 2026-11-20T10:00:00Z
expect_eq "the day's letters are printed" 0 "$status"
expect_stdout_contains "2 letters (2 pages) for 3 actions in $TMP/print/letters-2026-11-20.pdf; 1 actions cancelled"
expect_stdout_contains "1 actions skipped (above, with why): left scheduled for a person"

# the attempts: one per letter printed
attempts() {
	sql_join ' ' "SELECT c.ref || ':' || a.channel || ':' || a.outcome || ':' || k.ref
		FROM contact_attempt a JOIN customer c ON c.id = a.customer_id JOIN contact k ON k.id = a.contact_id
		ORDER BY c.ref"
}
expect_eq "one attempt per letter printed (L1's stands for two actions), none for L2 (paid) or L3 (no address)" \
	"L1:letter:sent:L1 L4:letter:sent:L4" "$(attempts)"
recoup contact history --customer L1 --format json >"$TMP/history.json"
expect_eq "L1's history: a letter sent at the printing, about both invoices it lists" \
	"2026-11-20T10:00:00Z:letter:sent:outbound:I1A,I1B" \
	"$(python3 -c 'import json,sys
h = json.load(open(sys.argv[1]))["attempts"]
print(" ".join("%s:%s:%s:%s:%s" % (a["at"], a["channel"], a["outcome"], a["direction"], ",".join(sorted(a["invoice_refs"]))) for a in h))' "$TMP/history.json")"
run recoup report contacts --from 2026-11-20 --to 2026-11-20 --format json
expect_eq "report contacts counts the two letters" "letter:2" \
	"$(python3 -c 'import json,sys
r = json.load(open(sys.argv[1]))
print(" ".join("%s:%d" % (c["channel"], c["attempts"]) for c in r["channels"]))' "$TMP/out")"

# the caps: L1's tenant cap counts the letter; no preset cap counts letters
verdict() {
	run recoup rules check --contact "$1" --channel "$2" --at "$3" --format json
	python3 -c 'import json,sys
v = json.load(open(sys.argv[1]))
print("%s:%s" % (str(v["allowed"]).lower(), ",".join(r["code"] for r in v["reasons"])))' "$TMP/out"
}
expect_eq "a second letter to L1 within the week is held back by its letter cap" "false:cap_letters_7d" \
	"$(verdict L1 letter 2026-11-23T09:00:00Z)"
expect_eq "a week after the letter it may go again" "true:" "$(verdict L1 letter 2026-11-27T10:00:01Z)"
expect_eq "the letter uses up no call cap of L1's" "true:" "$(verdict L1 call 2026-11-23T09:00:00Z)"
expect_eq "nor any cap of b2b, which counts no letter (L4)" "true:" "$(verdict L4 letter 2026-11-23T09:00:00Z)"
finish
