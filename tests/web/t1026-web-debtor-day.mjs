// t1026: the debtor's clock says the debtor's day when it is not the user's.
//
// The account page (and the queue) gave the debtor's local time as a time
// of day alone: "7:38 AM Asia/Tokyo". Across the date line the day differs:
// a collector's Friday evening in New York is Saturday morning in Tokyo,
// and "the invoice due today" or "I'll pay tomorrow" mean another day. The
// time now carries the debtor's day ("Sat, Dec 5") whenever it is not the
// user's own today, and nothing more when it is. Seen from Kiritimati
// (UTC+14) a customer in Pago Pago (UTC-11) is always a day behind: the day
// shows whatever the hour the test runs at; seen from Pago Pago it does not.
// The account's local time (`recoup account show`, its JSON) cut the zone's
// name at 16 characters ("Pacific/Pago_Pag", "America/Los_Ange"): a 40-byte
// field; it is whole now.

import { run, check, newPage, signIn } from './harness.mjs';

const getJson = (page, path) => page.evaluate(async (p) => (await fetch(p)).json(), path);

async function localTime(page, base) {
  await page.goto(`${base}/#/account/W-PAGO`);
  await page.getByRole('heading', { name: 'Timeline' }).waitFor();
  return page.locator('dl.summary div', { hasText: 'Local time' }).locator('dd');
}

await run(async ({ base, browser }) => {
  const far = await newPage(browser, { timezoneId: 'Pacific/Kiritimati' });
  await signIn(far, base, 'max', 'max-password');
  const screen = (await getJson(far, '/api/v1/accounts/W-PAGO')).screen;
  const theirDate = /^(\d{4}-\d{2}-\d{2})/.exec(screen.customer.local_time)?.[1];
  const myDate = await far.evaluate(() => new Date().toLocaleDateString('en-CA'));
  check('Pago Pago is a day behind Kiritimati', theirDate && theirDate < myDate, `${screen.customer.local_time} / ${myDate}`);
  const expected = new Intl.DateTimeFormat('en-US', { weekday: 'short', month: 'short', day: 'numeric', timeZone: 'UTC' })
    .format(new Date(`${theirDate}T00:00:00Z`));
  const dd = await localTime(far, base);
  const shown = await dd.textContent();
  check(`the account's local time names the debtor's day (${expected})`, shown.includes(expected) && shown.includes('Pacific/Pago_Pago'), shown);

  const near = await newPage(browser, { timezoneId: 'Pacific/Pago_Pago' });
  await signIn(near, base, 'max', 'max-password');
  const same = await (await localTime(near, base)).textContent();
  check('seen from Pago Pago itself the local time has no day', !same.includes(expected) &&
    (await near.locator('dl.summary .other-day').count()) === 0, same);
  check('no script error', far.problems.length === 0 && near.problems.length === 0, [...far.problems, ...near.problems].join('\n'));
});
