// t1018: the writes of a collector's day are neither made twice nor refused
// for a stale token.
//
// A write whose answer is lost on the way back is not made twice
// when the person presses the button again. Each press used to send a new
// Idempotency-Key, so the server could not know the second press for the
// same write: a promise whose 201 was lost (the connection reset as it
// came back) was recorded twice by "Record the promise" pressed again, and
// so was a logged call. The page now sends the retry of a write that got
// no answer with the same key and body (the call's `at` kept from the
// first press), and the server answers it with the first one's result.
//
// Two tabs: the session was kept in each tab's sessionStorage, so an
// account opened in a new tab from the queue (Ctrl+click) showed the
// sign-in; signing in there made a new session whose cookie replaced the
// first tab's, and every write of the first tab was refused ("a write
// signed in by cookie needs the session's X-CSRF-Token header") while its
// reads went on. The open tabs now share the session: a new tab takes it,
// and a sign-out or sign-in in one is taken by the others.


import { run, check, newPage, signIn, screenshot, outcomesReady } from './harness.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(cond, ms = 10000) {
  for (const end = Date.now() + ms; !(await cond()); await sleep(50))
    if (Date.now() > end) throw new Error('waited 10 s in vain');
}
const getJson = (page, path) => page.evaluate(async (p) => (await fetch(p)).json(), path);

// The next POST whose path matches `pattern` (a regular expression's source) reaches the server,
// and its answer is lost: the page's own fetch waits for the server's answer, then fails as over a
// reset connection (a TypeError, "Failed to fetch"). Not by page.route: with a route, every request
// of the page goes through the browser's interception, and one it did not match was once aborted
// in CI (t1010, net::ERR_ABORTED, an upstream race). Returns a function that says, asked, how many
// answers it lost (0 or 1).
let losses = 0;
async function loseNextAnswer(page, pattern) {
  const id = `lost${losses++}`;
  await page.evaluate(([src, key]) => {
    const re = new RegExp(src);
    const real = window.fetch;
    window.recoupLost = window.recoupLost || {};
    window.recoupLost[key] = 0;
    window.fetch = async (url, opts) => {
      const r = await real(url, opts);
      if (window.recoupLost[key] === 0 && opts && opts.method === 'POST' && re.test(String(url))) {
        window.recoupLost[key]++;
        await r.text(); // the answer read whole: the server's write is done and answered
        throw new TypeError('Failed to fetch');
      }
      return r;
    };
  }, [pattern, id]);
  return () => page.evaluate((key) => window.recoupLost[key], id);
}

await run(async ({ base, browser }) => {
  const page = await newPage(browser);
  await signIn(page, base, 'ann', 'ann-password');
  const queue = await getJson(page, '/api/v1/queue');
  const ref = queue.items[0].customer_ref;
  const attempts = async () => (await getJson(page, `/api/v1/customers/${encodeURIComponent(ref)}/history`)).attempts;
  const promises = async () => (await getJson(page, `/api/v1/promises?customer=${encodeURIComponent(ref)}`)).items;
  const before = (await attempts()).length;
  await page.goto(`${base}/#/account/${encodeURIComponent(ref)}`);
  await page.getByRole('heading', { name: 'Timeline' }).waitFor();

  // ---- a promise whose answer is lost, then the call's log whose answer is lost ----
  const lostPromise = await loseNextAnswer(page, '/api/v1/promises$');
  await page.keyboard.press('6');
  const amount = page.locator('#promise-amount');
  await amount.fill('10');
  await page.getByRole('button', { name: 'Record the promise' }).click();
  const alert = page.locator('form.promise [role=alert]');
  await alert.waitFor();
  check('the lost answer is shown in the form', /did not answer/.test(await alert.textContent()), await alert.textContent());
  check('... the promise was recorded by the server all the same', (await lostPromise()) === 1 && (await promises()).length === 1);
  const lostLog = await loseNextAnswer(page, '/api/v1/contacts/[^/]+/log$');
  await page.getByRole('button', { name: 'Record the promise' }).click();
  await until(async () => (await lostLog()) === 1);
  await page.waitForFunction(() => !document.querySelector('.outcomes button[disabled]'));
  check('pressed again: the log of the call lost its answer in turn', (await lostLog()) === 1);
  const first = await attempts();
  check('... after the call was logged', first.length === before + 1, `${before} then ${first.length}`);
  await page.waitForTimeout(1100); // a second later: a new press would carry another moment
  await page.getByRole('button', { name: 'Record the promise' }).click();
  await page.getByText(/^Done: promise at/).waitFor();
  const p = await promises();
  check('pressed a third time: still one promise', p.length === 1, JSON.stringify(p));
  const after = await attempts();
  check('... and one call logged', after.length === before + 1, JSON.stringify(after.slice(before)));
  check('... at the moment of the press that reached the server',
    after[after.length - 1].at === first[first.length - 1].at, `${first[first.length - 1].at} ${after[after.length - 1].at}`);
  await screenshot(page, 't1018-promise-retried');

  // ---- an outcome logged at once (1 no answer), its answer lost ----
  const lostNoAnswer = await loseNextAnswer(page, '/api/v1/contacts/[^/]+/log$');
  await page.keyboard.press('1');
  const outcomeAlert = page.locator('.outcomes > [role=alert]');
  await outcomeAlert.waitFor();
  check('"no answer": the lost answer is shown', (await lostNoAnswer()) === 1 && /did not answer/.test(await outcomeAlert.textContent()));
  await page.waitForTimeout(1100);
  await page.keyboard.press('1');
  await page.getByText(/^Done: no answer at/).waitFor();
  const last = await attempts();
  check('pressed again: one "no answer" logged', last.length === before + 2 &&
    last.filter((a) => a.outcome === 'no_answer' && a.logged_by === 'ann').length ===
    after.filter((a) => a.outcome === 'no_answer' && a.logged_by === 'ann').length + 1, JSON.stringify(last.slice(before)));

  // ---- a refusal is not a lost answer: the corrected write is a new one ----
  await page.keyboard.press('6');
  await amount.fill('99999999');
  await page.getByRole('button', { name: 'Record the promise' }).click();
  await alert.waitFor();
  check('an amount over the balance is refused in the form', !/did not answer/.test(await alert.textContent()),
    await alert.textContent());
  await amount.fill('5');
  await page.getByRole('button', { name: 'Record the promise' }).click();
  await page.getByText(/^Done: promise at/).waitFor();
  check('... and the corrected promise is recorded: two in all', (await promises()).length === 2);
  check('no script error', page.problems.filter((x) => !/request failed/.test(x)).length === 0, page.problems.join('\n'));

  // ---- two tabs of one browser ----
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-US', timezoneId: 'America/New_York' });
  const a = await ctx.newPage();
  const refused = [];
  ctx.on('response', (r) => r.status() === 403 && refused.push(`${r.request().method()} ${r.url()}`));
  await signIn(a, base, 'ann', 'ann-password');
  const link = a.locator('main table tbody tr a').first();
  await link.waitFor();
  const [b] = await Promise.all([ctx.waitForEvent('page'), link.click({ modifiers: ['Control'] })]);
  await b.getByRole('heading', { name: 'Timeline' }).waitFor({ timeout: 10000 });
  check('an account opened in a new tab (Ctrl+click) opens signed in, no sign-in asked',
    (await b.getByRole('heading', { name: 'Sign in to recoup' }).count()) === 0 && /ann/.test(await b.locator('.who').textContent()));
  await outcomesReady(b);
  await b.keyboard.press('1');
  await b.getByText(/^Done: no answer at/).waitFor();
  check('... and a call is logged there', true);
  const c = await ctx.newPage();
  await c.goto(`${base}/#/queue`);
  await c.getByRole('heading', { name: 'My queue' }).waitFor({ timeout: 10000 });
  check('a tab opened by typing the address takes the session too', (await c.locator('.who').textContent()).includes('ann'));
  await c.close();

  await b.getByRole('button', { name: 'Sign out' }).click();
  await a.getByRole('heading', { name: 'Sign in to recoup' }).waitFor({ timeout: 10000 });
  check('signing out in one tab signs the other out, with a notice', /signed out/.test(await a.locator('.signin [role=status]').textContent()));
  await a.getByLabel('User').fill('ann');
  await a.getByLabel('Password').fill('ann-password');
  await a.getByRole('button', { name: 'Sign in' }).click();
  await a.getByRole('heading', { name: 'My queue' }).waitFor();
  await b.getByRole('heading', { name: 'Timeline' }).waitFor({ timeout: 10000 });
  check('signing in again in one tab signs the other in, on its page', /#\/account\//.test(b.url()));
  await outcomesReady(b);
  await b.keyboard.press('2');
  await b.getByText(/^Done: voicemail at/).waitFor({ timeout: 10000 });
  check('... whose writes carry the new session\'s token: a call logged', true);
  await a.goto(`${base}/#/account/${encodeURIComponent(ref)}`);
  await a.getByRole('heading', { name: 'Timeline' }).waitFor();
  await outcomesReady(a);
  await a.keyboard.press('1');
  await a.getByText(/^Done: no answer at/).waitFor({ timeout: 10000 });
  check('... and the first tab\'s writes too', true);
  check('no write was refused in either tab', refused.length === 0, refused.join('\n'));
  await ctx.close();
});
