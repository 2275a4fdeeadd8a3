// t1002: the managers' administration (issue 13, point 7): the strategy
// editor shows the server's refusal of a step beside that step, and the
// fixed strategy is stored (read back through the API); a contact-rule
// profile is edited and stored; a CSV upload with a bad row lists it and
// imports nothing; a collector is refused #/admin. axe-core on each page.

import { run, check, newPage, signIn, screenshot, axe, adminLists, fillAtOnce } from './harness.mjs';

const getJson = (page, path) => page.evaluate(async (p) => {
  const r = await fetch(p);
  return { status: r.status, body: await r.json() };
}, path);

await run(async ({ base, browser }) => {
  const page = await newPage(browser);
  await signIn(page, base, 'max', 'max-password');
  await page.getByRole('link', { name: 'Administration' }).click();
  await page.getByRole('heading', { name: 'Strategies' }).waitFor();
  // every list, not only the ones read here: axe looks at the whole page
  await adminLists(page);
  const users = (await page.locator('table.users tbody th').allTextContents()).sort();
  check('the users are listed', JSON.stringify(users) === JSON.stringify(['ann', 'max', 'raj']), JSON.stringify(users));
  check('with their roles', /collector/.test(await page.locator('table.users tbody tr', { hasText: 'ann' }).textContent()) &&
    /manager/.test(await page.locator('table.users tbody tr', { hasText: 'max' }).textContent()));
  const listViolations = await axe(page);
  check('axe-core: no serious or critical violation on the administration page', listViolations.length === 0,
    listViolations.join('\n'));
  await screenshot(page, 't1002-admin');

  // ---- a strategy: an invalid step refused with its reason, then fixed ----
  await page.getByRole('link', { name: 'b2b-gentle' }).click();
  const day2 = page.getByLabel('Step 2 day offset');
  await day2.waitFor();
  await day2.fill('-99');
  await page.getByRole('button', { name: 'Save' }).click();
  const reason = page.locator('fieldset.step').nth(1).locator('[role=alert]');
  await reason.waitFor();
  const why = await reason.textContent();
  check('the 422 reason is shown beside step 2, naming its field', /offset_days/.test(why) && /-60 to 3650/.test(why), why);
  check('the other steps carry no reason', (await page.locator('fieldset.step [role=alert]').count()) === 1);
  check('step 2 is marked invalid', (await page.locator('fieldset.step').nth(1).getAttribute('aria-invalid')) === 'true');
  const stillPreset = await getJson(page, '/api/v1/strategies/b2b-gentle');
  check('nothing was stored by the refused save', stillPreset.body.steps[1].offset_days === 0,
    JSON.stringify(stillPreset.body.steps[1]));
  await screenshot(page, 't1002-strategy-refused');
  const editorViolations = await axe(page);
  check('axe-core: no serious or critical violation on the strategy editor with a refusal', editorViolations.length === 0,
    editorViolations.join('\n'));
  // both fields of the step at once (no drawing between, as an autofill): each keeps its value; the
  // step was set whole from its last drawing, and the template put the day back to -99
  await fillAtOnce(page, [['#s2-day', '1'], ['#s2-template', 'due-tomorrow']]);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved strategy b2b-gentle.').waitFor();
  check('no reason is left after the save', (await page.locator('fieldset.step [role=alert]').count()) === 0);
  const stored = await getJson(page, '/api/v1/strategies/b2b-gentle');
  check('the API holds the step as fixed', stored.body.steps[1].offset_days === 1 && stored.body.steps[1].template === 'due-tomorrow',
    JSON.stringify(stored.body.steps[1]));
  // the save's warnings (a message step's template that does not exist) are listed, and are not part
  // of the strategy: saving again as it came back is not refused for an unknown field
  const warned = await page.locator('ul.warnings li').allTextContents();
  check("the save's warnings are listed, step 2's new template among them",
    warned.some((w) => w.includes("step 'due-today' (email) names template 'due-tomorrow', which does not exist")), warned.join('\n'));
  const again = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/api/v1/strategies/b2b-gentle'));
  await page.getByRole('button', { name: 'Save' }).click();
  const resp = await again;
  check('saved again as it came back (the warnings are not sent back)', resp.status() === 200, `${resp.status()} ${await resp.text()}`);

  // ---- a contact-rule profile ----
  await page.goto(`${base}/#/admin/profile/around-the-clock`);
  const burst = page.getByLabel('burst_window');
  await burst.waitFor();
  await page.getByLabel('description').fill('tests: edited in the browser');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved profile around-the-clock.').waitFor();
  const profile = await getJson(page, '/api/v1/rules/profiles/around-the-clock');
  check('the API holds the edited profile', profile.body.description === 'tests: edited in the browser',
    JSON.stringify(profile.body.description));
  await page.getByLabel('caps').fill('[{');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('#pf-caps-reasons').waitFor();
  check('a field that is not JSON is refused beside it', /not JSON/.test(await page.locator('#pf-caps-reasons').textContent()));
  const profileViolations = await axe(page);
  check('axe-core: no serious or critical violation on the profile editor', profileViolations.length === 0,
    profileViolations.join('\n'));

  // ---- an import with a bad row ----
  await page.goto(`${base}/#/admin`);
  await page.getByLabel('Kind').selectOption('customers');
  await page.getByLabel('CSV file').setInputFiles({
    name: 'customers.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('customer_ref,name,kind,country,timezone,language,currency\n' +
      'W-NEW,New Co,company,US,America/New_York,en,USD\n' +
      'W-BAD,Bad Co,company,ZZ,America/New_York,en,USD\n'),
  });
  await page.getByRole('button', { name: 'Upload' }).click();
  const rows = page.locator('table.import-errors tbody tr');
  await rows.first().waitFor();
  const cells = await rows.first().locator('td').allTextContents();
  check('the bad row is listed with its row, column and message',
    (await rows.count()) === 1 && cells[0] === '3' && cells[1] === 'country' && /ZZ/.test(cells[2]), JSON.stringify(cells));
  check('the page says nothing was imported', /Nothing was imported/.test(await page.locator('section .error[role=alert]').textContent()));
  const none = await getJson(page, '/api/v1/customers/W-NEW');
  check('the good row of the refused file was not imported', none.status === 404, JSON.stringify(none));
  // the lists above the form came back with the page (#/admin again), each by its own request
  await adminLists(page);
  await screenshot(page, 't1002-import-errors');
  const importViolations = await axe(page);
  check('axe-core: no serious or critical violation with the row errors shown', importViolations.length === 0,
    importViolations.join('\n'));

  // ---- a collector is refused ----
  const ann = await newPage(browser);
  await signIn(ann, base, 'ann', 'ann-password');
  await ann.goto(`${base}/#/admin`);
  await ann.getByRole('heading', { name: 'Not for your role' }).waitFor();
  check('a collector is refused #/admin', (await ann.getByRole('heading', { name: 'Strategies' }).count()) === 0);
  check('no script error on the pages', page.problems.length === 0 && ann.problems.length === 0,
    [...page.problems, ...ann.problems].join('\n'));
});
