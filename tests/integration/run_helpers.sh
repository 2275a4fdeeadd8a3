# run_helpers.sh: what the daily-run scenario tests (t0600-t0649) share;
# sourced after lib.sh.
#
# The portfolio in tests/data/run: ACME (a company in Sao Paulo, BRL, whose
# accounts-payable clerk pays the bills), WAW (a company in Warsaw, PLN),
# ANA (a person in Sao Paulo, BRL) and NOMAIL (a company in Warsaw with no
# email address). Each test imports its own invoices.

RUN_DATA="$DATA/run"

# run_setup INVOICES_CSV_TEXT: a fresh book with the customers and the invoices given on stdin.
run_setup() {
	recoup import customers "$RUN_DATA/customers.csv" >/dev/null
	recoup import contacts "$RUN_DATA/contacts.csv" >/dev/null
	recoup import invoices "$(csv_file invoices.csv)" >/dev/null
}

# actions_json [OPTIONS...]: `recoup actions --format json` into $TMP/actions.json.
actions_json() {
	recoup actions --format json "$@" >"$TMP/actions.json"
}

# jq_actions EXPR: evaluates a Python expression over the last actions_json
# (`a` is the list of actions) and prints the result.
jq_actions() {
	python3 -c 'import json,sys
a = json.load(open(sys.argv[1]))
r = eval(sys.argv[2])
print(r if not isinstance(r, (list, dict)) else json.dumps(r, sort_keys=True))' "$TMP/actions.json" "$1"
}

# queue_accounts NOW [COLLECTOR]: the accounts `recoup queue` offers COLLECTOR (cy by default)
# at NOW, as sorted "customer_ref/currency" words.
queue_accounts() {
	run recoup queue --collector "${2:-cy}" --now "$1" --format json
	jq_out '" ".join(sorted("%s/%s" % (r["customer_ref"], r["currency"]) for r in o))'
}

# jq_out EXPR: the same over the last `run`'s stdout as JSON (`o`).
jq_out() {
	python3 -c 'import json,sys
o = json.load(open(sys.argv[1]))
r = eval(sys.argv[2])
print(r if not isinstance(r, (list, dict)) else json.dumps(r, sort_keys=True))' "$TMP/out" "$1"
}

# daily_run DATE [OPTIONS...]: `recoup run --as-of DATE --format json`, which must succeed.
# A run records for today or an earlier day only (a day after today is refused): a
# scenario whose day is still ahead of the machine's clock runs on that day's clock
# (libfaketime preloaded by clock_env, lib.sh). Not the faketime wrapper: it makes a
# semaphore named by its pid, which a wrapper killed earlier leaves behind, and with
# pid_max at 32768 a later wrapper given the same pid failed ("sem_open: File exists").
daily_run() {
	local day=$1 clock=()
	shift
	if [[ $day > $(date -u +%F) ]]; then
		clock_env "${day}T05:00:00Z" || return
		clock=("${CLOCK_ENV[@]}")
	fi
	run "${clock[@]}" "$RECOUP" run --as-of "$day" --now "${day}T05:00:00Z" --format json "$@"
	if [[ $status != 0 ]]; then
		fail "recoup run --as-of $day exits 0" "exit $status" "$(cat "$TMP/err")"
	fi
}

# hold_sqlite_run_lock TENANT: a process holding a record lock on byte TENANT
# of the book's run lock file (a classic POSIX lock conflicts with the run's
# open file description lock), as a first run in progress holds it, so that
# a test does not depend on timing (t0611, t0651, t1034). Sets HOLDER to its
# pid (tracked: it ends with the test, or when killed) and returns once the
# lock is held.
hold_sqlite_run_lock() {
	rm -f "$TMP/held"
	/usr/bin/python3 -c 'import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.lockf(fd, fcntl.LOCK_EX, 1, int(sys.argv[2]))
open(sys.argv[3], "w").close()
time.sleep(120)' "$RECOUP_DB-run.lock" "$1" "$TMP/held" &
	HOLDER=$!
	track_pid "$HOLDER"
	for _ in $(seq 100); do
		[[ -e $TMP/held ]] && break
		sleep 0.1
	done
}
