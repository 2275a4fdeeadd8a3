// t1015: a collector's outcomes on the account page (issue 13, point 4): a
// callback at a time (outcome 9, the moment typed in the browser's zone)
// and a dispute (outcome 8, the dispute form) are logged; both are in the
// timeline; the callback, asked for in the debtor's current hour, is among
// the queue's reasons for that account with its moment (UTC): what the
// server stored.

import { run, check, newPage, signIn, screenshot, axe, documentsDrawn } from './harness.mjs';

const getJson = (page, path) => page.evaluate(async (p) => {
  const r = await fetch(p);
  return { status: r.status, body: await r.json() };
}, path);

await run(async ({ base, browser }) => {
  const page = await newPage(browser);
  await signIn(page, base, 'ann', 'ann-password');
  const queue = await getJson(page, '/api/v1/queue');
  const refs = [...new Set(queue.body.items.map((i) => i.customer_ref))];
  check('ann has two accounts in her queue', refs.length === 2, JSON.stringify(refs));
  const [cbRef, dpRef] = refs;

  // ---- a callback at a time ----
  await page.goto(`${base}/#/account/${encodeURIComponent(cbRef)}`);
  await page.getByRole('heading', { name: 'Timeline' }).waitFor();
  // The queue raises a callback in the debtor's current hour (the test's zones are whole hours from UTC): 90 s
  // from now on the browser's clock cut to the minute (30-90 s ahead: the server refuses a callback before the
  // attempt), in this hour (from :58:30 the test waits for the next hour: at most 91 s, where waiting from :57
  // cost up to four minutes of make check), as a datetime-local field takes it (minutes, in the context's zone:
  // New York).
  const now = Date.now();
  if (new Date(now + 90000).getUTCHours() !== new Date(now).getUTCHours())
    await new Promise((r) => setTimeout(r, 3600000 - (now % 3600000) + 1000));
  const local = await page.evaluate(() => {
    const d = new Date(Date.now() + 90000);
    const p = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
  });
  const utc = await page.evaluate((l) => new Date(l).toISOString().replace(/\.\d{3}Z$/, 'Z'), local);
  await page.getByRole('button', { name: /Callback/ }).click();
  await page.getByLabel('Call back at').fill(local);
  await page.getByLabel('Note').fill('asked to call back after lunch');
  await page.getByRole('button', { name: 'Log callback' }).click();
  await page.getByText(/^Done: callback at/).waitFor();
  const cbLine = page.locator('ol.timeline li[data-outcome=callback]');
  await cbLine.waitFor();
  check('the callback is in the timeline with its note', /callback/.test(await cbLine.textContent()) &&
    /after lunch/.test(await cbLine.textContent()), await cbLine.textContent());
  await screenshot(page, 't1015-callback');

  await page.getByRole('link', { name: /Queue/ }).first().click();
  await page.getByRole('heading', { name: 'My queue' }).waitFor();
  const row = page.locator('main table tbody tr', { hasText: cbRef });
  await row.waitFor();
  const reasons = await row.locator('ul.reasons').textContent();
  check('the queue gives the callback as the reason, with its moment', reasons.includes(`callback asked for ${utc}`), reasons);

  // ---- a dispute ----
  await page.goto(`${base}/#/account/${encodeURIComponent(dpRef)}`);
  await page.getByRole('heading', { name: 'Timeline' }).waitFor();
  await page.getByRole('button', { name: /Dispute/ }).click();
  const form = page.getByRole('form', { name: 'Dispute' });
  await form.waitFor();
  const invoice = await form.getByLabel('Invoice', { exact: true }).inputValue();
  await form.getByLabel('Reason', { exact: true }).selectOption({ index: 1 });
  const reason = await form.getByLabel('Reason', { exact: true }).inputValue();
  await form.getByLabel('What the customer says').fill('the goods never arrived');
  await documentsDrawn(page);
  const formViolations = await axe(page);
  check('axe-core: no serious or critical violation on the dispute form', formViolations.length === 0, formViolations.join('\n'));
  await page.getByRole('button', { name: 'Open the dispute' }).click();
  await page.getByText(/^Done: dispute at/).waitFor();
  const dispute = page.locator('ol.timeline li.agreement', { hasText: `dispute of ${invoice}` });
  await dispute.waitFor();
  check('the dispute is in the timeline, open, with its reason', new RegExp(`dispute of ${invoice} \\(${reason.replace(/_/g, ' ')}\\): open`)
    .test(await dispute.textContent()), await dispute.textContent());
  const call = page.locator('ol.timeline li[data-outcome=dispute]');
  check('... and the call logged as a dispute', (await call.count()) === 1, await page.locator('ol.timeline').textContent());
  const d = await getJson(page, `/api/v1/disputes?customer=${encodeURIComponent(dpRef)}`);
  check('the server holds the dispute of that invoice', d.body.items.length === 1 && d.body.items[0].invoice_ref === invoice &&
    d.body.items[0].reason === reason, JSON.stringify(d.body));
  const inv = page.locator('table tbody tr', { hasText: invoice }).locator('.badge', { hasText: 'disputed' });
  check('the invoice is marked disputed', (await inv.count()) === 1);
  const pageViolations = await axe(page);
  check('axe-core: no serious or critical violation on the account with both', pageViolations.length === 0, pageViolations.join('\n'));
  await screenshot(page, 't1015-dispute');
  check('no script error on the pages', page.problems.length === 0, page.problems.join('\n'));
});
