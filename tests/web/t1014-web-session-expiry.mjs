// t1014: a session that expires (issue 13, point 1). The server ends a
// session --session-idle seconds (here 4) after its last request; the
// page's next request gets 401 and the sign-in comes back with a message
// saying so (never a blank page), the page the user was on kept in the
// address; signing in again goes on there. A manager's administration page
// expires the same way.

import { run, check, newPage, signIn, screenshot, axe } from './harness.mjs';

const IDLE = 4;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

await run(async ({ base, browser }) => {
  const page = await newPage(browser);
  await signIn(page, base, 'ann', 'ann-password');
  const first = page.locator('main table tbody tr a').first();
  await first.waitFor();
  const ref = decodeURIComponent((await first.getAttribute('href')).replace(/^#\/account\//, ''));
  await page.goto(`${base}/#/account/${encodeURIComponent(ref)}`);
  await page.getByRole('heading', { name: 'Timeline' }).waitFor();
  check('within the idle time the account page loads', (await page.getByRole('heading', { name: 'Sign in to recoup' }).count()) === 0);

  await sleep((IDLE + 2) * 1000);
  const server = await page.evaluate(async () => (await fetch('/api/v1/queue')).status);
  check(`after ${IDLE + 2} idle seconds the server answers 401`, server === 401, server);
  // the person goes on working: the next request the page makes
  await page.getByRole('link', { name: 'My queue' }).click();
  const heading = page.getByRole('heading', { name: 'Sign in to recoup' });
  await heading.waitFor({ timeout: 10000 });
  const notice = await page.locator('.signin [role=status]').textContent();
  check('the sign-in comes back with a message that the session ended', /session has ended/.test(notice), notice);
  const shown = (await page.locator('body').innerText()).trim();
  check('the page is not blank', shown.length > 40 && (await page.getByLabel('User').isVisible()), shown);
  check('the session is forgotten in the tab', (await page.evaluate(() => sessionStorage.getItem('recoup.session'))) === null);
  const violations = await axe(page);
  check('axe-core: no serious or critical violation on the sign-in with the message', violations.length === 0, violations.join('\n'));
  await screenshot(page, 't1014-expired');

  await page.getByLabel('User').fill('ann');
  await page.getByLabel('Password').fill('ann-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'My queue' }).waitFor();
  check('signing in again goes on to the page asked for', /#\/queue$/.test(page.url()), page.url());

  // a request within the idle time keeps the session going
  for (let i = 0; i < 4; i++) {
    await sleep(2000);
    await page.getByRole('button', { name: 'Refresh' }).click();
  }
  const alive = await page.evaluate(async () => (await fetch('/api/v1/queue')).status);
  check(`requests 2 s apart keep the session past the idle time (8 s of use, idle ${IDLE} s)`, alive === 200, alive);

  // a manager on the administration page
  const max = await newPage(browser);
  await signIn(max, base, 'max', 'max-password');
  await max.goto(`${base}/#/admin`);
  await max.locator('table.users tbody tr').first().waitFor();
  await sleep((IDLE + 2) * 1000);
  await max.getByRole('link', { name: 'b2b-gentle' }).click();
  await max.getByRole('heading', { name: 'Sign in to recoup' }).waitFor({ timeout: 10000 });
  check('the administration page expires to the sign-in with the message',
    /session has ended/.test(await max.locator('.signin [role=status]').textContent()));
  await max.getByLabel('User').fill('max');
  await max.getByLabel('Password').fill('max-password');
  await max.getByRole('button', { name: 'Sign in' }).click();
  await max.getByRole('heading', { name: 'Strategy b2b-gentle' }).waitFor();
  check('... and signing in again opens the strategy asked for', /#\/admin\/strategy\/b2b-gentle$/.test(max.url()), max.url());
  check('no script error on the pages', page.problems.length === 0 && max.problems.length === 0,
    [...page.problems, ...max.problems].join('\n'));
}, { args: ['--session-idle', String(IDLE)] });
