#!/usr/bin/env bash
# One client's idle connections must not lock the others out. About 1,020
# TCP connections that sent nothing made the server unreachable for
# --timeout seconds: libmicrohttpd's default connection limit (FD_SETSIZE
# - 4) was reached, the listening socket was no longer polled, and
# GET /healthz from anyone else waited in the backlog. Now one address
# holds at most --max-per-address connections (default 64): the excess is
# closed at once, and another address is still answered. All addresses
# together hold more than FD_SETSIZE (poll, and the open-file limit raised
# to its hard limit). The refusals give one log line, not one per socket.
# Every client here is on loopback: the idle sockets are bound to other
# 127.x addresses than the checking requests' (Linux lets a client bind
# any of them), the server listens on 127.0.0.1.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

recoup init >/dev/null
expect_exit 2 recoup serve --max-per-address -1
expect_stderr_contains "--max-per-address '-1': must be a whole number from 0 (no limit) to 65535"
expect_exit 2 recoup serve --max-per-address many
expect_exit 2 recoup serve --max-per-address 65536
expect_exit 0 recoup serve --help
expect_stdout_contains "[--max-per-address N]"

serve_py <<'PY'
import os, resource, socket, time

soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def idle(s, n, source):
    """n connections from source that send nothing."""
    socks = []
    for _ in range(n):
        k = socket.socket()
        k.bind((source, 0))
        k.connect((s.host, s.port))
        socks.append(k)
    return socks


def closed_by_server(socks, wait=2.0):
    """How many of socks the server closed (EOF or reset) within wait seconds."""
    end = time.time() + wait
    closed = set()
    while time.time() < end and len(closed) < len(socks):
        for i, k in enumerate(socks):
            if i in closed:
                continue
            k.setblocking(False)
            try:
                if k.recv(1) == b"":
                    closed.add(i)
            except BlockingIOError:
                pass
            except OSError:
                closed.add(i)
        time.sleep(0.05)
    return len(closed)


def healthz(s, source):
    t0 = time.time()
    try:
        r = s.request("GET", "/healthz", source=source)
        return r.status, time.time() - t0
    except OSError as e:
        return repr(e), time.time() - t0


def close_all(socks):
    for k in socks:
        k.close()


# the QA's case, with the defaults: 1,030 idle sockets from one address
s = sc.Server(["--timeout", "30"])
t0 = time.time()
socks = idle(s, 1030, "127.0.0.2")
n = closed_by_server(socks)
sc.check("1,030 idle sockets from 127.0.0.2: all but 64 closed by the server, within 2 s", n == 1030 - 64,
         "%d closed in %.2f s" % (n, time.time() - t0))
st, took = healthz(s, "127.0.0.1")
sc.check("... and GET /healthz from 127.0.0.1 is answered at once", st == 200 and took < 2, st, took)
st, took = healthz(s, "127.0.0.2")
sc.check("... while 127.0.0.2, at its limit, gets no answer (closed at once, not kept waiting)",
         st != 200 and took < 2, st, took)
close_all(socks)

# its sockets closed, that address is served again
deadline = time.time() + 3
while True:
    st, took = healthz(s, "127.0.0.2")
    if st == 200 or time.time() > deadline:
        break
    time.sleep(0.1)
sc.check("once its sockets are closed, 127.0.0.2 is answered again", st == 200, st)

# all addresses together: more than FD_SETSIZE (1,024) connections held, none refused
if hard >= 2000:
    many = []
    for a in range(20):
        many += idle(s, 55, "127.0.1.%d" % (a + 1))
    n = closed_by_server(many, wait=1.0)
    sc.check("1,100 idle sockets from 20 addresses (55 each): none closed", n == 0, "%d closed" % n)
    st, took = healthz(s, "127.0.0.1")
    sc.check("... and GET /healthz from 127.0.0.1 is answered at once", st == 200 and took < 2, st, took)
    close_all(many)
else:
    print("(the open-file hard limit is %d: the 1,100 connections' check is left out)" % hard)
s.stop()
log = open(s.log_path, "rb").read().decode("utf-8", "replace")
lines = [l for l in log.splitlines() if "closed at once" in l]
sc.check("the refusals give one log line, not one per socket", len(lines) == 1, "\n".join(lines[:5]))
sc.check("... naming --max-per-address", lines and "--max-per-address 64" in lines[0], lines[:1])
sc.check("... and libmicrohttpd's own line is not repeated per socket",
         log.count("reached connection limit") == 0, log[-2000:])

# a lower limit, and 0 for none
s = sc.Server(["--max-per-address", "4"])
socks = idle(s, 10, "127.0.0.3")
n = closed_by_server(socks)
sc.check("--max-per-address 4: 6 of 10 idle sockets closed", n == 6, "%d closed" % n)
st, took = healthz(s, "127.0.0.1")
sc.check("... another address answered", st == 200, st)
close_all(socks)
s.stop()

s = sc.Server(["--max-per-address", "0", "--trusted-proxy", "127.0.0.4"], log_path=os.environ["TMP"] + "/none.log")
socks = idle(s, 100, "127.0.0.4")
n = closed_by_server(socks, wait=1.0)
sc.check("--max-per-address 0 (the proxy in front limits): 100 idle sockets from one address, none closed",
         n == 0, "%d closed" % n)
close_all(socks)
s.stop()
log = open(s.log_path, "rb").read().decode("utf-8", "replace")
sc.check("... and no note about the proxy", "a proxy is one address" not in log, log[-1000:])

s = sc.Server(["--trusted-proxy", "127.0.0.4"], log_path=os.environ["TMP"] + "/proxy.log")
s.stop()
log = open(s.log_path, "rb").read().decode("utf-8", "replace")
sc.check("--trusted-proxy with the default limit: the log says a proxy is one address, and what to do",
         "a proxy is one address" in log and "--max-per-address 64" in log, log[-1000:])
PY
finish
