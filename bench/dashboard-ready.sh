#!/usr/bin/env bash
# bench/dashboard-ready.sh DB [AS_OF]: how long the manager's dashboard
# (#/dashboard, docs/dashboard.md) takes to be ready in a browser on a large
# book: Debian's chromium-headless-shell (playwright-core of tests/web)
# loads the page signed in, and the time from the navigation to the charts
# and tables drawn (window.recoupDashboardReady) is printed, the median of
# BENCH_DASHBOARD_LOADS loads (default 5), and when the collectors' table,
# asked for apart, is drawn too. Beside it, measured in the same page in
# the same run: GET /api/v1/dashboard?part=main alone, and the baseline
# GET /api/v1/aging (the live aging over the open invoices, which the
# dashboard's snapshot replaces), with the ratio. Printed, never asserted.
#
# DB is a SQLite file or a postgresql:// URL of a book the daily run went
# over (make bench's 1,000,000 customers, or runperf's day1.db). The
# dashboard writes (a manager to sign in as, the KPI months of `recoup
# dashboard refresh`, whose own time is printed too), so a file is copied
# first into BENCH_DIR (default /tmp/recoup-bench-dashboard; the copy is
# removed at the end) unless BENCH_DASHBOARD_COPY=0.
#   BENCH_DASHBOARD_MONTHS (default 2)  months `dashboard refresh` computes
#   BENCH_DASHBOARD_FILTER (default none) e.g. collector=c01: the page and
#                                       the API with that filter
set -euo pipefail
cd "$(dirname "$0")/.."
src=${1:?usage: bench/dashboard-ready.sh DB [AS_OF]}
as_of=${2:-2026-11-22}
recoup=${RECOUP:-$PWD/build/recoup}
dir=${BENCH_DIR:-/tmp/recoup-bench-dashboard}
months=${BENCH_DASHBOARD_MONTHS:-2}
mkdir -p "$dir"
server_pid=
cleanup() {
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [[ ${BENCH_DASHBOARD_COPY:-1} != 0 && $src != postgres* ]]; then rm -f "$dir"/book.db*; fi
}
trap cleanup EXIT
now() { date +%s.%N; }

db=$src
if [[ ${BENCH_DASHBOARD_COPY:-1} != 0 && $src != postgres* ]]; then
  db=$dir/book.db
  cp "$src" "$db"
fi
export RECOUP_DB=$db
t0=$(now)
"$recoup" dashboard refresh --as-of "$as_of" --months "$months" >/dev/null
t1=$(now)
awk -v a="$t0" -v b="$t1" -v m="$months" 'BEGIN { printf "dashboard refresh (%d months of DSO/CEI, once a day): %.1f s\n", m, b - a }'
user=bench-max-$$
echo "bench-password" | "$recoup" user add "$user" --role manager --password-stdin >/dev/null

"$recoup" serve --listen 127.0.0.1:0 --web "$PWD/web" >"$dir/serve.out" 2>"$dir/serve.log" &
server_pid=$!
for _ in $(seq 100); do grep -q 'listening on' "$dir/serve.out" && break; sleep 0.1; done
base=http://$(awk '/listening on/ { print $3 }' "$dir/serve.out")

cd tests/web
BASE=$base USER_NAME=$user AS_OF=$as_of LOADS=${BENCH_DASHBOARD_LOADS:-5} FILTER=${BENCH_DASHBOARD_FILTER:-} node --input-type=module <<'JS'
import { launch } from './harness.mjs';
const { BASE, USER_NAME, AS_OF, LOADS } = process.env;
const F = process.env.FILTER ? `&${process.env.FILTER}` : '';
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const browser = await launch();
try {
  const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  await page.goto(`${BASE}/`);
  await page.getByLabel('User').fill(USER_NAME);
  await page.getByLabel('Password').fill('bench-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'My queue' }).waitFor();
  const ready = [], table = [];
  for (let i = 0; i < Number(LOADS); i++) {
    await page.goto(`${BASE}/#/dashboard?to=${AS_OF}${F}`);
    await page.reload(); // a fresh load of the page, the session being the tab's
    await page.waitForSelector('body[data-dashboard="ready"]', { timeout: 120000 });
    ready.push(await page.evaluate(() => window.recoupDashboardReady));
    await page.waitForSelector('body[data-collectors="ready"]', { timeout: 300000 });
    table.push(await page.evaluate(() => window.recoupCollectorsReady));
  }
  const timed = (path) => page.evaluate(async (p) => {
    const t = performance.now();
    const r = await fetch(p);
    await r.text();
    return performance.now() - t;
  }, path);
  const api = [], aging = [];
  for (let i = 0; i < Number(LOADS); i++) {
    api.push(await timed(`/api/v1/dashboard?to=${AS_OF}&part=main${F}`));
    aging.push(await timed(`/api/v1/aging`));
  }
  const r = median(ready), a = median(api), b = median(aging);
  console.log(`dashboard page${F ? ` (${F.slice(1)})` : ''} ready: ${r.toFixed(0)} ms median of ${ready.length} (${ready.map((x) => x.toFixed(0)).join(', ')}); target < 500 ms`);
  console.log(`the collectors' table (asked apart, ?part=collectors) drawn: ${median(table).toFixed(0)} ms median`);
  console.log(`GET /api/v1/dashboard?part=main: ${a.toFixed(0)} ms median`);
  console.log(`baseline GET /api/v1/aging (live, over the open invoices): ${b.toFixed(0)} ms median; dashboard page / aging: ${(r / b).toFixed(2)}x`);
} finally {
  await browser.close();
}
JS
