#!/usr/bin/env bash
# recoup strategy set, and PUT /api/v1/strategies/{name}: a message step
# (email, sms, letter) naming a template that does not exist on its channel
# (neither the tenant's nor shipped, in any language) is stored all the
# same, exit 0, with a warning naming the step, its channel and the
# template: the outbox and the letters would send the "default" text in its
# place (app/templates.h), which only the debtor would otherwise see. No
# warning once the template is stored (any language), none for a call's
# or a task's template (a label) or "default". The presets as shipped name
# only templates recoup ships: they give no warning.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

recoup init >/dev/null

# the presets as shipped, stored as a tenant's copy on a fresh book: stored, and no step
# named (every template they name is shipped, channels/template_shipped.c)
: >"$TMP/preset-warnings"
for p in b2b-gentle consumer-standard consumer-us consumer-br consumer-gb b2b-eu; do
	recoup strategy show "$p" >"$TMP/$p.json"
	expect_exit 0 recoup strategy set "$p" "$TMP/$p.json"
	sed -n "s/^recoup strategy: warning: step '\([^']*\)' (\([a-z]*\)) names template '\([^']*\)'.*/$p \1 \2 \3/p" \
		"$TMP/err" >>"$TMP/preset-warnings"
	expect_eq "$p: every line on stderr is such a warning" "$(wc -l <"$TMP/err")" \
		"$(grep -c "^recoup strategy: warning: step '.*' (.*) names template '.*', which does not exist for .*; its messages use template 'default' until it does (recoup template set)$" "$TMP/err" || true)"
done
expect_eq "the presets' message steps all name a shipped template (calls and tasks are labels): no warning" \
	"" "$(cat "$TMP/preset-warnings")"

# a strategy of the tenant's own naming an unknown template: stored, exit 0, warned
cat >"$TMP/mine.json" <<'JSON'
{ "name": "mine", "steps": [
  { "name": "reminder-5", "offset_days": 5, "action": "email", "template": "x-reminder" },
  { "name": "texted", "offset_days": 6, "action": "sms", "template": "default" },
  { "name": "call-1", "offset_days": 7, "action": "call", "template": "no-such-script" },
  { "name": "paper", "offset_days": 8, "action": "letter", "template": "default" },
  { "name": "paper-2", "offset_days": 9, "action": "letter", "template": "x-reminder" } ] }
JSON
expect_exit 0 recoup strategy set mine "$TMP/mine.json"
expect_stdout_contains "strategy 'mine' stored for tenant 'default'"
expect_stderr_contains "recoup strategy: warning: step 'reminder-5' (email) names template 'x-reminder', which does not exist for email"
expect_stderr_contains "recoup strategy: warning: step 'paper-2' (letter) names template 'x-reminder', which does not exist for letter"
expect_lines 2 "two warnings: none for a call's script or 'default'" "$TMP/err"
run recoup strategy list
expect_stdout_contains "mine "

# the template stored for letters only: the letter step is no longer warned of, the email step still is
python3 -c 'import json; print(json.dumps({"name": "x-reminder", "channel": "letter", "lang": "pl", "audience": "debtor",
	"subject": "Przypomnienie", "text": "{{creditor.name}}: {{total}}"}))' >"$TMP/letter.json"
expect_exit 0 recoup template set "$TMP/letter.json"
expect_exit 0 recoup strategy set mine "$TMP/mine.json"
expect_stderr_contains "step 'reminder-5' (email) names template 'x-reminder'"
expect_lines 1 "a template of another channel does not count; one in any language does" "$TMP/err"
python3 -c 'import json; print(json.dumps({"name": "x-reminder", "channel": "email", "lang": "en", "audience": "debtor",
	"subject": "{{creditor.name}}: a reminder", "text": "{{creditor.name}}: {{total}} {{optout_line}}"}))' >"$TMP/email.json"
expect_exit 0 recoup template set "$TMP/email.json"
expect_exit 0 recoup strategy set mine "$TMP/mine.json"
expect_lines 0 "with the templates stored, no warning" "$TMP/err"

# a file keeps the format's strictness: `warnings` is the API response's, not a field of a strategy
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); d["warnings"] = []; print(json.dumps(d))' \
	"$TMP/mine.json" >"$TMP/mine-warnings.json"
run recoup strategy set mine "$TMP/mine-warnings.json"
expect_eq "a strategy file with a warnings field is refused" 1 "$status"
expect_stderr_contains "unknown field"

# the API: the same warnings in the PUT response's `warnings`, every other key as before
serve_setup
recoup strategy show mine >"$TMP/mine-stored.json"
serve_py <<'PY'
import json, os
T = os.environ["TMP"]
s = sc.Server()
a = sc.Client(s, "alice", "alice-password")
mine = json.load(open(T + "/mine.json"))
r = a.send("PUT", "/api/v1/strategies/mine", mine)
sc.expect("a strategy whose templates exist", r, 200)
sc.check("... warnings: []", r.json is not None and r.json.get("warnings") == [], r)
sc.check("... beside the strategy as stored, as GET gives it",
         r.json is not None and {k: v for k, v in r.json.items() if k != "warnings"} == a.get("/api/v1/strategies/mine").json, r)
typo = json.loads(json.dumps(mine).replace('"x-reminder"', '"x-remindr"').replace('"mine"', '"typo"'))
r = a.send("PUT", "/api/v1/strategies/typo", typo)
sc.expect("a strategy naming a template that does not exist: stored", r, 200)
w = (r.json or {}).get("warnings") or []
sc.check("... a warning per message step, naming the step, its channel and the template",
         [(x["step"], x["channel"], x["template"]) for x in w] == [("reminder-5", "email", "x-remindr"), ("paper-2", "letter", "x-remindr")], r)
sc.check("... and a message saying what happens",
         w and "step 'reminder-5' (email) names template 'x-remindr', which does not exist for email" in w[0]["message"]
         and "use template 'default'" in w[0]["message"], r)
sc.check("... stored", a.get("/api/v1/strategies/typo").status == 200)
back = {k: v for k, v in r.json.items() if k != "warnings"}
sc.expect("the response without its warnings is a strategy to PUT back", a.send("PUT", "/api/v1/strategies/typo", back), 200)
r2 = a.send("PUT", "/api/v1/strategies/typo", r.json)
sc.expect("... and so is the response whole: its warnings are read only, passed over", r2, 200)
sc.check("... which stores the same strategy", a.get("/api/v1/strategies/typo").json == back, r2)
sc.check("the server stops", s.stop() == 0)
PY
run recoup strategy show mine
expect_same_file "the API's PUT stored what the CLI did" "$TMP/mine-stored.json" "$TMP/out"
finish
