// t1024: a callback's time across zones.
//
// A collector in New York calls Kyoto Parts (Asia/Tokyo); the customer says
// "call me back tomorrow at ten". The callback field (outcome 9) is a
// datetime-local, read on the browser's clock, and said only "Call back
// at": typed 10:00, it was logged as 10:00 in New York, midnight in Tokyo,
// with nothing on the page to show it. The field now says whose clock it
// reads ("your time, America/New_York") and, as it is typed, what that is
// on the customer's ("That is Mon, Dec 7, 10:00 AM for the customer
// (Asia/Tokyo)"); for a customer in the user's own zone it says so.

import { run, check, newPage, signIn, screenshot, axe, documentsDrawn, outcomesReady } from './harness.mjs';

const getJson = (page, path) => page.evaluate(async (p) => (await fetch(p)).json(), path);

await run(async ({ base, browser }) => {
  const page = await newPage(browser); // en-US, America/New_York
  await signIn(page, base, 'max', 'max-password');
  await page.goto(`${base}/#/account/W-KYO`);
  await page.getByRole('heading', { name: 'Timeline' }).waitFor();
  await outcomesReady(page);
  await page.keyboard.press('9');
  const field = page.getByLabel(/^Call back at/);
  await field.waitFor();
  const name = await page.locator('label[for=log-detail]').textContent();
  check('the callback field says it is read on the user\'s clock, New York', /your time, America\/New_York/.test(name), name);

  // tomorrow 20:00 on the user's clock, and that moment in Tokyo
  const typed = await page.evaluate(() => {
    const d = new Date(Date.now() + 86400000);
    const p = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T20:00`;
  });
  const utc = await page.evaluate((l) => new Date(l).toISOString().replace(/\.\d{3}Z$/, 'Z'), typed);
  const tokyo = new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit', timeZone: 'Asia/Tokyo' })
    .format(new Date(utc));
  await field.fill(typed);
  const theirs = page.locator('#log-detail-theirs');
  const said = await theirs.textContent();
  check(`... and shows the customer's time as typed (${tokyo} in Asia/Tokyo)`, said.includes(tokyo) && said.includes('Asia/Tokyo'), said);
  check('... described to assistive technology', (await field.getAttribute('aria-describedby')) === 'log-detail-theirs');
  await documentsDrawn(page);
  const violations = await axe(page);
  check('axe-core: no serious or critical violation with the callback field', violations.length === 0, violations.join('\n'));
  await screenshot(page, 't1024-callback-tokyo');
  await page.getByRole('button', { name: 'Log callback' }).click();
  await page.getByText(/^Done: callback at/).waitFor();
  const attempts = (await getJson(page, '/api/v1/customers/W-KYO/history')).attempts;
  const cb = attempts.find((a) => a.outcome === 'callback');
  check('the callback is stored at the moment typed on the user\'s clock', cb && cb.callback_at === utc,
    JSON.stringify(cb) + ' expected ' + utc);

  // a customer in the user's own zone
  await page.goto(`${base}/#/account/W-ACME`);
  await page.getByRole('heading', { name: 'Timeline' }).waitFor();
  await outcomesReady(page);
  await page.keyboard.press('9');
  await page.getByLabel(/^Call back at/).fill(typed);
  const same = await page.locator('#log-detail-theirs').textContent();
  check('for a customer in New York the field says it is their time too', /customer's time too \(America\/New_York\)/.test(same), same);
  check('no script error', page.problems.length === 0, page.problems.join('\n'));
});
