// breakdown-pages.mjs: where a full load of the queue page and of the
// account page spends its time (bench/web with BENCH_WEB_BREAKDOWN=1),
// from the browser's Resource Timing and Navigation Timing: for a reload
// of each page, after a warm-up reload, every request the page made
// (start, end, the time waiting for the answer, bytes on the wire: a 304
// is its headers alone, about 300 B), the moment the first API request
// left, when the last answered and when the page marked itself ready; the
// long tasks (over 50 ms) and the frames drawn; the bytes of JavaScript
// the page runs. Asserts nothing.

import { startServer, launch, newPage, signIn } from './harness.mjs';

const rounds = Number(process.env.BENCH_WEB_ROUNDS || 3);

async function mark(page, name) {
  const h = await page.waitForFunction((n) => performance.getEntriesByName(n).at(-1)?.startTime, `recoup:${name}`);
  return h.jsonValue();
}

async function entries(page) {
  return page.evaluate(async () => {
    const nav = performance.getEntriesByType('navigation')[0];
    const res = performance.getEntriesByType('resource').map((r) => ({
      name: new URL(r.name).pathname + new URL(r.name).search,
      start: r.startTime, reqStart: r.requestStart, respStart: r.responseStart, end: r.responseEnd,
      transfer: r.transferSize,
    }));
    const js = [...new Set(performance.getEntriesByType('resource').map((r) => r.name).filter((n) => /\.js$/.test(n)))];
    const jsBytes = (await Promise.all(js.map((u) => fetch(u).then((r) => r.text())))).reduce((n, t) => n + t.length, 0);
    return {
      jsFiles: js.length, jsBytes,
      tasks: window.__tasks, frames: window.__frames.slice(0, 30).map((x) => Math.round(x)),
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
      nav: { respEnd: nav.responseEnd, domInteractive: nav.domInteractive, dcl: nav.domContentLoadedEventEnd, transfer: nav.transferSize },
      res,
    };
  });
}

function show(title, e, ready) {
  console.log(`\n${title}: document answered ${e.nav.respEnd.toFixed(1)} ms, DOMContentLoaded ${e.nav.dcl.toFixed(1)} ms, ready ${ready.toFixed(1)} ms`);
  let bytes = 0;
  for (const r of e.res) {
    bytes += r.transfer;
    console.log(`  ${r.start.toFixed(1).padStart(7)} → ${r.end.toFixed(1).padStart(7)}  (wait ${(r.respStart - r.reqStart).toFixed(1).padStart(6)})  ${String(r.transfer).padStart(7)} B  ${r.name}`);
  }
  console.log(`  long tasks: ${e.tasks.map(([s, d]) => `${s.toFixed(0)}+${d.toFixed(0)}`).join(' ')}; first paint ${e.fcp?.toFixed(1)}; frames ${e.frames.join(' ')}`);
  const api = e.res.filter((r) => r.name.startsWith('/api/') && r.end <= ready); // the page's own, not what follows it
  console.log(`  ${e.res.length} requests, ${bytes} B on the wire, ${e.jsFiles} scripts of ${e.jsBytes} B; first API request at ${api[0]?.start.toFixed(1)} ms, ` +
    `last API answer at ${Math.max(...api.map((r) => r.end)).toFixed(1)} ms, rendered ${(ready - Math.max(...api.map((r) => r.end))).toFixed(1)} ms later`);
}

const server = await startServer();
const browser = await launch();
try {
  const page = await newPage(browser);
  // long tasks and frames, recorded from the start of each document (an init script is not the page's: CSP does not apply)
  await page.addInitScript(() => {
    window.__tasks = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__tasks.push([e.startTime, e.duration]); })
      .observe({ type: 'longtask', buffered: true });
    window.__frames = [];
    const f = (t) => { window.__frames.push(performance.now()); if (window.__frames.length < 60) requestAnimationFrame(f); };
    requestAnimationFrame(f);
  });
  await signIn(page, server.url, 'c1', 'collector-password');
  await page.locator('table.queue tbody tr:not(.skeleton)').first().waitFor();
  const first = (await page.evaluate(async () => (await fetch('/api/v1/queue')).json())).items[0].customer_ref;
  for (let i = 0; i < rounds; i++) {
    await page.goto(`${server.url}/#/queue`);
    await mark(page, 'queue');
    await page.reload();
    let ready = await mark(page, 'queue');
    show(`queue page, reload ${i + 1}`, await entries(page), ready);
    await page.goto(`${server.url}/#/account/${encodeURIComponent(first)}`);
    await mark(page, 'account');
    await page.reload();
    ready = await mark(page, 'account');
    show(`account page, reload ${i + 1}`, await entries(page), ready);
  }
} finally {
  await browser.close();
  await server.stop();
}
