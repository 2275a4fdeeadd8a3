#!/usr/bin/env bash
# Lawfulness over time: 90 days of daily runs over a generated portfolio;
# every message and call scheduled passes `recoup rules check` for its
# contact, channel and invoices at its moment (invariant 4 of DESIGN.md),
# and every refusal carries the rule's code and sentence. Each day also
# assigns the accounts to two collectors and takes every collector's work
# queue at a few moments: every row offered passes `rules check` for its
# contact, channel call, at that moment. Prints the counts. The checks go through
# `rules check --questions` (the same check, many in one process): a process a check
# made this the longest test of the suite (about 80 s of 90 days).
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
# two of each, one contact per line
queue_rows() {
	recoup queue --now "$1" --limit 2 --format json | sed -n 's/^ *"contact_ref": "\(.*\)",$/\1/p'
}
# ask QUESTIONS: every line of QUESTIONS ("CONTACT CHANNEL AT [INVOICE]") asked of `rules check`
# in one process (--questions: the same check, a line each, answers in order), into $TMP/answers;
# prints the questions whose answer is not "allowed", a line each with the answer. An answer is
# matched to its question by contact, channel and moment, so a missing or shifted answer fails too.
ask() {
	local contact channel at invoice answer
	sed 's/^\([^ ]*\) \([^ ]*\) \([^ ]*\) \([^ ]*\)$/\1 \2 \3 --invoice \4/;
	     s/^\([^ ]*\) \([^ ]*\) \([^ ]*\)/--contact \1 --channel \2 --at \3/' "$1" >"$TMP/questions"
	recoup rules check --questions "$TMP/questions" --format json >"$TMP/answers"
	if [[ $(wc -l <"$1") != $(wc -l <"$TMP/answers") ]]; then
		echo "$(wc -l <"$1") questions, $(wc -l <"$TMP/answers") answers"
		return
	fi
	while read -r contact channel at invoice && read -r answer <&3; do
		[[ $answer == '{"allowed":true,"contact":"'"$contact"'",'*',"channel":"'"$channel"'","at":"'"$at"'",'* ]] ||
			echo "$contact $channel $at $invoice => $answer"
	done <"$1" 3<"$TMP/answers"
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
	# morning in Europe, afternoon in Europe and morning in the Americas, evening in Europe;
	# the day's rows asked of the rules together, before the next day's run
	: >"$TMP/rows.txt"
	for hour in 08:10 13:40 17:55; do
		queue_rows "${day}T${hour}:00Z" | sed "s/\$/ call ${day}T${hour}:00Z/" >>"$TMP/rows.txt"
	done
	ask "$TMP/rows.txt" >"$TMP/refused.txt"
	offered=$((offered + $(wc -l <"$TMP/rows.txt")))
	while read -r line; do
		queue_bad=$((queue_bad + 1))
		[[ $queue_bad -le 5 ]] && fail "queue row (call to ${line%% => *}) passes rules check" "${line#* => }"
	done <"$TMP/refused.txt"
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

# every scheduled contact, asked again of the rules at its moment (with its invoice when it names one)
python3 -c 'import json,sys
for x in json.load(open(sys.argv[1])):
    if x["state"] == "scheduled" and x["kind"] in ("email", "sms", "letter", "call", "visit"):
        inv = x["invoice_refs"]
        print(x["contact_ref"], x["kind"], x["scheduled_at"], *(inv if len(inv) == 1 else []))' \
	"$TMP/actions.json" >"$TMP/scheduled.txt"
ask "$TMP/scheduled.txt" >"$TMP/refused.txt"
checked=$(wc -l <"$TMP/scheduled.txt")
bad=0
while read -r line; do
	bad=$((bad + 1))
	[[ $bad -le 5 ]] && fail "scheduled action (${line%% => *}) passes rules check" "${line#* => }"
done <"$TMP/refused.txt"
echo "# rules check at the scheduled moment: $checked checked, $((checked - bad)) allowed, $bad refused"
expect_eq "every scheduled message and call passes rules check at its moment" 0 "$bad"
expect_eq "there were many to check" True "$([[ $checked -gt 50 ]] && echo True || echo False)"

n=$(python3 -c 'import json,sys; print(sum(1 for x in json.load(open(sys.argv[1])) if x["state"] == "refused" and not (x["reason_code"] and x["reason"])))' "$TMP/actions.json")
expect_eq "every refusal has a code and a sentence" 0 "$n"
n=$(python3 -c 'import json,sys; print(sum(1 for x in json.load(open(sys.argv[1])) if x["customer_ref"] in ("C0000003", "C0000010") and x["state"] == "scheduled" and x["kind"] in ("email", "sms", "call", "visit")))' "$TMP/actions.json")
expect_eq "nothing but letters is scheduled for the customers who asked to cease" 0 "$n"
finish
