#!/usr/bin/env bash
# Whole numbers on the command line (options and ids) are read the same way
# everywhere (cli_int_text, src/cli/main.c): an optional '-' where the range
# allows one, then digits, nothing else. Each command parsed its own with
# strtol, which skips leading spaces and takes a '+' (so 'queue --limit " 3"'
# was taken while 'user add --capacity " 5"' was refused), and some took an
# out-of-range number silently (strtol stops at LONG_MAX, strtoull turns
# '-3' into 2^64-3, plan --count cast to int before its range check).
# Each value below is refused with the option's own message and exit 2
# (usage: credit policy, user --capacity and the dispute and document ids
# said exit 1, input refused, until 2026-12), nothing changes, and a plain
# number is still taken.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

recoup init >/dev/null
db_snapshot

BAD=(' 3' '+3' '3 ' '' '3x' '99999999999999999999' '-3' '3.0' ' ')

# refused_all EXIT TEMPLATE ARGS...: ARGS with each BAD value in place of
# VALUE exits EXIT with TEMPLATE (printf, %s the value) on stderr. Within
# 20 s: a serve that took its value would serve until stopped.
refused_all() {
	local code=$1 template=$2
	shift 2
	for v in "${BAD[@]}"; do
		local args=()
		for a in "$@"; do
			args+=("${a//VALUE/$v}")
		done
		local msg
		# shellcheck disable=SC2059
		msg=$(printf -- "$template" "$v")
		run timeout 20 "$RECOUP" "${args[@]}"
		expect_eq "recoup ${args[*]} ('$v'): exit $code" "$code" "$status"
		expect_stderr_contains "$msg"
	done
}

refused_all 2 "--limit '%s': expected a whole number from 0 to 100000" queue --limit VALUE
refused_all 2 "--customers '%s' is not a positive integer" generate --customers VALUE --out "$TMP/gen"
refused_all 2 "--seed '%s' is not a non-negative integer" generate --seed VALUE --out "$TMP/gen"
refused_all 2 "--default-dpd '%s' is not a day count" report kpi --from 2026-03-01 --to 2026-03-31 --default-dpd VALUE
refused_all 2 "--months '%s': must be 1 to 36" dashboard refresh --months VALUE
refused_all 2 "--limit: '%s' is not a positive number" send --limit VALUE
refused_all 2 "--mark-sent: '%s' is not an action id" send --mark-sent VALUE
refused_all 2 "--count '%s': expected a whole number from 1 to 120" plan add ACME --count VALUE
refused_all 2 "--tolerance-days '%s': expected a whole number from 0 to 60" promise settings --tolerance-days VALUE
refused_all 2 "--customers '%s' is not a number from 1 to 1000000" demo --customers VALUE --data "$TMP/demo"
refused_all 2 "--threads '%s': must be a whole number from 1 to 256" serve --listen 127.0.0.1:0 --threads VALUE
refused_all 2 "--listen '127.0.0.1:%s': the port must be 0 to 65535" serve --listen "127.0.0.1:VALUE"
refused_all 2 "--max-bytes '%s': expected a positive number" document add ACME "$TMP/x.pdf" --max-bytes VALUE
refused_all 2 "--capacity '%s': expected a whole number from 0 to 1000" user add eve --role collector --capacity VALUE
refused_all 2 "--overdue-days '%s': expected a whole number from 1 to 3650" credit policy --overdue-days VALUE
refused_all 2 "--nsf-fee-bp '%s': expected a whole number from 0 to 10000" credit policy --nsf-fee-bp VALUE

# ids given as arguments (a '-3' there would be read as an option)
BAD=(' 3' '+3' '3 ' '' '3x' '99999999999999999999' '3.0')
refused_all 2 "approval id '%s' is not a number" approval approve VALUE
refused_all 2 "plan id '%s': expected a whole number from 1 to" plan show VALUE
refused_all 2 "dispute id '%s': expected a whole number from 1 to" dispute resolve VALUE --outcome upheld
refused_all 2 "document id '%s': expected a whole number from 1 to" document get VALUE
expect_db_unchanged "no refused value changed anything"

# plain numbers are taken, the ends of the range too
expect_exit 0 recoup queue --limit 3
expect_exit 0 recoup queue --limit 0
expect_exit 0 recoup queue --limit 100000
expect_exit 2 recoup queue --limit 100001
expect_stderr_contains "--limit '100001': expected a whole number from 0 to 100000"
expect_exit 0 recoup generate --customers 3 --seed 7 --as-of 2026-03-31 --out "$TMP/gen"
expect_exit 0 recoup report kpi --from 2026-03-01 --to 2026-03-31 --default-dpd 3
expect_exit 0 recoup dashboard refresh --as-of 2026-03-20 --months 3
expect_exit 0 recoup user add eve --role collector --capacity 3
expect_stdout_contains "user 'eve' added: collector, capacity 3"
expect_exit 0 recoup promise settings --tolerance-days 3
expect_exit 0 recoup credit policy --overdue-days 3
finish
