// t1019: the workspace in a narrow window, and an address it cannot read.
// - At 375 px wide (a phone, a window beside the softphone) the account
//   page was 600 px or more wide: its one column took the width of its
//   widest table (the grid's `1fr` is at least its content), so the whole
//   page scrolled sideways and the outcome buttons went off screen. The
//   page now fits the window; a wide table scrolls within its card.
// - An address with a malformed %-escape (#/account/%E0%A4%A, a link cut
//   short) threw in decodeURIComponent while the shell drew the page: the
//   old page stayed on screen, frozen, and no later address was drawn
//   until a reload. It now shows "No such page" and the next address works.

import { run, check, newPage, signIn, screenshot, axe, documentsDrawn } from './harness.mjs';

const widths = (page) => page.evaluate(() => ({ doc: document.documentElement.scrollWidth, win: innerWidth }));

await run(async ({ base, browser }) => {
  const page = await newPage(browser);
  await page.setViewportSize({ width: 375, height: 740 });
  await signIn(page, base, 'ann', 'ann-password');
  const first = page.locator('main table tbody tr a').first();
  await first.waitFor();
  let w = await widths(page);
  check('375 px: the queue fits the window', w.doc <= w.win, JSON.stringify(w));
  const ref = decodeURIComponent((await first.getAttribute('href')).replace(/^#\/account\//, ''));
  await page.goto(`${base}/#/account/${encodeURIComponent(ref)}`);
  await page.getByRole('heading', { name: 'Timeline' }).waitFor();
  await documentsDrawn(page);
  w = await widths(page);
  check('375 px: the account page fits the window (no sideways scroll)', w.doc <= w.win, JSON.stringify(w));
  const box = await page.getByRole('button', { name: /Callback/ }).boundingBox();
  check('... the outcome buttons are on screen', box && box.x >= 0 && box.x + box.width <= w.win, JSON.stringify(box));
  const card = await page.locator('section[aria-labelledby=s-invoices] .scroll-x').evaluate((s) => ({
    box: s.clientWidth, table: s.scrollWidth, overflow: getComputedStyle(s).overflowX }));
  check('... the open invoices scroll within their card', card.overflow === 'auto' && card.box < w.win, JSON.stringify(card));
  await page.keyboard.press('p');
  await page.getByRole('form', { name: 'Payment plan' }).waitFor();
  w = await widths(page);
  check('... and with the plan form open', w.doc <= w.win, JSON.stringify(w));
  const blur = () => page.evaluate(() => document.activeElement && document.activeElement.blur());
  await blur(); // each form takes the focus, and no key acts in a field
  await page.keyboard.press('s');
  await page.getByRole('form', { name: 'Settlement' }).waitFor();
  await blur();
  await page.keyboard.press('6');
  await page.getByRole('form', { name: 'Promise to pay' }).waitFor();
  w = await widths(page);
  check('... with the settlement and promise forms open', w.doc <= w.win, JSON.stringify(w));
  const violations = await axe(page);
  check('axe-core: no serious or critical violation on the narrow account page', violations.length === 0, violations.join('\n'));
  await screenshot(page, 't1019-narrow-account');

  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(`${base}/#/account/%E0%A4%A`);
  await page.getByRole('heading', { name: 'No such page' }).waitFor({ timeout: 5000 });
  check('a malformed address shows "No such page"', true);
  await page.goto(`${base}/#/account/${encodeURIComponent(ref)}`);
  await page.getByRole('heading', { name: 'Timeline' }).waitFor({ timeout: 5000 });
  check('... and the next address is drawn', (await page.locator('main h1').textContent()).includes(ref));
  await page.goto(`${base}/#/queue`);
  await page.getByRole('heading', { name: 'My queue' }).waitFor({ timeout: 5000 });
  check('no script error', page.problems.length === 0, page.problems.join('\n'));
});
