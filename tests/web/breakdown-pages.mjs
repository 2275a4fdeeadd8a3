// breakdown-pages.mjs: where a full load of the queue page and of the
// account page spends its time, from the browser's Resource Timing and
// Navigation Timing (bench/web prepares the portfolio; run with
// BENCH_WEB_BREAKDOWN=1). For one reload of each page, after a warm-up
// reload: every request the page made (start, end, bytes on the wire,
// status as 304 or 200 where the browser tells), the moment the first API
// request left, when it answered and when the page marked itself ready.
// Asserts nothing.

import { startServer, launch, newPage, signIn } from './harness.mjs';

const rounds = Number(process.env.BENCH_WEB_ROUNDS || 3);

async function mark(page, name) {
  const h = await page.waitForFunction((n) => performance.getEntriesByName(n).at(-1)?.startTime, `recoup:${name}`);
  return h.jsonValue();
}

async function entries(page) {
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const res = performance.getEntriesByType('resource').map((r) => ({
      name: new URL(r.name).pathname + new URL(r.name).search,
      start: r.startTime, reqStart: r.requestStart, respStart: r.responseStart, end: r.responseEnd,
      transfer: r.transferSize, body: r.decodedBodySize, status: r.responseStatus,
    }));
    return {
      tasks: window.__tasks, frames: window.__frames.slice(0, 30).map((x) => Math.round(x)),
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
      nav: { respEnd: nav.responseEnd, domInteractive: nav.domInteractive, dcl: nav.domContentLoadedEventEnd, transfer: nav.transferSize },
      res,
    };
  });
}

function show(title, e, ready) {
  console.log(`\n${title}: document answered ${e.nav.respEnd.toFixed(1)} ms, DOMContentLoaded ${e.nav.dcl.toFixed(1)} ms, ready ${ready.toFixed(1)} ms`);
  let js = 0, bytes = 0;
  for (const r of e.res) {
    if (/\.js$/.test(r.name)) js += r.body;
    bytes += r.transfer;
    console.log(`  ${r.start.toFixed(1).padStart(7)} → ${r.end.toFixed(1).padStart(7)}  (wait ${(r.respStart - r.reqStart).toFixed(1).padStart(6)})  ${String(r.status ?? '').padStart(3)} ${String(r.transfer).padStart(7)} B  ${r.name}`);
  }
  console.log(`  long tasks: ${e.tasks.map(([s, d]) => `${s.toFixed(0)}+${d.toFixed(0)}`).join(' ')}; first paint ${e.fcp?.toFixed(1)}; frames ${e.frames.join(' ')}`);
  const api = e.res.filter((r) => r.name.startsWith('/api/'));
  console.log(`  ${e.res.length} requests, ${bytes} B on the wire, ${js} B of JS; first API request at ${api[0]?.start.toFixed(1)} ms, ` +
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
