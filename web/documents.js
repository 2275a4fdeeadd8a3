// documents.js: a customer's digital folder (docs/documents.md): the
// documents attached to the customer and its invoices, an upload form and a
// viewer that opens a document in the page (an image as an image, a PDF in
// a frame). DocumentsPanel is the piece an account page includes;
// DocumentsPage (#/documents/REF) shows it alone.
//
// The file goes as the request's body, as it is (POST
// /api/v1/customers/{ref}/documents?name=...): no form encoding, no base64.
// The server checks the type by the content's first bytes and the size;
// the checks here only spare a pointless upload and say the same thing.

import { html, useState, useEffect, useRef } from './vendor/preact-htm.js';
import { api, session, idempotencyKey, ApiError } from './api.js';
import { count, moment, label } from './format.js';
import { ErrorNote } from './ui.js';

export const KINDS = ['po', 'delivery_note', 'signed', 'contract', 'receipt', 'other'];
export const TYPES = ['application/pdf', 'image/png', 'image/jpeg'];
export const MAX_BYTES = 10 * 1024 * 1024;

const sizeFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
export function bytes(n) {
  if (n < 1024) return `${count(n)} B`;
  if (n < 1024 * 1024) return `${sizeFormat.format(n / 1024)} KB`;
  return `${sizeFormat.format(n / 1024 / 1024)} MB`;
}

// Sends the file as the body; resolves to the document's row, or throws an ApiError with the server's sentence.
export async function uploadDocument(ref, file, { kind = 'other', invoice = '' } = {}) {
  const q = new URLSearchParams({ name: file.name, kind });
  if (invoice) q.set('invoice', invoice);
  const headers = { Accept: 'application/json', 'Content-Type': file.type || 'application/octet-stream',
    'Idempotency-Key': idempotencyKey() };
  const s = session();
  if (s) headers['X-CSRF-Token'] = s.csrf_token;
  let r;
  try {
    r = await fetch(`/api/v1/customers/${encodeURIComponent(ref)}/documents?${q}`, {
      method: 'POST', headers, body: file, credentials: 'same-origin',
    });
  } catch (e) {
    throw new ApiError(0, 'network', `The server did not answer (${e.message}). Check the connection and try again.`);
  }
  const data = await r.json().catch(() => null);
  if (!r.ok) {
    const e = (data && data.error) || {};
    throw new ApiError(r.status, e.code || 'http', e.message || `The upload failed with HTTP ${r.status}.`, e.field);
  }
  return data;
}

// What the server would refuse, said before sending: null when the file may go.
export function refusal(file) {
  if (!file) return 'Choose a file first.';
  if (!TYPES.includes(file.type)) return `${file.name} is not a PDF, PNG or JPEG file.`;
  if (file.size === 0) return `${file.name} is empty.`;
  if (file.size > MAX_BYTES) return `${file.name} is ${bytes(file.size)}, over the limit of ${bytes(MAX_BYTES)}.`;
  return null;
}

function Viewer({ doc, onClose }) {
  const src = `/api/v1/documents/${doc.id}`;
  const heading = useRef(null);
  useEffect(() => heading.current && heading.current.focus(), [doc.id]);
  return html`<figure class="viewer" aria-labelledby="viewer-title">
    <figcaption>
      <h3 id="viewer-title" tabindex="-1" ref=${heading}>${doc.file_name}</h3>
      <span class="muted small">${label(doc.kind)}${doc.invoice_ref ? ` · ${doc.invoice_ref}` : ''} · ${bytes(doc.size)}</span>
      <span class="spacer"></span>
      <a href=${src} target="_blank" rel="noopener">Open in a new tab</a>
      <button type="button" class="quiet" onClick=${onClose}>Close</button>
    </figcaption>
    ${doc.content_type === 'application/pdf'
      ? html`<iframe class="pdf" src=${src} title=${doc.file_name}></iframe>`
      : html`<img class="doc" src=${src} alt=${doc.file_name} />`}
  </figure>`;
}

function UploadForm({ customerRef, invoices, onUploaded }) {
  const [file, setFile] = useState(null);
  const [kind, setKind] = useState('other');
  const [invoice, setInvoice] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const input = useRef(null);
  async function submit(e) {
    e.preventDefault();
    const why = refusal(file);
    if (why) {
      setError(new ApiError(0, 'input', why, 'file'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const doc = await uploadDocument(customerRef, file, { kind, invoice });
      setFile(null);
      if (input.current) input.current.value = '';
      onUploaded(doc);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return html`<form class="upload" onSubmit=${submit} aria-label="Upload a document">
    <div class="fields">
      <div><label for="doc-file">File (PDF, PNG, JPEG; at most 10 MB)</label>
        <input id="doc-file" type="file" ref=${input} accept=${TYPES.join(',')}
          onChange=${(e) => setFile(e.target.files[0] || null)} /></div>
      <div><label for="doc-kind">Kind</label>
        <select id="doc-kind" value=${kind} onChange=${(e) => setKind(e.target.value)}>
          ${KINDS.map((k) => html`<option value=${k}>${label(k)}</option>`)}
        </select></div>
      <div><label for="doc-invoice">Invoice</label>
        <select id="doc-invoice" value=${invoice} onChange=${(e) => setInvoice(e.target.value)}>
          <option value="">The customer's own</option>
          ${invoices.map((i) => html`<option value=${i}>${i}</option>`)}
        </select></div>
    </div>
    <${ErrorNote} error=${error} />
    <div class="buttons"><button type="submit" class="primary" disabled=${busy}>${busy ? 'Uploading…' : 'Upload'}</button></div>
  </form>`;
}

export function DocumentsPanel({ customerRef, invoices = [] }) {
  const [docs, setDocs] = useState(null);
  const [error, setError] = useState(null);
  const [open, setOpen] = useState(null);
  const [notice, setNotice] = useState('');
  async function load() {
    setError(null);
    try {
      const r = await api('GET', `/api/v1/customers/${encodeURIComponent(customerRef)}/documents`);
      setDocs(r.items);
    } catch (e) {
      setError(e);
    }
  }
  useEffect(() => {
    load();
  }, [customerRef]);
  function uploaded(doc) {
    setNotice(`${doc.file_name} was added.`);
    setDocs([doc, ...(docs || []).filter((d) => d.id !== doc.id)]);
    setOpen(doc);
  }
  return html`<div class="documents">
    <${ErrorNote} error=${error} onRetry=${load} />
    ${docs === null && !error && html`<p class="muted">Loading the documents…</p>`}
    ${docs && docs.length === 0 && html`<p class="muted">No document yet.</p>`}
    ${docs && docs.length > 0 && html`<div class="table-wrap" tabindex="0" role="region" aria-label="Documents"><table class="documents">
      <caption class="sr-only">Documents of ${customerRef}, newest first</caption>
      <thead><tr><th scope="col">File</th><th scope="col">Kind</th><th scope="col">Invoice</th>
        <th scope="col" class="num">Size</th><th scope="col">Uploaded</th></tr></thead>
      <tbody>${docs.map((d) => html`<tr key=${d.id}>
        <th scope="row"><button type="button" class="link" aria-pressed=${open && open.id === d.id ? 'true' : 'false'}
          onClick=${() => setOpen(d)}>${d.file_name}</button></th>
        <td>${label(d.kind)}</td><td>${d.invoice_ref || '—'}</td><td class="num">${bytes(d.size)}</td>
        <td>${moment(d.uploaded_at)} · ${d.uploaded_by}</td></tr>`)}</tbody>
    </table></div>`}
    ${notice && html`<p class="notice" role="status">${notice}</p>`}
    ${open && html`<${Viewer} doc=${open} onClose=${() => setOpen(null)} />`}
    <${UploadForm} customerRef=${customerRef} invoices=${invoices} onUploaded=${uploaded} />
  </div>`;
}

// #/documents/REF: the folder alone, with the customer's open invoices to attach to.
export function DocumentsPage({ params }) {
  const ref = params[0];
  const [invoices, setInvoices] = useState([]);
  useEffect(() => {
    api('GET', `/api/v1/invoices?customer=${encodeURIComponent(ref)}`)
      .then((r) => setInvoices(r.items.map((i) => i.invoice_ref)))
      .catch(() => setInvoices([])); // the panel shows its own errors; invoices only fill the choice
  }, [ref]);
  return html`<main id="main" class="page">
    <div class="title-row"><h1>Documents of ${ref}</h1>
      <a href=${`#/account/${encodeURIComponent(ref)}`}>Back to the account</a></div>
    <section class="card" aria-label="Documents"><${DocumentsPanel} customerRef=${ref} invoices=${invoices} /></section>
  </main>`;
}
