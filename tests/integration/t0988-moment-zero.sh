#!/usr/bin/env bash
# The moment 0, 1970-01-01T00:00:00Z, is a moment: the first the contact
# rules judge, and a daily run may be for that day (t0972). Where 0 also
# meant "none" it was lost:
#   - a fee the run of 1970-01-01 posted is done at 0: `recoup actions`
#     (table, CSV, JSON) and GET /api/v1/actions showed its scheduled_at
#     empty, as for a step never scheduled (the store wrote 0 as NULL). An
#     action's "not scheduled" is now TIMESTAMP_NONE (core/dates.h): the fee
#     shows 1970-01-01T00:00:00Z, a superseded step still nothing;
#   - the API's body_moment read "callback_at": "1970-01-01T00:00:00Z" as
#     absent: a callback asked for was dropped without a word, and one on an
#     outcome that takes none was accepted. The agreements' and flags' "at"
#     (0: now) recorded the moment of the request instead, as did the
#     command line's --at and --callback-at. Where 0 stands for "not given"
#     the moment 0 is now refused by name (422, exit 2); where it is a
#     moment (a contact attempt's required `at`, rules check --at) it is
#     taken as given.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

EPOCH=1970-01-01T00:00:00Z
run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
Z1,ACME,1969-11-01,1969-12-31,BRL,100.00
CSV
cat >"$TMP/zero.json" <<'JSON'
{ "name": "zero", "priority": 200, "segment": { "kind": "company" },
  "steps": [ { "name": "note", "offset_days": 0, "action": "email", "template": "reminder" },
             { "name": "fine", "offset_days": 1, "action": "fee", "fee": { "percent": "2" } } ] }
JSON
recoup strategy set zero "$TMP/zero.json" >/dev/null

# --- an action done at 0 ---
run recoup run --as-of 1970-01-01 --now "$EPOCH" --format json
expect_eq "the run of 1970-01-01 exits 0" 0 "$status"
actions_json
expect_eq "the fee done at 0 shows its moment; the superseded step none" \
	"email:superseded:None fee:done:$EPOCH" \
	"$(jq_actions '" ".join("%s:%s:%s" % (x["kind"], x["state"], x["scheduled_at"]) for x in a)')"
run recoup actions --kind fee --format csv
expect_eq "CSV: the moment in scheduled_at" "$EPOCH" \
	"$(python3 -c 'import csv,sys; print(next(csv.DictReader(open(sys.argv[1])))["scheduled_at"])' "$TMP/out")"
run recoup actions --kind fee
expect_stdout_contains "done       fine             $EPOCH"
expect_eq "stored as the moment, not NULL" 1 \
	"$(sql "SELECT count(*) FROM action WHERE kind = 'fee' AND scheduled_at IS NOT NULL")"
expect_eq "the superseded step stays NULL" 1 \
	"$(sql "SELECT count(*) FROM action WHERE kind = 'email' AND scheduled_at IS NULL")"
run recoup run --as-of 1970-01-01 --now "$EPOCH" --format json
expect_eq "a rerun of the day posts no second fee" 1 \
	"$(sql "SELECT count(*) FROM ledger_entry WHERE kind = 'fee'")"

# --- the command line: 0 where it is a moment, refused where it stands for none ---
expect_exit 0 recoup contact log --contact ACME-AP --channel call --outcome no_answer --at "$EPOCH"
db_snapshot
run recoup contact log --contact ACME-AP --channel call --outcome callback --at "$EPOCH" --callback-at "$EPOCH"
expect_eq "--callback-at 0: a usage error, not a callback dropped" 2 "$status"
expect_stderr_contains "--callback-at '$EPOCH': the moment 0 (1970-01-01T00:00:00Z) stands for the option left out here"
run recoup contact log --contact ACME-AP --channel call --outcome no_answer --at "$EPOCH" --callback-at "$EPOCH"
expect_eq "nor passed over on an outcome that takes none" 2 "$status"
run recoup promise add ACME --amount 10.00 --date 1970-01-05 --at "$EPOCH"
expect_eq "promise add --at 0: a usage error, not the promise made now" 2 "$status"
expect_stderr_contains "--at '$EPOCH': the moment 0"
expect_db_unchanged "nothing written by the refusals"
expect_exit 0 recoup contact log --contact ACME-AP --channel call --outcome callback --at "$EPOCH" \
	--callback-at 1970-01-01T00:00:01Z

# --- the API ---
echo "alice-password" | recoup user add alice --role manager --password-stdin >/dev/null
records() { sql_join ' ' "SELECT (SELECT count(*) FROM contact_attempt) || ' ' || (SELECT count(*) FROM promise) || ' ' || (SELECT count(*) FROM customer_flag)"; }
before=$(records)
serve_py <<'PY'
s = sc.Server()
a = sc.Client(s, "alice", "alice-password")
EPOCH = "1970-01-01T00:00:00Z"
r = a.get("/api/v1/actions?kind=fee")
sc.expect("GET /api/v1/actions?kind=fee", r, 200)
sc.check("the API lists the fee at its moment",
         [x["scheduled_at"] for x in (r.json or {}).get("items", [])] == [EPOCH], r)
r = a.post("/api/v1/contacts/ACME-AP/log",
           {"channel": "call", "outcome": "callback", "at": EPOCH, "callback_at": EPOCH})
sc.expect("callback_at 0: 422, not a callback dropped", r, 422, "input")
sc.check("naming callback_at", (r.json or {}).get("error", {}).get("field") == "callback_at", r)
r = a.post("/api/v1/contacts/ACME-AP/log",
           {"channel": "call", "outcome": "no_answer", "at": EPOCH, "callback_at": EPOCH})
sc.expect("nor passed over on an outcome that takes none", r, 422, "input")
r = a.post("/api/v1/promises", {"customer_ref": "ACME", "amount": "10.00", "date": "1970-01-05", "at": EPOCH})
sc.expect("a promise at 0: 422, not made now", r, 422, "input")
sc.check("naming at", (r.json or {}).get("error", {}).get("field") == "at", r)
r = a.post("/api/v1/customers/ACME/flags", {"flag": "cease", "at": EPOCH})
sc.expect("a flag at 0: 422, not set now", r, 422, "input")
s.stop()
PY
expect_eq "the API's refusals wrote no attempt, promise or flag" "$before" "$(records)"
serve_py <<'PY'
s = sc.Server()
a = sc.Client(s, "alice", "alice-password")
r = a.post("/api/v1/contacts/ACME-AP/log", {"channel": "call", "outcome": "no_answer", "at": "1970-01-01T00:00:00Z"})
sc.expect("a contact attempt at 0 is recorded at 0", r, 201)
sc.check("its moment", (r.json or {}).get("at") == "1970-01-01T00:00:00Z", r)
s.stop()
PY
run recoup contact history --customer ACME --format json
expect_eq "the history: three attempts at 0, the callback one second after" \
	"1970-01-01T00:00:00Z:None 1970-01-01T00:00:00Z:1970-01-01T00:00:01Z 1970-01-01T00:00:00Z:None" \
	"$(jq_out '" ".join("%s:%s" % (x["at"], x["callback_at"]) for x in o["attempts"])')"
expect_exit 0 recoup check
finish
