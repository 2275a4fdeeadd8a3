// t1000: a collector's morning in the browser (issue 13, "What must be
// shown"): sign in, the queue, the first account, a promise logged with
// the keyboard, the account gone from the queue and the promise in the
// timeline; a manager's page refused; sign-out; axe-core over the queue
// and the account page; screenshots of both. Run by
// tests/integration/t1000-web-collector.sh over web_setup's portfolio.

import { run, check, newPage, signIn, screenshot, axe, drawn, documentsDrawn } from './harness.mjs';

await run(async ({ base, browser }) => {
  const page = await newPage(browser);

  // ---- sign-in ----
  await page.goto(`${base}/`);
  await page.getByLabel('User').fill('ann');
  await page.getByLabel('Password').fill('wrong-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const refusal = page.getByRole('alert');
  await refusal.waitFor();
  check('a wrong password is refused on the page', /wrong user name or password/.test(await refusal.textContent()),
    await refusal.textContent());
  await signIn(page, base, 'ann', 'ann-password');
  check('ann is signed in as a collector', /ann · collector/.test(await page.locator('header').textContent()));

  // ---- the queue ----
  const rows = page.locator('table.queue tbody tr:not(.skeleton)');
  await rows.first().waitFor();
  const api = await page.evaluate(async () => (await fetch('/api/v1/queue')).json());
  check('the queue shows every account the API gives ann', (await rows.count()) === api.items.length && api.items.length === 2,
    `rows ${await rows.count()}, api ${JSON.stringify(api.items.map((i) => i.customer_ref))}`);
  const first = api.items[0].customer_ref;
  const text = await page.locator('table.queue').textContent();
  check('amounts in the locale with the currency\'s decimals (JPY none, USD two)',
    text.includes('¥250,000') && !text.includes('¥250,000.00') && text.includes('$1,510.50'), text);
  const names = await rows.locator('th a').allTextContents();
  check('each row names the customer (its name, the API\'s), with its ref beside it',
    api.items.every((it, i) => it.name && names[i] === it.name) && api.items.every((it) => text.includes(it.customer_ref)),
    `${JSON.stringify(names)} ${JSON.stringify(api.items.map((it) => [it.customer_ref, it.name]))}`);
  check('the queue says why each account is in it', /call of the daily run due since/.test(text), text);
  check('the local time and the open window are shown', /window open/.test(text) && /Asia\/Tokyo/.test(text), text);
  // the rows show a frame before the key listener that knows them is added: a j pressed in between is lost
  await drawn(page, 'queue');
  await page.keyboard.press('j');
  check('j moves the selection down', (await page.locator('tr.selected').textContent()).includes(api.items[1].customer_ref));
  await page.keyboard.press('k');
  await screenshot(page, 't1000-queue');
  const queueViolations = await axe(page);
  check('axe-core: no serious or critical violation on the queue', queueViolations.length === 0, queueViolations.join('\n'));

  // ---- the first account, by the key n ----
  await page.keyboard.press('n');
  await page.waitForURL(`**/#/account/${first}`);
  await page.getByRole('heading', { name: 'Timeline' }).waitFor();
  const account = await page.locator('main').textContent();
  const screen = (await page.evaluate(async (ref) => (await fetch(`/api/v1/accounts/${ref}`)).json(), first)).screen;
  check('n opens the first account of the queue', (await page.locator('h1').textContent()).includes(screen.customer.name));
  check('the account shows its contacts, who pays the bills and the call verdict',
    account.includes(screen.contacts[0].name) && /pays the bills/.test(account) && /A call is allowed now/.test(account), account);
  check('the account shows every open invoice with its days past due',
    screen.invoices.every((i) => account.includes(i.ref)) && account.includes('Days past due'), account);
  check('the account shows the risk band\'s reasons and the call script',
    screen.risk.factors.every((f) => account.includes(f.text)) && screen.script.facts.every((l) => account.includes(l)));
  const cr = screen.credit;
  const standing = cr.on_hold ? 'On credit hold' : cr.seriously_overdue ? `Refused: an invoice over ${cr.policy_overdue_days} days overdue`
    : screen.customer.credit_limit ? 'Open, line' : 'No credit line';
  check('the account says whether new orders on credit are taken, as credit check would', account.includes(standing),
    `${standing} ${JSON.stringify(cr)}`);
  await documentsDrawn(page);
  await screenshot(page, 't1000-account');
  const accountViolations = await axe(page);
  check('axe-core: no serious or critical violation on the account page', accountViolations.length === 0,
    accountViolations.join('\n'));

  // ---- a promise, with the keyboard ----
  // the outcome keys' listener is added a frame after the account shows
  await drawn(page, 'account');
  await page.keyboard.press('6');
  const amount = page.getByLabel(/^Amount/);
  await amount.waitFor();
  await amount.fill('12.5.0');
  check('a malformed amount is pointed out as it is typed', (await amount.getAttribute('aria-invalid')) === 'true');
  const more = screen.balance.currency === 'JPY' ? '9999999' : '9999999.00';
  await amount.fill(more);
  await page.getByRole('button', { name: 'Record the promise' }).click();
  const refusedPromise = page.locator('form.promise [role=alert]');
  await refusedPromise.waitFor();
  check('a promise over the balance is refused with the server\'s reason, in the form',
    /amount/.test(await refusedPromise.textContent()), await refusedPromise.textContent());
  await amount.fill(screen.balance.overdue);
  await page.getByRole('button', { name: 'Record the promise' }).click();
  await page.getByText(/Done: promise/).waitFor();
  await page.locator('ol.timeline li.promise').first().waitFor();
  const timeline = await page.locator('ol.timeline').textContent();
  check('the promise is in the timeline, with the call that made it',
    /promise of .* current/.test(timeline) && /call: promise/.test(timeline), timeline);
  const promises = await page.evaluate(async (ref) => (await fetch(`/api/v1/promises?customer=${ref}`)).json(), first);
  check('the server holds the promise, made by ann for the overdue amount',
    promises.items.length === 1 && promises.items[0].made_by === 'ann' && promises.items[0].amount === screen.balance.overdue,
    JSON.stringify(promises));
  const history = await page.evaluate(async (ref) => (await fetch(`/api/v1/accounts/${ref}`)).json(), first);
  check('and the call\'s outcome as a promise', history.screen.recent_contacts.some((c) => c.outcome === 'promise'),
    JSON.stringify(history.screen.recent_contacts));
  await screenshot(page, 't1000-account-promise');

  // ---- back to the queue: the account has left it ----
  await page.keyboard.press('q');
  await page.getByRole('heading', { name: 'My queue' }).waitFor();
  await page.getByRole('status').filter({ hasText: 'to call now' }).waitFor();
  const after = await page.locator('table.queue tbody').textContent();
  check('the account called has left the queue', !after.includes(first) && after.includes(api.items[1].customer_ref), after);

  // ---- errors are shown, never a blank page ----
  await page.goto(`${base}/#/account/NO-SUCH-REF`);
  const err = page.getByRole('alert');
  await err.waitFor();
  check('an unknown account shows the server\'s error', /NO-SUCH-REF|not found|unknown/i.test(await err.textContent()),
    await err.textContent());

  // ---- a manager's page is refused ----
  await page.goto(`${base}/#/admin`);
  await page.getByRole('heading', { name: 'Not for your role' }).waitFor();
  const refused = await page.locator('main').textContent();
  check('a collector reaching a manager page sees a refusal', /for a manager/.test(refused) && !/Strategies, templates/.test(refused),
    refused);
  check('the header offers ann no manager page', !(await page.locator('header nav').textContent()).includes('Administration'));
  const aging = await page.evaluate(async () => (await fetch('/api/v1/aging')).status);
  check('and the API refuses a manager route to her (403)', aging === 403, aging);

  // ---- sign-out ----
  await page.goto(`${base}/#/queue`);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to recoup' }).waitFor();
  const gone = await page.evaluate(async () => (await fetch('/api/v1/queue')).status);
  check('after sign-out the session is gone on the server (401)', gone === 401, gone);

  // ---- the manager reaches the page the collector could not ----
  const boss = await newPage(browser);
  await signIn(boss, base, 'max', 'max-password');
  await boss.goto(`${base}/#/admin`);
  await boss.getByRole('heading', { name: 'Administration' }).waitFor();
  check('a manager reaches the manager page', true);

  check('no script error or refused resource on the pages', page.problems.length === 0 && boss.problems.length === 0,
    [...page.problems, ...boss.problems].join('\n'));
});
