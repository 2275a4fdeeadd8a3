#!/usr/bin/env bash
# t0977: PostgreSQL restarted (or failed over, or a backend ended by an
# administrator) under a running `recoup serve` costs at most the requests
# made while it is down: each worker's connection and the writer's are made
# again at the next transaction, and reads and writes succeed at once after.
# While the database is down a request gets 503 naming the database and
# why. Before, every connection open at the restart stayed dead until the
# server was restarted: reads on those workers and every write got 503
# ("no connection to the server"), forever.
#
# Runs on a throw-away cluster: without RECOUP_PG_URL the script runs
# itself again under tests/pg/with-cluster (its data in $PGHOST/data).
set -euo pipefail
if [[ -z ${RECOUP_PG_URL:-} ]]; then
	exec "$SRCDIR/tests/pg/with-cluster" bash "$0" "$@"
fi
. "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

export RECOUP_DB=$RECOUP_PG_URL
recoup init >/dev/null
serve_setup
recoup token create erp --role manager >"$TMP/token"
export ERP=$(tail -1 "$TMP/token")

# pg_ctl MODE: the cluster's pg_ctl as its owner (tests/pg/cluster: postgres when we are root)
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
cat >"$TMP/pgctl" <<SH
#!/usr/bin/env bash
if [[ \$(id -u) == 0 ]]; then
	exec runuser -u postgres -- "$bin/pg_ctl" -D "$PGHOST/data" -w -t 60 "\$@"
fi
exec "$bin/pg_ctl" -D "$PGHOST/data" -w -t 60 "\$@"
SH
chmod +x "$TMP/pgctl"
export PGCTL="$TMP/pgctl"

serve_py <<'PY'
import os, subprocess
s = sc.Server(["--threads", "2"])
erp = sc.Client(s, token=os.environ["ERP"])

def pay(n):
    return erp.post("/api/v1/payments", {"payment_ref": "P-R%d" % n, "customer_ref": "C001", "date": "2026-11-02",
                                         "amount": "1.00", "currency": "USD"})

# every worker and the writer hold a connection
for i in range(8):
    sc.expect("before: aging %d" % i, erp.get("/api/v1/aging"), 200)
sc.expect("before: a payment", pay(1), 201)

subprocess.run([os.environ["PGCTL"], "-m", "fast", "restart"], check=True, stdout=subprocess.DEVNULL)
bad = [r for r in (erp.get("/api/v1/aging") for i in range(8)) if r.status != 200]
sc.check("after a restart: every read succeeds, on every worker", not bad, bad[:2])
sc.expect("after a restart: a payment is written", pay(2), 201)
sc.expect("after a restart: and read back", erp.get("/api/v1/payments?customer=C001"), 200)

subprocess.run([os.environ["PGCTL"], "-m", "fast", "stop"], check=True, stdout=subprocess.DEVNULL)
r = erp.get("/api/v1/aging")
sc.expect("database down: 503", r, 503, "environment")
msg = r.json["error"]["message"] if r.json else ""
sc.check("database down: the message names the database and why",
         os.environ["RECOUP_DB"] in msg and "connecting again failed" in msg, msg)
sc.expect("database down: a write gets 503 too", pay(3), 503, "environment")
subprocess.run([os.environ["PGCTL"], "-l", os.environ["PGHOST"] + "/server.log", "-o",
                "-c listen_addresses=127.0.0.1 -p %s -k %s -c fsync=off" % (os.environ["PGPORT"], os.environ["PGHOST"]),
                "start"], check=True, stdout=subprocess.DEVNULL)
sc.expect("database back: a read", erp.get("/api/v1/aging"), 200)
sc.expect("database back: a payment", pay(4), 201)
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
expect_eq "the payments written: the ones made while the database was up" "P-R1 P-R2 P-R4" \
	"$(sql_join " " "SELECT ref FROM payment ORDER BY ref")"
expect_exit 0 recoup check
finish
