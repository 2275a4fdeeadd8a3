// t1022: a double click or a key pressed twice records once.
//
// A collector working the queue all day double-clicks out of habit and
// presses keys fast. "Record the promise" double-clicked recorded two
// promises and logged the call twice: the button was never disabled, and
// each submit made its own write with its own Idempotency-Key, which the
// server rightly took as two promises. Enter pressed twice in the amount did
// the same. Outcome 1 pressed twice quickly (or held down) logged two "no
// answer" calls: the key's listener read `busy` from the drawing before, and
// a second press came before the effect that would have seen it. The dispute
// form double-clicked sent a second dispute, refused (409) beside the first.
// Each write now goes through ui.js useOnce(): a press while one is on its
// way does nothing; the buttons show it disabled. A key held down logged
// its outcome again at each of its repeats; the repeats are ignored. A note
// typed and an outcome's key pressed at once logged the call without the
// note: the keys now read the page as drawn, not as their listener was set up.

import { run, check, newPage, signIn, screenshot, outcomesReady } from './harness.mjs';

const getJson = (page, path) => page.evaluate(async (p) => (await fetch(p)).json(), path);

await run(async ({ base, browser }) => {
  const page = await newPage(browser);
  await signIn(page, base, 'ann', 'ann-password');
  // the writes the page sends, by path
  const posts = [];
  page.on('request', (r) => r.method() === 'POST' && posts.push(new URL(r.url()).pathname));
  const sent = (re) => posts.filter((p) => re.test(p)).length;
  const queue = await getJson(page, '/api/v1/queue');
  const refs = [...new Set(queue.items.map((i) => i.customer_ref))];
  check('ann has two accounts in her queue', refs.length === 2, JSON.stringify(refs));
  const [a, b] = refs;
  const history = async (ref) => (await getJson(page, `/api/v1/customers/${encodeURIComponent(ref)}/history`)).attempts;
  const promises = async (ref) => (await getJson(page, `/api/v1/promises?customer=${encodeURIComponent(ref)}`)).items;
  const open = async (ref) => {
    await page.goto(`${base}/#/account/${encodeURIComponent(ref)}`);
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    await outcomesReady(page); // a key pressed before is not taken (make check once: '6' lost, no promise form)
  };

  // ---- "Record the promise" double-clicked ----
  await open(a);
  await page.keyboard.press('6');
  await page.locator('#promise-amount').fill('10');
  await page.getByRole('button', { name: 'Record the promise' }).dblclick();
  await page.getByText(/^Done: promise at/).waitFor();
  await page.locator('ol.timeline li.promise').first().waitFor();
  check('a double-clicked promise is sent once', sent(/\/promises$/) === 1, posts.join('\n'));
  check('... recorded once', (await promises(a)).length === 1, JSON.stringify(await promises(a)));
  check('... and its call logged once', (await history(a)).filter((x) => x.outcome === 'promise').length === 1,
    JSON.stringify(await history(a)));
  check('... and the timeline shows one promise', (await page.locator('ol.timeline li.promise').count()) === 1,
    await page.locator('ol.timeline').textContent());

  // ---- outcome 1 pressed twice while the first is on its way ----
  // (held at the browser until the second press is in: on loopback the answer
  // would otherwise come before the person's second press, as it does not over a network)
  // Held in the page's own fetch, not by page.route: with a route, every request of the page
  // goes through the browser's interception, and one it did not match was once aborted in CI
  // (t1010, an upstream race). The wrapper counts the page's calls: a call held is not yet a request.
  await page.evaluate(() => {
    const real = window.fetch;
    window.recoupLogCalls = 0;
    window.recoupGate = new Promise((r) => (window.recoupRelease = r));
    window.recoupRealFetch = real;
    window.fetch = async (url, opts) => {
      if (/\/api\/v1\/contacts\/[^/]+\/log$/.test(String(url))) {
        window.recoupLogCalls++;
        await window.recoupGate;
      }
      return real(url, opts);
    };
  });
  const logsBefore = sent(/\/log$/);
  await page.keyboard.press('1');
  await page.keyboard.press('1');
  const pressedWhileSent = await page.evaluate(() => window.recoupLogCalls);
  await page.evaluate(() => window.recoupRelease());
  await page.getByText(/^Done: no answer at/).waitFor();
  await page.locator('ol.timeline li[data-outcome=no_answer]').first().waitFor();
  await page.evaluate(() => { window.fetch = window.recoupRealFetch; });
  check('"no answer" pressed twice is sent once', pressedWhileSent === 1 && sent(/\/log$/) - logsBefore === 1, posts.join('\n'));
  check('... and logged once', (await history(a)).filter((x) => x.outcome === 'no_answer').length === 1,
    JSON.stringify(await history(a)));

  // ---- outcome 2 held down: the key's repeats, after the first is logged, log nothing more ----
  await page.keyboard.down('2');
  await page.getByText(/^Done: voicemail at/).waitFor();
  const voicemails = sent(/\/log$/);
  await page.keyboard.down('2'); // the key still down: a repeat (KeyboardEvent.repeat)
  await page.keyboard.down('2');
  await page.keyboard.up('2');
  // a write would have been asked for in the key's listener: let the page take the keys and draw
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  check('"voicemail" held down: its repeats send nothing', sent(/\/log$/) === voicemails, posts.join('\n'));
  await page.locator('ol.timeline li[data-outcome=voicemail]').first().waitFor();
  check('... and it is logged once', (await history(a)).filter((x) => x.outcome === 'voicemail').length === 1,
    JSON.stringify(await history(a)));

  // ---- Enter pressed twice in the promise's amount ----
  await open(b);
  await page.keyboard.press('6');
  const amount = page.locator('#promise-amount');
  await amount.fill('10');
  await amount.focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter'); // in the amount still, or on the page once the form is gone
  await page.getByText(/^Done: promise at/).waitFor();
  await page.locator('ol.timeline li.promise').first().waitFor();
  check('a promise submitted by Enter twice is sent once', sent(/\/promises$/) === 2, posts.join('\n'));
  check('... and recorded once', (await promises(b)).length === 1, JSON.stringify(await promises(b)));

  // ---- a note typed, then at once an outcome's key: the note goes with it ----
  // the page draws the note (a microtask after its input), and the key comes before the paint: the
  // key's listener, set up again only in an effect after the paint, logged the outcome without the
  // note (the drawing now fills what the keys read)
  await page.evaluate(async () => {
    const note = document.getElementById('log-note');
    note.value = 'asked for the statement again';
    note.dispatchEvent(new Event('input', { bubbles: true }));
    await Promise.resolve();
    await Promise.resolve();
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: '7', bubbles: true }));
  });
  await page.getByText(/^Done: refused at/).waitFor();
  const refusedNote = (await history(b)).filter((x) => x.outcome === 'refused').map((x) => x.note);
  check('a note typed and "refused" pressed at once: the call is logged with the note',
    JSON.stringify(refusedNote) === JSON.stringify(['asked for the statement again']), JSON.stringify(refusedNote));

  // ---- "Open the dispute" double-clicked ----
  const disputeErrors = [];
  page.on('response', (r) => r.request().method() === 'POST' && /\/disputes$/.test(r.url()) && r.status() >= 400 &&
    disputeErrors.push(r.status()));
  await page.keyboard.press('8');
  const form = page.getByRole('form', { name: 'Dispute' });
  await form.waitFor();
  await form.getByRole('button', { name: 'Open the dispute' }).dblclick();
  await page.getByText(/^Done: dispute at/).waitFor();
  await page.locator('ol.timeline li[data-outcome=dispute]').waitFor();
  check('a double-clicked dispute is sent once (no second one refused 409)',
    sent(/\/disputes$/) === 1 && disputeErrors.length === 0, posts.join('\n') + ' ' + disputeErrors.join(' '));
  check('... and its call logged once', (await history(b)).filter((x) => x.outcome === 'dispute').length === 1,
    JSON.stringify(await history(b)));
  await screenshot(page, 't1022-after-dispute');
  check('no script error', page.problems.length === 0, page.problems.join('\n'));
});
