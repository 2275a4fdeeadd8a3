// harness.mjs: what the browser tests (tests/web/t10NN-*.mjs) share.
//
// A test is run by its shell wrapper (tests/integration/t10NN-web-*.sh),
// which prepares a database on either backend with lib.sh and passes it in
// the environment: RECOUP (the binary), RECOUP_DB (file or URL), SRCDIR,
// BUILDDIR. The harness starts a real `recoup serve` on 127.0.0.1 with a
// port the server picks (port 0; it prints the one it got), drives Debian's
// chromium-headless-shell through playwright-core (nothing is downloaded:
// executablePath names the Debian binary), and reports each check as a
// "PASS desc" / "FAIL desc" line that the wrapper counts as lib.sh does.
// Screenshots go to BUILDDIR/screenshots (not committed) for a person to
// look at.

import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const CHROMIUM = process.env.RECOUP_CHROMIUM || '/usr/bin/chromium-headless-shell';
// As root (CI) Chromium's sandbox cannot start; the rest keeps it off this closed network.
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

let failures = 0;
export function check(desc, ok, detail) {
  if (ok) console.log(`PASS ${desc}`);
  else {
    failures++;
    console.log(`FAIL ${desc}`);
    if (detail !== undefined) for (const l of String(detail).split('\n').slice(0, 20)) console.log(`    ${l}`);
  }
  return ok;
}
export function failed() {
  return failures;
}

// Starts `recoup serve` over RECOUP_DB; resolves to { url, stop }.
export function startServer({ args = [], env = {} } = {}) {
  const recoup = process.env.RECOUP;
  const log = createWriteStream(join(process.env.TMP || '.', 'serve.log'));
  const child = spawn(recoup, ['serve', '--listen', '127.0.0.1:0', '--web', join(process.env.SRCDIR, 'web'), ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr.pipe(log);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('recoup serve did not say it was listening within 10 s')), 10000);
    child.on('exit', (code) => reject(new Error(`recoup serve exited (${code}) before listening`)));
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: `http://${m[1]}`,
          stop: () =>
            new Promise((done) => {
              child.removeAllListeners('exit');
              child.on('exit', (code, signal) => done(code ?? signal));
              child.kill('SIGTERM');
            }),
        });
      }
    });
  });
}

export async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

// A fresh page (its own cookies) of a laptop's size, with the page's
// console errors and failed requests collected for the checks.
export async function newPage(browser, { locale = 'en-US', timezoneId = 'America/New_York' } = {}) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale, timezoneId });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  // the refusals a test asks for (401, 403, 404) are logged by Chromium as failed loads: not problems of the page
  page.on('console', (m) => m.type() === 'error' && !/^Failed to load resource/.test(m.text()) &&
    page.problems.push(`console: ${m.text()}`));
  page.on('requestfailed', (r) => page.problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  return page;
}

// Signs in through the page, as a person would; resolves when the queue shows.
export async function signIn(page, base, user, password) {
  await page.goto(`${base}/`);
  await page.getByLabel('User').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'My queue' }).waitFor();
}

// Resolves once the page NAME (as ui.js ready() marks it: queue, account, ...) has drawn its data and run
// the effects of that drawing. The pages add their key listeners in effects, which Preact runs after the
// frame that shows the data (or at the component's next drawing): a key pressed as soon as the rows show
// can still meet the listener of the page without its data (the queue's ignores every key until it has
// its items) and be lost. The mark is made by an effect of the same pass. Marks stay through the hash
// navigations of a document: this proves the state of the first drawing of NAME in the document (the
// first visit, or the one after a reload).
// `after`: the number of marks already made (marks(page, NAME) before navigating): a later visit to a
// page of the same document is proved drawn by a mark more than that.
export async function drawn(page, name, after = 0) {
  await page.waitForFunction(([n, a]) => performance.getEntriesByName(`recoup:${n}`, 'mark').length > a, [name, after]);
}

// Resolves once the account page's call panel takes its outcome keys (1-9): an outcome button enabled (the
// contact chosen, nothing in flight), then the frame after it, in whose effects the panel's key listener
// is attached with that contact. A key pressed after the Timeline shows but before that (the account's
// contacts still loading: on a page just opened, or signed in again from another tab) is not taken, as a
// person sees from the disabled buttons; under load the window is wide enough for a test to press into it.
export async function outcomesReady(page) {
  await page.locator('[aria-label="Call outcome"] button:not([disabled])').first().waitFor({ timeout: 10000 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
}

// Fills the fields named by CSS selectors (within ROOT, a page or a locator) in one task, as a
// password manager's autofill or a quick typist can: no render between them, so a form that
// sets a field from the state of its last render puts the ones before it back.
export async function fillAtOnce(root, pairs) {
  const within = typeof root.url === 'function' ? root.locator('body') : root;
  await within.evaluate((el, ps) => {
    for (const [sel, v] of ps) {
      const input = el.querySelector(sel);
      if (!input) throw new Error(`fillAtOnce: no ${sel}`);
      input.value = v;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }
  }, pairs);
}

// The marks of page NAME made so far in the document (for drawn's `after`).
export async function marks(page, name) {
  return page.evaluate((n) => performance.getEntriesByName(`recoup:${n}`, 'mark').length, name);
}

// The administration page (#/admin) fills each of its lists by its own request, in no set order: wait
// for every one of them before reading one that was not waited for, or before axe looks at the page
// (which would otherwise see, and be raced by, lists still loading).
export async function adminLists(page) {
  for (const rows of ['table.strategies tbody tr', 'ul.profiles li', 'table.templates tbody tr', 'table.users tbody tr',
    'table.assignments tbody tr'])
    await page.locator(rows).first().waitFor();
}

// The account page's documents panel asks for the customer's folder once the screen is drawn (so after
// the Timeline heading shows): wait for the answer to be drawn, the panel's "Loading" line gone, before
// axe looks at the page.
export async function documentsDrawn(page) {
  await page.locator('div.documents').first().waitFor();
  await page.getByText('Loading the documents…').waitFor({ state: 'detached' });
}

export async function screenshot(page, name) {
  const dir = process.env.RECOUP_SCREENSHOTS || join(process.env.BUILDDIR || '.', 'screenshots');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

// axe-core over the page as it is: the violations of impact serious or critical.
// The script is evaluated through the DevTools protocol, which the page's
// Content-Security-Policy does not govern (no inline script is added).
const axeSource = readFileSync(join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
export async function axe(page) {
  await page.evaluate(axeSource);
  const r = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}

function tail(path) {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '';
  }
}

// Runs a test body with a server and a browser, stopping both whatever happens;
// `args` are more options of `recoup serve` (t1014: --session-idle).
export async function run(body, { args = [] } = {}) {
  let server, browser;
  try {
    server = await startServer({ args });
    browser = await launch();
    await body({ base: server.url, browser });
  } catch (e) {
    check('the test ran to its end', false, e.stack || String(e));
  } finally {
    if (browser) await browser.close();
    if (server) {
      // a sanitizer's report (ASan, LeakSanitizer) makes the server exit non-zero
      const code = await server.stop();
      check('the server stopped cleanly on SIGTERM (exit 0)', code === 0,
        `exit ${code}; the end of serve.log:\n` + tail(join(process.env.TMP || '.', 'serve.log')));
    }
  }
  process.exit(failures ? 1 : 0);
}
