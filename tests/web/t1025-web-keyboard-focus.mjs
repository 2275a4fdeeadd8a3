// t1025: a collector's day by keyboard alone, and where the focus goes.
//
// Sign in, the queue (j, Enter), the account, a promise (6, the amount,
// Enter), the next account (n), back to the queue (q) and into an account
// again (Enter), without the mouse. After each move to another page the
// focus was left on the document's body: the link or button pressed was gone
// with its page, so a screen reader said nothing of the new page and Tab
// started again at the header's links. The new page's main region now takes
// the focus (app.js), Tab goes on from the top of the page's own content, the
// page's keys still work there (the queue's Enter too).

import { run, check, newPage, screenshot, axe, documentsDrawn, drawn, marks } from './harness.mjs';

const getJson = (page, path) => page.evaluate(async (p) => (await fetch(p)).json(), path);
const focused = (page) => page.evaluate(() => {
  const a = document.activeElement;
  return { tag: a.tagName, id: a.id, inMain: !!document.getElementById('main')?.contains(a), text: (a.textContent || '').trim().slice(0, 40) };
});

await run(async ({ base, browser }) => {
  const page = await newPage(browser);
  // ---- sign in by keyboard: the user field has the focus ----
  await page.goto(`${base}/`);
  await page.getByLabel('User').waitFor();
  await page.keyboard.type('ann');
  await page.keyboard.press('Tab');
  await page.keyboard.type('ann-password');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'My queue' }).waitFor();
  await drawn(page, 'queue');
  let f = await focused(page);
  check('after the sign-in the focus is in the queue page', f.inMain, JSON.stringify(f));
  const queue = (await getJson(page, '/api/v1/queue')).items;
  const refs = [...new Set(queue.map((i) => i.customer_ref))];
  check('ann has two accounts in her queue', refs.length === 2, JSON.stringify(refs));

  // ---- j, Enter: the second account ----
  // both in one task, no paint between, as a quick typist can: the keys read the selection as the
  // listener was last set up, in an effect after the paint, and Enter opened the account selected
  // before the j (CI, 2026-12-06); the page's queue key listener is there once the queue is drawn
  await page.evaluate(() => {
    for (const key of ['j', 'Enter']) document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
  });
  await page.getByRole('heading', { name: 'Timeline' }).waitFor();
  check('Enter opened the selected (second) account', (await page.locator('h1').textContent()).includes(refs[1]),
    await page.locator('h1').textContent());
  f = await focused(page);
  check('the focus is in the account page (its main region), not left on the body', f.tag === 'MAIN' && f.id === 'main', JSON.stringify(f));
  await page.keyboard.press('Tab');
  f = await focused(page);
  check('Tab goes on from the top of the account page, not the header', f.inMain && /Queue/.test(f.text), JSON.stringify(f));
  await documentsDrawn(page);
  const violations = await axe(page);
  check('axe-core: no serious or critical violation on the account with the focus moved', violations.length === 0, violations.join('\n'));

  // ---- 6, the amount, Enter: a promise ----
  // the account's key listener is added in the effects of its drawing (drawn), and the form focuses its
  // amount in an effect of the drawing that shows it: wait for both, bounded, before reading the focus
  await drawn(page, 'account');
  await page.keyboard.press('6');
  await page.locator('#promise-amount').waitFor();
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'promise-amount',
    null, { timeout: 5000 }).catch(() => {});
  f = await focused(page);
  check('6 opens the promise form with its amount focused', f.id === 'promise-amount', JSON.stringify(f));
  await page.keyboard.press('Control+A');
  await page.keyboard.type('10');
  await page.keyboard.press('Enter');
  await page.getByText(/^Done: promise at/).waitFor();

  // ---- n: the next account (the other one) ----
  await page.keyboard.press('n');
  await page.locator('h1', { hasText: refs[0] }).waitFor();
  await page.getByRole('heading', { name: 'Timeline' }).waitFor();
  f = await focused(page);
  check('after n the focus is in the next account\'s page', f.tag === 'MAIN' && f.inMain, JSON.stringify(f));

  // ---- q: the queue, and Enter there opens the selected account ----
  // the queue's key listener is added in the effects of the drawing with its items (queue.js), after the
  // rows show: wait for that drawing's mark, not the rows (on a loaded machine Enter met the listener of
  // the page still without its items, and was lost)
  const queueMarks = await marks(page, 'queue');
  await page.keyboard.press('q');
  await page.getByRole('heading', { name: 'My queue' }).waitFor();
  await drawn(page, 'queue', queueMarks);
  await page.locator('table.queue tbody tr[aria-selected=true]').waitFor();
  f = await focused(page);
  check('after q the focus is in the queue page', f.tag === 'MAIN' && f.inMain, JSON.stringify(f));
  const selected = await page.locator('table.queue tbody tr[aria-selected=true] th a').textContent();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Timeline' }).waitFor();
  check('Enter on the queue (the focus in its main region) opens the selected account',
    (await page.locator('h1').textContent()).includes(selected), `${selected} / ${await page.locator('h1').textContent()}`);
  await screenshot(page, 't1025-keyboard-account');
  check('no script error', page.problems.length === 0, page.problems.join('\n'));
});
