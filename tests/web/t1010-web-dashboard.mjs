// t1010: the manager's dashboard in the browser (issue 13 point 6): the
// manager opens it, the aging chart of each currency totals what GET
// /api/v1/aging gives for the same day, the tables download as CSV with
// the same figures, the KPI months come from the stored months, axe-core
// finds no serious violation, a collector is refused the page; a
// screenshot for a person, and the time the page took to be ready
// (printed, not asserted). Run by tests/integration/t1010-web-dashboard.sh.

import { readFileSync } from 'node:fs';
import { run, check, newPage, signIn, screenshot, axe, fillAtOnce } from './harness.mjs';

await run(async ({ base, browser }) => {
  const page = await newPage(browser);
  await signIn(page, base, 'max', 'max-password');
  check('the manager sees the dashboard in the menu', await page.getByRole('link', { name: 'Dashboard' }).isVisible());
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await page.waitForSelector('body[data-dashboard="ready"]');
  // loaded afresh (the session is the tab's): from the navigation to the charts and tables drawn
  await page.reload();
  await page.waitForSelector('body[data-dashboard="ready"]');
  const ready = await page.evaluate(() => window.recoupDashboardReady);
  console.log(`dashboard ready ${Math.round(ready)} ms after the navigation (a small book; bench/dashboard-ready.sh: 1M)`);

  const d = await page.evaluate(async () => (await fetch('/api/v1/dashboard')).json());
  const aging = await page.evaluate(async (day) => (await fetch(`/api/v1/aging?as_of=${day}`)).json(), d.aging.as_of);
  check('the dashboard shows the last daily run', d.aging.as_of !== null && d.aging.items.length === 4, JSON.stringify(d.aging));
  for (const a of aging.items) {
    const fig = page.locator(`#aging-${a.currency}`);
    const totals = await fig.getAttribute('data-totals');
    check(`the aging chart of ${a.currency} totals the API's ${a.total}`, totals === `${a.currency} ${a.total}`, totals);
    check(`the chart of ${a.currency} is drawn`, (await fig.locator('canvas').count()) === 1);
    check(`its title says the total in the locale (${a.currency})`,
      (await fig.locator('figcaption').textContent()).includes('open'), await fig.locator('figcaption').textContent());
  }
  const table = await page.locator('table[data-table="aging"]').textContent();
  check('the aging table shows amounts in the locale', table.includes('$1,510.50') && table.includes('¥250,000'), table);

  // every table downloads as CSV: the aging's is the API's figures, exact
  const [download] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download Aging as of', exact: false }).click()]);
  const csv = readFileSync(await download.path(), 'utf8').trim().split('\r\n');
  check('the CSV is named after its table', download.suggestedFilename() === 'aging.csv', download.suggestedFilename());
  check('its header is the columns', csv[0] === ['currency', ...aging.buckets, 'total', 'invoices'].join(','), csv[0]);
  const want = aging.items.map((i) => [i.currency, ...aging.buckets.map((b) => i[b]), i.total, i.invoices].join(','));
  check('its rows are the API\'s figures, exact', JSON.stringify(csv.slice(1)) === JSON.stringify(want), `${csv.join('\n')}\n---\n${want.join('\n')}`);
  await page.waitForSelector('body[data-collectors="ready"]');
  const buttons = await page.locator('button.csv').count();
  check('every table has its CSV button', buttons === 7, `${buttons} buttons`);

  const kpi = await page.locator('table[data-table="kpi"]').textContent();
  check('DSO and CEI by month from the stored months', d.kpi.items.length > 0 && d.kpi.items.every((m) => kpi.includes(m.month)), kpi);
  check('the overdue trend is drawn', (await page.locator('#trend canvas').count()) === 1);

  // the filters: a segment narrows the aging, the period the tables
  await page.getByLabel('Segment (strategy)').fill('no-such-strategy');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.getByText('No account of no-such-strategy on the run of').waitFor();
  check('an unknown segment shows no aging', (await page.locator('figure[id^="aging-"]').count()) === 0);
  // the segment cleared and the collector typed in one task (no render between): each keeps its text
  await fillAtOnce(page, [['#f-segment', ''], ['#f-collector', 'ann']]);
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.locator('main > .title-row', { hasText: 'ann' }).waitFor();
  check('the segment stays cleared', (await page.getByLabel('Segment (strategy)').inputValue()) === '',
    await page.getByLabel('Segment (strategy)').inputValue());
  check('a collector filter names the collector', (await page.locator('main > .title-row').textContent()).includes('ann'));
  // the collectors' table comes by its own request, after the rest is drawn: drawn too before axe looks
  await page.locator('section[aria-labelledby="t-collectors"]:not(.loading)').waitFor();

  // two filters applied in quick succession, the first's answer held back: it comes last and is
  // dropped, not drawn over the filter now shown (nor its collectors' table). Held in the page's
  // own fetch, not by page.route: with a route, every request of the page went through the
  // browser's interception, and one of the later filter's (not held) was once aborted in CI
  // (net::ERR_ABORTED), an upstream race of the interception, not of the page.
  await page.evaluate(() => {
    const real = window.fetch;
    window.recoupHeld = { held: 0, done: 0 };
    window.fetch = async (url, opts) => {
      const r = await real(url, opts);
      if (/\/api\/v1\/dashboard\?.*collector=raj/.test(String(url))) {
        window.recoupHeld.held++;
        await new Promise((ok) => setTimeout(ok, 1500));
        window.recoupHeld.done++;
      }
      return r;
    };
    // the later filter's collectors' table is waited for below: not the one drawn before
    delete document.body.dataset.collectors;
  });
  await page.getByRole('textbox', { name: 'Collector' }).fill('raj');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.getByRole('textbox', { name: 'Collector' }).fill('');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForSelector('body[data-collectors="ready"]');
  await page.waitForFunction(() => window.recoupHeld.done >= 1 && window.recoupHeld.done === window.recoupHeld.held,
    null, { timeout: 20000 });
  // the held answer is in: two frames for whatever it would draw
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const title = await page.locator('main > .title-row').textContent();
  const held = await page.evaluate(() => window.recoupHeld.held);
  check('a slower answer to an earlier filter is not drawn over the later one', held >= 1 && !title.includes('raj'),
    `${held} held; ${title}`);
  check('... and the page is ready', (await page.evaluate(() => document.body.dataset.dashboard)) === 'ready');

  await screenshot(page, 't1010-dashboard');
  const violations = await axe(page);
  check('axe-core: no serious or critical violation on the dashboard', violations.length === 0, violations.join('\n'));
  check('no error on the page', page.problems.length === 0, page.problems.join('\n'));

  // a collector is refused the page
  const ann = await newPage(browser);
  await signIn(ann, base, 'ann', 'ann-password');
  check('a collector has no dashboard in the menu', (await ann.getByRole('link', { name: 'Dashboard' }).count()) === 0);
  await ann.goto(`${base}/#/dashboard`);
  await ann.getByRole('heading', { name: 'Not for your role' }).waitFor();
  check('a collector reaching the dashboard is refused', true);
  const r = await ann.evaluate(async () => (await fetch('/api/v1/dashboard')).status);
  check('and so is the API', r === 403, r);
});
