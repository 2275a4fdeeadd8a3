// t1011: documents in the browser (issue 13 point 5): a collector opens the
// folder of one of her customers, uploads a signed scan (PNG) and sees it
// open in the page, uploads a PDF and sees it in a frame, is told why a
// text file or a file that only pretends to be a PDF is refused; axe-core;
// a screenshot. The same folder on the account page: listed, opened, an
// upload on an invoice of the account. Run by tests/integration/t1011-web-documents.sh.

import { run, check, newPage, signIn, screenshot, axe } from './harness.mjs';

// A 2x2 PNG (red), small enough to write out.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

await run(async ({ base, browser }) => {
  const page = await newPage(browser);
  await signIn(page, base, 'ann', 'ann-password');
  const queue = await page.evaluate(async () => (await fetch('/api/v1/queue')).json());
  const ref = queue.items[0].customer_ref;
  await page.goto(`${base}/#/documents/${encodeURIComponent(ref)}`);
  await page.getByRole('heading', { name: `Documents of ${ref}` }).waitFor();
  await page.getByText('No document yet.').waitFor();
  check('an empty folder says so', true);

  // a scan, attached to the customer's first invoice
  await page.getByLabel('File (PDF, PNG, JPEG; at most 10 MB)').setInputFiles({ name: 'assinatura.png', mimeType: 'image/png', buffer: PNG });
  await page.getByLabel('Kind').selectOption('signed');
  // the invoices to choose from come by the page's own request, after the folder's: wait for the first
  // (count() does not wait: the scan went on no invoice when the list was not there yet)
  await page.locator('#doc-invoice option').nth(1).waitFor({ state: 'attached' });
  await page.getByLabel('Invoice').selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Upload' }).click();
  await page.getByRole('status').filter({ hasText: 'assinatura.png was added.' }).waitFor();
  const img = page.locator('figure.viewer img');
  await img.waitFor();
  await page.waitForFunction(() => document.querySelector('figure.viewer img')?.complete);
  check('the scan opens in the page, drawn', (await img.evaluate((i) => i.naturalWidth)) === 2);
  check('with its name', (await page.locator('#viewer-title').textContent()) === 'assinatura.png');
  const docs = await page.evaluate(async (r) => (await fetch(`/api/v1/customers/${r}/documents`)).json(), ref);
  check('the server holds it, signed', docs.items.length === 1 && docs.items[0].kind === 'signed' &&
    docs.items[0].content_type === 'image/png' && docs.items[0].size === PNG.length, JSON.stringify(docs));
  check('the table lists it', (await page.locator('table.documents tbody tr').count()) === 1);

  // a PDF, in a frame
  await page.getByLabel('File (PDF, PNG, JPEG; at most 10 MB)').setInputFiles({ name: 'pedido 77.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.getByLabel('Kind').selectOption('po');
  await page.getByRole('button', { name: 'Upload' }).click();
  await page.getByRole('status').filter({ hasText: 'pedido 77.pdf was added.' }).waitFor();
  const frame = page.locator('figure.viewer iframe');
  await frame.waitFor();
  const src = await frame.getAttribute('src');
  const got = await page.evaluate(async (s) => {
    const r = await fetch(s);
    return { status: r.status, type: r.headers.get('content-type'), disposition: r.headers.get('content-disposition'),
      size: (await r.arrayBuffer()).byteLength };
  }, src);
  check('the PDF opens in a frame of the page, served inline', got.status === 200 && got.type === 'application/pdf' &&
    /^inline;/.test(got.disposition) && got.size === PDF.length, JSON.stringify(got));
  check('newest first', (await page.locator('table.documents tbody tr th').first().textContent()) === 'pedido 77.pdf');

  // refusals, said on the page
  await page.getByLabel('File (PDF, PNG, JPEG; at most 10 MB)').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await page.getByRole('button', { name: 'Upload' }).click();
  let alert = page.locator('form.upload [role="alert"]');
  await alert.waitFor();
  check('a text file is refused before it is sent', /notes.txt is not a PDF, PNG or JPEG file/.test(await alert.textContent()),
    await alert.textContent());
  await page.getByLabel('File (PDF, PNG, JPEG; at most 10 MB)').setInputFiles({ name: 'fake.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html>not a pdf</html>') });
  await page.getByRole('button', { name: 'Upload' }).click();
  await page.locator('form.upload [role="alert"]', { hasText: 'the content is not a PDF' }).waitFor();
  check('a file that only pretends to be a PDF is refused by the server, with its reason', true);
  check('and nothing was added', (await page.locator('table.documents tbody tr').count()) === 2);

  await page.getByRole('button', { name: 'assinatura.png' }).click();
  await page.locator('figure.viewer img').waitFor();
  await screenshot(page, 't1011-documents');
  const violations = await axe(page);
  check('axe-core: no serious or critical violation on the documents', violations.length === 0, violations.join('\n'));

  // ---- the same folder on the account page, the one screen before a call ----
  await page.goto(`${base}/#/account/${encodeURIComponent(ref)}`);
  const folder = page.locator('section[aria-labelledby="s-documents"]');
  await folder.getByRole('heading', { name: 'Documents' }).waitFor();
  await folder.locator('table.documents tbody tr').nth(1).waitFor();
  const listed = await folder.locator('table.documents tbody').textContent();
  check('the account page lists the customer\'s documents, newest first',
    (await folder.locator('table.documents tbody tr').count()) === 2 && /^pedido 77\.pdf.*assinatura\.png/s.test(listed), listed);
  const choices = await folder.locator('#doc-invoice option').allTextContents();
  const screen = (await page.evaluate(async (r) => (await fetch(`/api/v1/accounts/${r}`)).json(), ref)).screen;
  check('its upload offers the account\'s open invoices', screen.invoices.length > 0 &&
    screen.invoices.every((i) => choices.includes(i.ref)), JSON.stringify(choices));
  await folder.getByRole('button', { name: 'assinatura.png' }).click();
  await folder.locator('figure.viewer img').waitFor();
  await page.waitForFunction(() => document.querySelector('figure.viewer img')?.complete);
  check('a document opens on the account page, drawn',
    (await folder.locator('figure.viewer img').evaluate((i) => i.naturalWidth)) === 2);
  // the account page's keys (1 logs "no answer") do not act while the folder's form has the focus
  await folder.locator('#doc-file').focus();
  await page.keyboard.press('1');
  await folder.locator('#doc-file').setInputFiles({ name: 'nota fiscal.pdf', mimeType: 'application/pdf',
    buffer: Buffer.concat([PDF, Buffer.from('% delivery note\n')]) });
  await folder.locator('#doc-kind').selectOption('delivery_note');
  await folder.locator('#doc-invoice').selectOption(screen.invoices[0].ref);
  await folder.getByRole('button', { name: 'Upload' }).click();
  await folder.getByRole('status').filter({ hasText: 'nota fiscal.pdf was added.' }).waitFor();
  await folder.locator('figure.viewer iframe').waitFor();
  const after = await page.evaluate(async (r) => (await fetch(`/api/v1/customers/${r}/documents`)).json(), ref);
  check('a document uploaded from the account page is the customer\'s, on the invoice chosen',
    after.items.length === 3 && after.items[0].file_name === 'nota fiscal.pdf' && after.items[0].kind === 'delivery_note' &&
      after.items[0].invoice_ref === screen.invoices[0].ref, JSON.stringify(after.items[0]));
  check('and it is listed there at once', (await folder.locator('table.documents tbody tr').count()) === 3);
  const calls = screen.recent_contacts.length;
  const later = (await page.evaluate(async (r) => (await fetch(`/api/v1/accounts/${r}`)).json(), ref)).screen;
  check('a key pressed in the folder\'s form logged no call', later.recent_contacts.length === calls, JSON.stringify(later.recent_contacts));
  await screenshot(page, 't1011-account-documents');
  const accountViolations = await axe(page);
  check('axe-core: no serious or critical violation on the account page with its documents', accountViolations.length === 0,
    accountViolations.join('\n'));

  // chromium-headless-shell has no PDF viewer: it aborts the frame's load of the PDF (a browser shows it)
  const problems = page.problems.filter((p) => !/415/.test(p) && !/\/api\/v1\/documents\/\d+ net::ERR_ABORTED/.test(p));
  check('no error on the page', problems.length === 0, problems.join('\n'));
});
