// approvals.js: what waits for a manager's decision (GET /api/v1/approvals):
// settlements beyond their maker's authority and write-offs, oldest first,
// each approved or rejected with a reason (POST /api/v1/approvals/{id}/...).
// The server decides who may (a manager whose authority covers it, not the
// one who asked); a refusal is shown on the row.

import { html, useState, useEffect, useCallback } from './vendor/preact-htm.js';
import { api, write } from './api.js';
import { money, moment, day, label } from './format.js';
import { ErrorNote, ready } from './ui.js';

function Decision({ item, onDecided }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  async function decide(verb) {
    setBusy(true);
    setError(null);
    try {
      const body = reason.trim() ? { reason: reason.trim() } : {};
      await write('POST', `/api/v1/approvals/${item.id}/${verb}`, body);
      onDecided(`${label(item.kind)} ${item.id} ${verb === 'approve' ? 'approved' : 'rejected'}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  const id = `reason-${item.id}`;
  return html`<div class="decision">
    <label for=${id} class="sr-only">Reason for ${label(item.kind)} ${item.id}</label>
    <input id=${id} placeholder="Reason (optional)" value=${reason} onInput=${(e) => setReason(e.target.value)} />
    <button type="button" class="primary" disabled=${busy} onClick=${() => decide('approve')}>Approve</button>
    <button type="button" disabled=${busy} onClick=${() => decide('reject')}>Reject</button>
    <${ErrorNote} error=${error} />
  </div>`;
}

export function ApprovalsPage() {
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  const [done, setDone] = useState('');
  const load = useCallback(async () => {
    try {
      setItems((await api('GET', '/api/v1/approvals?limit=200')).items);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => {
    load();
  }, [load]);
  useEffect(() => {
    if (items) ready('approvals');
  }, [items]);
  const decided = (what) => {
    setDone(what);
    load();
  };
  return html`<main id="main" class="page" aria-busy=${items === null ? 'true' : 'false'}>
    <div class="title-row"><h1>Approvals</h1>
      <span class="muted small" role="status">${items === null ? 'Loading…' : `${items.length} waiting`}</span></div>
    ${done && html`<p class="notice" role="status">Done: ${done}.</p>`}
    <${ErrorNote} error=${error} onRetry=${load} />
    <div class="table-wrap"><table>
      <caption class="sr-only">Waiting for a decision, oldest first</caption>
      <thead><tr><th scope="col">What</th><th scope="col">Customer</th><th scope="col" class="num">Balance</th>
        <th scope="col" class="num">To pay</th><th scope="col">By</th><th scope="col">Why it needs approval</th>
        <th scope="col">Decision</th></tr></thead>
      <tbody>
        ${items && items.length === 0 && html`<tr><td colspan="7" class="empty">Nothing waits for a decision.</td></tr>`}
        ${items &&
        items.map(
          (a) => html`<tr key=${a.id}><th scope="row">${label(a.kind)} ${a.id}
              <div class="muted small">asked by ${a.made_by}, ${moment(a.made_at)}</div></th>
            <td><a href=${'#/account/' + encodeURIComponent(a.customer_ref)}>${a.customer_ref}</a></td>
            <td class="num">${money(a.balance, a.currency)}</td><td class="num">${money(a.amount, a.currency)}</td>
            <td>${a.pay_by ? day(a.pay_by) : '—'}</td><td class="small">${a.reason}</td>
            <td><${Decision} item=${a} onDecided=${decided} /></td></tr>`,
        )}
      </tbody></table></div>
  </main>`;
}
