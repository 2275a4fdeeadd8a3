#!/usr/bin/env bash
# t0663: recoup migrate carries over what collectors agreed with customers
# and what stops collection, so that the first run on PostgreSQL does what
# the next run on SQLite would have done.
#
# A SQLite book of two tenants (zeta's agreements made first, so that
# default's promises, plans, disputes, placements and ledger entries have
# other ids on the source than the target gives them) with: a promise to
# pay; a plan in two instalments, the first paid after it was made (what a
# plan counts as paid rests on its ledger mark); a settlement beyond a
# collector's authority, approved by a manager; a write-off request waiting
# and one posted with cash received after it; an open dispute past its
# deadline on one of a customer's two invoices and a credited one (its
# credit note); tenant dispute reasons; a credit hold and a released one;
# an agency placement and a recalled one; a small-claims step; a customer
# flagged bankrupt (special handling); and the audit trail of all of it. It
# is migrated to a throw-away PostgreSQL cluster of this script's own.
# Before 2026-12-04 none of it went across: the first run on the target
# called the customer who had promised, the one on a plan, the settled one,
# the placed one, the bankrupt one, and about the disputed invoice.
#
# Then: every comparison migrate prints is "(same)", the new tables among
# them; the list commands (promise, plan, settlement, approval, writeoff,
# dispute, agency, legal, special, audit, account show, credit check) say
# the same on both sides but for the ids; the next daily run records the
# same actions on both (compared without ids), none on the disputed
# invoice nor for the held accounts, and so does a later one, after the
# promise's review broke it and the dispute was resolved on each side; a
# write-off approved on each side after the move posts the same. A target
# whose triggers alter a promise's note and a dispute hold's end reason as
# they are written is reported (exit 1): the same counts, other digests.
set -euo pipefail
. "$SRCDIR/tests/integration/lib.sh"

SQ="$TMP/books.db"
export USER=boss

# Our own cluster, stopped however the script ends (lib.sh's exit trap)
own_cluster "$TMP/pgt"

# JSON on stdin without its ids (any key "id", at any depth), keys sorted: what must match across the move
no_ids() {
	python3 -c 'import json,sys
def strip(x):
    if isinstance(x, dict):
        return {k: strip(v) for k, v in x.items() if k != "id"}
    if isinstance(x, list):
        return [strip(v) for v in x]
    return x
print(json.dumps(strip(json.load(sys.stdin)), indent=1, sort_keys=True))'
}
# id_of DB TENANT CMD... KEY VALUE: the id of the first row of CMD's JSON whose KEY is VALUE ("none")
id_of() {
	local db=$1 t=$2 key=${*: -2:1} value=${*: -1}
	"$RECOUP" --db "$db" --tenant "$t" "${@:3:$#-4}" --format json |
		python3 -c 'import json,sys
print(next((r["id"] for r in json.load(sys.stdin) if r[sys.argv[1]] == sys.argv[2]), "none"))' "$key" "$value"
}

cat >customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
C1,Promise Inc,company,US,America/New_York,en,USD,5000.00,ap@c1.example,+1 212 555 0101,"1 A St, New York",
C2,Plan Inc,company,US,America/New_York,en,USD,,ap@c2.example,+1 212 555 0102,"2 A St, New York",
C3,Settle Inc,company,US,America/New_York,en,USD,,ap@c3.example,+1 212 555 0103,"3 A St, New York",
C4,Writeoff Inc,company,US,America/New_York,en,USD,,ap@c4.example,+1 212 555 0104,"4 A St, New York",
C5,Dispute Inc,company,US,America/New_York,en,USD,,ap@c5.example,+1 212 555 0105,"5 A St, New York",
C6,Hold Inc,company,US,America/New_York,en,USD,3000.00,ap@c6.example,+1 212 555 0106,"6 A St, New York",
C7,Placed Inc,company,US,America/New_York,en,USD,,ap@c7.example,+1 212 555 0107,"7 A St, New York",
C8,Written Inc,company,US,America/New_York,en,USD,,ap@c8.example,+1 212 555 0108,"8 A St, New York",
C9,Court Inc,company,US,America/New_York,en,USD,,ap@c9.example,+1 212 555 0109,"9 A St, New York",
C10,Plain Inc,company,US,America/New_York,en,USD,,ap@c10.example,+1 212 555 0110,"10 A St, New York",
C11,Bankrupt Inc,company,US,America/New_York,en,USD,,ap@c11.example,+1 212 555 0111,"11 A St, New York",
C12,Recalled Inc,company,US,America/New_York,en,USD,,ap@c12.example,+1 212 555 0112,"12 A St, New York",
CSV
cat >invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I1,C1,2026-02-01,2026-03-03,USD,1000.00
I2,C2,2026-02-01,2026-03-03,USD,1000.00
I3,C3,2026-02-01,2026-03-03,USD,1000.00
I4,C4,2026-02-01,2026-03-03,USD,400.00
I5A,C5,2026-02-01,2026-03-03,USD,600.00
I5B,C5,2026-02-01,2026-03-03,USD,700.00
I6,C6,2026-02-01,2026-03-03,USD,900.00
I7,C7,2026-02-01,2026-03-03,USD,1500.00
I8,C8,2026-02-01,2026-03-03,USD,300.00
I9,C9,2026-02-01,2026-03-03,USD,2500.00
I9B,C9,2026-02-01,2026-03-03,USD,200.00
I10,C10,2026-02-01,2026-03-03,USD,1000.00
I11,C11,2026-02-01,2026-03-03,USD,1000.00
I12,C12,2026-02-01,2026-03-03,USD,1000.00
CSV
# after the agreements: the plan's first instalment, cash on C8's account after its write-off
cat >payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
P2,C2,I2,2026-03-09,500.00,USD,transfer,cleared,
P8,C8,,2026-03-09,120.00,USD,transfer,cleared,
CSV
cat >calls.json <<'JSON'
{ "name": "calls", "segment": { "kind": "company" },
  "steps": [ { "name": "call-5", "offset_days": 5, "action": "call", "template": "call" },
             { "name": "call-9", "offset_days": 9, "action": "call", "template": "call" },
             { "name": "call-20", "offset_days": 20, "action": "call", "template": "call" } ] }
JSON

# book TENANT: the tenant's customers, strategy, people and agreements (ids looked up, never assumed)
book() {
	local t=$1 id
	sq() { "$RECOUP" --db "$SQ" --tenant "$t" "$@" >/dev/null; }
	sq import customers customers.csv
	sq import invoices invoices.csv
	sq strategy set calls calls.json
	sq strategy default calls --kind company
	for u in ann:collector carol:collector mike:manager boss:admin; do
		echo "pw-${u%%:*}-12345" | sq user add "${u%%:*}" --role "${u##*:}" --password-stdin
	done
	sq authority set --role collector --waive-principal-max 10% --balance-under 5000.00
	sq dispute reasons set not_received damaged wrong_price other
	# a promise of the whole of I1 by the 20th (held through the 22nd)
	sq promise add C1 --amount 1000.00 --date 2026-03-20 --invoice I1 --at 2026-03-05T15:00:00Z --by ann \
		--note "will wire"
	sq plan add C2 --instalment 2026-03-10:500.00 --instalment 2026-04-10:500.00 --at 2026-03-05T16:00:00Z --by mike
	sq settlement offer C3 --pay 800.00 --by 2026-03-31 --at 2026-03-05T17:00:00Z --by-user carol --request-approval
	id=$(id_of "$SQ" "$t" settlement list customer_ref C3)
	sq approval approve "$id" --by mike --reason "long-standing customer" --at 2026-03-06T09:00:00Z
	sq writeoff C4 --reason "supplier chain gone" --at 2026-03-06T10:00:00Z --by-user carol
	sq writeoff C8 --reason "small balance" --at 2026-03-06T10:30:00Z --by-user carol
	id=$(id_of "$SQ" "$t" writeoff list customer_ref C8)
	sq approval approve "$id" --by mike --at 2026-03-06T11:00:00Z
	sq dispute open C5 --invoice I5A --reason damaged --deadline 2026-03-10 --note "crates broken" \
		--at 2026-03-06T12:00:00Z --by ann
	sq dispute open C9 --invoice I9B --reason wrong_price --at 2026-03-06T12:30:00Z --by ann
	id=$(id_of "$SQ" "$t" dispute list customer_ref C9)
	sq dispute resolve "$id" --outcome credited --credit 50.00 --at 2026-03-07T09:00:00Z --by mike
	sq credit hold C6 --reason "orders on stop" --at 2026-03-06T13:00:00Z --by mike
	sq credit hold C10 --reason "reference check" --at 2026-03-06T13:10:00Z --by mike
	sq credit release C10 --reason "checked" --at 2026-03-06T13:20:00Z --by mike
	sq agency place C7 --agency "Acme Collect" --at 2026-03-06T14:00:00Z --by mike
	sq agency place C12 --agency "Acme Collect" --at 2026-03-06T14:10:00Z --by mike
	sq agency recall C12 --at 2026-03-07T14:00:00Z --by mike
	sq legal mark C9 --state filed --at 2026-03-06T15:00:00Z --by mike
	sq customer flag C11 bankrupt --by mike --reason "chapter 7" --at 2026-03-06T16:00:00Z
	sq import payments payments.csv
}
"$RECOUP" --db "$SQ" init >/dev/null
"$RECOUP" --db "$SQ" init --tenant zeta >/dev/null
book zeta
book default
expect_eq "default's rows have other ids on the source than the target will give them" "2 5 3" \
	"$(sql_join ' ' "SELECT min(p.id) FROM promise p JOIN tenant t ON t.id = p.tenant_id WHERE t.name = 'default'
		UNION ALL SELECT min(a.id) FROM agreement a JOIN tenant t ON t.id = a.tenant_id WHERE t.name = 'default'
		UNION ALL SELECT min(d.id) FROM dispute d JOIN tenant t ON t.id = d.tenant_id WHERE t.name = 'default'" "$SQ")"

# a daily run on the source before the move: its actions name the plan (a plan's reminders are
# recorded under plan-<agreement id>) and are named by what it holds, and go across with the runs
for t in default zeta; do
	"$RECOUP" --db "$SQ" --tenant "$t" run --as-of 2026-03-07 --now 2026-03-07T05:00:00Z >/dev/null
done
src_plan=$(id_of "$SQ" default plan list customer_ref C2)
expect_eq "the source's run recorded C2's plan reminder under its plan's id" "plan-$src_plan" \
	"$(sql "SELECT DISTINCT a.strategy FROM action a JOIN tenant t ON t.id = a.tenant_id JOIN customer c ON c.id = a.customer_id
		WHERE t.name = 'default' AND c.ref = 'C2' AND a.strategy LIKE 'plan-%'" "$SQ")"

# ---- the move ----
pg_env=$("$SRCDIR/tests/pg/cluster" start "$TMP/pgt")
eval "$pg_env"
PG=$RECOUP_PG_URL
run "$RECOUP" --db "$SQ" migrate --to "$PG"
[[ $status == 0 ]] && pass "migrate exits 0" || fail "migrate exits 0" "$(cat "$TMP/err" "$TMP/out")"
cp "$TMP/out" "$TMP/migrate.out"
dst_plan=$(id_of "$PG" default plan list customer_ref C2)
expect_eq "on the target the reminder names the target's plan (not the source's id)" "plan-$dst_plan $src_plan!=$dst_plan" \
	"$(sql "SELECT DISTINCT a.strategy FROM action a JOIN tenant t ON t.id = a.tenant_id JOIN customer c ON c.id = a.customer_id
		WHERE t.name = 'default' AND c.ref = 'C2' AND a.strategy LIKE 'plan-%'" "$PG") $src_plan!=$dst_plan"
for t in default zeta; do
	for what in "credit notes: 1" "dispute reasons: 4" "promises: 1" "promise invoices: 1" \
		"plans, settlements and write-offs: 4" "agreement invoices: 4" "instalments: 2" "disputes: 2" \
		"placements: 2" "small-claims steps: 1" "credit holds: 2" "holds: 8" "audit entries: 3[0-9]" \
		"aging: USD open" "check: ok"; do
		if grep -q "^tenant '$t': $what.* (same)$" "$TMP/migrate.out"; then
			pass "tenant $t: migrate copied and compared ${what%%:*}"
		else
			fail "tenant $t: migrate copied and compared ${what%%:*}" "$(cat "$TMP/migrate.out")"
		fi
	done
done
expect_eq "nothing differs" 0 "$(grep -c DIFFERS "$TMP/migrate.out" || true)"
audit_rows="SELECT t.name || ' ' || a.at || ' ' || a.actor || ' ' || a.action || ' ' || a.entity || ' ' || a.ref
	FROM audit_log a JOIN tenant t ON t.id = a.tenant_id ORDER BY t.name, a.id"
expect_eq "the audit trail went across entry for entry, in its order" \
	"$(sql "$audit_rows" "$SQ" | sed 's/T\([0-9:]*\)Z / \1+00 /')" "$(sql "$audit_rows" "$PG")"

# both SIDE_CMD...: the command's output on SQLite and on PostgreSQL, JSON without ids, the same
both() {
	local t=$1 c=$2
	# shellcheck disable=SC2086
	"$RECOUP" --db "$SQ" --tenant "$t" $c >"$TMP/a.raw" 2>&1 || true
	# shellcheck disable=SC2086
	"$RECOUP" --db "$PG" --tenant "$t" $c >"$TMP/b.raw" 2>&1 || true # a failure shows in the files
	if [[ $c == *"--format json"* ]]; then
		no_ids <"$TMP/a.raw" >"$TMP/a.out" 2>&1 || cp "$TMP/a.raw" "$TMP/a.out"
		no_ids <"$TMP/b.raw" >"$TMP/b.out" 2>&1 || cp "$TMP/b.raw" "$TMP/b.out"
	else
		cp "$TMP/a.raw" "$TMP/a.out"
		cp "$TMP/b.raw" "$TMP/b.out"
	fi
	expect_same_file "tenant $t: $c is the same on both sides" "$TMP/a.out" "$TMP/b.out"
}
for t in default zeta; do
	for c in "promise list --format json" "plan list --format json" "settlement list --format json" \
		"approval list --format json" "writeoff list --format json" "dispute list --format json" \
		"dispute list --overdue --as-of 2026-03-12 --format json" "dispute reasons" "agency candidates --format json" \
		"legal candidates --all --format json" "special list --format json" "audit --format json" \
		"account show C5 --now 2026-03-12T15:00:00Z --format json" \
		"account show C6 --now 2026-03-12T15:00:00Z --format json" \
		"credit check C6 --amount 10.00 --as-of 2026-03-12 --format json" \
		"credit check C10 --amount 10.00 --as-of 2026-03-12 --format json" \
		"report recovery --from 2026-03-01 --to 2026-03-31 --format json" "customer show C11"; do
		both "$t" "$c"
	done
	plan_src=$(id_of "$SQ" "$t" plan list customer_ref C2)
	plan_pg=$(id_of "$PG" "$t" plan list customer_ref C2)
	"$RECOUP" --db "$SQ" --tenant "$t" plan show "$plan_src" --as-of 2026-03-12 --format json | no_ids >"$TMP/a.out"
	{ "$RECOUP" --db "$PG" --tenant "$t" plan show "$plan_pg" --as-of 2026-03-12 --format json 2>&1 | no_ids; } \
		>"$TMP/b.out" 2>&1 || true
	expect_same_file "tenant $t: plan show (what was paid on each instalment) is the same" "$TMP/a.out" "$TMP/b.out"
done
expect_eq "the plan counts the payment made after it on PostgreSQL too (its ledger mark followed the entries)" \
	"500.00 500.00" "$(python3 -c 'import json,sys
p = json.load(open(sys.argv[1])); print(p["paid"], p["instalments"][0]["paid"])' "$TMP/b.out")"
expect_eq "C8's write-off counts the cash received after it on PostgreSQL" "120.00" \
	"$("$RECOUP" --db "$PG" writeoff list --customer C8 --format json | python3 -c 'import json,sys
print(json.load(sys.stdin)[0]["recovered"])')"
expect_eq "the holds on PostgreSQL name their promise, plan, settlement, dispute, placement and flag" \
	"dispute|0 dispute|1 placed|0 placed|1 plan|1 promise|1 settlement|1 special|1" \
	"$(sql_join ' ' "SELECT h.kind || '|' || CASE WHEN h.ended_at IS NULL THEN 1 ELSE 0 END FROM account_hold h
		JOIN tenant t ON t.id = h.tenant_id WHERE t.name = 'default' AND (
		(h.kind = 'promise' AND h.source_id IN (SELECT id FROM promise WHERE tenant_id = t.id)) OR
		(h.kind IN ('plan', 'settlement') AND h.source_id IN (SELECT id FROM agreement WHERE tenant_id = t.id
			AND kind = h.kind)) OR
		(h.kind = 'dispute' AND h.source_id IN (SELECT id FROM dispute WHERE tenant_id = t.id)) OR
		(h.kind = 'placed' AND h.source_id IN (SELECT id FROM placement WHERE tenant_id = t.id)) OR
		(h.kind = 'special' AND h.source_id IN (SELECT id FROM customer_flag WHERE tenant_id = t.id
			AND flag = 'bankrupt'))) ORDER BY 1" "$PG")"

# ---- a copy that landed altered is reported: the digests read what the rows say ----
ALT=$(psql -X -q -d "$PG" -c "CREATE DATABASE altered" >/dev/null && echo "${PG%/*}/altered")
"$RECOUP" --db "$ALT" check >/dev/null # the schema
psql -X -q -v ON_ERROR_STOP=1 -d "$ALT" >/dev/null <<'SQL'
CREATE FUNCTION alter_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.note := NEW.note || ' (altered)'; RETURN NEW; END $$;
CREATE TRIGGER alter_note BEFORE INSERT ON promise FOR EACH ROW EXECUTE FUNCTION alter_note();
CREATE FUNCTION alter_hold() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN IF NEW.kind = 'dispute' AND NEW.ended_at IS NOT NULL THEN NEW.end_reason := 'altered'; END IF; RETURN NEW; END $$;
CREATE TRIGGER alter_hold BEFORE INSERT ON account_hold FOR EACH ROW EXECUTE FUNCTION alter_hold();
SQL
expect_exit 1 recoup --db "$SQ" migrate --to "$ALT"
expect_stderr_contains "4 comparisons differ between the source and the target"
for t in default zeta; do
	expect_stdout_contains "tenant '$t': promises DIFFERS: source 1, target 1"
	expect_stdout_contains "tenant '$t': holds DIFFERS: source 8, target 8"
done
expect_eq "the four, and only they, differ" 4 "$(grep -c DIFFERS "$TMP/out" || true)"

# ---- the next runs: the same actions on both sides ----
# same_actions DESC: `actions --format json` of each tenant, without ids, the same on both sides
same_actions() {
	local t
	for t in default zeta; do
		# a plan's reminders are recorded under plan-<its id>, which differs between the sides (checked above)
		"$RECOUP" --db "$SQ" --tenant "$t" actions --format json | no_ids | sed -E 's/"plan-[0-9]+"/"plan-ID"/' >"$TMP/a.out"
		"$RECOUP" --db "$PG" --tenant "$t" actions --format json | no_ids | sed -E 's/"plan-[0-9]+"/"plan-ID"/' >"$TMP/b.out"
		expect_same_file "tenant $t: $1" "$TMP/a.out" "$TMP/b.out"
	done
}
# actions_of DB DATE: "customer:invoices:step" of default's actions of that day's run not superseded, in order
actions_of() {
	"$RECOUP" --db "$1" actions --date "$2" --format json | python3 -c 'import json,sys
print(" ".join(a["customer_ref"] + ":" + "+".join(a["invoice_refs"]) + ":" + a["step"]
    for a in json.load(sys.stdin) if a["state"] != "superseded"))'
}
daily_run() {
	local db
	for db in "$SQ" "$PG"; do
		for t in default zeta; do
			run "$RECOUP" --db "$db" --tenant "$t" run --as-of "$1" --now "${1}T05:00:00Z" --format json
			[[ $status == 0 ]] || fail "run --as-of $1 on $db, tenant $t" "$(cat "$TMP/err")"
		done
	done
}

daily_run 2026-03-12
same_actions "the first run after the move records the same actions as the next run on SQLite"
expect_eq "on PostgreSQL: a call about I5B but none about the disputed I5A; none for the promise, the plan, the settlement, the placed, written-off or bankrupt accounts" \
	"C4:I4:call-9 C5:I5B:call-9 C6:I6:call-9 C9:I9+I9B:call-9 C10:I10:call-9 C12:I12:call-9" \
	"$(actions_of "$PG" 2026-03-12)"

# after the move, on each side: the pending write-off approved, the dispute resolved
for db in "$SQ" "$PG"; do
	for t in default zeta; do
		id=$(id_of "$db" "$t" writeoff list customer_ref C4)
		run "$RECOUP" --db "$db" --tenant "$t" approval approve "$id" --by mike --at 2026-03-13T09:00:00Z
		[[ $status == 0 ]] || fail "approval approve $id on $db, tenant $t" "$(cat "$TMP/err")"
		id=$(id_of "$db" "$t" dispute list customer_ref C5)
		run "$RECOUP" --db "$db" --tenant "$t" dispute resolve "$id" --outcome rejected --at 2026-03-13T10:00:00Z \
			--by mike
		[[ $status == 0 ]] || fail "dispute resolve $id on $db, tenant $t" "$(cat "$TMP/err")"
	done
done
both default "writeoff list --format json"
both default "dispute list --format json"
# the 23rd: the promise (held through the 22nd) is judged broken; the disputed invoice is back
daily_run 2026-03-23
same_actions "a later run (the promise's review, the resolved dispute, the posted write-off) records the same on both sides"
both default "promise list --format json"
both zeta "promise list --format json"
expect_eq "on PostgreSQL the promise was judged broken by the run's review" "broken" \
	"$("$RECOUP" --db "$PG" promise list --format json | python3 -c 'import json,sys
print(json.load(sys.stdin)[0]["state"])')"
expect_eq "... and C1 and the formerly disputed I5A are called again; nothing for the plan, the settlement, the placed or bankrupt accounts, C4 (its write-off now posted)" \
	"C1:I1:call-20 C5:I5A+I5B:call-20 C6:I6:call-20 C9:I9+I9B:call-20 C10:I10:call-20 C12:I12:call-20" \
	"$(actions_of "$PG" 2026-03-23)"
run "$RECOUP" --db "$PG" check
expect_eq "recoup check passes on PostgreSQL" 0 "$status"

finish
