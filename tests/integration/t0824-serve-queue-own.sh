#!/usr/bin/env bash
# GET /api/v1/queue for anyone below a manager is their own queue and
# nothing else. A collector's API token ("token:NAME") is no user: before
# this test it fell back to every collector's queue, handing a dialer token
# the whole tenant's calls. A manager still sees every collector's, or one
# named with ?collector=.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"
source "$SRCDIR/tests/integration/web_lib.sh"

web_setup # around-the-clock profile: the queue is the same whatever the hour
DIALER=$(recoup token create dialer --role collector)
BOSS=$(recoup token create boss --role manager)
export DIALER BOSS
serve_py <<'PY'
import os
s = sc.Server()
ann = sc.Client(s, "ann", "ann-password")
sc.expect("ann signs in", ann.signin, 201)
dialer = sc.Client(s, token=os.environ["DIALER"])
boss = sc.Client(s, token=os.environ["BOSS"])
every = boss.get("/api/v1/queue")
sc.expect("a manager's token reads every collector's queue", every, 200)
who = sorted({i["collector"] for i in every.json["items"]}) if every.json else []
sc.check("... which holds both collectors' calls (else this test proves nothing)", who == ["ann", "raj"], who)
mine = ann.get("/api/v1/queue")
sc.expect("a collector's session reads her queue", mine, 200)
items = mine.json["items"] if mine.json else []
sc.check("... her calls only, and some", items and all(i["collector"] == "ann" for i in items), mine)
for path in ("/api/v1/queue", "/api/v1/queue?collector=ann", "/api/v1/queue?collector=raj"):
    r = dialer.get(path)
    sc.expect("a collector's token reads " + path, r, 200)
    sc.check("... and gets no one's calls", r.json is not None and r.json["items"] == [], r)
r = ann.get("/api/v1/queue?collector=raj")
sc.check("a collector naming another collector gets her own queue still",
         r.status == 200 and r.json and all(i["collector"] == "ann" for i in r.json["items"]), r)
one = boss.get("/api/v1/queue?collector=raj")
sc.check("a manager names one collector", one.status == 200 and one.json and one.json["items"]
         and all(i["collector"] == "raj" for i in one.json["items"]), one)
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
finish
