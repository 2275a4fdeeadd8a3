#!/usr/bin/env bash
# A client that sends its request head a byte every few seconds held a
# connection (and its 128 KiB) for as long as it liked: --timeout is
# libmicrohttpd's idle time (MHD_OPTION_CONNECTION_TIMEOUT), which every
# byte starts again, and nothing bounded the head as a whole. Now a
# request's line and header fields must be whole within --head-timeout
# seconds (default 30) of the connection's opening, or, on a kept-alive
# connection, of the end of the --timeout wait the previous answer
# allows; else the server closes the connection, says so in the log (one
# line a minute at most) and counts it in recoup_http_head_timeouts_total.
# Keep-alive is untouched: an idle kept-alive connection still waits
# --timeout for its next request (DESIGN.md's keep-alive trap: the answer
# is queued on the handler's later call, so a request keeps its
# connection). Real clients on 127.0.0.1, each a socket of its own.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

recoup init >/dev/null
expect_exit 2 recoup serve --head-timeout 0
expect_stderr_contains "--head-timeout '0': must be a whole number from 1 to 3600"
expect_exit 2 recoup serve --head-timeout 3601
expect_exit 2 recoup serve --head-timeout soon
expect_exit 0 recoup serve --help
expect_stdout_contains "[--head-timeout SECONDS]"

serve_py <<'PY'
import os, socket, time

HEAD = b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n"


def connect(s):
    k = socket.create_connection((s.host, s.port))
    k.settimeout(0.2)
    return k


def closed(k):
    """True once the server closed k (end of stream or reset), False while it is open."""
    try:
        return k.recv(4096) == b""
    except socket.timeout:
        return False
    except OSError:
        return True


def trickle(k, data, every, limit):
    """Sends data a byte every `every` seconds until the server closes k: how long it took (None: not in `limit`)."""
    t0 = time.time()
    i = 0
    while time.time() - t0 < limit:
        try:
            k.sendall(data[i % len(data):i % len(data) + 1])
        except OSError:
            return time.time() - t0
        i += 1
        end = time.time() + every
        while time.time() < end:
            if closed(k):
                return time.time() - t0
    return None


def answer(k):
    """Reads one response to a /healthz request (small, Content-Length): its status line, or '' when closed."""
    k.settimeout(5)
    buf = b""
    while b"\r\n\r\n" not in buf:
        d = k.recv(4096)
        if not d:
            return ""
        buf += d
    head, rest = buf.split(b"\r\n\r\n", 1)
    n = [int(l.split(b":")[1]) for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")]
    while n and len(rest) < n[0]:
        rest += k.recv(4096)
    k.settimeout(0.2)
    return head.split(b"\r\n")[0].decode()


# --timeout 30, --head-timeout 2: a head sent a byte every 0.5 s is cut at 2 s, not 30 nor ever
s = sc.Server(["--timeout", "30", "--head-timeout", "2"])
k = connect(s)
took = trickle(k, b"GET /healthz HTTP/1.1\r\nHost: t\r\nX-Slow: " + b"a" * 200, 0.5, 10)
sc.check("a head sent a byte every 0.5 s: the connection is closed at --head-timeout 2 s (not --timeout 30)",
         took is not None and 1.9 <= took <= 5, took)
k.close()

# a few at once, from one address: each is closed, one log line
ks = [connect(s) for _ in range(5)]
for k in ks:
    k.sendall(b"GET /healthz HTTP/1.1\r\n")
t0 = time.time()
while time.time() - t0 < 8 and not all(closed(k) for k in ks):
    for k in ks:
        try:
            k.sendall(b"X")
        except OSError:
            pass
    time.sleep(0.3)
sc.check("five slow heads at once: all closed within --head-timeout and a little", all(closed(k) for k in ks),
         time.time() - t0)
for k in ks:
    k.close()

# a connection that sends nothing: closed at --head-timeout too
k = connect(s)
t0 = time.time()
while time.time() - t0 < 8 and not closed(k):
    pass
took = time.time() - t0
sc.check("a connection that sends no head is closed at --head-timeout", 1.9 <= took <= 5, took)
k.close()

# a head that arrives in pieces, whole within the limit, is served
k = connect(s)
for part in (b"GET /healthz HT", b"TP/1.1\r\nHost", b": t\r\n\r\n"):
    k.sendall(part)
    time.sleep(0.4)
sc.check("a head in three pieces over 1.2 s is answered", answer(k) == "HTTP/1.1 200 OK")

# keep-alive: the next request may come after an idle wait longer than --head-timeout
time.sleep(3)
sc.check("... and 3 s later (idle, under --timeout 30) the connection still serves the next request",
         not closed(k) and (k.sendall(HEAD) or answer(k) == "HTTP/1.1 200 OK"))
k.close()
m = s.request("GET", "/metrics").body.decode()
sc.check("recoup_http_head_timeouts_total counts the seven connections closed",
         "recoup_http_head_timeouts_total 7\n" in m, [l for l in m.splitlines() if "head_timeouts" in l])
s.stop()
log = open(s.log_path, "rb").read().decode("utf-8", "replace")
cut = [l for l in log.splitlines() if "--head-timeout" in l]
sc.check("the log says so once (one line a minute at most), naming --head-timeout",
         len(cut) == 1 and "1 connection(s) closed: the head of their request" in cut[0], cut)
sc.check("... and libmicrohttpd's own line is not written per connection",
         "closed when reading request" not in log, log[-1500:])

# on a kept-alive connection: the wait (--timeout 3) and then the head (--head-timeout 2)
s = sc.Server(["--timeout", "3", "--head-timeout", "2"], log_path=os.environ["TMP"] + "/keep.log")
k = connect(s)
k.sendall(HEAD)
sc.check("a first request is answered", answer(k) == "HTTP/1.1 200 OK")
took = trickle(k, b"GET /healthz HTTP/1.1\r\nX-Slow: " + b"a" * 200, 1.0, 20)
sc.check("then a head sent a byte a second (each within --timeout 3): closed 3 + 2 s after the answer",
         took is not None and 4.5 <= took <= 8, took)
k.close()
s.stop()
PY
finish
