// t1016: a second load of the workspace (issue 13's page-ready figures,
// bench/web): the browser revalidates every file it holds (If-None-Match,
// answered 304 by the server, no body sent again) and still shows fresh
// data: the queue asked of the server again, once, and an account changed
// meanwhile gone from it. The API requests early.js starts before the
// modules run are the ones the pages make (each asked once on a reload of
// the queue and of an account), are taken once (the key r asks the server
// again), and are not made for a signed-out tab. The load does not jump
// (cumulative layout shift under 0.1). Run by
// tests/integration/t1016-web-reload.sh over web_setup's portfolio.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, check, newPage, signIn, drawn } from './harness.mjs';

const serveLog = () => readFileSync(join(process.env.TMP || '.', 'serve.log'), 'utf8').split('\n').filter(Boolean);
// the access-log lines written since line `from`: { path, status }
function served(from) {
  return serveLog()
    .slice(from)
    .map((l) => / method=GET path=(\S+) status=(\d+) /.exec(l))
    .filter(Boolean)
    .map((m) => ({ path: m[1], status: Number(m[2]) }));
}
const isStatic = (p) => !p.startsWith('/api/');
// The server writes a request's log line as it finishes, and this process
// copies its stderr to serve.log: wait for the line of `path` (a request
// the page has had its answer to), then a little for its neighbours.
async function servedUntil(from, path) {
  for (let i = 0; i < 100 && !served(from).some((x) => x.path === path); i++) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 200));
  return served(from);
}
// The log's length once every request the page has finished is in it: the lines reach
// serve.log through a pipe, and on a loaded machine a request answered before the
// mark was taken could be written after it (t1016 once counted the queue GET of the
// test's own fetch above as the reload's). A /healthz asked now is answered after
// them, so its line comes after theirs.
async function quietMark(page) {
  const count = () => served(0).filter((x) => x.path === '/healthz').length;
  const n0 = count();
  await page.evaluate(() => fetch('/healthz').then((r) => r.text())); // the body read: a reload would abort it
  for (let i = 0; i < 200 && count() <= n0; i++) await new Promise((r) => setTimeout(r, 50));
  return serveLog().length;
}

await run(async ({ base, browser }) => {
  const page = await newPage(browser);
  // layout shifts of every document the page loads (an init script is not the page's own: CSP does not apply)
  await page.addInitScript(() => {
    window.__shift = 0;
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  const requests = [];
  // the headers as sent (allHeaders: with what the browser's cache added, If-None-Match)
  page.on('request', (r) => {
    const e = { url: new URL(r.url()).pathname + new URL(r.url()).search };
    e.headers = r.allHeaders().then((h) => (e.inm = h['if-none-match']));
    requests.push(e);
  });

  await signIn(page, base, 'ann', 'ann-password');
  const rows = page.locator('table.queue tbody tr:not(.skeleton)');
  await rows.first().waitFor();
  const before = await page.evaluate(async () => (await fetch('/api/v1/queue')).json());
  check('the first load shows ann\'s queue of two', (await rows.count()) === 2 && before.items.length === 2,
    JSON.stringify(before.items.map((i) => i.customer_ref)));
  const first = before.items[0].customer_ref, second = before.items[1].customer_ref;

  // ---- the queue changes on the server: a promise on its first account ----
  const made = await page.evaluate(async (ref) => {
    const s = JSON.parse(sessionStorage.getItem('recoup.session'));
    const screen = (await (await fetch(`/api/v1/accounts/${ref}`)).json()).screen;
    const date = new Date(Date.now() + 7 * 86400e3).toISOString().slice(0, 10);
    const post = (path, body) =>
      fetch(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token },
        body: JSON.stringify(body),
      }).then(async (r) => [r.status, await r.text()]);
    // the call, and what it got: a promise (as the page's outcome 6 does)
    const call = screen.contacts.find((c) => c.call_target) || screen.contacts[0];
    const log = await post(`/api/v1/contacts/${encodeURIComponent(call.ref)}/log`,
      { channel: 'call', outcome: 'promise', at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') });
    const promise = await post('/api/v1/promises',
      { customer_ref: ref, amount: screen.balance.overdue, currency: screen.balance.currency, date });
    const queue = await (await fetch('/api/v1/queue')).json();
    return { log, promise, queue: queue.items.map((i) => i.customer_ref) };
  }, first);
  check('a promise on the first account takes it out of the queue on the server',
    made.log[0] === 201 && made.promise[0] === 201 && !made.queue.includes(first) && made.queue.includes(second), JSON.stringify(made));
  const shownBefore = await page.locator('table.queue tbody').textContent();
  check('the page still shows the queue it loaded (no refresh yet)', shownBefore.includes(first), shownBefore);

  // ---- the second load ----
  let mark = await quietMark(page);
  requests.length = 0;
  await page.reload();
  await page.getByRole('status').filter({ hasText: 'to call now' }).waitFor();
  const shown = await page.locator('table.queue tbody').textContent();
  check('the reloaded queue shows the server\'s queue now: the promised account gone, the other there',
    !shown.includes(first) && shown.includes(second) && (await rows.count()) === 1, shown);
  const log = await servedUntil(mark, '/api/v1/queue');
  await Promise.all(requests.map((r) => r.headers));
  const files = log.filter((x) => isStatic(x.path));
  const wanted = ['/', '/early.js', '/app.js', '/api.js', '/queue.js', '/vendor/preact-htm.js', '/style.css'];
  check('the reload asked again for the page and its modules and styles',
    wanted.every((p) => files.some((x) => x.path === p)), JSON.stringify(log));
  check('every file the reload asked for was answered 304: none sent again', files.length > 0 && files.every((x) => x.status === 304),
    JSON.stringify(files));
  const statics = requests.filter((r) => isStatic(r.url));
  check('the browser revalidated each with the ETag it held (If-None-Match)',
    statics.length > 0 && statics.every((r) => r.inm && /^"[^"]+"$/.test(r.inm)), JSON.stringify(statics));
  const q = log.filter((x) => x.path === '/api/v1/queue');
  check('the queue was asked of the server once on the reload, and answered 200 (the API is never cached)',
    q.length === 1 && q[0].status === 200, JSON.stringify(log));
  const shift = await page.evaluate(() => window.__shift);
  check('the queue\'s load does not jump (cumulative layout shift under 0.1)', shift < 0.1, shift);

  // ---- early.js's answer is taken once: r asks the server again ----
  mark = serveLog().length;
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/queue'));
  // the reloaded rows show a frame before the key listener that knows them is added: an r pressed in between is lost
  await drawn(page, 'queue');
  await page.keyboard.press('r');
  await answered;
  await page.waitForFunction(() => !document.querySelector('button[aria-keyshortcuts=r]').disabled);
  const again = await servedUntil(mark, '/api/v1/queue');
  check('the key r asks the server for the queue again', again.some((x) => x.path === '/api/v1/queue'), JSON.stringify(again));

  // ---- an account's reload: each of its requests once ----
  // each load's documents panel asks after the screen: its answer awaited, so that no reload cuts it off
  const panel = () => page.waitForResponse((r) => r.url().endsWith('/documents'));
  let documents = panel();
  await page.goto(`${base}/#/account/${second}`);
  await page.getByRole('heading', { name: 'Timeline' }).waitFor();
  await documents;
  mark = await quietMark(page);
  requests.length = 0;
  documents = panel();
  await page.reload();
  await page.getByRole('heading', { name: 'Timeline' }).waitFor();
  await documents;
  const api = requests.filter((r) => r.url.startsWith('/api/'));
  const counts = {};
  for (const r of api) counts[r.url] = (counts[r.url] || 0) + 1;
  const screenCalls = ['/api/v1/accounts/', '/api/v1/promises?', '/api/v1/plans?', '/api/v1/settlements?', '/api/v1/disputes?'];
  check('the account\'s reload asks for each of its requests once (early.js\'s are the page\'s own)',
    screenCalls.every((p) => api.filter((r) => r.url.startsWith(p)).length === 1) && Object.values(counts).every((n) => n === 1),
    JSON.stringify(counts));
  const accountLog = await servedUntil(mark, '/app.js');
  check('and its files were all answered 304',
    accountLog.some((x) => x.path === '/app.js') && accountLog.filter((x) => isStatic(x.path)).every((x) => x.status === 304),
    JSON.stringify(accountLog));
  const accountShift = await page.evaluate(() => window.__shift);
  check('the account\'s load does not jump (cumulative layout shift under 0.1)', accountShift < 0.1, accountShift);

  // ---- refreshes that overlap: an older answer that comes last is not drawn ----
  // the queue's request is answered by the server at once and its answer held back (it still
  // lists the second account); the second account then leaves the queue on the server; a second
  // refresh draws the queue without it; then the held answer arrives, and must not bring it back
  await page.goto(`${base}/#/queue`);
  await drawn(page, 'queue');
  // held in the page's own fetch (its answer received, then kept from the page until released), not
  // by page.route: with a route, every request of the page goes through the browser's
  // interception, and one it did not match was once aborted in CI (t1010, an upstream race)
  await page.evaluate(() => {
    const real = window.fetch;
    window.recoupQueue = { calls: 0, held: 0, done: 0 };
    window.recoupQueueGate = new Promise((r) => (window.recoupQueueRelease = r));
    window.recoupRealFetch = real;
    window.fetch = async (url, opts) => {
      const r = await real(url, opts);
      if (/\/api\/v1\/queue$/.test(String(url))) {
        window.recoupQueue.calls++;
        if (!window.recoupQueue.held) {
          window.recoupQueue.held = 1;
          await window.recoupQueueGate;
          window.recoupQueue.done = 1;
        }
      }
      return r;
    };
  });
  await page.keyboard.press('r');
  await page.waitForFunction(() => document.querySelector('button[aria-keyshortcuts=r]').disabled);
  await page.waitForFunction(() => window.recoupQueue.held === 1, null, { timeout: 20000 });
  const gone = await page.evaluate(async (ref) => {
    const s = JSON.parse(sessionStorage.getItem('recoup.session'));
    const screen = (await (await fetch(`/api/v1/accounts/${ref}`)).json()).screen;
    const date = new Date(Date.now() + 7 * 86400e3).toISOString().slice(0, 10);
    const post = (path, body) =>
      fetch(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token },
        body: JSON.stringify(body),
      }).then(async (r) => (await r.text(), r.status)); // the body read: else the request shows as aborted
    const call = screen.contacts.find((c) => c.call_target) || screen.contacts[0];
    const log = await post(`/api/v1/contacts/${encodeURIComponent(call.ref)}/log`,
      { channel: 'call', outcome: 'promise', at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') });
    const promise = await post('/api/v1/promises',
      { customer_ref: ref, amount: screen.balance.overdue, currency: screen.balance.currency, date });
    return [log, promise];
  }, second);
  check('a promise on the second account too', gone[0] === 201 && gone[1] === 201, JSON.stringify(gone));
  const newer = page.waitForResponse((r) => r.url().endsWith('/api/v1/queue') && r.status() === 200);
  await page.keyboard.press('r');
  await newer;
  await page.waitForFunction((ref) => !document.querySelector('table.queue tbody').textContent.includes(ref), second);
  await page.evaluate(() => window.recoupQueueRelease());
  await page.waitForFunction(() => window.recoupQueue.done === 1, null, { timeout: 20000 });
  // the held answer is in: two frames for whatever it would draw
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const after = await page.locator('table.queue tbody').textContent();
  const calls = await page.evaluate(() => window.recoupQueue.calls);
  check('an older refresh\'s answer, come last, does not bring back a call already made', calls === 2 && !after.includes(second),
    `${calls} requests; ${after}`);
  check('... and the Refresh button is enabled again', !(await page.locator('button[aria-keyshortcuts=r]').isDisabled()));
  await page.evaluate(() => { window.fetch = window.recoupRealFetch; });

  // ---- a signed-out tab asks for nothing early ----
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to recoup' }).waitFor();
  requests.length = 0;
  await page.goto(`${base}/#/queue`);
  await page.reload();
  await page.getByRole('heading', { name: 'Sign in to recoup' }).waitFor();
  check('a signed-out reload makes no API request', !requests.some((r) => r.url.startsWith('/api/')),
    JSON.stringify(requests));

  check('no script error or refused resource on the pages', page.problems.length === 0, page.problems.join('\n'));
});
