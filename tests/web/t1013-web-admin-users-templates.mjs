// t1013: the administration of templates, users and assignments (issue 13,
// point 7). An admin edits a template: an invalid placeholder is refused
// with the server's reason beside the text (nothing stored), then the fixed
// text is stored; adds a user (a bad name refused beside the field) and
// disables and enables one. A manager changes a collector's accounts a day
// and has no admin controls; sees the accounts per collector, gives one
// account to the other collector, rebalances. axe-core on each page.

import { run, check, newPage, signIn, screenshot, axe, adminLists, fillAtOnce } from './harness.mjs';

const getJson = (page, path) => page.evaluate(async (p) => {
  const r = await fetch(p);
  return { status: r.status, body: await r.json() };
}, path);

const rows = async (page, table) => Object.fromEntries(await page.locator(`table.${table} tbody tr`).evaluateAll((trs) =>
  trs.map((tr) => [tr.querySelector('th').textContent.trim(), [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())])));

await run(async ({ base, browser }) => {
  // ---- an admin: templates and users ----
  const page = await newPage(browser);
  await signIn(page, base, 'ada', 'ada-password');
  await page.getByRole('link', { name: 'Administration' }).click();
  await adminLists(page);
  const listViolations = await axe(page);
  check('axe-core: no serious or critical violation on the administration page (admin)', listViolations.length === 0,
    listViolations.join('\n'));
  await screenshot(page, 't1013-admin');

  const shipped = await getJson(page, '/api/v1/templates/courtesy-reminder?channel=email&lang=en&audience=debtor');
  await page.getByRole('link', { name: 'courtesy-reminder (email, en, debtor)' }).click();
  const text = page.getByLabel('Text', { exact: true });
  await text.waitFor();
  check('the editor shows the template as the API has it', (await text.inputValue()) === shipped.body.text &&
    (await page.getByLabel('Subject').inputValue()) === shipped.body.subject);
  await text.fill('Dear {{contact.nmae}},\n\n' + shipped.body.text.split('\n').slice(1).join('\n'));
  await page.getByRole('button', { name: 'Save' }).click();
  const reason = page.locator('#tp-text-error');
  await reason.waitFor();
  const why = await reason.textContent();
  check('the invalid placeholder is refused with the reason beside the text', /unknown merge field 'contact\.nmae'/.test(why), why);
  check('the text is marked invalid', (await text.getAttribute('aria-invalid')) === 'true');
  check('the subject carries no reason', (await page.locator('#tp-subject-error').count()) === 0);
  const still = await getJson(page, '/api/v1/templates/courtesy-reminder');
  check('nothing was stored by the refused save', still.body.source === 'shipped' && still.body.text === shipped.body.text,
    JSON.stringify(still.body.source));
  const editorViolations = await axe(page);
  check('axe-core: no serious or critical violation on the template editor with a refusal', editorViolations.length === 0,
    editorViolations.join('\n'));
  await screenshot(page, 't1013-template-refused');
  const fixed = shipped.body.text.replace('A friendly reminder', 'A kind reminder');
  await text.fill(fixed);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved template courtesy-reminder (email, en).').waitFor();
  check('no reason is left after the save', (await page.locator('#tp-text-error').count()) === 0);
  const stored = await getJson(page, '/api/v1/templates/courtesy-reminder');
  check('the API holds the edited text as the tenant\'s', stored.body.source === 'tenant' && stored.body.text === fixed,
    JSON.stringify(stored.body).slice(0, 200));

  await page.goto(`${base}/#/admin`);
  await page.locator('table.users tbody tr').first().waitFor();
  const inUse = page.locator('table.templates tbody tr').filter({ has: page.getByRole('link', { name: 'courtesy-reminder (email, en, debtor)' }) });
  // The templates table is filled by its own request, after the users table: wait for the row, or
  // count() (which does not wait) may see an empty table on a slow machine (CI did).
  await inUse.first().waitFor();
  check('the list shows the one in use, the tenant\'s replacing the shipped one', (await inUse.count()) === 1 &&
    /replaces the shipped one/.test(await inUse.textContent()), await inUse.allTextContents());
  await page.getByLabel("New user's name").fill('Cid Smith');
  await page.getByLabel("New user's role").selectOption('collector');
  await page.getByRole('button', { name: 'Add user' }).click();
  await page.locator('#nu-name-error').waitFor();
  check('a bad user name is refused beside the field', /user name 'Cid Smith'/.test(await page.locator('#nu-name-error').textContent()),
    await page.locator('#nu-name-error').textContent());
  check('... and no user was added', !(await getJson(page, '/api/v1/users')).body.items.some((u) => /cid/i.test(u.name)));
  // the page came back (#/admin again) waiting for the users and templates only: the other lists too before axe
  await adminLists(page);
  const addViolations = await axe(page);
  check('axe-core: no serious or critical violation with a refused field', addViolations.length === 0, addViolations.join('\n'));
  // all four at once, as a password manager fills a form: each keeps what was put in it
  await fillAtOnce(page, [['#nu-name', 'cid'], ['#nu-team', 'north'], ['#nu-capacity', '30'], ['#nu-password', 'cid-password-1']]);
  await page.getByRole('button', { name: 'Add user' }).click();
  await page.getByText('Added collector cid.').waitFor();
  await page.locator('table.users tbody tr', { hasText: 'cid' }).waitFor();
  let users = await rows(page, 'users');
  check('the new user is listed: collector, north, 30, active', JSON.stringify(users.cid?.slice(0, 4)) ===
    JSON.stringify(['collector', 'north', '30', 'active']), JSON.stringify(users.cid));
  const cidSession = await page.evaluate(async () => (await fetch('/api/v1/session', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user: 'cid', password: 'cid-password-1' }),
    credentials: 'omit' })).status);
  check('... and signs in with the password given', cidSession === 201, cidSession);
  await page.getByRole('button', { name: 'Disable raj' }).click();
  await page.getByRole('button', { name: 'Enable raj' }).waitFor();
  users = await rows(page, 'users');
  check('raj is disabled', users.raj && users.raj[3] === 'disabled', JSON.stringify(users.raj));
  await page.getByRole('button', { name: 'Enable raj' }).click();
  await page.getByRole('button', { name: 'Disable raj' }).waitFor();
  check('... and enabled again', (await rows(page, 'users')).raj[3] === 'active');
  await page.getByRole('button', { name: 'Disable ada' }).click();
  const lastAdmin = page.locator('table.users tbody tr', { hasText: 'ada' }).locator('[role=alert]');
  await lastAdmin.waitFor();
  check('disabling the last admin is refused on her row', /admin/.test(await lastAdmin.textContent()), await lastAdmin.textContent());

  // ---- a manager: a collector's capacity, no admin controls; assignments ----
  const max = await newPage(browser);
  await signIn(max, base, 'max', 'max-password');
  await max.goto(`${base}/#/admin`);
  await max.locator('table.users tbody tr').first().waitFor();
  // the other lists come by their own requests, the assignments' read below as the page shows them
  await adminLists(max);
  check('a manager has no "Add a user" form', (await max.getByRole('heading', { name: 'Add a user' }).count()) === 0);
  check('... nor Disable buttons', (await max.getByRole('button', { name: /^Disable / }).count()) === 0);
  const choices = await max.getByLabel('User to change').locator('option').allTextContents();
  check('... and may change only collectors', JSON.stringify(choices) === JSON.stringify(['(choose)', 'ann', 'cid', 'raj']),
    JSON.stringify(choices));
  await max.getByLabel('User to change').selectOption('cid');
  check('... without a role control', (await max.getByLabel('Role', { exact: true }).count()) === 0);
  await max.getByLabel('Accounts a day', { exact: true }).fill('abc');
  await max.getByRole('button', { name: 'Save user' }).click();
  await max.locator('#eu-capacity-error').waitFor();
  check('a bad capacity is refused beside the field', /capacity/.test(await max.locator('#eu-capacity-error').textContent()),
    await max.locator('#eu-capacity-error').textContent());
  await max.getByLabel('Accounts a day', { exact: true }).fill('12');
  await max.getByRole('button', { name: 'Save user' }).click();
  await max.getByText('Saved cid.').waitFor();
  await max.locator('table.users tbody tr', { hasText: 'cid' }).filter({ hasText: '12' }).waitFor();
  check('the manager set cid to 12 accounts a day', (await getJson(max, '/api/v1/users')).body.items.find((u) => u.name === 'cid').capacity === 12);

  const before = await getJson(max, '/api/v1/assignments');
  let shown = await rows(max, 'assignments'); // evaluateAll does not wait: the table was, with adminLists above
  const counts = Object.fromEntries(before.body.items.map((c) => [c.collector, String(c.accounts)]));
  check('the accounts per collector are those of the API', Object.keys(counts).every((n) => shown[n] && shown[n][2] === counts[n]) &&
    Number(counts.ann) + Number(counts.raj) === 4, JSON.stringify({ shown, counts }));
  // one of ann's accounts goes to raj
  const ann = await newPage(browser);
  await signIn(ann, base, 'ann', 'ann-password');
  const annQueue = await getJson(ann, '/api/v1/customers?limit=10');
  const ref = annQueue.body.items[0].customer_ref;
  await max.getByLabel('Customer ref').fill(ref);
  await max.getByLabel('To collector').selectOption('raj');
  await max.getByRole('button', { name: 'Give the account' }).click();
  await max.getByText(`${ref} now goes to raj (was ann).`).waitFor();
  // the message comes first, the table once the page has read the assignments again:
  // wait for the table (up to 5 s), then check what it shows
  await max.waitForFunction((n) => [...document.querySelectorAll('table.assignments tbody tr')].some((tr) =>
    tr.querySelector('th').textContent.trim() === 'ann' && tr.querySelectorAll('td')[2]?.textContent.trim() === n),
  String(Number(counts.ann) - 1), { timeout: 5000 }).catch(() => {});
  shown = await rows(max, 'assignments');
  check('the counts follow: ann one fewer, raj one more',
    shown.ann[2] === String(Number(counts.ann) - 1) && shown.raj[2] === String(Number(counts.raj) + 1), JSON.stringify(shown));
  check('ann no longer sees the account', (await getJson(ann, `/api/v1/customers/${ref}`)).status === 404);
  await max.getByLabel('Customer ref').fill('NO-SUCH');
  await max.getByRole('button', { name: 'Give the account' }).click();
  await max.locator('#ra-ref-error').waitFor();
  check('an unknown customer is refused beside the ref', /NO-SUCH/.test(await max.locator('#ra-ref-error').textContent()));
  await max.getByRole('button', { name: 'Rebalance now' }).click();
  const done = max.getByText('Rebalanced: kept 4, added 0, released 0 of 4 overdue accounts.');
  await done.waitFor();
  check('the rebalance keeps the four accounts, the manual one with raj', (await rows(max, 'assignments')).raj[2] ===
    String(Number(counts.raj) + 1), await done.textContent());
  const managerViolations = await axe(max);
  check('axe-core: no serious or critical violation on the administration page (manager)', managerViolations.length === 0,
    managerViolations.join('\n'));
  await screenshot(max, 't1013-admin-manager');
  check('no script error on the pages', page.problems.length === 0 && max.problems.length === 0 && ann.problems.length === 0,
    [...page.problems, ...max.problems, ...ann.problems].join('\n'));
});
