#!/usr/bin/env bash
# SIGHUP reloads --tls-cert and --tls-key without dropping the listening
# socket: serve with certificate A, put B in the files, SIGHUP, and a new
# connection is handed B (Python's ssl and openssl s_client say so), while
# a request in flight across the reload (its body half sent) finishes on its
# connection with A and gets its answer; a connection kept alive from
# before is told Connection: close. Requests on new connections keep being
# answered through several reloads (none refused). A bad new pair (not PEM,
# a key of another certificate, a missing file) keeps the certificate in
# force and the log says why.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

recoup init >/dev/null
serve_setup
for name in a b; do
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
		-keyout "$TMP/$name.key" -out "$TMP/$name.crt" -subj "/CN=recoup-$name" \
		-addext "subjectAltName=IP:127.0.0.1" 2>/dev/null
done
cat "$TMP/a.crt" "$TMP/b.crt" >"$TMP/ca.pem"
cp "$TMP/a.crt" "$TMP/cert.pem"
cp "$TMP/a.key" "$TMP/key.pem"

serve_py <<'PY'
import http.client, json, os, shutil, signal, socket, ssl, subprocess, threading, time
T = os.environ["TMP"]
log = T + "/tls.log"
s = sc.Server(["--tls-cert", T + "/cert.pem", "--tls-key", T + "/key.pem"], log_path=log, cafile=T + "/ca.pem")

def cn(conn):
    subject = dict(x[0] for x in conn.sock.getpeercert()["subject"])
    return subject.get("commonName")

def fresh():
    c = s.conn()
    c.request("GET", "/healthz")
    name = cn(c)  # before the answer: one that says Connection: close closes the socket
    r = c.getresponse()
    r.read()
    c.close()
    return r.status, name

def hup_and_wait(text, count):
    s.proc.send_signal(signal.SIGHUP)
    deadline = time.time() + 20
    while time.time() < deadline:
        if open(log).read().count(text) >= count:
            return True
        time.sleep(0.05)
    return False

sc.check("a new connection is handed certificate A", fresh() == (200, "recoup-a"), fresh())

# a kept-alive connection and a request in flight, both from before the reload
kept = s.conn()
kept.request("GET", "/healthz")
kept.getresponse().read()
body = json.dumps({"user": "alice", "password": "alice-password"}).encode()
slow = s.conn()
slow.putrequest("POST", "/api/v1/session")
slow.putheader("Content-Type", "application/json")
slow.putheader("Content-Length", str(len(body)))
slow.endheaders()
slow.send(body[:10])
slow_cn = cn(slow)
time.sleep(0.3)

shutil.copy(T + "/b.crt", T + "/cert.pem")
shutil.copy(T + "/b.key", T + "/key.pem")
sc.check("SIGHUP: the log says the certificate was reloaded", hup_and_wait("certificate reloaded", 1),
         open(log).read()[-800:])
sc.check("a new connection is handed certificate B", fresh() == (200, "recoup-b"), fresh())
r = subprocess.run(["openssl", "s_client", "-connect", "127.0.0.1:%d" % s.port, "-CAfile", T + "/ca.pem"],
                   input="", capture_output=True, text=True, timeout=30)
sc.check("openssl s_client sees recoup-b", "CN = recoup-b" in r.stdout or "CN=recoup-b" in r.stdout, r.stdout[:800])

slow.send(body[10:])
resp = slow.getresponse()
resp.read()
sc.check("the request in flight across the reload is answered (201)", resp.status == 201, resp.status)
sc.check("... on its connection, under certificate A", slow_cn == "recoup-a", slow_cn)
sc.check("... told to close it (Connection: close)", (resp.getheader("Connection") or "").lower() == "close",
         resp.getheaders())
slow.close()
kept.request("GET", "/healthz")
resp = kept.getresponse()
resp.read()
sc.check("a connection kept alive from before is answered and told to close",
         resp.status == 200 and (resp.getheader("Connection") or "").lower() == "close", resp.getheaders())
kept.close()

# bad new files: the certificate in force stays
bad = [("not PEM", lambda: open(T + "/cert.pem", "w").write("not a certificate\n"), "Base64"),
       ("the key of another certificate", lambda: (shutil.copy(T + "/a.crt", T + "/cert.pem"),
                                                  shutil.copy(T + "/b.key", T + "/key.pem")), "do not match"),
       ("a missing key file", lambda: os.remove(T + "/key.pem"), "cannot read")]
for n, (what, make, why) in enumerate(bad, 1):
    make()
    ok = hup_and_wait("certificate not reloaded", n)
    text = open(log).read()
    sc.check("%s: the log says the certificate in force stays, and why" % what,
             ok and why in text.split("certificate not reloaded")[-1], text[-600:])
    sc.check("%s: new connections still get certificate B" % what, fresh() == (200, "recoup-b"), fresh())

# several reloads while clients connect: no connection is refused
shutil.copy(T + "/b.crt", T + "/cert.pem")
shutil.copy(T + "/b.key", T + "/key.pem")
results = []
done = threading.Event()
def hammer():
    while not done.is_set():
        try:
            results.append(fresh()[0])
        except Exception as e:
            results.append(repr(e))
t = threading.Thread(target=hammer)
t.start()
for i in range(5):
    hup_and_wait("certificate reloaded", 2 + i)
    time.sleep(0.2)
done.set()
t.join()
sc.check("%d requests on new connections through 5 reloads: all answered" % len(results),
         len(results) > 5 and all(x == 200 for x in results), [x for x in results if x != 200][:5])
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
finish
