"""serve_client.py: what the server's scenario tests (t0800-t0819) share.

Run by Debian's /usr/bin/python3 with the standard library only. A test
script (bash, sourcing lib.sh and serve_lib.sh) prepares the database with
the CLI, then runs a Python program that imports this module, starts
`recoup serve` on 127.0.0.1 with port 0 (the server prints the port it
got), talks HTTP to it with http.client, and reports each assertion as a
line "PASS desc" or "FAIL desc" (details indented below), which
serve_lib.sh counts as lib.sh's pass and fail.
"""

import atexit
import http.client
import json
import os
import re
import signal
import socket
import ssl
import subprocess
import sys

RECOUP = os.environ["RECOUP"]


def check(desc, cond, *details):
    if cond:
        print("PASS " + desc, flush=True)
    else:
        print("FAIL " + desc, flush=True)
        for d in details:
            for line in str(d).splitlines()[:20]:
                print("    " + line, flush=True)
    return cond


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body
        try:
            self.json = json.loads(body) if body else None
        except ValueError:
            self.json = None

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def headers_all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def error_code(self):
        if isinstance(self.json, dict) and isinstance(self.json.get("error"), dict):
            return self.json["error"].get("code")
        return None

    def __repr__(self):
        return "%d %s" % (self.status, self.body[:600].decode("utf-8", "replace"))


def at_time(timestamp):
    """The command prefix (env, which execs the program: its pid is the
    program's) that starts a program on a machine whose clock reads
    TIMESTAMP (ISO 8601 in UTC) and runs on from there: lib.sh's clock_env.
    For recoup only, never for the test's own servers."""
    lib = os.environ.get("FAKETIME_LIB")
    if not lib:
        raise RuntimeError("libfaketime (libfaketimeMT.so.1) not found; scripts/install-deps installs it")
    asan = os.environ.get("ASAN_OPTIONS")
    preload = os.environ.get("LD_PRELOAD")
    return ["env", "ASAN_OPTIONS=" + (asan + ":" if asan else "") + "verify_asan_link_order=0",
            "LD_PRELOAD=" + lib + (":" + preload if preload else ""),
            "FAKETIME=@" + timestamp.rstrip("Z").replace("T", " "), "TZ=UTC"]


class Server:
    """A `recoup serve` process; its access log is kept in self.log_path."""

    def __init__(self, args=(), log_path=None, env=None, cafile=None, clock=None):
        # cafile: the server speaks HTTPS (--tls-cert) with a certificate this CA file vouches for
        # clock: the machine's clock at the start (at_time), for a worker that sends (--send-now)
        self.tls = ssl.create_default_context(cafile=cafile) if cafile else None
        self.log_path = log_path or os.path.join(os.environ.get("TMP", "."), "serve.log")
        self.log = open(self.log_path, "ab")
        cmd = (at_time(clock) if clock else []) + [RECOUP, "serve", "--listen", "127.0.0.1:0"] + list(args)
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=self.log, env=env)
        line = self.proc.stdout.readline().decode()
        if not line.startswith("listening on "):
            self.proc.kill()
            raise RuntimeError("recoup serve did not start: %r (log: %s)" % (line, self.log_path))
        self.host, port = line.split()[-1].rsplit(":", 1)
        self.port = int(port)
        # a program that ends without stop() (it forgot, or an exception ended it) leaves no server behind
        atexit.register(self._end)

    def _end(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def conn(self, source=None):
        if self.tls:
            return http.client.HTTPSConnection(self.host, self.port, timeout=30, context=self.tls,
                                               source_address=(source, 0) if source else None)
        return http.client.HTTPConnection(self.host, self.port, timeout=30,
                                          source_address=(source, 0) if source else None)

    def request(self, method, path, body=None, headers=None, conn=None, source=None):
        own = conn is None
        c = conn or self.conn(source)
        h = dict(headers or {})
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            h.setdefault("Content-Type", "application/json")
        elif isinstance(body, str):
            body = body.encode()
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        resp = Response(r.status, r.getheaders(), r.read())
        if own:
            c.close()
        return resp

    def stop(self, sig=signal.SIGTERM, timeout=60):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        self.log.close()
        return rc


class Client:
    """A signed-in caller: a session (cookie and CSRF token) or a bearer token."""

    def __init__(self, server, user=None, password=None, token=None, tenant=None, csrf=True):
        self.server = server
        self.cookie = None
        self.csrf = None
        self.token = token
        self.send_csrf = csrf
        self.signin = None
        if user is not None:
            body = {"user": user, "password": password}
            if tenant is not None:
                body["tenant"] = tenant
            r = server.request("POST", "/api/v1/session", body)
            self.signin = r
            if r.status == 201:
                set_cookie = r.header("Set-Cookie")
                self.cookie = set_cookie.split(";", 1)[0]
                self.csrf = r.json["csrf_token"]

    def headers(self, extra=None):
        h = {}
        if self.cookie:
            h["Cookie"] = self.cookie
            if self.send_csrf and self.csrf:
                h["X-CSRF-Token"] = self.csrf
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        h.update(extra or {})
        return h

    def get(self, path, headers=None):
        return self.server.request("GET", path, headers=self.headers(headers))

    def post(self, path, body=None, headers=None):
        return self.server.request("POST", path, body, headers=self.headers(headers))

    def delete(self, path, headers=None):
        return self.server.request("DELETE", path, headers=self.headers(headers))

    def send(self, method, path, body=None, headers=None):
        return self.server.request(method, path, body, headers=self.headers(headers))


def same_queue(a, b):
    """Two work queues' bodies alike but for the debtors' local_time: it shows the
    minute, so two queues asked across a minute's end differ there and only there."""
    clock = re.compile(rb'"local_time":"[^"]*"')
    return clock.sub(b'"local_time":""', a) == clock.sub(b'"local_time":""', b)


def expect(desc, r, status, code=None):
    """r has the status (and, for an error, the error code)."""
    ok = r.status == status and (code is None or r.error_code() == code)
    return check("%s: %d%s" % (desc, status, " " + code if code else ""), ok, "got %r" % (r,))


def save_clients(path, clients):
    """Keeps signed-in clients' credentials in a file, for a later program
    (a test signs in, snapshots the database, then sends what must change
    nothing: a sign-in itself is audited)."""
    with open(path, "w") as f:
        json.dump({k: {"cookie": c.cookie, "csrf": c.csrf, "token": c.token} for k, c in clients.items()}, f)


def load_clients(server, path):
    out = {}
    for k, v in json.load(open(path)).items():
        c = Client(server, token=v["token"])
        c.cookie, c.csrf = v["cookie"], v["csrf"]
        out[k] = c
    return out
