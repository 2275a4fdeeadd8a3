#!/usr/bin/env bash
# The watched run (a run for today visits only the customers whose outcome can
# change: those a write marked dirty, and those whose watch date has come)
# records exactly what the run that visits every customer records
# (RECOUP_RUN_WATCH=0), day after day, under writes of every kind the CLI has.
# Two books get the same generated portfolio and, for 32 days, the same
# writes before each run; each day's runs go on a machine whose clock reads
# that day (libfaketime, lib.sh's clock_env): a run for a past day is a replay,
# which visits everyone. After every run every row the runs record is
# compared, ids included (dump_one, run_oracle.sh: actions, their invoices,
# ledger entries, balances, holds, credit holds, promises, agreements,
# disputes, snapshots and the runs' summaries), and so are the runs' JSON
# summaries; a difference fails naming the day, with the diff.
#
# The writes (run_oracle.sh's writes and more_writes every day, and those of
# watch_writes below, on customers with open invoices and steps near due):
# payments in full, in part, unapplied, dated the next day, returned, a bank
# file of many; credit notes to an invoice and unapplied; invoices due long
# ago, today, later, and issued later; flags set and cleared (cease,
# bankrupt, attorney, deceased, forbearance until a moment, opt-outs by
# channel and by address, wrong number, time-barred, inconvenient time) by
# command and by import; disputes opened (one with a deadline), resolved
# rejected, credited and upheld; promises made, kept, partly kept, broken,
# cancelled, and one promised in a logged call; plans agreed, paid, cancelled
# and broken; settlements offered, paid, lapsed, approved and rejected; a
# write-off approved; contacts added and changed (an email taken away);
# calls answered and not, refused, a callback, inbound contacts, history
# imported; customers changed (timezone, region, profile, credit limit,
# language, tags, and by `import customers --update`); collectors added,
# disabled, given a team, and the accounts assigned; agency placement and
# recall; credit holds by hand and their release, the credit terms; legal
# steps; a document; letters printed (actions sent, attempts recorded); and
# the configuration: strategies stored and made a default, a contact-rules
# profile edited and a new one, the default profile, a closed day, the
# promises' tolerance, the authority (a plan's grace days), the credit policy.
# Also: two days without writes (time alone), three days without a run (the
# next catches up), a day run twice (with writes between) and another run
# twice (none between), and the watched book's run killed with kill -9 on
# three days (twice once it is recorded running and has committed actions,
# once at a random moment; the run is stopped and let go 2 ms at a time, so
# the kill falls there however fast the run is), then run again: still the
# same rows as the reference's one clean run. The writes go on the machine's
# own clock with explicit dates (--at, --as-of), as run_oracle.sh's do; only
# the runs get the test clock.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

# chunks of 8 customers (a commit every 64): a watched run of a few dozen customers still reads
# several chunks of them; 2 (a commit every 16) for the runs killed and run again, so that a kill
# falls between commits (2 throughout: each commit costs a sync of the log, and a run of the whole
# book took 0.5-0.8 s under ASan on a busy machine, against 0.4-0.5 s with 8 and 0.3 s with 512)
export RECOUP_RUN_CHUNK=8
source "$SRCDIR/tests/integration/run_oracle.sh"

# oracle_books' portfolio, imported once and copied (importing it twice was an eighth of the test's time)
oracle_books
ref=$(db_copy "$RECOUP_DB" full)
BOOKS=("$RECOUP_DB" "$ref")
mkdir "$TMP/letters0" "$TMP/letters1"
# open_nth (run_oracle.sh) in one statement, the same rows: on PostgreSQL each psql is a
# connection (50 ms on a busy machine), and writes asks open_nth about ten times a day
open_nth() {
	sql "SELECT c.ref, i.ref, i.currency, i.balance, i.id FROM invoice i JOIN customer c ON c.id = i.customer_id
	     WHERE i.balance > 0 ORDER BY i.due_date > '$1', i.id LIMIT 1
	     OFFSET COALESCE(($2 - 1) % NULLIF((SELECT count(*) FROM invoice WHERE balance > 0), 0), 0)" | tr '|' ' '
}
# each customer's currency, from the generated file
declare -A CURRENCY
while read -r c cur; do CURRENCY[$c]=$cur; done < <(python3 -c '
import csv, sys
for r in csv.DictReader(open(sys.argv[1], newline="")):
    print(r["customer_ref"], r["currency"])' "$TMP/gen/customers.csv")
# PostgreSQL spends identity values in a killed transaction: its books are compared by ranks
rank=
[[ $TEST_BACKEND == postgres ]] && rank=ranked

# run_today DB OUT [VAR=VALUE...]: DB's run of $day on a machine whose clock reads $day $hour:00 UTC
hour=05
run_today() {
	local db=$1 out=$2 rc i
	shift 2
	clock_env "${day}T$hour:00:00Z"
	# on PostgreSQL a killed run's session may hold the run lock until the server notices (exit 3)
	for i in $(seq 50); do
		rc=0
		env "$@" "${CLOCK_ENV[@]}" "$RECOUP" --db "$db" run --as-of "$day" --now "${day}T$hour:00:00Z" \
			--format json >"$out" 2>"$TMP/run.err" || rc=$?
		[[ $rc == 3 ]] || break
		sleep 0.2
	done
	if [[ $rc != 0 ]]; then
		fail "day $day: the run of $db exits 0" "exit $rc: $(cat "$TMP/run.err")"
		return 1
	fi
	# what the invocation visited is its own (the reference visits everyone): noted, then left out of the comparison
	python3 -c 'import json, sys
o = json.load(open(sys.argv[1]))
with open(sys.argv[2], "a") as f:
    print(sys.argv[3], o.pop("visit"), o.pop("customers_visited"), file=f)
json.dump(o, open(sys.argv[1], "w"), indent=2)' "$out" "$TMP/visits" "$db"
}

bad=0
# compare WHAT: the books' rows and the last runs' summaries are the same, else a failure naming the day
compare() {
	dump_one "$RECOUP_DB" "$TMP/watch.txt" $rank
	dump_one "$ref" "$TMP/full.txt" $rank
	if ! cmp -s "$TMP/run-full.json" "$TMP/run-watch.json" || ! cmp -s "$TMP/full.txt" "$TMP/watch.txt"; then
		fail "day $day ($1): the watched run records what the run visiting everyone records" \
			"$(diff -u "$TMP/run-full.json" "$TMP/run-watch.json" | sed -n '3,20p')" \
			"$(diff -u "$TMP/full.txt" "$TMP/watch.txt" | sed -n '3,60p')"
		bad=1
	fi
	compared=$((compared + 1))
}

# both_runs WHAT: the reference's run and the watched one, compared. The watched run reads its
# customers ahead while the agreements' reviews write (app/run.c, watch_ahead); on odd days the read
# ahead is done before the reviews begin (RECOUP_RUN_AHEAD=wait), so that every mark a review writes
# (a promise broken or kept, a plan's instalment missed) comes after it and must be added. On every
# other even day the start takes the last 3 due ones from the end first and the read ahead the rest
# up to them (RECOUP_RUN_AHEAD=split:3; watch_ahead_meet), where the two otherwise meet where their
# speeds make them.
both_runs() {
	local ahead=
	((i % 2)) && ahead=wait
	((i % 4 == 2)) && ahead=split:3
	run_today "$ref" "$TMP/run-full.json" RECOUP_RUN_WATCH=0 || { bad=1 && return; }
	run_today "$RECOUP_DB" "$TMP/run-watch.json" RECOUP_RUN_AHEAD=$ahead || { bad=1 && return; }
	compare "$1"
}

# killed_run HOW: the reference's run; the watched book's run killed with kill -9, then run again;
# compared. The run is stopped at once (SIGSTOP) and let go 2 ms at a time, so that the kill falls
# where it should however fast the run is: HOW commit, once the run is recorded running and has
# committed actions (the count moved); random, after a random number of steps within the time the
# reference's run took.
midway=0
RANDOM=985
alive() { # pid: not ended (a process that ended and was not waited for yet is a zombie)
	local st
	st=$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null) && [[ $st != Z ]]
}
killed_run() {
	local before pid state n ms steps now
	ms=$(date +%s%N)
	run_today "$ref" "$TMP/run-full.json" RECOUP_RUN_WATCH=0 || { bad=1 && return; }
	ms=$((($(date +%s%N) - ms) / 1000000))
	before=$(sql "SELECT count(*) FROM action")
	clock_env "${day}T$hour:00:00Z"
	# the binary itself (env execs it): $! is the run's own pid
	RECOUP_RUN_CHUNK=2 "${CLOCK_ENV[@]}" "$RECOUP" --db "$RECOUP_DB" run --as-of "$day" --now "${day}T$hour:00:00Z" \
		>/dev/null 2>&1 &
	pid=$!
	track_pid "$pid"
	kill -STOP "$pid"
	steps=$((RANDOM % (ms / 2 + 1)))
	for _ in $(seq 5000); do
		if [[ $1 == random ]]; then
			((steps-- > 0)) || break
		else
			# read while the run is stopped anywhere, it may be stopped in the middle of writing
			# the log's shared index: SQLite then answers SQLITE_PROTOCOL ("locking protocol",
			# seen once in make check, 2026-12-06): not moved yet, the run goes on a step
			now=$(sql "SELECT count(*) FROM action WHERE EXISTS (SELECT 1 FROM run WHERE run_date = '$day'
			                                                     AND state = 'running')" 2>/dev/null) || now=$before
			((now > before)) && break
		fi
		# a run that ended as it was stopped (SIGSTOP does not stop a process already exiting) is
		# gone, and may be reaped by now: kill then fails, and the loop is over
		kill -CONT "$pid" 2>/dev/null || break
		sleep 0.002
		kill -STOP "$pid" 2>/dev/null || true
		alive "$pid" || break
	done
	if alive "$pid"; then
		state=$(sql "SELECT state FROM run WHERE run_date = '$day'" 2>/dev/null) || state="unknown (the file busy)"
	else
		state=ended
	fi
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	n=$(($(sql "SELECT count(*) FROM action") - before))
	echo "# day $day: the watched run killed ($1) with $n actions recorded, the run ${state:-not started}"
	[[ $state == running ]] && midway=$((midway + 1))
	run_today "$RECOUP_DB" "$TMP/run-watch.json" RECOUP_RUN_CHUNK=2 || { bad=1 && return; }
	compare "killed, run again"
}

# payments CSV lines on stdin (customer,invoice,amount,currency; invoice empty: unapplied) imported
# as of $day on both books, each with a ref of its own
pay_n=0
pay() {
	local c inv amount cur
	echo "payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date" >"$TMP/wpay.csv"
	while IFS=, read -r c inv amount cur; do
		pay_n=$((pay_n + 1))
		echo "P-W$pay_n,$c,$inv,$day,$amount,$cur,transfer,cleared," >>"$TMP/wpay.csv"
	done
	both import payments "$TMP/wpay.csv" --as-of "$day"
}

# invoices_new: a new file of invoices ($TMP/winv.csv), which invoice fills and invoices_import imports
invoices_new() {
	echo "invoice_ref,customer_ref,issue_date,due_date,currency,amount,description,po_ref,delivery_note_ref,signed,product" \
		>"$TMP/winv.csv"
}
invoices_import() { both import invoices "$TMP/winv.csv" --as-of "$day"; }
# invoice CUSTOMER ISSUE DUE AMOUNT [REF]: a new invoice of the customer in its currency
inv_n=0
invoice() {
	inv_n=$((inv_n + 1))
	echo "${5:-W-$inv_n},$1,$2,$3,${CURRENCY[$1]},$4,watch,,,false," >>"$TMP/winv.csv"
}

# flag CUSTOMER FLAG [OPTIONS...] and unflag: at 03:00 of the day
flag() { both_try customer flag "$@" --at "$at" --reason watch; }
unflag() { both_try customer unflag "$@" --at "$at" --reason watch; }

# contact_of CUSTOMER [WHERE]: the ref of the customer's first contact (that WHERE, over k)
contact_of() {
	sql "SELECT k.ref FROM contact k JOIN customer c ON c.id = k.customer_id WHERE c.ref = '$1' ${2:+AND $2}
	     ORDER BY k.id LIMIT 1"
}

# current promise|plan|settlement N: the Nth (counting round) current promise (not yet due) or
# agreement of that kind: its id, its customer's ref, the ref of its first invoice, its currency,
# and the promise's amount or that invoice's balance
current() {
	local n
	if [[ $1 == promise ]]; then
		n=$(sql "SELECT count(*) FROM promise WHERE state = 'current' AND date >= '$day'")
		((n > 0)) || return 0
		sql "SELECT p.id, c.ref, i.ref, p.currency, p.amount FROM promise p JOIN customer c ON c.id = p.customer_id
		     JOIN promise_invoice pi ON pi.promise_id = p.id JOIN invoice i ON i.id = pi.invoice_id
		     WHERE p.state = 'current' AND p.date >= '$day' ORDER BY p.id, i.id LIMIT 1 OFFSET $((($2 - 1) % n))" |
			tr '|' ' '
	else
		n=$(sql "SELECT count(*) FROM agreement WHERE kind = '$1' AND state = 'current'")
		((n > 0)) || return 0
		sql "SELECT a.id, c.ref, i.ref, a.currency, i.balance FROM agreement a JOIN customer c ON c.id = a.customer_id
		     JOIN agreement_invoice ai ON ai.agreement_id = a.id JOIN invoice i ON i.id = ai.invoice_id
		     WHERE a.kind = '$1' AND a.state = 'current' ORDER BY a.id, i.id LIMIT 1 OFFSET $((($2 - 1) % n))" |
			tr '|' ' '
	fi
}

# the writes of this test, beside run_oracle.sh's, a few a day
watch_writes() { # day index
	local i=$2 at="${1}T03:00:00Z" k n c due
	# new invoices every day, due long ago, a fortnight ago, today, soon and later, so that the
	# days' payments (writes: each invoice due is paid within nine days) leave the book owing
	# (imported at the end, with the day's other new invoices)
	invoices_new
	for n in -35 -12 0 5 12; do
		c=$(printf 'C%07d' $(((i * 37 + (n + 35) * 71) % 300 + 1)))
		due=$(date -u -d "$day + $n days" +%F)
		invoice "$c" "$(date -u -d "$due - 30 days" +%F)" "$due" "$((100 + i * 13 + n * n)).00" "D-$i-$((n + 35))"
	done
	case $i in
	1)
		both user add mgr --role manager
		both user add boss --role admin
		both user add col1 --role collector
		set -- $(near "$day" -5 3 1)
		pay <<<"$1,,$(decimal $(($4 / 3 + 1))),$3" # unapplied
		set -- $(near "$day" -8 2 2)
		both customer set "$1" timezone=Pacific/Kiritimati
		;;
	3)
		# strategies of the tenant's own whose segments move with time and money: days past due
		# within a window, a balance range, risk bands; a fee, interest, and both conditions
		cat >"$TMP/window.json" <<'JSON'
{ "name": "dpd-window", "priority": 30,
  "segment": { "kind": "any", "dpd": { "min": 12, "max": 40 }, "balance": { "min": "150.00", "max": "6000.00" } },
  "steps": [
    { "name": "window-mail", "offset_days": 12, "action": "email", "template": "default", "priority": 20 },
    { "name": "window-text", "offset_days": 16, "action": "sms", "template": "default",
      "conditions": { "only_if_no_answer": true } },
    { "name": "window-fee", "offset_days": 18, "action": "fee", "fee": { "amount": "5.00" } },
    { "name": "window-call", "offset_days": 20, "action": "call", "template": "default",
      "conditions": { "not_while_promise": true } },
    { "name": "window-interest", "offset_days": 24, "action": "interest", "interest": { "monthly_percent": "1" } },
    { "name": "window-letter", "offset_days": 28, "action": "letter", "template": "default",
      "conditions": { "min_balance": "300.00" } } ] }
JSON
		cat >"$TMP/risky.json" <<'JSON'
{ "name": "risky", "priority": 40, "segment": { "kind": "person", "risk_bands": ["D", "E"] },
  "steps": [ { "name": "risky-call", "offset_days": 2, "action": "call", "template": "default" },
             { "name": "risky-letter", "offset_days": 9, "action": "letter", "template": "default" } ] }
JSON
		both strategy set dpd-window "$TMP/window.json"
		both strategy set risky "$TMP/risky.json"
		each_book send --letters-to "$TMP/letters{}" --now "${day}T04:30:00Z"
		;;
	4)
		set -- $(near "$day" -6 1 3)
		k=$(contact_of "$1" "k.email <> ''")
		[[ -n $k ]] && flag "$1" optout-email
		set -- $(near "$day" -10 -1 4)
		both_try dispute open "$1" --invoice "$2" --reason wrong_price --deadline "$(date -u -d "$day + 5 days" +%F)" \
			--at "$at"
		set -- $(near "$day" -20 0 5)
		invoice "$1" "$(date -u -d "$day - 30 days" +%F)" "$day" 321.00 # due today
		;;
	5)
		set -- $(near "$day" -12 0 6)
		flag "$1" bankrupt
		# on invoices not due yet, which writes' payments leave alone: settled by its amount
		set -- $(near "$day" 6 20 7)
		both_try settlement offer "$1" --invoice "$2" --pay "$(decimal $(($4 * 7 / 10)))" \
			--by "$(date -u -d "$day + 4 days" +%F)" --at "$at" --by-user mgr
		set -- $(near "$day" -10 0 8)
		invoice "$1" "$(date -u -d "$day + 3 days" +%F)" "$(date -u -d "$day + 6 days" +%F)" 77.00 # issued later
		;;
	6)
		set -- $(near "$day" -9 0 9)
		flag "$1" attorney
		both rules closed-day "$(date -u -d "$day + 2 days" +%F)" --name "watch day"
		set -- $(near "$day" 10 25 9)
		both_try promise add "$1" --amount "$(decimal $(($4 / 2 + 1)))" --date "$(date -u -d "$day + 2 days" +%F)" \
			--invoice "$2" --at "$at" # left to break
		;;
	7)
		set -- $(near "$day" -7 2 10)
		{
			echo "contact_ref,customer_ref,name,role,phone,email,timezone,pays_bills,best_time,notes"
			echo "CT-W7,$1,Pat Payer,accounts_payable,+12125550123,pat.payer@example.com,America/New_York,true,,"
		} >"$TMP/wcontact.csv"
		both import contacts "$TMP/wcontact.csv" --as-of "$day"
		;;
	8)
		set -- $(near "$day" -6 0 11)
		flag "$1" forbearance --detail "$(date -u -d "$day + 3 days" +%F)T12:00:00Z"
		set -- $(near "$day" -14 -3 12)
		both_try agency place "$1" --agency Watchful --at "$at"
		set -- $(near "$day" 10 25 12)
		both_try plan add "$1" --invoice "$2" --count 2 --every week --first "$(date -u -d "$day + 2 days" +%F)" \
			--at "$at" # left to break
		set -- $(current promise 1)
		(($# == 5)) && pay <<<"$2,$3,$(decimal "$5"),$4" # a promise kept
		set -- $(near "$day" -3 3 13)
		pay <<<"$1,,$(decimal $(($4 / 2 + 1))),$3" # unapplied
		;;
	9)
		set -- $(current settlement 1)
		if (($# == 5)); then
			# what the settlement asks, on its invoice: paid, the rest written off by the run
			pay <<<"$2,$3,$(decimal "$(sql "SELECT amount FROM agreement WHERE id = $1")"),$4"
		fi
		set -- $(near "$day" -5 1 14)
		k=$(contact_of "$1")
		[[ -n $k ]] && both_try contact log --contact "$k" --channel email --outcome right_party --inbound --at "$at"
		;;
	10)
		set -- $(sql "SELECT c.ref FROM customer_flag f JOIN customer c ON c.id = f.customer_id
		              WHERE f.flag = 'bankrupt' AND f.cleared_at IS NULL ORDER BY f.id LIMIT 1")
		(($# == 1)) && unflag "$1" bankrupt
		set -- $(near "$day" -30 -5 15)
		both_try credit hold "$1" --reason watch --at "$at"
		set -- $(near "$day" -9 -1 16)
		k=$(contact_of "$1" "k.phone <> ''")
		[[ -n $k ]] && both_try contact log --contact "$k" --channel call --outcome promise --at "$at" \
			--note "promised $(decimal $(($4 / 2 + 1))) $3 by $(date -u -d "$day + 5 days" +%F)"
		;;
	11)
		set -- $(current promise 1)
		(($# == 5)) && both_try promise cancel "$1" --reason "renegotiated" --at "$at"
		;;
	12)
		set -- $(near "$day" -8 0 17)
		flag "$1" deceased
		set -- $(near "$day" -6 0 18)
		k=$(contact_of "$1" "k.phone <> ''")
		[[ -n $k ]] && both_try contact log --contact "$k" --channel call --outcome callback --at "$at" \
			--callback-at "$(date -u -d "$day + 1 day" +%F)T14:00:00Z"
		set -- $(near "$day" 8 20 19)
		both_try settlement offer "$1" --invoice "$2" --pay "$(decimal $(($4 * 8 / 10)))" \
			--by "$(date -u -d "$day + 3 days" +%F)" --at "$at" --by-user mgr # left to lapse
		;;
	13)
		set -- $(sql "SELECT c.ref FROM customer_flag f JOIN customer c ON c.id = f.customer_id
		              WHERE f.flag = 'attorney' AND f.cleared_at IS NULL ORDER BY f.id LIMIT 1")
		(($# == 1)) && unflag "$1" attorney
		set -- $(near "$day" -25 -5 20)
		both_try writeoff "$1" --invoice "$2" --reason "insolvent, nothing to recover" --at "$at" --by mgr
		set -- $(sql "SELECT id FROM agreement WHERE kind = 'write_off' AND state = 'pending_approval' ORDER BY id LIMIT 1")
		(($# == 1)) && both_try approval approve "$1" --at "$at" --by boss
		set -- $(near "$day" 6 20 21)
		both_try dispute open "$1" --invoice "$2" --reason damaged --at "$at"
		set -- $(near "$day" -3 3 21)
		both_try credit set "$1" --application-signed "$day" --references-checked "$day" --at "$at"
		invoice "$1" "$(date -u -d "$day - 14 days" +%F)" "$day" 45.50 # due today
		;;
	14)
		set -- $(sql "SELECT d.id, i.balance FROM dispute d JOIN invoice i ON i.id = d.invoice_id
		              WHERE d.state = 'open' AND i.balance > 1 ORDER BY d.id DESC LIMIT 1" | tr '|' ' ')
		(($# == 2)) && both_try dispute resolve "$1" --outcome credited --credit "$(decimal $(($2 / 4 + 1)))" --at "$at"
		set -- $(near "$day" -40 -10 22)
		both_try legal mark "$1" --state filed --at "$at" --by mgr
		printf '%%PDF-1.4\n%% watch\n1 0 obj << >> endobj\ntrailer << >>\n%%%%EOF\n' >"$TMP/signed.pdf"
		set -- $(near "$day" -5 5 23)
		both_try document add "$1" "$TMP/signed.pdf" --invoice "$2" --kind signed --by mgr
		;;
	15)
		set -- $(near "$day" -4 2 24)
		both customer set "$1" region=WN
		;;
	16)
		# an address opted out: the email of a contact of an account near due
		set -- $(sql "SELECT c.ref, k.email FROM invoice i JOIN customer c ON c.id = i.customer_id
		              JOIN contact k ON k.customer_id = c.id WHERE i.balance > 0 AND k.email <> ''
		              AND i.due_date BETWEEN '$(date -u -d "$day - 7 days" +%F)' AND '$day'
		              ORDER BY i.id, k.id LIMIT 1" | tr '|' ' ')
		(($# == 2)) && flag "$1" optout --address "$2"
		set -- $(near "$day" -5 0 26)
		flag "$1" optout-call
		set -- $(sql "SELECT c.ref FROM account_hold h JOIN customer c ON c.id = h.customer_id
		              WHERE h.kind = 'placed' AND h.ended_at IS NULL ORDER BY h.id LIMIT 1")
		(($# == 1)) && both_try agency recall "$1" --at "$at"
		set -- $(current promise 1)
		(($# == 5)) && pay <<<"$2,$3,$(decimal $(($5 / 3 + 1))),$4" # a promise partly kept
		;;
	17)
		set -- $(near "$day" -6 2 27)
		k=$(contact_of "$1")
		[[ -n $k ]] && both_try contact set "$k" phone=+15555550199 timezone=America/Los_Angeles role=accounts_payable
		set -- $(sql "SELECT c.ref FROM credit_hold h JOIN customer c ON c.id = h.customer_id
		              WHERE h.source = 'hand' AND h.released_at IS NULL ORDER BY h.id LIMIT 1")
		(($# == 1)) && both_try credit release "$1" --reason watch --at "$at"
		;;
	18)
		# a contact-rules profile edited (emails on Saturdays too, two a day), a new one given
		# to a customer, the promises' tolerance
		"$RECOUP" --db "$RECOUP_DB" rules show b2b --format json | python3 -c '
import json, sys
p = json.load(sys.stdin)
p["windows"]["email"]["sat"] = ["09:00-13:00"]
for c in p["caps"]:
    if c["code"] == "cap_email_24h":
        c["count"] = 2
json.dump(p, sys.stdout)' >"$TMP/b2b.json"
		both rules set b2b "$TMP/b2b.json"
		python3 -c '
import json, sys
p = json.load(open(sys.argv[1]))
p["name"] = "b2b-quiet"
for d in ("mon", "tue", "wed", "thu", "fri"):
    p["windows"]["call"][d] = ["08:00-12:00"]
    p["preferred"]["call"][d] = ["09:00-11:00"]
json.dump(p, sys.stdout)' "$TMP/b2b.json" >"$TMP/quiet.json"
		both rules set b2b-quiet "$TMP/quiet.json"
		set -- $(sql "SELECT c.ref FROM customer c JOIN invoice i ON i.customer_id = c.id WHERE c.kind = 'company'
		              AND i.balance > 0 AND i.due_date BETWEEN '$(date -u -d "$day - 10 days" +%F)' AND '$day'
		              ORDER BY i.id LIMIT 1")
		(($# == 1)) && both customer set "$1" profile=b2b-quiet
		both promise settings --tolerance-days 1 --tolerance-percent 5
		set -- $(current plan 1)
		(($# == 5)) && both_try plan cancel "$1" --reason "renegotiated" --at "$at"
		;;
	19)
		set -- $(sql "SELECT c.ref FROM customer_flag f JOIN customer c ON c.id = f.customer_id
		              WHERE f.flag = 'deceased' AND f.cleared_at IS NULL ORDER BY f.id LIMIT 1")
		(($# == 1)) && unflag "$1" deceased
		set -- $(near "$day" -14 -2 28)
		both_try settlement offer "$1" --invoice "$2" --pay "$(decimal $(($4 * 7 / 10)))" --request-approval \
			--by "$(date -u -d "$day + 6 days" +%F)" --at "$at" --by-user col1
		set -- $(sql "SELECT id FROM agreement WHERE kind = 'settlement' AND state = 'pending_approval' ORDER BY id LIMIT 1")
		(($# == 1)) && both_try approval approve "$1" --at "$at" --by mgr
		set -- $(near "$day" -2 4 29)
		pay <<<"$1,,$(decimal $(($4 + 500))),$3" # unapplied, more than owed
		each_book send --letters-to "$TMP/letters{}" --now "${day}T04:30:00Z"
		;;
	21)
		set -- $(sql "SELECT id FROM dispute WHERE state = 'open' ORDER BY id LIMIT 1")
		(($# == 1)) && both_try dispute resolve "$1" --outcome upheld --at "$at"
		set -- $(near "$day" -8 0 30)
		{
			echo "flag_ref,customer_ref,flag,contact_ref,invoice_ref,address,detail,set_by,set_at,reason,cleared_at,cleared_by,cleared_reason"
			echo "FL-W21-1,$1,optout-sms,,,,,collections,$at,by text,,,"
			echo "FL-W21-2,$1,cease,,,,,collections,${day}T01:00:00Z,by letter,${day}T02:00:00Z,collections,withdrawn"
		} >"$TMP/wflags.csv"
		both import flags "$TMP/wflags.csv" --as-of "$day"
		invoice "$1" "$(date -u -d "$day + 2 days" +%F)" "$(date -u -d "$day + 12 days" +%F)" 58.00 # issued later
		set -- $(near "$day" -10 0 31)
		both customer set "$1" credit_limit=10.00
		;;
	22)
		set -- $(near "$day" -8 0 32)
		k=$(contact_of "$1" "k.phone <> ''")
		[[ -n $k ]] && both_try contact log --contact "$k" --channel call --outcome refused --at "$at"
		set -- $(near "$day" -6 2 44)
		flag "$1" consent
		;;
	23)
		set -- $(near "$day" -7 1 33)
		k=$(contact_of "$1" "k.phone <> ''")
		[[ -n $k ]] && flag "$1" wrong-number --contact "$k"
		set -- $(near "$day" -16 -3 34)
		both_try settlement offer "$1" --invoice "$2" --pay "$(decimal $(($4 * 7 / 10)))" --request-approval \
			--by "$(date -u -d "$day + 6 days" +%F)" --at "$at" --by-user col1
		set -- $(sql "SELECT id FROM agreement WHERE kind = 'settlement' AND state = 'pending_approval' ORDER BY id LIMIT 1")
		(($# == 1)) && both_try approval reject "$1" --reason "too much waived" --at "$at" --by mgr
		set -- $(near "$day" -30 -2 35)
		invoice "$1" "$(date -u -d "$day - 20 days" +%F)" "$day" 150.00 # due today
		;;
	24)
		# a bank file: a twentieth of each of 60 invoices near due
		pay < <(sql "SELECT c.ref, i.ref, i.balance, i.currency FROM invoice i JOIN customer c ON c.id = i.customer_id
		             WHERE i.balance > 100 AND i.due_date BETWEEN '$(date -u -d "$day - 40 days" +%F)'
		             AND '$(date -u -d "$day + 10 days" +%F)' AND i.issue_date <= '$day' ORDER BY i.id LIMIT 60" |
			while IFS='|' read -r c inv bal cur; do echo "$c,$inv,$(decimal $((bal / 20))),$cur"; done)
		set -- $(current plan 1)
		(($# == 5)) && pay <<<"$2,$3,$(decimal "$(sql "SELECT amount FROM agreement_instalment WHERE agreement_id = $1
		                                               ORDER BY seq LIMIT 1")"),$4" # an instalment
		set -- $(near "$day" -5 0 36)
		both customer set "$1" language=fr
		;;
	25)
		set -- $(near "$day" -10 0 37)
		flag "$1" time-barred --invoice "$2"
		both_try user disable collector5
		both_try assign
		;;
	26)
		# the authority (a plan breaks one day after an instalment is missed), the credit policy,
		# the default contact-rules profile, the legal settings; a promise cancelled; a payer
		"$RECOUP" --db "$RECOUP_DB" authority show | python3 -c '
import json, sys
a = json.load(sys.stdin)
a["plan_grace_days"] = 1
json.dump(a, sys.stdout)' >"$TMP/authority.json"
		both authority set "$TMP/authority.json"
		both credit policy --overdue-days 30 --nsf-fee-bp 500
		both rules default b2b
		both legal set min_balance=500.00
		set -- $(current promise 2)
		(($# == 5)) && both_try promise cancel "$1" --reason "renegotiated" --at "$at"
		set -- $(near "$day" -4 2 38)
		k=$(contact_of "$1" "k.pays_bills = 0")
		[[ -n $k ]] && both_try contact set "$k" pays_bills=true
		;;
	27)
		set -- $(near "$day" -6 1 39)
		both_try customer flag "$1" inconvenient-time --detail "mon-fri 08:00-12:00" --at "$at"
		set -- $(near "$day" -9 0 40)
		# the generated row, its zone and address changed
		python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
w = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
w.writeheader()
for r in rows:
    if r["customer_ref"] == sys.argv[2]:
        r["timezone"], r["address"] = "America/Anchorage", "1 Watch Way, Anchorage, AK 99501"
        w.writerow(r)' "$TMP/gen/customers.csv" "$1" >"$TMP/wcust.csv"
		both import customers --update "$TMP/wcust.csv" --by watch
		set -- $(near "$day" -1 5 41)
		pay <<<"$1,,$(decimal $(($4 / 4 + 1))),$3" # unapplied
		;;
	28)
		set -- $(near "$day" -8 1 42)
		k=$(contact_of "$1")
		if [[ -n $k ]]; then
			{
				echo "attempt_ref,contact_ref,at,channel,outcome,invoice_ref,address,spoke_with,note,inbound"
				echo "AT-W28-1,$k,${day}T02:00:00Z,email,right_party,$2,,,wrote back,true"
				echo "AT-W28-2,$k,${day}T02:30:00Z,call,no_answer,$2,,,,false"
			} >"$TMP/whist.csv"
			both import contact-history "$TMP/whist.csv" --as-of "$day"
		fi
		set -- $(sql "SELECT c.ref FROM legal_event e JOIN customer c ON c.id = e.customer_id ORDER BY e.id LIMIT 1")
		(($# == 1)) && both_try legal mark "$1" --state judgment --at "$at" --by mgr
		both_try user enable collector5
		;;
	30)
		both_try user set collector12 --team dpd-window
		both_try assign
		;;
	esac
	invoices_import
}

# the writes made after a day's first run (at 05:00) and before its second (at 07:00)
rerun_writes() {
	local at="${day}T06:00:00Z"
	# a payment in full of an invoice a step of today's run is for, a cease on another, and an
	# invoice due long ago on a third
	set -- $(sql "SELECT c.ref, i.ref, i.currency, i.balance FROM action a JOIN action_invoice ai ON ai.action_id = a.id
	              JOIN invoice i ON i.id = ai.invoice_id JOIN customer c ON c.id = i.customer_id
	              WHERE a.run_date = '$day' AND a.state = 'scheduled' AND i.balance > 0 ORDER BY a.id LIMIT 1" |
		tr '|' ' ')
	(($# == 4)) && pay <<<"$1,$2,$(decimal "$4"),$3"
	set -- $(sql "SELECT c.ref FROM action a JOIN customer c ON c.id = a.customer_id
	              WHERE a.run_date = '$day' AND a.state = 'scheduled' ORDER BY a.id DESC LIMIT 1")
	(($# == 1)) && both_try customer flag "$1" cease --at "$at" --reason "asked by letter"
	set -- $(near "$day" -3 3 43)
	invoices_new
	invoice "$1" "$(date -u -d "$day - 80 days" +%F)" "$(date -u -d "$day - 50 days" +%F)" 260.00
	invoices_import
}

compared=0
t0=$(date +%s)
for i in $(seq 0 31); do
	day=$(date -u -d "$START + $i days" +%F)
	case $i in
	0 | 2 | 20) ;; # no writes: what changes, changes with time alone
	*)
		writes "$day" "$i"
		watch_writes "$day" "$i"
		;;
	esac
	case $i in
	14 | 15 | 16) continue ;; # no run for three days: the next catches up
	11 | 24) killed_run commit ;;
	29) killed_run random ;;
	*) both_runs "the day's run" ;;
	esac
	((bad == 0)) || break
	case $i in
	9)
		rerun_writes
		hour=07
		both_runs "run again after writes"
		hour=05
		;;
	22) both_runs "run again" ;;
	esac
	((bad == 0)) || break
done
echo "# $compared comparisons in $(($(date +%s) - t0)) s"
[[ $bad == 0 ]] && pass "32 days of writes of every kind: every row the same in the watched run as in the full one"
expect_eq "a kill -9 fell within a run (its record running) at least once" 1 "$((midway >= 1))"
actions=$(sql "SELECT count(*) FROM action")
new_last=$(sql "SELECT count(*) FROM action WHERE run_date = '$day' AND state <> 'superseded'")
echo "# $actions actions in all, $new_last on the last day"
expect_eq "the runs recorded actions day after day" 1 "$((actions > 300 && new_last > 0))"
more_writes_done
# the watched book visited only the customers whose outcome could change on most days, fewer than everyone
watched=$(grep -c "^$RECOUP_DB watched " "$TMP/visits" || true)
everyone=$(grep "^$ref everyone " "$TMP/visits" | awk '{ print $3 }' | sort -n | tail -1)
fewest=$(grep "^$RECOUP_DB watched " "$TMP/visits" | awk '{ print $3 }' | sort -n | head -1)
echo "# watched runs: $watched; visits of a watched run: $fewest to $(grep "^$RECOUP_DB watched " "$TMP/visits" | awk '{ print $3 }' | sort -n | tail -1), of $everyone"
expect_eq "most runs of the watched book visited the watched customers alone" 1 "$((watched >= 20))"
expect_eq "and a watched run visits fewer customers than everyone" 1 "$((fewest < everyone))"

# each kind of watch_writes happened: a pick that found nothing, or a write refused by both books
# alike (both_try), would leave a kind untried silently. Each line: a name, then what counts rows
# (one query for all: on PostgreSQL each psql is a connection).
bank_day=$(date -u -d "$START + 24 days" +%F)
checks=(
	"unapplied|count(*) FROM payment WHERE ref LIKE 'P-W%' AND invoice_id IS NULL"
	"bank file|CASE WHEN count(*) >= 30 THEN 1 ELSE 0 END FROM payment WHERE ref LIKE 'P-W%' AND date = '$bank_day'"
	"invoices|count(*) FROM invoice WHERE ref LIKE 'W-%'"
	"daily invoices|CASE WHEN count(*) = 5 * 29 THEN 1 ELSE 0 END FROM invoice WHERE ref LIKE 'D-%'"
	"bankrupt lifted|count(*) FROM customer_flag WHERE flag = 'bankrupt' AND cleared_at IS NOT NULL"
	"attorney lifted|count(*) FROM customer_flag WHERE flag = 'attorney' AND cleared_at IS NOT NULL"
	"deceased lifted|count(*) FROM customer_flag WHERE flag = 'deceased' AND cleared_at IS NOT NULL"
	"forbearance|count(*) FROM customer_flag WHERE flag = 'forbearance'"
	"optout-email|count(*) FROM customer_flag WHERE flag = 'optout-email'"
	"optout-call|count(*) FROM customer_flag WHERE flag = 'optout-call'"
	"optout-sms|count(*) FROM customer_flag WHERE flag = 'optout-sms'"
	"optout|count(*) FROM customer_flag WHERE flag = 'optout'"
	"wrong-number|count(*) FROM customer_flag WHERE flag = 'wrong-number'"
	"time-barred|count(*) FROM customer_flag WHERE flag = 'time-barred'"
	"inconvenient-time|count(*) FROM customer_flag WHERE flag = 'inconvenient-time'"
	"consent|count(*) FROM customer_flag WHERE flag = 'consent' AND set_at >= '$START'"
	"dispute deadline|count(*) FROM dispute WHERE deadline IS NOT NULL"
	"credited|count(*) FROM dispute WHERE state = 'credited'"
	"upheld|count(*) FROM dispute WHERE state = 'upheld'"
	"kept|count(*) FROM promise WHERE state = 'kept'"
	"partially kept|count(*) FROM promise WHERE state = 'partially_kept'"
	"broken|count(*) FROM promise WHERE state = 'broken'"
	"promises cancelled|CASE WHEN count(*) >= 2 THEN 1 ELSE 0 END FROM promise WHERE end_reason = 'renegotiated'"
	"promised in a call|count(*) FROM contact_attempt WHERE outcome = 'promise' AND note LIKE 'promised %' AND at >= '$START'"
	"plan cancelled|count(*) FROM agreement WHERE kind = 'plan' AND state = 'cancelled'"
	"plan broken|count(*) FROM agreement WHERE kind = 'plan' AND state = 'broken'"
	"settlement paid, the rest written off|count(*) FROM agreement WHERE kind = 'settlement' AND state = 'paid'
	                                      AND end_reason NOT LIKE '%; 0.00 % written off%'"
	"settlement lapsed|count(*) FROM agreement WHERE kind = 'settlement' AND state = 'lapsed'"
	"settlement rejected|count(*) FROM agreement WHERE kind = 'settlement' AND state = 'rejected'"
	"settlement approved|count(*) FROM agreement WHERE kind = 'settlement' AND decided_by = 'mgr' AND state <> 'rejected'"
	"write-off|count(*) FROM agreement WHERE kind = 'write_off' AND state = 'posted'"
	"contact added|count(*) FROM contact WHERE ref = 'CT-W7'"
	"contact changed|count(*) FROM contact WHERE phone = '+15555550199' AND role = 'accounts_payable'"
	"inbound|count(*) FROM contact_attempt WHERE inbound = 1 AND at >= '$START'"
	"callback|count(*) FROM contact_attempt WHERE outcome = 'callback' AND at >= '$START'"
	"refused|count(*) FROM contact_attempt WHERE outcome = 'refused' AND at >= '$START'"
	"history|count(*) FROM contact_attempt WHERE ref LIKE 'AT-W28-%'"
	"letters|count(*) FROM contact_attempt WHERE channel = 'letter' AND at >= '$START'"
	"timezone|count(*) FROM customer WHERE timezone IN ('Pacific/Kiritimati', 'America/Anchorage')"
	"region|count(*) FROM customer WHERE region = 'WN'"
	"profile|count(*) FROM customer WHERE profile = 'b2b-quiet'"
	"credit limit|count(*) FROM customer WHERE credit_limit = 1000"
	"language|count(*) FROM customer WHERE language = 'fr' AND country <> 'FR'"
	"placed|count(*) FROM account_hold WHERE kind = 'placed'"
	"recalled|count(*) FROM account_hold WHERE kind = 'placed' AND ended_at IS NOT NULL"
	"credit hold released|count(*) FROM credit_hold WHERE source = 'hand' AND released_at IS NOT NULL"
	"credit terms|count(*) FROM customer_credit"
	"legal filed, judgment|CASE WHEN count(*) >= 2 THEN 1 ELSE 0 END FROM legal_event"
	"document|count(*) FROM document"
	"strategies|CASE WHEN count(*) >= 3 THEN 1 ELSE 0 END FROM strategy"
	"profiles|CASE WHEN count(*) >= 2 THEN 1 ELSE 0 END FROM rules_profile"
	"closed day|count(*) FROM tenant_closed_day"
	"tolerance|count(*) FROM promise_setting"
	"credit policy, nsf fee|count(*) FROM credit_policy WHERE nsf_fee_bp = 500"
	"collector disabled, enabled|CASE WHEN count(DISTINCT action) = 3 THEN 1 ELSE 0 END FROM audit_log
	                            WHERE entity = 'user' AND ref = 'collector5'"
	"team|count(*) FROM app_user WHERE team = 'dpd-window'"
)
query=
for c in "${checks[@]}"; do
	query+="${query:+ UNION ALL }SELECT '${c%%|*}', ${c#*|}"
done
kinds=$(sql "$query")
echo "# watch writes:" $kinds
expect_eq "every kind of watch_writes was made" "" "$(printf '%s\n' "$kinds" | grep '|0$' || true)"
finish
