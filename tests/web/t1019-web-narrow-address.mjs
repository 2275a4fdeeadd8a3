// t1019: the workspace in a narrow window, and an address it cannot read.
// - At 375 px wide (a phone, a window beside the softphone) the account
//   page was 600 px or more wide: its one column took the width of its
//   widest table (the grid's `1fr` is at least its content), so the whole
//   page scrolled sideways and the outcome buttons went off screen. The
//   page now fits the window; a wide table scrolls within its card. A
//   manager's pages were 553 px wide (the header's four links) and the
//   dashboard 580 (its grids' 560 px columns): now the header's links
//   scroll within the bar and the grids' columns fit the window.
// - An address with a malformed %-escape (#/account/%E0%A4%A, a link cut
//   short) threw in decodeURIComponent while the shell drew the page: the
//   old page stayed on screen, frozen, and no later address was drawn
//   until a reload. It now shows "No such page" and the next address works.

import { run, check, newPage, signIn, screenshot, axe, documentsDrawn, adminLists } from './harness.mjs';

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
  // the buttons, not their keys: each form takes the focus, and no key acts in a field
  await page.getByRole('button', { name: 'p Payment plan' }).click();
  await page.getByRole('form', { name: 'Payment plan' }).waitFor();
  w = await widths(page);
  check('... and with the plan form open', w.doc <= w.win, JSON.stringify(w));
  await page.getByRole('button', { name: 's Settlement' }).click();
  await page.getByRole('form', { name: 'Settlement' }).waitFor();
  await page.getByRole('button', { name: '6 Promise' }).click();
  await page.getByRole('form', { name: 'Promise to pay' }).waitFor();
  w = await widths(page);
  check('... with the settlement and promise forms open', w.doc <= w.win, JSON.stringify(w));
  const violations = await axe(page);
  check('axe-core: no serious or critical violation on the narrow account page', violations.length === 0, violations.join('\n'));
  await screenshot(page, 't1019-narrow-account');

  // a manager's pages: four links in the header, the dashboard's grids
  const max = await newPage(browser);
  await max.setViewportSize({ width: 375, height: 740 });
  await signIn(max, base, 'max', 'max-password');
  for (const [hash, heading] of [['#/approvals', 'Approvals'], ['#/admin', 'Administration'], ['#/dashboard', 'Dashboard']]) {
    await max.goto(`${base}/${hash}`);
    await max.getByRole('heading', { name: heading, exact: true }).first().waitFor();
    if (hash === '#/admin') await adminLists(max);
    if (hash === '#/dashboard') await max.locator('.tables .card').first().waitFor();
    w = await widths(max);
    check(`375 px: ${hash} fits the window (the header's links scroll within it)`, w.doc <= w.win, JSON.stringify(w));
    if (hash === '#/admin') {
      const v = await axe(max);
      check('axe-core: no serious or critical violation on the narrow administration page', v.length === 0, v.join('\n'));
    }
  }
  await screenshot(max, 't1019-narrow-dashboard');
  check('no script error on the manager\'s pages', max.problems.length === 0, max.problems.join('\n'));

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
