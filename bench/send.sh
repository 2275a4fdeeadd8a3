#!/usr/bin/env bash
# bench/send.sh: `recoup send` of BENCH_EMAILS (default 10000) reminders to
# the loopback SMTP server of the tests (tests/integration/smtp_sink.py), in
# messages/s, with the ratio to a baseline measured in the same run against
# the same server: Python's smtplib sending as many messages of the same size
# over one connection (what the server itself can take). Bounded in time:
# each step is stopped after BENCH_SEND_TIMEOUT seconds (default 600).
set -euo pipefail
cd "$(dirname "$0")/.."
recoup=${RECOUP:-$PWD/build/recoup}
n=${BENCH_EMAILS:-10000}
limit=${BENCH_SEND_TIMEOUT:-600}
dir=$(mktemp -d "${TMPDIR:-/tmp}/recoup-bench-send.XXXXXX")
sink_pid=
cleanup() {
  if [[ -n $sink_pid ]]; then kill -9 "$sink_pid" 2>/dev/null || true; wait "$sink_pid" 2>/dev/null || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT
export RECOUP_DB=$dir/send.db
now() { date +%s.%N; }

/usr/bin/python3 - "$n" "$dir" <<'PY'
import sys
n, d = int(sys.argv[1]), sys.argv[2]
with open(d + "/customers.csv", "w") as f:
    f.write("customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile\n")
    langs = ["en", "pl", "pt-BR"]
    for i in range(n):
        f.write(f'C{i:06d},Customer {i} Ltd,company,GB,Europe/London,{langs[i % 3]},GBP,,ar{i}@debtor.example,+44 20 5555 {i % 10000:04d},"{i} High St",\n')
with open(d + "/invoices.csv", "w") as f:
    f.write("invoice_ref,customer_ref,issue_date,due_date,currency,amount\n")
    for i in range(n):
        f.write(f"I{i:06d},C{i:06d},2026-10-01,2026-12-01,GBP,{100 + i % 900}.00\n")
PY
"$recoup" import customers "$dir/customers.csv" >/dev/null
"$recoup" import invoices "$dir/invoices.csv" >/dev/null
"$recoup" run --as-of 2026-11-26 --now 2026-11-26T05:00:00Z >/dev/null

mkdir -p "$dir/sink"
/usr/bin/python3 tests/integration/smtp_sink.py "$dir/sink" >"$dir/sink.log" 2>&1 &
sink_pid=$!
for _ in $(seq 200); do [[ -s $dir/sink/port ]] && break; sleep 0.05; done
port=$(cat "$dir/sink/port")
"$recoup" config set smtp.url "smtp://127.0.0.1:$port" >/dev/null
"$recoup" config set smtp.tls none >/dev/null
"$recoup" config set email.from "Creditor <ar@creditor.test>" >/dev/null
"$recoup" config set creditor.name "Creditor SA" >/dev/null
"$recoup" config set email.optout_url "https://creditor.test/optout" >/dev/null

# the messages leave at the machine's moment and a send takes --now only near
# it (docs/channels.md): the send runs on a machine whose clock reads 12:00 UTC
# on the run's day (libfaketime's running clock, as the tests' recoup_at), a
# moment in the debtors' window whatever the hour of the bench
faketime_lib=
for f in /usr/lib/*/faketime/libfaketimeMT.so.1 /usr/lib/faketime/libfaketimeMT.so.1; do
  [[ -f $f ]] && { faketime_lib=$f; break; }
done
if [[ -z $faketime_lib ]]; then
  echo "bench/send.sh: libfaketime (libfaketimeMT.so.1) not found; scripts/install-deps installs it" >&2
  exit 1
fi
t0=$(now)
timeout "$limit" env "LD_PRELOAD=$faketime_lib" "FAKETIME=@2026-11-26 12:00:00" TZ=UTC \
  "$recoup" send --now 2026-11-26T12:00:00Z >"$dir/send.out"
t1=$(now)
sent=$(ls "$dir/sink" | grep -c '^msg-' || true)
size=$(wc -c <"$(ls "$dir"/sink/msg-* | head -1)")
rm -f "$dir"/sink/msg-*

# the baseline: as many messages of the same size through smtplib on one connection
t2=$(now)
timeout "$limit" /usr/bin/python3 - "$port" "$n" "$size" <<'PY'
import smtplib, sys
port, n, size = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
line = "x" * 76 + "\r\n"
body = "Subject: x\r\n\r\n" + line * max(1, (size - 200) // len(line))
with smtplib.SMTP("127.0.0.1", port) as s:
    for i in range(n):
        s.sendmail("ar@creditor.test", [f"ar{i}@debtor.example"], body)
PY
t3=$(now)
awk -v n="$sent" -v want="$n" -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" 'BEGIN {
  r = n / (b - a); base = want / (d - c);
  printf "send %d emails (%d wanted): %.1fs, %.0f messages/s; smtplib on one connection: %.0f messages/s; ratio %.2f\n",
         n, want, b - a, r, base, r / base }'
tail -1 "$dir/send.out"
