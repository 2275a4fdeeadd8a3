#!/usr/bin/env bash
# The server keeps the stored contact-rules profiles it has parsed, by
# their text (app/rules_ctx.c), so that a queue request does not parse them
# again. A profile edited while the server runs is a new text: the next
# queue obeys it. Here every debtor has the around-the-clock profile; its
# call windows are closed on every day, the queue empties (its calls
# refused), and reopened, the queue gives the very rows it gave before.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"
source "$SRCDIR/tests/integration/web_lib.sh"

web_setup # around-the-clock profile: the queue is the same whatever the hour
BOSS=$(recoup token create boss --role manager)
python3 - "$WEB/data/around-the-clock.json" "$TMP/closed.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
p["windows"]["call"] = {d: [] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
json.dump(p, open(sys.argv[2], "w"))
PY
export BOSS OPEN="$WEB/data/around-the-clock.json" CLOSED="$TMP/closed.json"
serve_py <<'PY'
import os, subprocess
s = sc.Server()
boss = sc.Client(s, token=os.environ["BOSS"])
def rows():
    r = boss.get("/api/v1/queue")
    sc.expect("the queue", r, 200)
    return [(i["collector"], i["customer_ref"], i["currency"], i["score"]) for i in r.json["items"]] if r.json else []
def rules_set(path):
    p = subprocess.run([sc.RECOUP, "rules", "set", "around-the-clock", path], capture_output=True, env=dict(os.environ))
    sc.check("rules set around-the-clock " + os.path.basename(path), p.returncode == 0, p.stderr)
before = rows()
sc.check("calls are offered around the clock (else this test proves nothing)", len(before) > 0, before)
sc.check("... and the same twice (the profile's parse kept)", rows() == before, before)
rules_set(os.environ["CLOSED"])
sc.check("the call windows closed while the server runs: no call offered", rows() == [], before)
rules_set(os.environ["OPEN"])
sc.check("reopened: the same rows as before", rows() == before, before)
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
finish
