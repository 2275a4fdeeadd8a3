// t1020: two managers edit the same record at once (docs/api.md,
// "Conditional writes"; docs/workspace.md, Administration): both open
// strategy b2b-gentle, the first saves, the second's save is refused (the
// page sent If-Match with what it read) and is told that someone else
// changed it, with a button that reloads it; nothing of the second is
// stored; reloaded, the second sees the first's change and saves on it. The
// same for a collector's accounts a day in "Change a user". axe-core on the
// refusal.

import { run, check, newPage, signIn, screenshot, axe } from './harness.mjs';

const getJson = (page, path) => page.evaluate(async (p) => {
  const r = await fetch(p);
  return { status: r.status, body: await r.json() };
}, path);

await run(async ({ base, browser }) => {
  const first = await newPage(browser);
  const second = await newPage(browser);
  await signIn(first, base, 'max', 'max-password');
  await signIn(second, base, 'max', 'max-password');

  // ---- a strategy ----
  for (const p of [first, second]) {
    await p.goto(`${base}/#/admin/strategy/b2b-gentle`);
    await p.getByLabel('Description').waitFor();
  }
  await first.getByLabel('Description').fill('tests: the first manager');
  await first.getByRole('button', { name: 'Save' }).click();
  await first.getByText('Saved strategy b2b-gentle.').waitFor();

  await second.getByLabel('Description').fill('tests: the second manager');
  const put = second.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/api/v1/strategies/b2b-gentle'));
  await second.getByRole('button', { name: 'Save' }).click();
  const resp = await put;
  check('the second save sent If-Match with the tag it read', !!(await resp.request().headerValue('If-Match')),
    JSON.stringify(await resp.request().allHeaders()));
  check('... and was refused 412', resp.status() === 412, `${resp.status()} ${await resp.text()}`);
  const note = second.locator('.stale[role=alert]');
  await note.waitFor();
  const said = await note.textContent();
  check('the second manager is told someone else changed the strategy, and who',
    /someone else changed this strategy since you opened it/.test(said) && /by max at/.test(said), said);
  check('no "Saved" notice on the second page', (await second.getByText('Saved strategy b2b-gentle.').count()) === 0);
  const stored = await getJson(second, '/api/v1/strategies/b2b-gentle');
  check("the first manager's change is stored, not overwritten", stored.body.description === 'tests: the first manager',
    JSON.stringify(stored.body.description));
  const violations = await axe(second);
  check('axe-core: no serious or critical violation on the refused save', violations.length === 0, violations.join('\n'));
  await screenshot(second, 't1020-stale-strategy');
  await second.getByRole('button', { name: 'Reload the strategy' }).click();
  await second.locator('.stale').waitFor({ state: 'detached' });
  // the notice goes when the reload starts; the form is filled when its answer comes (as for the user below)
  await second.waitForFunction(() => document.querySelector('#st-description')?.value === 'tests: the first manager',
    null, { timeout: 5000 }).catch(() => {});
  check('reloaded, the second page shows what is stored now',
    (await second.getByLabel('Description').inputValue()) === 'tests: the first manager');
  await second.getByLabel('Description').fill('tests: the second manager, on the first');
  await second.getByRole('button', { name: 'Save' }).click();
  await second.getByText('Saved strategy b2b-gentle.').waitFor();
  const after = await getJson(second, '/api/v1/strategies/b2b-gentle');
  check('saved on the reloaded strategy, it is stored', after.body.description === 'tests: the second manager, on the first',
    JSON.stringify(after.body.description));
  await first.getByLabel('Description').fill('tests: the first manager again');
  await first.getByRole('button', { name: 'Save' }).click();
  await first.locator('.stale[role=alert]').waitFor();
  check("the first page's next save, stale in turn, is refused as well",
    (await getJson(first, '/api/v1/strategies/b2b-gentle')).body.description === 'tests: the second manager, on the first');

  // ---- a user: ann's accounts a day ----
  for (const p of [first, second]) {
    await p.goto(`${base}/#/admin`);
    await p.getByLabel('User to change').selectOption('ann');
    await p.getByLabel('Accounts a day').waitFor();
  }
  await first.getByLabel('Accounts a day').fill('11');
  await first.getByRole('button', { name: 'Save user' }).click();
  await first.getByText('Saved ann.').waitFor();
  await second.getByLabel('Accounts a day').fill('22');
  await second.getByRole('button', { name: 'Save user' }).click();
  const userNote = second.locator('form.edit-user .stale[role=alert]');
  await userNote.waitFor();
  check('the second is told someone else changed the user', /someone else changed this user/.test(await userNote.textContent()));
  const users = await getJson(second, '/api/v1/users');
  const ann = users.body.items.find((u) => u.name === 'ann');
  check("the first's accounts a day are kept", ann && ann.capacity === 11, JSON.stringify(ann));
  await second.getByRole('button', { name: 'Reload the user' }).click();
  await userNote.waitFor({ state: 'detached' });
  await second.waitForFunction(() => document.querySelector('#eu-capacity')?.value === '11');
  check('reloaded, the form shows the stored accounts a day', (await second.getByLabel('Accounts a day').inputValue()) === '11');
  await second.getByLabel('Accounts a day').fill('22');
  await second.getByRole('button', { name: 'Save user' }).click();
  await second.getByText('Saved ann.').waitFor();
  const users2 = await getJson(second, '/api/v1/users');
  check('saved on the reloaded user, it is stored', users2.body.items.find((u) => u.name === 'ann').capacity === 22);
  check('no script error on the pages', first.problems.length === 0 && second.problems.length === 0,
    [...first.problems, ...second.problems].join('\n'));
});
