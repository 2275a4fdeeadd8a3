#!/usr/bin/env bash
# The last numbers, amounts and moments typed on the command line that were
# not the command line's to check (t0658, t0666, t0669 and t0671 did the
# others): each that is none is a usage error (exit 2), the message naming
# the option or key and the value, and changes nothing.
#   config set send.max_attempts|send.backoff|send.timeout: 'abc' exited 1,
#     ' 5' and '+5' were stored (strtol takes a leading space and sign);
#   customer set REF credit_limit=: '9,50' exited 1 (the use case's check);
#   customer flag|unflag REF forbearance --detail MOMENT: 'abc' exited 1;
#   aging --buckets: ' 30', '+30', '30, 60' and '30,' were taken.
# What only the range or the currency can say (send.max_attempts 0, a
# negative or too fine credit_limit) stays an input refusal (exit 1); an
# empty value still clears a setting; good values still work.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

export USER=alice
run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-09-01,2026-10-01,BRL,500.00
W1,WAW,2026-09-01,2026-10-01,PLN,100.00
CSV
recoup config set send.max_attempts 7 >/dev/null
recoup config set send.backoff 120 >/dev/null
recoup customer set ACME credit_limit=2500.00 >/dev/null

# what a person sees, besides the dump
views() {
	recoup config list
	recoup customer show ACME --as-of 2026-10-10 --format json | python3 -c 'import json,sys
c = json.load(sys.stdin)
print(c["customer"]["credit_limit"], sorted(f["flag"] for f in c["flags"]))'
}
views >"$TMP/views.before"
db_snapshot

# refused MESSAGE ARGS...: recoup ARGS exits 1 (input refused) with MESSAGE and changes nothing
refused() {
	local msg=$1
	shift
	run recoup "$@"
	expect_eq "recoup $*: exit 1" 1 "$status"
	expect_stderr_contains "$msg"
	expect_db_unchanged "recoup $*: the database is unchanged"
}

# ---- config set KEY N, for the keys that take a whole number ----
expect_usage "send.max_attempts 'abc': expected a whole number from 1 to 20" config set send.max_attempts abc
expect_usage "send.max_attempts ' 5': expected a whole number from 1 to 20" config set send.max_attempts ' 5'
expect_usage "send.max_attempts '+5': expected a whole number from 1 to 20" config set send.max_attempts +5
expect_usage "send.max_attempts '5 ': expected a whole number from 1 to 20" config set send.max_attempts '5 '
expect_usage "send.backoff '9,50': expected a whole number from 1 to 86400" config set send.backoff 9,50
expect_usage "send.backoff '1.5': expected a whole number from 1 to 86400" config set send.backoff 1.5
expect_usage "send.timeout '5x': expected a whole number from 1 to 600" config set send.timeout 5x
expect_usage "send.timeout '99999999999999999999999': expected a whole number from 1 to 600" \
	config set send.timeout 99999999999999999999999
# ---- customer set REF credit_limit=AMOUNT ----
expect_usage "credit_limit: amount '9,50' is not a decimal number" customer set ACME credit_limit=9,50
expect_usage "credit_limit: amount 'abc' is not a decimal number" customer set ACME credit_limit=abc
expect_usage "credit_limit: amount ' 5' is not a decimal number" customer set ACME 'credit_limit= 5'
expect_usage "credit_limit: amount '+5' is not a decimal number" customer set ACME credit_limit=+5
expect_usage "credit_limit: amount '5x' is not a decimal number" customer set ACME credit_limit=5x
# with a good field beside it, nothing of it is written either
expect_usage "credit_limit: amount '1 000' is not a decimal number" customer set ACME name=Other 'credit_limit=1 000'
# the shape is the command line's: checked before the customer is looked up
expect_usage "credit_limit: amount 'abc' is not a decimal number" customer set NOPE credit_limit=abc
# ---- customer flag|unflag REF forbearance --detail MOMENT ----
expect_usage "--detail: 'abc' is not an ISO 8601 timestamp" customer flag ACME forbearance --detail abc
expect_usage "--detail: timestamp '2027-02-30T00:00:00Z' is not a date (no such day)" \
	customer flag ACME forbearance --detail 2027-02-30T00:00:00Z
expect_usage "--detail: '2027-01-31' is not an ISO 8601 timestamp" customer flag ACME forbearance --detail 2027-01-31
expect_usage "--detail: timestamp is empty" customer flag ACME forbearance --detail ''
expect_usage "--detail: 'abc' is not an ISO 8601 timestamp" customer unflag ACME forbearance --detail abc
# ---- aging --buckets N,N... (reads only; the exit and the message) ----
expect_usage "--buckets: aging buckets ' 30': expected ascending day counts" aging --buckets ' 30'
expect_usage "--buckets: aging buckets '+30': expected ascending day counts" aging --buckets +30
expect_usage "--buckets: aging buckets '30, 60': expected ascending day counts" aging --buckets '30, 60'
expect_usage "--buckets: aging buckets '30,': expected ascending day counts" aging --buckets 30,

views >"$TMP/views.after"
expect_same_file "config list and customer show print what they printed before" \
	"$TMP/views.before" "$TMP/views.after"

# ---- well formed, refused by the range or the currency: input refused (exit 1) ----
refused "send.max_attempts: '0' is not a whole number from 1 to 20" config set send.max_attempts 0
refused "send.max_attempts: '21' is not a whole number from 1 to 20" config set send.max_attempts 21
refused "send.backoff: '-5' is not a whole number from 1 to 86400" config set send.backoff -5
refused "credit_limit: amount '-5' must be zero or more" customer set ACME credit_limit=-5
refused "credit_limit: amount '10.001' has more than 2 decimals" customer set ACME credit_limit=10.001
refused "unknown customer 'NOPE'" customer set NOPE credit_limit=10.00
refused "flag 'cease' does not take --detail" customer flag ACME cease --detail abc

# ---- good values are recorded; an empty value clears ----
expect_exit 0 recoup config set send.timeout 30
expect_exit 0 recoup config set send.backoff ''
run recoup config list --format json
expect_eq "send.timeout and send.backoff as set" "30|None" "$(python3 -c 'import json,sys
d = {c["key"]: c["value"] for c in json.load(sys.stdin)}
print("%s|%s" % (d["send.timeout"], d["send.backoff"]))' <"$TMP/out")"
expect_exit 0 recoup customer set ACME credit_limit=3000.5
expect_exit 0 recoup customer flag ACME forbearance --detail 2027-01-31T00:00:00Z
run recoup customer show ACME --as-of 2026-10-10 --format json
expect_eq "the credit limit and the forbearance as set" "3000.50 forbearance 2027-01-31T00:00:00Z" \
	"$(python3 -c 'import json,sys
c = json.load(sys.stdin)
print(c["customer"]["credit_limit"], *["%s %s" % (f["flag"], f["detail"]) for f in c["flags"]])' <"$TMP/out")"
expect_exit 0 recoup customer unflag ACME forbearance --detail 2027-01-31T00:00:00Z
expect_exit 0 recoup aging --buckets 15,45 --as-of 2026-10-10 --format csv
expect_stdout_contains "current,1-15,16-45,over-45"
finish
