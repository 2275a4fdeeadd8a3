// bench-compare.mjs: the full loads of bench-pages.mjs for two builds at
// once, one load of each in turn (bench/web with BENCH_WEB_AGAINST=TREE):
// two servers over the same portfolio, this tree's (RECOUP, SRCDIR/web)
// and another's (TREE/build/recoup, TREE/web), each with its own tab, so
// that the load of the machine falls on both alike. Prints the median and
// the quartiles of each page's ready time for each, and the floors (the
// API request each page waits on). Asserts nothing.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { launch, newPage, signIn } from './harness.mjs';

const rounds = Number(process.env.BENCH_WEB_ROUNDS || 7) * 3;
const against = process.env.BENCH_WEB_AGAINST;

function serve(name, recoup, web) {
  const child = spawn(recoup, ['serve', '--listen', '127.0.0.1:0', '--web', web], { stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.on('exit', (code) => reject(new Error(`${name}: recoup serve exited (${code}) before listening`)));
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve({ name, url: `http://${m[1]}`, child, queue: [], account: [], queueApi: [], accountApi: [] });
    });
  });
}
async function mark(page, name) {
  const h = await page.waitForFunction((n) => performance.getEntriesByName(n).at(-1)?.startTime, `recoup:${name}`);
  return h.jsonValue();
}
const at = (a, p) => [...a].sort((x, y) => x - y)[Math.floor(a.length * p)];
const fig = (a) => `${at(a, 0.5).toFixed(0).padStart(4)} ms (${at(a, 0.25).toFixed(0)}-${at(a, 0.75).toFixed(0)})`;

const builds = [
  await serve(against, join(against, 'build', 'recoup'), join(against, 'web')),
  await serve('this tree', process.env.RECOUP, join(process.env.SRCDIR, 'web')),
];
const browser = await launch();
try {
  for (const b of builds) {
    b.page = await newPage(browser);
    await signIn(b.page, b.url, 'c1', 'collector-password');
    await b.page.locator('table.queue tbody tr:not(.skeleton)').first().waitFor();
    b.ref = (await b.page.evaluate(async () => (await fetch('/api/v1/queue')).json())).items[0].customer_ref;
  }
  for (let i = 0; i < rounds; i++) {
    for (const b of i % 2 ? [...builds].reverse() : builds) {
      const p = b.page;
      await p.goto(`${b.url}/#/queue`);
      await mark(p, 'queue');
      await p.reload();
      b.queue.push(await mark(p, 'queue'));
      await p.goto(`${b.url}/#/account/${encodeURIComponent(b.ref)}`);
      await mark(p, 'account');
      await p.reload();
      b.account.push(await mark(p, 'account'));
      const [q, a] = await p.evaluate(async (ref) => {
        const t = performance.now();
        await (await fetch('/api/v1/queue')).json();
        const t2 = performance.now();
        await (await fetch(`/api/v1/accounts/${encodeURIComponent(ref)}`)).json();
        return [t2 - t, performance.now() - t2];
      }, b.ref);
      b.queueApi.push(q);
      b.accountApi.push(a);
    }
  }
  console.log(`full loads, one of each build in turn, ${rounds} each: median (quartiles)`);
  for (const b of builds)
    console.log(`${b.name}\n  queue page ready ${fig(b.queue)}, its GET /api/v1/queue ${fig(b.queueApi)}\n` +
      `  account page ready ${fig(b.account)}, its GET /api/v1/accounts/{ref} ${fig(b.accountApi)}`);
} finally {
  await browser.close();
  for (const b of builds) b.child.kill('SIGTERM');
}
