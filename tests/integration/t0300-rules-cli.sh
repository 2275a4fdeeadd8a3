#!/usr/bin/env bash
# Contact rules through the CLI: rules check, contact log, customer flag,
# profiles stored per tenant, and the clear errors of issue 3.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

recoup import customers "$DATA/rules/customers.csv" >/dev/null
recoup import contacts "$DATA/rules/contacts.csv" >/dev/null
recoup import invoices "$DATA/rules/invoices.csv" >/dev/null

# json FIELD: a field of the last `run`'s JSON output (python3 parses it).
json() {
	python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    v = v[int(k)] if isinstance(v, list) else v[k]
print("null" if v is None else (str(v).lower() if isinstance(v, bool) else v))' "$TMP/out" "$1"
}
codes() {
	python3 -c 'import json,sys; print(" ".join(r["code"] for r in json.load(open(sys.argv[1]))["reasons"]))' "$TMP/out"
}
check() { # CONTACT CHANNEL AT [more options]
	local contact=$1 channel=$2 at=$3
	shift 3
	run recoup rules check --contact "$contact" --channel "$channel" --at "$at" --format json "$@"
	[[ $status == 0 ]] || fail "rules check $contact $channel $at exits 0" "$(cat "$TMP/err")"
}

# --- local time: New York, Monday 2026-11-23 (UTC-5) ---
check NY1 call 2026-11-23T13:30:00Z
expect_eq "08:30 in New York is allowed" true "$(json allowed)"
expect_eq "profile of a US person is us-consumer" us-consumer "$(json profile)"
expect_eq "the local time is shown" "2026-11-23T08:30-05:00 America/New_York" "$(json local_time)"
check NY1 call 2026-11-23T12:30:00Z
expect_eq "07:30 in New York is refused" false "$(json allowed)"
expect_eq "refused as outside_hours" outside_hours "$(codes)"
expect_eq "next allowed at 08:00 New York" 2026-11-23T13:00:00Z "$(json next_allowed_at)"
check NY1 call 2026-11-24T02:00:00Z
expect_eq "21:00 in New York is refused" false "$(json allowed)"
expect_eq "next allowed the next morning at 08:00" 2026-11-24T13:00:00Z "$(json next_allowed_at)"

# --- a US person with no zone: every US zone must allow it ---
check USX call 2026-11-23T13:30:00Z
expect_eq "08:30 Eastern (05:30 Pacific) is refused with no zone known" false "$(json allowed)"
expect_eq "refused as outside_hours" outside_hours "$(codes)"
next=$(json next_allowed_at)
check USX call "$next"
expect_eq "the next allowed moment ($next) is allowed" true "$(json allowed)"
before=$(date -u -d "${next%Z} UTC - 1 minute" +%Y-%m-%dT%H:%M:%SZ)
check USX call "$before"
expect_eq "a minute before it ($before) is refused" false "$(json allowed)"

# --- Regulation F 7-in-7: 7th attempt allowed, 8th refused, rolling window ---
for d in 16 17 18 19 20 21; do
	recoup contact log --contact NY1 --channel call --outcome no_answer --at "2026-11-${d}T14:00:00Z" >/dev/null
done
check NY1 call 2026-11-23T13:59:00Z
expect_eq "after 6 attempts the 7th is allowed" true "$(json allowed)"
recoup contact log --contact NY1 --channel call --outcome no_answer --at 2026-11-22T14:00:00Z >/dev/null
check NY1 call 2026-11-23T13:59:00Z
expect_eq "after 7 attempts in 7 days the 8th is refused" false "$(json allowed)"
expect_eq "refused as cap_7_in_7" cap_7_in_7 "$(codes)"
expect_eq "allowed again when the oldest attempt leaves the 7-day window" 2026-11-23T14:00:00Z \
	"$(json next_allowed_at)"
check NY1 call 2026-11-23T14:00:00Z
expect_eq "at that moment it is allowed" true "$(json allowed)"
check NY1 sms 2026-11-23T13:59:00Z
expect_eq "the call cap does not stop a text message" true "$(json allowed)"

# --- 7-day pause after a telephone conversation ---
recoup contact log --contact NY2 --channel call --outcome right_party --at 2026-11-20T15:00:00Z \
	--spoke-with "Bob Jones" --note "will pay Friday" >/dev/null
check NY2 call 2026-11-23T15:00:00Z
expect_eq "a call within 7 days after a conversation is refused" pause_after_conversation "$(codes)"
expect_eq "allowed again 7 days after the conversation" 2026-11-27T15:00:00Z "$(json next_allowed_at)"
# an inbound conversation starts the pause too, but is not an attempt
recoup contact log --contact NY3 --channel call --outcome right_party --inbound --at 2026-11-22T15:00:00Z >/dev/null
check NY3 call 2026-11-23T15:00:00Z
expect_eq "an inbound conversation starts the pause" pause_after_conversation "$(codes)"
run recoup contact history --customer NY3
expect_stdout_contains "inbound"

# --- status flags ---
check NY1 call 2026-11-24T15:00:00Z
expect_eq "NY1 may be called on Tuesday" true "$(json allowed)"
expect_exit 0 recoup customer flag NY1 cease --by "Jane Officer" --reason "letter of 2026-11-20" --at 2026-11-21T10:00:00Z
check NY1 call 2026-11-24T15:00:00Z
expect_eq "after a cease request a call is refused" cease "$(codes)"
expect_eq "and never allowed while the flag stands" never "$(json next)"
expect_eq "next_allowed_at is null" null "$(json next_allowed_at)"
check NY1 letter 2026-11-24T15:00:00Z --final-notice
expect_eq "a final-notice letter is still allowed" true "$(json allowed)"
run recoup customer show NY1
expect_stdout_contains "flag cease"
expect_stdout_contains "Jane Officer"
expect_exit 0 recoup customer unflag NY1 cease --by "Jane Officer" --reason "entered in error"
check NY1 call 2026-11-24T15:00:00Z
expect_eq "cleared flag: allowed again" true "$(json allowed)"
expect_exit 1 recoup customer unflag NY1 cease
expect_stderr_contains "has no active flag cease"

expect_exit 0 recoup customer flag NY1 dispute --invoice NY1-I1
check NY1 call 2026-11-24T15:00:00Z --invoice NY1-I1
expect_eq "no collection contact about a disputed invoice" dispute "$(codes)"
check NY1 call 2026-11-24T15:00:00Z --invoice NY1-I2
expect_eq "the other invoice may still be collected" true "$(json allowed)"

expect_exit 0 recoup customer flag NY1 optout-sms
check NY1 sms 2026-11-24T15:00:00Z
expect_eq "an opt-out of text messages refuses sms" optout "$(codes)"
check NY1 email 2026-11-24T15:00:00Z
expect_eq "email is still allowed" true "$(json allowed)"

expect_exit 1 recoup customer flag NY1 forbearance
expect_stderr_contains "needs --detail"
expect_exit 1 recoup customer flag NY1 sleepy
expect_stderr_contains "unknown flag 'sleepy'"
expect_exit 1 recoup customer flag NY1 dispute --invoice DE1-I1
expect_stderr_contains "belongs to customer 'DE1'"

# --- third parties and spouses get no debt content ---
check NY1-NB call 2026-11-24T15:00:00Z
expect_eq "a third party is told nothing of the debt" third_party "$(json audience)"
check NY1 call 2026-11-24T15:00:00Z
expect_eq "voicemail to the debtor is a limited-content message" voicemail_limited "$(json voicemail_audience)"

# --- b2b: working hours, lunch, public holidays of the debtor's country ---
check DE1 call 2026-11-23T09:30:00Z
expect_eq "a company in Berlin at 10:30 on a Monday" true "$(json allowed)"
expect_eq "profile of a company is b2b" b2b "$(json profile)"
check DE1 call 2026-11-23T11:30:00Z
expect_eq "no call at lunch time (12:30 Berlin)" false "$(json allowed)"
check DE1 call 2026-12-25T09:30:00Z
expect_eq "no call on Christmas Day in Germany" holiday "$(codes)"
check DE1 call 2026-11-22T09:30:00Z
expect_eq "no call on a Sunday" false "$(json allowed)"

# --- the tenant's own closed days and edited profiles ---
expect_exit 0 recoup rules closed-day 2026-11-30 --name "company retreat"
check DE1 call 2026-11-30T09:30:00Z
expect_eq "a tenant closed day refuses b2b calls" closed_day "$(codes)"

run recoup rules show us-consumer --format json
cp "$TMP/out" us.json
python3 - us.json <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
for day, windows in p["windows"]["call"].items():
    p["windows"]["call"][day] = ["09:00-20:00"] if windows else []
json.dump(p, open(sys.argv[1], "w"))
PY
expect_exit 0 recoup rules set us-consumer us.json
check NY1 email 2026-11-24T13:30:00Z
check NY1 call 2026-11-24T13:30:00Z
expect_eq "the tenant's edited profile (calls from 09:00) is used" false "$(json allowed)"
expect_eq "next allowed at the edited start" 2026-11-24T14:00:00Z "$(json next_allowed_at)"
printf '{"name": "us-consumer", "windows": {"call": {"mon": ["25:00-26:00"]}}}' >bad.json
db_snapshot
expect_exit 1 recoup rules set us-consumer bad.json
expect_stderr_contains "25:00"
expect_db_unchanged "a bad profile changes nothing"

# --- clear errors ---
expect_exit 1 recoup rules check --contact NOPE --channel call --at 2026-11-23T14:00:00Z
expect_stderr_contains "unknown contact 'NOPE'"
expect_exit 2 recoup rules check --contact NY1 --channel fax --at 2026-11-23T14:00:00Z
expect_stderr_contains "unknown channel 'fax'"
expect_exit 2 recoup rules check --contact NY1 --channel call --at 2026-11-23T14:00
expect_stderr_contains "no time zone"
expect_exit 2 recoup rules check --contact NY1 --channel call --at 2026-02-30T14:00:00Z
expect_stderr_contains "not a date"
# import refuses an unknown profile (t0180); a database written before it did may hold one
sql "UPDATE customer SET profile = 'no-such-profile' WHERE ref = 'BAD'"
expect_exit 1 recoup rules check --contact BAD --channel call --at 2026-11-23T14:00:00Z
expect_stderr_contains "unknown profile 'no-such-profile'"
expect_exit 1 recoup rules show no-such-profile
expect_stderr_contains "unknown profile 'no-such-profile'"
expect_exit 1 recoup contact log --contact NY1 --channel call --outcome no_answer --at 2026-11-23T14:00:00Z --invoice DE1-I1
expect_stderr_contains "belongs to customer 'DE1'"
expect_exit 2 recoup contact log --contact NY1 --channel call --outcome shrug --at 2026-11-23T14:00:00Z
expect_stderr_contains "shrug"

# a customer no preset covers (a person in Japan) needs the tenant's default
expect_exit 1 recoup rules check --contact JP1 --channel call --at 2026-11-24T01:00:00Z
expect_stderr_contains "no contact-rules profile applies"
expect_exit 1 recoup rules default no-such-profile
expect_stderr_contains "unknown profile 'no-such-profile'"
expect_exit 0 recoup rules default b2b
check JP1 call 2026-11-24T01:00:00Z
expect_eq "with a tenant default (b2b), 10:00 Tuesday in Tokyo is allowed" true "$(json allowed)"
expect_eq "the tenant default is the profile used" b2b "$(json profile)"
run recoup rules list
expect_stdout_contains "tenant default: b2b"
expect_stdout_contains "us-consumer      edited for this tenant"

# a read on a mistyped database name creates nothing
expect_exit 3 recoup --db "$TMP/typo.db" aging
expect_stderr_contains "database '$TMP/typo.db' does not exist"
expect_eq "no file was created for the mistyped name" no "$([[ -e $TMP/typo.db ]] && echo yes || echo no)"

# A stray word is refused, not ignored.
expect_exit 2 recoup rules list extra
expect_stderr_contains "unexpected argument 'extra'"
# --- many checks in one process (--questions): the answers single checks give, in order ---
cat >questions.txt <<'EOF'
--contact NY1 --channel call --at 2026-11-23T13:30:00Z

--contact USX --channel call --at 2026-11-23T13:30:00Z
  --contact	JP1 --channel email   --at 2026-11-24T01:00:00Z
--contact NY1 --channel sms --at 2026-11-24T02:00:00Z --final-notice
EOF
# one JSON document a line, keys in their order, for comparison
lines() {
	python3 -c 'import json,sys
text = open(sys.argv[1]).read()
d = json.JSONDecoder()
i = 0
while True:
    while i < len(text) and text[i].isspace():
        i += 1
    if i == len(text):
        break
    o, i = d.raw_decode(text, i)
    print(json.dumps(o))' "$1"
}
: >single.json
while read -r q; do
	[[ -z $q ]] && continue
	# shellcheck disable=SC2086 # the words of the line, as --questions splits them
	recoup rules check $q --format json >>single.json
done <questions.txt
lines single.json >single.jsonl
run recoup rules check --questions questions.txt --format json
expect_eq "--questions: one answer a line, one a question (blank lines skipped)" 4 "$(wc -l <"$TMP/out")"
lines "$TMP/out" >batch.jsonl
expect_same_file "--questions answers each question as rules check answers it alone" single.jsonl batch.jsonl
run recoup rules check --questions - --format json <questions.txt
lines "$TMP/out" >stdin.jsonl
expect_same_file "--questions - reads the questions from stdin" single.jsonl stdin.jsonl
run recoup rules check --questions questions.txt
expect_stdout_contains "sms at 2026-11-24T02:00:00Z: refused"
expect_eq "--questions in a table: a verdict each" 4 "$(grep -c '^local time: ' "$TMP/out")"
printf -- '--contact NY1 --channel call --at 2026-11-23T13:30:00Z\n--contact NOPE --channel call\n--contact NY1 --channel call\n' >bad-questions.txt
expect_exit 1 recoup rules check --questions bad-questions.txt --format json
expect_stderr_contains "bad-questions.txt line 2: "
expect_stderr_contains "unknown contact 'NOPE'"
expect_eq "the questions before the one refused are answered, none after it" 1 "$(wc -l <"$TMP/out")"
printf -- '--contact NY1 --channel fax\n' >bad-questions.txt
expect_exit 2 recoup rules check --questions bad-questions.txt
expect_stderr_contains "bad-questions.txt line 1: --channel: unknown channel 'fax'"
printf -- '--contact NY1 --channel call --format json\n' >bad-questions.txt
expect_exit 2 recoup rules check --questions bad-questions.txt
expect_stderr_contains "--format goes on the command line"
expect_exit 2 recoup rules check --questions questions.txt --contact NY1
expect_stderr_contains "--questions takes the check's options from its lines"
expect_exit 1 recoup rules check --questions no-such-file.txt
expect_stderr_contains "cannot read 'no-such-file.txt'"
finish
