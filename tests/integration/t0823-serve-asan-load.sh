#!/usr/bin/env bash
# A short load on the server: wrk (scripts/install-deps; a Python load
# when it is missing) drives reads (a page of customers, an account) and
# contact-log writes on kept-alive connections for a few seconds, side by
# side; then SIGTERM. The server exits 0 and its stderr holds no sanitizer
# report (AddressSanitizer, LeakSanitizer at exit, UBSan): the test that
# matters on the ASan+UBSan tree (make check), where it checks that the
# binary is the instrumented one. No acknowledged write is lost.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

recoup init >/dev/null
serve_setup
recoup import contacts "$DATA/import/contacts.csv" >/dev/null
token=$(recoup token create load --role manager)
if grep -qs '^RECOUP_SANITIZE:BOOL=ON' "$BUILDDIR/CMakeCache.txt"; then
	# read whole, not piped to grep -q: under pipefail, nm or ldd writing on after grep -q
	# has matched and gone gets SIGPIPE and fails the pipeline (ldd writes a line at a time)
	syms=$(nm -D "$RECOUP" 2>/dev/null || true)
	libs=$(ldd "$RECOUP" 2>/dev/null || true)
	if [[ $syms == *__asan_init* || $libs == *libasan* ]]; then
		pass "the ASan tree's server is instrumented"
	else
		fail "the ASan tree's server is instrumented" "$(ldd "$RECOUP")"
	fi
fi
before=$(sql "SELECT count(*) FROM contact_attempt")
TOKEN=$token serve_py <<'PY'
import os, shutil, subprocess, threading, time, re, http.client, json
tmp = os.environ["TMP"]
env = dict(os.environ)
# leaks are reported at exit; any report ends the process with an error
env["ASAN_OPTIONS"] = "detect_leaks=1:halt_on_error=1:" + env.get("ASAN_OPTIONS", "")
env["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1:" + env.get("UBSAN_OPTIONS", "")
s = sc.Server(["--threads", "2"], log_path=tmp + "/server.log", env=env)
base = "http://%s:%d" % (s.host, s.port)
auth = "Authorization: Bearer " + os.environ["TOKEN"]
body = '{"channel":"call","outcome":"no_answer","at":"2026-11-20T15:00:00Z","note":"load"}'
open(tmp + "/post.lua", "w").write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                                   "wrk.body = '%s'\n" % body)
loads = [("customers", "/api/v1/customers?limit=5", []), ("account", "/api/v1/accounts/C001", []),
         ("log", "/api/v1/contacts/K-001/log", ["-s", tmp + "/post.lua"])]
results = {}

def wrk(name, path, extra):
    out = subprocess.run(["wrk", "-t1", "-c4", "-d3s", "-H", auth] + extra + [base + path],
                         capture_output=True, text=True).stdout
    total = int(re.search(r"(\d+) requests in", out).group(1)) if "requests in" in out else 0
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    results[name] = (total, int(m.group(1)) if m else 0, out)

def python_load(name, path, extra):
    c, total, bad, end = http.client.HTTPConnection(s.host, s.port, timeout=30), 0, 0, time.time() + 3
    h = {"Authorization": auth.split(": ", 1)[1]}
    while time.time() < end:
        if extra:
            c.request("POST", path, body=body, headers=dict(h, **{"Content-Type": "application/json"}))
        else:
            c.request("GET", path, headers=h)
        r = c.getresponse()
        r.read()
        total += 1
        bad += r.status >= 300
    results[name] = (total, bad, "python load")

run = wrk if shutil.which("wrk") else python_load
threads = [threading.Thread(target=run, args=l) for l in loads]
for t in threads: t.start()
for t in threads: t.join()
for name, (total, bad, out) in results.items():
    sc.check("%s: requests were served (%d)" % (name, total), total > 0, out)
    sc.check("%s: every response is a 2xx" % name, bad == 0, out)
rc = s.stop()
sc.check("SIGTERM after the load: exit 0", rc == 0, "exit %d" % rc, open(tmp + "/server.log").read()[-3000:])
log = open(tmp + "/server.log", errors="replace").read()
reports = [l for l in log.splitlines() if re.search(r"AddressSanitizer|LeakSanitizer|runtime error:|SUMMARY: \w+Sanitizer", l)]
sc.check("no sanitizer report in the server's stderr", not reports, *reports[:20])
sc.check("the access log has every request", log.count(" status=") >= sum(t for t, _, _ in results.values()),
         log.count(" status="))
open(tmp + "/acked", "w").write(str(results["log"][0] - results["log"][1]))
PY
after=$(sql "SELECT count(*) FROM contact_attempt")
acked=$(cat "$TMP/acked")
if ((after - before >= acked && acked > 0)); then
	pass "no acknowledged write is lost ($acked acknowledged, $((after - before)) written)"
else
	fail "no acknowledged write is lost" "$acked acknowledged, $((after - before)) written"
fi
finish
