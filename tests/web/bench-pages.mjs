// bench-pages.mjs: the ready time of the queue page and the account page
// in the browser (bench/web prepares the portfolio). "Ready" is the moment
// the page has rendered its data (the performance mark "recoup:queue" or
// "recoup:account" that the page sets, web/ui.js ready()), counted from
// the start of the navigation,
// for a full load (the page reloaded: scripts revalidated by ETag) and for
// the move inside the workspace a collector makes all day (key n from the
// queue). Beside each, the API request the page waits on, timed from the
// page: the floor the page cannot go under. Prints the median and the
// worst of BENCH_WEB_ROUNDS rounds; asserts nothing.

import { startServer, launch, newPage, signIn } from './harness.mjs';

const rounds = Number(process.env.BENCH_WEB_ROUNDS || 7);
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const line = (name, a) =>
  console.log(`${name.padEnd(44)} median ${median(a).toFixed(0).padStart(5)} ms   worst ${Math.max(...a).toFixed(0).padStart(5)} ms`);

// The last mark NAME's time (ms since the navigation started), waiting for it.
async function mark(page, name) {
  const h = await page.waitForFunction((n) => performance.getEntriesByName(n).at(-1)?.startTime, `recoup:${name}`);
  return h.jsonValue();
}

const server = await startServer();
const browser = await launch();
try {
  const page = await newPage(browser);
  await signIn(page, server.url, 'c1', 'collector-password');
  const rows = page.locator('table.queue tbody tr:not(.skeleton)');
  await rows.first().waitFor();
  const n = await rows.count();
  const first = (await page.evaluate(async () => (await fetch('/api/v1/queue')).json())).items[0].customer_ref;
  console.log(`collector c1: ${n} accounts in the queue; account ${first}`);

  const queueLoad = [], accountLoad = [], accountKey = [], queueApi = [], accountApi = [];
  for (let i = 0; i < rounds; i++) {
    await page.goto(`${server.url}/#/queue`);
    await mark(page, 'queue'); // the queue asked for by the move back has answered: the reload is measured alone
    await page.reload();
    queueLoad.push(await mark(page, 'queue'));

    await page.evaluate(() => {
      performance.clearMarks();
      addEventListener('keydown', () => performance.mark('recoup:key'), { once: true, capture: true });
    });
    await page.keyboard.press('n');
    accountKey.push((await mark(page, 'account')) - (await mark(page, 'key')));

    await page.reload();
    accountLoad.push(await mark(page, 'account'));

    const api = await page.evaluate(async (ref) => {
      const t = performance.now();
      await (await fetch('/api/v1/queue')).json();
      const q = performance.now() - t;
      const t2 = performance.now();
      await (await fetch(`/api/v1/accounts/${ref}`)).json();
      return [q, performance.now() - t2];
    }, first);
    queueApi.push(api[0]);
    accountApi.push(api[1]);
  }
  line('queue page, full load, ready', queueLoad);
  line('  its request GET /api/v1/queue', queueApi);
  line('account page, full load, ready', accountLoad);
  line('account page from the queue (key n), ready', accountKey);
  line('  its request GET /api/v1/accounts/{ref}', accountApi);
} finally {
  await browser.close();
  await server.stop();
}
