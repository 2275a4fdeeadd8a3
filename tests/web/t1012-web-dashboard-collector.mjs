// t1012: the dashboard's collector filter in the browser (issue 13): with
// a collector chosen, each aging chart totals that collector's figures of
// GET /api/v1/dashboard?collector= (the run's snapshot per collector), not
// the book's; the overdue trend ends at the collector's last overdue; the
// two collectors' charts add up to the book's; clearing the filter gives
// the book's back. Run by tests/integration/t1012-web-dashboard-collector.sh.

import { run, check, newPage, signIn, screenshot } from './harness.mjs';

// "USD 1510.50"-style totals of the page's aging charts, by currency
async function chartTotals(page) {
  const out = {};
  for (const fig of await page.locator('figure[id^="aging-"]').all()) {
    const [currency, total] = (await fig.getAttribute('data-totals')).split(' ');
    out[currency] = total;
  }
  return out;
}

const apiTotals = (d) => Object.fromEntries(d.aging.items.map((i) => [i.currency, i.total]));
const lastOverdue = (d) => {
  const last = {};
  for (const p of d.trend.items) last[p.currency] = p.overdue;
  return Object.entries(last).map(([c, v]) => `${c} ${v}`).join(' ');
};
const cents = (s) => Math.round(Number(s) * 100);

async function applyCollector(page, name) {
  await page.getByRole('textbox', { name: 'Collector' }).fill(name);
  await page.getByRole('button', { name: 'Apply' }).click();
  // drawn for this filter: the title names it (or not) and the page is no longer busy
  if (name) await page.locator('main > .title-row', { hasText: `· ${name}` }).waitFor();
  else await page.waitForFunction(() => !document.querySelector('main > .title-row').textContent.includes(' · '));
  await page.waitForSelector('main[aria-busy="false"]');
}

await run(async ({ base, browser }) => {
  const page = await newPage(browser);
  await signIn(page, base, 'max', 'max-password');
  await page.goto(`${base}/#/dashboard`);
  await page.waitForSelector('body[data-dashboard="ready"]');
  const book = await page.evaluate(async () => (await fetch('/api/v1/dashboard?part=main')).json());
  check('the book\'s charts total the API\'s', JSON.stringify(await chartTotals(page)) === JSON.stringify(apiTotals(book)),
    JSON.stringify(await chartTotals(page)));

  const sums = {};
  for (const name of ['ann', 'raj']) {
    const want = await page.evaluate(async (n) => (await fetch(`/api/v1/dashboard?part=main&collector=${n}`)).json(), name);
    check(`the API's aging for ${name} is the collector's`, want.aging.scope === 'collector' && want.aging.items.length > 0,
      JSON.stringify(want.aging));
    await applyCollector(page, name);
    const got = await chartTotals(page);
    check(`with ${name} chosen, each aging chart totals ${name}'s figures of the API`,
      JSON.stringify(got) === JSON.stringify(apiTotals(want)), `${JSON.stringify(got)} vs ${JSON.stringify(apiTotals(want))}`);
    check(`${name}'s charts are not the book's`, JSON.stringify(got) !== JSON.stringify(apiTotals(book)), JSON.stringify(got));
    const trend = await page.locator('#trend').getAttribute('data-totals');
    check(`the trend ends at ${name}'s last overdue`, trend === lastOverdue(want), `${trend} vs ${lastOverdue(want)}`);
    check(`the trend's title names ${name}`, (await page.locator('#trend figcaption').textContent()).includes(name));
    for (const [c, t] of Object.entries(got)) sums[c] = (sums[c] || 0) + cents(t);
    if (name === 'ann') await screenshot(page, 't1012-dashboard-ann');
  }
  const bookCents = Object.fromEntries(Object.entries(apiTotals(book)).map(([c, t]) => [c, cents(t)]));
  check('ann\'s and raj\'s charts add up to the book\'s (every overdue account is assigned)',
    JSON.stringify(Object.fromEntries(Object.entries(sums).sort())) === JSON.stringify(Object.fromEntries(Object.entries(bookCents).sort())),
    `${JSON.stringify(sums)} vs ${JSON.stringify(bookCents)}`);

  await applyCollector(page, '');
  check('no collector: the book\'s charts again', JSON.stringify(await chartTotals(page)) === JSON.stringify(apiTotals(book)));
  check('no error on the page', page.problems.length === 0, page.problems.join('\n'));
});
