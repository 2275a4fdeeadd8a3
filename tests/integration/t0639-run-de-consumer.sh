#!/usr/bin/env bash
# A person in Germany gets the de-consumer preset (Mon-Sat 08:00-20:00 in
# Berlin, never on a Sunday or a German public holiday), whatever the
# tenant's default: before it, every German consumer of a book was refused
# by the daily run with cannot_judge ("no contact-rules profile applies"),
# about one in ten customers of a generated book. A person in a country no
# preset covers (Italy; France has fr-consumer since t0936) is still
# refused with cannot_judge, and listed, until the tenant names a default.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,email,phone,address
BER,Anna Schmidt,person,DE,Europe/Berlin,de,EUR,anna@schmidt.example,+49 30 5550100,"Torstr. 1, 10119 Berlin"
ROM,Giulia Rossi,person,IT,Europe/Rome,it,EUR,giulia@rossi.example,+39 06 5550 0100,"Via del Corso 1, 00186 Roma"
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
B1,BER,2026-11-18,2026-12-18,EUR,120.00
R1,ROM,2026-11-18,2026-12-18,EUR,120.00
CSV
)" >/dev/null

# check CONTACT CHANNEL AT: `rules check --format json` into $TMP/out
check() {
	run recoup rules check --contact "$1" --channel "$2" --at "$3" --format json
}
field() {
	python3 -c 'import json,sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    v = v[int(k)] if isinstance(v, list) else v[k]
print(str(v).lower() if isinstance(v, bool) else v)' "$TMP/out" "$1"
}

check BER call 2026-11-28T10:00:00Z
expect_eq "a German consumer gets de-consumer" de-consumer "$(field profile)"
expect_eq "Saturday 11:00 in Berlin: allowed" true "$(field allowed)"
check BER call 2026-11-29T10:00:00Z
expect_eq "Sunday 11:00 in Berlin: refused" false "$(field allowed)"
check BER sms 2026-11-30T06:30:00Z
expect_eq "Monday 07:30 in Berlin: refused" false "$(field allowed)"
check BER call 2026-11-30T18:30:00Z
expect_eq "Monday 19:30 in Berlin: allowed" true "$(field allowed)"
check BER call 2026-11-30T19:30:00Z
expect_eq "Monday 20:30 in Berlin: refused" false "$(field allowed)"
check BER call 2026-12-25T10:00:00Z
expect_eq "Christmas Day (a Friday): refused" false "$(field allowed)"
check BER letter 2026-12-25T10:00:00Z
expect_eq "a letter may be posted on Christmas Day" true "$(field allowed)"
check ROM call 2026-11-30T10:00:00Z
expect_eq "a person in Italy: no profile applies" 1 "$status"
expect_stderr_contains "no contact-rules profile applies"

# first-call, at +7, falls on Christmas Day; the 26th (a Saturday) is a holiday
# too and Sunday has no window: the call waits for Monday 28 December
daily_run 2026-12-25
actions_json --customer BER --kind call
expect_eq "BER: one call" 1 "$(jq_actions 'len(a)')"
expect_eq "BER: scheduled" scheduled "$(jq_actions 'a[0]["state"]')"
expect_eq "BER: the call moves to Monday 28 December (local)" 2026-12-28 "$(jq_actions 'a[0]["local_time"][:10]')"
expect_eq "BER: postponed for the holiday" holiday "$(jq_actions 'a[0]["reason_code"]')"
actions_json --state refused
expect_eq "the run refuses only the Italian customer" '["ROM"]' \
	"$(jq_actions 'sorted(set(x["customer_ref"] for x in a))')"
expect_eq "... with cannot_judge" '["cannot_judge"]' "$(jq_actions 'sorted(set(x["reason_code"] for x in a))')"
expect_eq "... saying so" True "$(jq_actions 'all("no contact-rules profile applies" in x["reason"] for x in a)')"
expect_eq "the summary counts the refusal" True "$(jq_out 'o["refused"].get("cannot_judge", 0) >= 1')"

# a tenant default covers the Italian customer and leaves the German one on its preset
expect_exit 0 recoup rules default gb-consumer
check BER call 2026-11-28T10:00:00Z
expect_eq "the tenant default does not replace de-consumer" de-consumer "$(field profile)"
check ROM call 2026-11-30T10:00:00Z
expect_eq "the Italian customer now gets the tenant default" gb-consumer "$(field profile)"
finish
