#!/usr/bin/env bash
# Lawfulness over time: 90 days of daily runs over a generated portfolio;
# every message and call scheduled passes `recoup rules check` for its
# contact, channel and invoices at its moment (invariant 4 of DESIGN.md),
# and every refusal carries the rule's code and sentence. Each day also
# assigns the accounts to two collectors and takes every collector's work
# queue at a few moments: every row offered passes `rules check` for its
# contact, channel call, at that moment. Prints the counts.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

START=2026-05-01
recoup generate --customers 100 --seed 13 --as-of "$START" --out "$TMP/gen" >/dev/null
for kind in customers contacts invoices payments; do
	recoup import "$kind" "$TMP/gen/$kind.csv" >/dev/null
done
# a few stops, set on the first day: the runs must respect them from then on
for ref in C0000003 C0000010; do
	recoup customer flag "$ref" cease --at "${START}T00:00:00Z" >/dev/null
done

recoup user add ann --role collector --capacity 40 >/dev/null
recoup user add bob --role collector --capacity 25 >/dev/null

# queue_rows MOMENT: every collector's queue at MOMENT (the acting user is no collector), the best
# two of each (every row is checked by a process of its own: the limit keeps the test in time),
# one contact per line
queue_rows() {
	recoup queue --now "$1" --limit 2 --format json | sed -n 's/^ *"contact_ref": "\(.*\)",$/\1/p'
}
# allowed JSON: whether a `rules check --format json` verdict allows (no process per row)
allowed() {
	[[ $1 == *'"allowed": true,'* ]]
}
offered=0
queue_bad=0
for i in $(seq 0 89); do
	day=$(date -u -d "$START + $i days" +%F)
	run recoup run --as-of "$day" --now "${day}T04:00:00Z"
	if [[ $status != 0 ]]; then
		fail "recoup run --as-of $day" "$(cat "$TMP/err")"
		break
	fi
	run recoup assign --as-of "$day"
	if [[ $status != 0 ]]; then
		fail "recoup assign --as-of $day" "$(cat "$TMP/err")"
		break
	fi
	# morning in Europe, afternoon in Europe and morning in the Americas, evening in Europe
	for hour in 08:10 13:40 17:55; do
		queue_rows "${day}T${hour}:00Z" >"$TMP/rows.txt"
		at="${day}T${hour}:00Z"
		while read -r contact; do
			out=$(recoup rules check --contact "$contact" --channel call --at "$at" --format json)
			if ! allowed "$out"; then
				queue_bad=$((queue_bad + 1))
				[[ $queue_bad -le 5 ]] && fail "queue row (call to $contact at $at) passes rules check" "$out"
			fi
			offered=$((offered + 1))
		done <"$TMP/rows.txt"
	done
done
pass "90 daily runs, assigns and queues"
echo "# queue rows offered at 3 moments a day (the best 2 of each collector): $offered checked, $((offered - queue_bad)) allowed, $queue_bad refused"
expect_eq "every row the queue offers passes rules check at its moment" 0 "$queue_bad"
expect_eq "the queue offered rows to check" True "$([[ $offered -gt 20 ]] && echo True || echo False)"

recoup actions --format json >"$TMP/actions.json"
python3 -c 'import json,sys,collections
a = json.load(open(sys.argv[1]))
c = collections.Counter(x["state"] for x in a)
print("# actions: " + ", ".join("%s %d" % kv for kv in sorted(c.items())))
k = collections.Counter(x["kind"] for x in a if x["state"] == "scheduled")
print("# scheduled by kind: " + ", ".join("%s %d" % kv for kv in sorted(k.items())))
r = collections.Counter(x["reason_code"] for x in a if x["state"] == "refused")
print("# refused by code: " + ", ".join("%s %d" % kv for kv in sorted(r.items())))' "$TMP/actions.json"

# every scheduled contact, asked again of the rules at its moment
python3 -c 'import json,sys
for x in json.load(open(sys.argv[1])):
    if x["state"] == "scheduled" and x["kind"] in ("email", "sms", "letter", "call", "visit"):
        print(x["id"], x["contact_ref"], x["kind"], x["scheduled_at"], " ".join(x["invoice_refs"]))' \
	"$TMP/actions.json" >"$TMP/scheduled.txt"
checked=0
bad=0
while read -r id contact kind at invoices; do
	args=()
	[[ $invoices != *" "* ]] && args=(--invoice "$invoices")
	out=$(recoup rules check --contact "$contact" --channel "$kind" --at "$at" "${args[@]}" --format json)
	if ! allowed "$out"; then
		bad=$((bad + 1))
		[[ $bad -le 5 ]] && fail "action $id ($kind to $contact at $at) passes rules check" "$out"
	fi
	checked=$((checked + 1))
done <"$TMP/scheduled.txt"
echo "# rules check at the scheduled moment: $checked checked, $((checked - bad)) allowed, $bad refused"
expect_eq "every scheduled message and call passes rules check at its moment" 0 "$bad"
expect_eq "there were many to check" True "$([[ $checked -gt 50 ]] && echo True || echo False)"

n=$(python3 -c 'import json,sys; print(sum(1 for x in json.load(open(sys.argv[1])) if x["state"] == "refused" and not (x["reason_code"] and x["reason"])))' "$TMP/actions.json")
expect_eq "every refusal has a code and a sentence" 0 "$n"
n=$(python3 -c 'import json,sys; print(sum(1 for x in json.load(open(sys.argv[1])) if x["customer_ref"] in ("C0000003", "C0000010") and x["state"] == "scheduled" and x["kind"] in ("email", "sms", "call", "visit")))' "$TMP/actions.json")
expect_eq "nothing but letters is scheduled for the customers who asked to cease" 0 "$n"
finish
