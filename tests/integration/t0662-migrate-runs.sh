#!/usr/bin/env bash
# t0662: recoup migrate copies the daily runs and what they decided, so that
# the move to PostgreSQL contacts no one twice.
#
# A SQLite book of two tenants whose rows interleave (so the source's ids
# and the target's differ: a copy that kept a source id where a target id
# belongs would show): generated customers, a returned payment (its step is
# recorded under "nsf-<payment id>"), four daily runs on successive days,
# emails sent to a loopback SMTP server (sent, waiting to be retried, one
# left unsure by a kill -9 during its hand-over), collectors and their
# assignments. Migrated to a throw-away PostgreSQL cluster of this script's
# own (every comparison the same), then on both sides:
#   (1) `actions --format json` is the same apart from ids (the returned
#       payment's strategy names the payment's own id on each side);
#   (2) `report trend`; (3) `queue` and `assign --dry-run`; the messages
#       (states, attempts, Message-IDs), the credit review's mark and the
#       assignments with their queue bounds; the target migrated back into
#       a SQLite file holds them too (the copy's reads of PostgreSQL and its
#       writes to SQLite);
#   (4) the next day's run records the same actions on both, none of them a
#       step of an invoice the source had recorded (on main before the copy
#       of the runs: the target recorded the latest due step of every overdue
#       account again), and the next sends hand the same messages over, each
#       to a server of its own: the unsure one (--resend) and the retried one
#       with the Message-ID they had; no Message-ID twice on the target;
#   (5) a rerun of a day already run records nothing.
set -euo pipefail
. "$SRCDIR/tests/integration/lib.sh"
. "$SRCDIR/tests/integration/channel_helpers.sh"

SQ="$TMP/books.db"
export RECOUP_DB=$SQ # lib.sh's `recoup` and channel_helpers.sh's helpers act on the source
DAYS="2026-11-20 2026-11-21 2026-11-22 2026-11-23"
NEXT=2026-11-24

# Our own cluster, stopped however the script ends (lib.sh's exit trap)
own_cluster "$TMP/pgt"

sq() { "$RECOUP" --db "$SQ" "$@"; }
pg() { "$RECOUP" --db "$PG" "$@"; }

# norm_actions: `actions --format json` on stdin, one line per action without its id, and
# the returned payment's "nsf-<payment id>" without the id (each side names its own)
norm_actions() {
	python3 -c 'import json, re, sys
for x in json.load(sys.stdin):
    x.pop("id")
    x["strategy"] = re.sub(r"^nsf-[0-9]+$", "nsf-", x["strategy"])
    print(json.dumps(x, sort_keys=True))'
}

# without_ids: the action ids left out of the queue's JSON (action_id) and of a CSV's first column
without_ids() {
	sed -e 's/"action_id": [0-9]*/"action_id": -/' -e 's/^[0-9][0-9]*,/-,/'
}

# run_day DB TENANT DAY [OPTION...]: the daily run of DAY, at 05:00 UTC that day
run_day() {
	"$RECOUP" --db "$1" --tenant "$2" run --as-of "$3" --now "${3}T05:00:00Z" "${@:4}" >/dev/null
}

# ---- the book: two tenants whose rows interleave ----
sq init --tenant other >/dev/null
sq generate --customers 70 --seed 3 --as-of 2026-11-20 --out gen >/dev/null
sq generate --customers 25 --seed 5 --as-of 2026-11-20 --out gen-other >/dev/null
for k in customers contacts invoices payments; do
	sq --tenant other import "$k" "gen-other/$k.csv" >/dev/null
	sq import "$k" "gen/$k.csv" >/dev/null
done
sq import customers "$DATA/run/customers.csv" >/dev/null
sq import contacts "$DATA/run/contacts.csv" >/dev/null
sq import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
NSF-A1,ACME,2026-10-01,2026-11-10,BRL,100.00
NSF-A2,ACME,2026-10-01,2026-12-20,BRL,40.00
CSV
)" >/dev/null
sq import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
NSF-P1,ACME,NSF-A1,2026-11-18,100.00,BRL,cheque,cleared,
CSV
)" >/dev/null
sq credit policy --nsf-fee-bp 500 >/dev/null
# users: created out of name order (ids differ from the target's, which copies them by name)
sq --tenant other user add olga --role collector >/dev/null
sq user add zed --role collector >/dev/null
sq user add ann --role collector --team north >/dev/null

start_smtp_sink
configure_email
SINK_A=$SINK
echo '{}' >"$SINK/rules.json"

# sink_rules JSON: what the source's server refuses or where it pauses (smtp_sink.py)
sink_rules() {
	echo "$1" >"$SINK_A/rules.json"
}
# the messages the server has received so far
sink_count() {
	find "$1" -name 'msg-*.eml' | wc -l
}
for day in $DAYS; do
	if [[ $day == 2026-11-21 ]]; then
		# the bank returns the payment: the run records its step, "nsf-<payment id>"
		sq import payments "$(csv_file returns.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
NSF-P1,ACME,NSF-A1,2026-11-18,100.00,BRL,cheque,returned,2026-11-21
CSV
)" >/dev/null
	fi
	run_day "$SQ" other "$day"
	run_day "$SQ" default "$day"
	if [[ $day != 2026-11-23 ]]; then
		send_at "${day}T20:00:00Z" >/dev/null
		continue
	fi
	# the last day: one address refuses for now (its message waits to be retried), and a send
	# is killed while it hands its first message over (that row stays `sending`, then unsure)
	busy=$(sql "SELECT k.email FROM action a JOIN contact k ON k.tenant_id = a.tenant_id AND k.id = a.contact_id
		WHERE a.run_date = '$day' AND a.kind = 'email' AND a.state = 'scheduled' AND k.email <> ''
		ORDER BY a.id LIMIT 1" "$SQ")
	sink_rules "{\"temp\": {\"$busy\": 99}, \"pause_at\": $(($(sink_count "$SINK_A") + 1)), \"pause\": 60}"
	clock_env "${day}T23:00:00Z"
	"${CLOCK_ENV[@]}" "$RECOUP" send --now "${day}T23:00:00Z" >/dev/null 2>&1 &
	pid=$!
	track_pid "$pid"
	for _ in $(seq 600); do
		[[ -f $SINK_A/paused ]] && break
		sleep 0.1
	done
	kill -9 "$pid"
	wait "$pid" 2>/dev/null || true
	sink_rules "{\"temp\": {\"$busy\": 99}}"
	send_at "${day}T23:10:00Z" >/dev/null
	sq assign --as-of "$day" >/dev/null
	sq --tenant other assign --as-of "$day" >/dev/null
done
sq_count() { sql "SELECT count(*) FROM $1" "$SQ"; }
expect_eq "the source has runs of four days in both tenants" 8 "$(sq_count run)"
expect_eq "the source has the returned payment's step" 1 \
	"$(sql "SELECT count(*) FROM action WHERE strategy LIKE 'nsf-%' AND kind = 'call'" "$SQ")"
expect_eq "messages sent, to be retried and unsure on the source" "1 1 1" \
	"$(for s in sent retry unsure; do [[ $(sql "SELECT count(*) FROM message WHERE state = '$s'" "$SQ") -gt 0 ]] && printf 1 || printf 0; echo -n ' '; done | sed 's/ $//')"
expect_eq "the source's credit review has a mark" 1 \
	"$(sql "SELECT count(*) FROM credit_review WHERE tenant_id = (SELECT id FROM tenant WHERE name = 'default')" "$SQ")"
expect_eq "accounts are assigned on the source" 1 "$(( $(sq_count assignment) > 0 ))"
expect_eq "the source's ids of tenant default do not start at 1 (the tenants interleave)" 1 \
	"$(sql "SELECT CASE WHEN min(id) > 1 THEN 1 ELSE 0 END FROM action WHERE tenant_id = (SELECT id FROM tenant WHERE name = 'default')" "$SQ")"

# ---- migrate ----
sql "SELECT message_id FROM message" "$SQ" >"$TMP/message-ids"
last_sq=$(sql "SELECT max(a.id) FROM action a JOIN tenant t ON t.id = a.tenant_id WHERE t.name = 'default'" "$SQ")
pg_env=$("$SRCDIR/tests/pg/cluster" start "$TMP/pgt")
eval "$pg_env"
PG=$RECOUP_PG_URL
run "$RECOUP" --db "$SQ" migrate --to "$PG"
[[ $status == 0 ]] && pass "migrate exits 0" || fail "migrate exits 0" "$(cat "$TMP/err" "$TMP/out")"
cp "$TMP/out" "$TMP/migrate.out"
for t in default other; do
	for what in runs "snapshot rows" actions "action invoices" messages "message attempts" assignments; do
		if grep -q "^tenant '$t': $what: [1-9][0-9]* (same)$" "$TMP/migrate.out"; then
			pass "migrate compared the $what of tenant $t, some"
		elif [[ $t == other && $what == message* ]] && grep -q "^tenant '$t': $what: 0 (same)$" "$TMP/migrate.out"; then
			pass "migrate compared the $what of tenant $t, none"
		else
			fail "migrate compared the $what of tenant $t" "$(grep "^tenant '$t'" "$TMP/migrate.out")"
		fi
	done
done
expect_eq "nothing differs" 0 "$(grep -c DIFFERS "$TMP/migrate.out" || true)"

# ---- (1)-(3): what was recorded reads the same on both sides ----
for t in default other; do
	sq --tenant "$t" actions --format json | norm_actions >"$TMP/a.actions"
	pg --tenant "$t" actions --format json | norm_actions >"$TMP/b.actions"
	expect_same_file "tenant $t: actions --format json, ids aside" "$TMP/a.actions" "$TMP/b.actions"
	for c in "report trend --from 2026-11-20 --to 2026-11-23 --format csv" "assign --as-of 2026-11-23 --dry-run" \
		"assign --as-of $NEXT --dry-run" "queue --collector ann --now 2026-11-23T15:00:00Z --format json" \
		"queue --collector zed --now 2026-11-23T15:00:00Z --format json" "actions --date 2026-11-22 --format csv"; do
		# shellcheck disable=SC2086
		sq --tenant "$t" $c 2>&1 | without_ids >"$TMP/a.out" || true
		# shellcheck disable=SC2086
		pg --tenant "$t" $c 2>&1 | without_ids >"$TMP/b.out" || true # a failure shows in the files
		expect_same_file "tenant $t: $c is the same, ids aside" "$TMP/a.out" "$TMP/b.out"
	done
done
nsf="SELECT a.kind || ' ' || a.strategy FROM action a JOIN payment p ON p.tenant_id = a.tenant_id
	AND a.strategy = 'nsf-' || p.id WHERE p.ref = 'NSF-P1' ORDER BY a.kind"
expect_eq "the returned payment's step names the payment's id on each side" \
	"$(sql "$nsf" "$SQ" | cut -d' ' -f1 | tr '\n' ' ')" "$(sql "$nsf" "$PG" | cut -d' ' -f1 | tr '\n' ' ')"
expect_eq "... its call, fee and letter" "call fee letter " "$(sql "$nsf" "$PG" | cut -d' ' -f1 | tr '\n' ' ')"
expect_eq "... under another id than the source's" 1 \
	"$([[ $(sql "$nsf" "$SQ" | head -1) != "$(sql "$nsf" "$PG" | head -1)" ]] && echo 1 || echo 0)"
msgs="SELECT c.ref || ' ' || m.channel || ' ' || m.state || ' ' || m.attempts || ' ' || m.message_id || ' ' ||
	m.recipient || ' ' || COALESCE(m.last_error, '') FROM message m JOIN action a ON a.tenant_id = m.tenant_id
	AND a.id = m.action_id JOIN customer c ON c.tenant_id = a.tenant_id AND c.id = a.customer_id
	ORDER BY c.ref, a.run_date, m.message_id"
expect_eq "the messages, their states and Message-IDs as stored" "$(sql "$msgs" "$SQ")" "$(sql "$msgs" "$PG")"
tries="SELECT c.ref || ' ' || t.n || ' ' || t.outcome FROM message_attempt t JOIN action a ON a.tenant_id = t.tenant_id
	AND a.id = t.action_id JOIN customer c ON c.tenant_id = a.tenant_id AND c.id = a.customer_id ORDER BY 1"
expect_eq "the messages' attempts" "$(sql "$tries" "$SQ")" "$(sql "$tries" "$PG")"
mark="SELECT t.name || ' ' || (SELECT count(*) FROM action a WHERE a.tenant_id = r.tenant_id AND a.kind = 'credit_hold'
	AND a.id <= r.action_id) FROM credit_review r JOIN tenant t ON t.id = r.tenant_id ORDER BY t.name"
expect_eq "the credit review's mark: the same credit_hold actions at or before it" "$(sql "$mark" "$SQ")" \
	"$(sql "$mark" "$PG")"
bound="SELECT c.ref || ' ' || u.name || ' ' || s.since || ' ' || s.bound || ' ' || COALESCE(s.bound_currency, '-')
	FROM assignment s JOIN customer c ON c.tenant_id = s.tenant_id AND c.id = s.customer_id
	JOIN app_user u ON u.tenant_id = s.tenant_id AND u.id = s.user_id ORDER BY c.ref"
expect_eq "the assignments, their collectors and queue bounds" "$(sql "$bound" "$SQ")" "$(sql "$bound" "$PG")"

# the copy's reads of PostgreSQL and its writes to SQLite: the target migrated into a SQLite file
BACK="$TMP/back.db"
run "$RECOUP" --db "$PG" migrate --to "$BACK"
[[ $status == 0 ]] && pass "migrate from PostgreSQL into SQLite exits 0" ||
	fail "migrate from PostgreSQL into SQLite exits 0" "$(cat "$TMP/err" "$TMP/out")"
expect_eq "... nothing differs" 0 "$(grep -c DIFFERS "$TMP/out" || true)"
for t in default other; do
	sq --tenant "$t" actions --format json | norm_actions >"$TMP/a.actions"
	"$RECOUP" --db "$BACK" --tenant "$t" actions --format json | norm_actions >"$TMP/b.actions"
	expect_same_file "tenant $t: ... its actions are the source's, ids aside" "$TMP/a.actions" "$TMP/b.actions"
done
expect_eq "... its messages too" "$(sql "$msgs" "$SQ")" "$(sql "$msgs" "$BACK")"
expect_eq "... its credit review's mark" "$(sql "$mark" "$SQ")" "$(sql "$mark" "$BACK")"
expect_eq "... its assignments" "$(sql "$bound" "$SQ")" "$(sql "$bound" "$BACK")"
expect_eq "... its returned payment's step, under the payment's id there" \
	"$(sql "$nsf" "$SQ" | cut -d' ' -f1 | tr '\n' ' ')" "$(sql "$nsf" "$BACK" | cut -d' ' -f1 | tr '\n' ' ')"

# ---- (4) the next day, and the next send, on both sides ----
unsure_sq=$(sql "SELECT action_id FROM message WHERE state = 'unsure'" "$SQ")
unsure_pg=$(sql "SELECT action_id FROM message WHERE state = 'unsure'" "$PG")
unsure_mid=$(sql "SELECT message_id FROM message WHERE state = 'unsure'" "$SQ")
expect_eq "the unsure message keeps its Message-ID, made from the source's action id" "<$unsure_sq.1@recoup>" "$unsure_mid"
expect_exit 0 recoup --db "$SQ" send --now "$NEXT"T04:00:00Z --resend "$unsure_sq"
expect_exit 0 recoup --db "$PG" send --now "$NEXT"T04:00:00Z --resend "$unsure_pg"
# the target sends to a second server of its own: what each receives is compared
SINK="$TMP/sink-b"
start_smtp_sink
SINK_B=$SINK
pg config set smtp.url "smtp://127.0.0.1:$SMTP_PORT" >/dev/null

for db in "$SQ" "$PG"; do
	run_day "$db" other "$NEXT"
	run_day "$db" default "$NEXT"
done
for t in default other; do
	sq --tenant "$t" actions --date "$NEXT" --format json | norm_actions >"$TMP/a.next"
	pg --tenant "$t" actions --date "$NEXT" --format json | norm_actions >"$TMP/b.next"
	expect_same_file "tenant $t: the next day's run records the same actions on both sides" "$TMP/a.next" "$TMP/b.next"
	[[ $t == other ]] || expect_eq "tenant $t: ... some" 1 "$(($(wc -l <"$TMP/b.next") > 0))"
	sq --tenant "$t" actions --format json >"$TMP/a.all"
	pg --tenant "$t" actions --date "$NEXT" --format json >"$TMP/b.all"
	expect_eq "tenant $t: the target's next day records no step the source had recorded before" "0" \
		"$(python3 -c 'import json, re, sys
key = lambda x, i: (i, re.sub(r"^nsf-[0-9]+$", "nsf-", x["strategy"]), x["step"])
before = {key(x, i) for x in json.load(open(sys.argv[1])) if x["run_date"] < sys.argv[3] for i in x["invoice_refs"]}
print(sum(1 for x in json.load(open(sys.argv[2])) for i in x["invoice_refs"] if key(x, i) in before))' \
			"$TMP/a.all" "$TMP/b.all" "$NEXT")"
done
# send_pair MOMENT: the send of MOMENT on both sides (the source's to its server, the target's to its own)
send_pair() {
	run recoup_at "$1" send --format json --now "$1"
	[[ $status == 0 ]] || fail "the source's send at $1 exits 0" "$(cat "$TMP/err")"
	run recoup_at "$1" --db "$PG" send --format json --now "$1"
	[[ $status == 0 ]] || fail "the target's send at $1 exits 0" "$(cat "$TMP/err")"
}
# received SINK N: what the server SINK received from its Nth message on, sorted: "to | subject",
# and " | again" when the Message-ID is one a message had before the migration
received() {
	SINK=$1 mail_json
	python3 -c 'import json, sys
m = json.load(open(sys.argv[1]))[int(sys.argv[2]):]
before = set(open(sys.argv[3]).read().split())
for x in sorted(x["to"] + " | " + x["subject"] + (" | again" if x["message_id"] in before else "") for x in m):
    print(x)' "$TMP/mail.json" "$2" "$TMP/message-ids"
}
sink_rules '{}'
had_a=$(find "$SINK_A" -name 'msg-*.eml' | wc -l)
send_pair "$NEXT"T12:00:00Z
send_pair "$NEXT"T18:00:00Z
received "$SINK_A" "$had_a" >"$TMP/a.mail"
received "$SINK_B" 0 >"$TMP/b.mail"
expect_same_file "the next day's sends hand the same messages over on both sides, and no other" "$TMP/a.mail" \
	"$TMP/b.mail"
SINK=$SINK_B mail_json
expect_eq "... among them the unsure one, resent with the Message-ID it had on the source" 1 \
	"$(jq_mail "sum(1 for x in m if x[\"message_id\"] == \"$unsure_mid\")")"
expect_eq "... and the one the busy address refused, retried with the Message-ID it had" 1 \
	"$(grep -c "^$busy | .* | again\$" "$TMP/b.mail" || true)"
expect_eq "... and others" 1 "$(($(wc -l <"$TMP/b.mail") > 1))"

expect_eq "every action id of the target's tenant is above the source's (so are the Message-IDs made of them)" 0 \
	"$(sql "SELECT count(*) FROM action a JOIN tenant t ON t.id = a.tenant_id WHERE t.name = 'default'
	AND a.id <= $last_sq" "$PG")"
dup="SELECT m.message_id || ' ' || count(*) FROM message m GROUP BY m.message_id HAVING count(*) > 1"
expect_eq "no two messages on the target share a Message-ID (a new one is never an old one's)" "" "$(sql "$dup" "$PG")"

# ---- (5) a rerun of a day already run records nothing ----
count_all="SELECT count(*) FROM action"
before=$(sql "$count_all" "$PG")
# 2026-11-22 is before the latest run ($NEXT): asked for by --replay (refused without it)
for day in 2026-11-22 "$NEXT"; do
	run_day "$PG" default "$day" --replay
	run_day "$PG" other "$day" --replay
done
expect_eq "reruns of 2026-11-22 and $NEXT on the target record nothing" "$before" "$(sql "$count_all" "$PG")"
expect_exit 0 recoup --db "$PG" check
finish
