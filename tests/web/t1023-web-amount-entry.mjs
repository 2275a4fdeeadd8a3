// t1023: amounts are taken as the page shows them.
//
// The page shows money in the user's locale: in German "1.200,50 $", "980,75
// €". A German collector typing the promise "1.200,50", or the instalments
// "490,00" and "490,75", was refused in the form ("a positive number with
// at most 2 decimals"); the settlement's "4,400.00" typed in English went to
// the server as typed and came back as "pay: amount '4,400.00' is not a
// decimal number"; yen typed "125,000" as Japan writes it was refused. The
// fields now read what is typed as format.js parseAmount says (the
// locale's decimal mark, thousands groups, spaces), show how they read it
// ("1.200,50 $"), and send the API's text ("1200.50"); what cannot be read
// one way ("1,20,0") is still refused in the form, before any request.

import { run, check, newPage, signIn, screenshot, axe, documentsDrawn, outcomesReady, fillAtOnce } from './harness.mjs';

const getJson = (page, path) => page.evaluate(async (p) => (await fetch(p)).json(), path);

async function account(page, base, ref) {
  await page.goto(`${base}/#/account/${encodeURIComponent(ref)}`);
  await page.getByRole('heading', { name: 'Timeline' }).waitFor();
  await outcomesReady(page);
}

await run(async ({ base, browser }) => {
  // ---- German: a promise of 1.200,50 USD, a plan of 490,00 + 490,75 EUR ----
  const de = await newPage(browser, { locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  await signIn(de, base, 'max', 'max-password');
  const posts = [];
  de.on('request', (r) => r.method() === 'POST' && posts.push(new URL(r.url()).pathname));
  await account(de, base, 'W-ACME');
  await de.keyboard.press('6');
  const amount = de.locator('#promise-amount');
  await amount.fill('1.200,50');
  const help = de.locator('#promise-amount-help');
  check('"1.200,50" typed in German is read as 1.200,50 $', /1\.200,50\s\$/.test(await help.textContent()), await help.textContent());
  check('... and not marked invalid', (await amount.getAttribute('aria-invalid')) === 'false');
  await de.getByRole('button', { name: 'Record the promise' }).click();
  await de.getByText(/^Done: promise at/).waitFor();
  const acme = (await getJson(de, '/api/v1/promises?customer=W-ACME')).items;
  check('the promise is recorded as 1200.50 USD', acme.length === 1 && acme[0].amount === '1200.50', JSON.stringify(acme));

  await account(de, base, 'W-BER');
  await de.keyboard.press('p');
  const plan = de.getByRole('form', { name: 'Payment plan' });
  await plan.waitFor();
  // both typed before the page renders again (as an autofill or a quick typist can): each
  // keeps what was typed. The form once set each row from the rows of its last render, and
  // the second field's input put the first back to its 490,37 (CI, 2026-12-06: 981,12 € of 980,75 €).
  await fillAtOnce(plan, [['input[aria-label="Instalment 1 amount"]', '490,00'], ['input[aria-label="Instalment 2 amount"]', '490,75']]);
  const sum = plan.locator('.plan-sum');
  check('the instalments 490,00 and 490,75 add up to 980,75 €', /they add up/.test(await sum.textContent()), await sum.textContent());
  await plan.getByRole('button', { name: 'Agree the plan' }).click();
  await de.getByText(/^Done: payment plan/).waitFor();
  const plans = (await getJson(de, '/api/v1/plans?customer=W-BER')).items;
  const stored = plans.length === 1 ? await getJson(de, `/api/v1/plans/${plans[0].id}`) : null;
  check('the plan is stored with instalments 490.00 and 490.75 EUR',
    stored && stored.instalments.map((i) => i.amount).join(' ') === '490.00 490.75', JSON.stringify(stored || plans));

  // ---- English: a settlement of 4,400.00 BRL, a promise of 125,000 yen, "1,20,0" refused ----
  const en = await newPage(browser);
  await signIn(en, base, 'max', 'max-password');
  await account(en, base, 'W-SOL');
  await en.keyboard.press('s');
  const st = en.getByRole('form', { name: 'Settlement' });
  await st.waitFor();
  await st.getByLabel(/The customer pays/).fill('4,400.00');
  check('"4,400.00" is read as R$4,400.00', /R\$4,400\.00/.test(await st.locator('#st-pay-help').textContent()),
    await st.locator('#st-pay-help').textContent());
  await st.getByRole('button', { name: 'Offer the settlement' }).click();
  await en.getByText(/^Done: settlement/).waitFor();
  const sts = (await getJson(en, '/api/v1/settlements?customer=W-SOL')).items;
  check('the settlement is stored: the customer pays 4400.00 BRL', sts.length === 1 && sts[0].amount === '4400.00', JSON.stringify(sts));

  await account(en, base, 'W-KYO');
  await en.keyboard.press('6');
  const yen = en.locator('#promise-amount');
  await yen.fill('1,20,0');
  check('"1,20,0" is not read as an amount', (await yen.getAttribute('aria-invalid')) === 'true');
  const before = posts.length;
  const enPosts = [];
  en.on('request', (r) => r.method() === 'POST' && enPosts.push(r.url()));
  await en.getByRole('button', { name: 'Record the promise' }).click();
  await en.locator('form.promise [role=alert]').waitFor();
  check('... refused in the form, nothing sent', enPosts.length === 0 && posts.length === before, enPosts.join('\n'));
  await yen.fill('125,000');
  check('"125,000" yen is read as ¥125,000', /¥125,000/.test(await en.locator('#promise-amount-help').textContent()),
    await en.locator('#promise-amount-help').textContent());
  await documentsDrawn(en);
  const violations = await axe(en);
  check('axe-core: no serious or critical violation on the promise form', violations.length === 0, violations.join('\n'));
  await screenshot(en, 't1023-yen-promise');
  await en.getByRole('button', { name: 'Record the promise' }).click();
  await en.getByText(/^Done: promise at/).waitFor();
  const kyo = (await getJson(en, '/api/v1/promises?customer=W-KYO')).items;
  check('the promise is recorded as 125000 JPY', kyo.length === 1 && kyo[0].amount === '125000', JSON.stringify(kyo));
  check('no script error', de.problems.length === 0 && en.problems.length === 0, [...de.problems, ...en.problems].join('\n'));
});
