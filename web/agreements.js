// agreements.js: the forms of what a collector agrees on a call, each
// posting to the agreements' routes (docs/api.md, docs/agreements.md) with
// an Idempotency-Key, and each showing the server's refusal in the form:
//   - a payment plan (POST /api/v1/plans): instalments that must add up to
//     the balance of the invoices chosen, the difference shown as you type
//     (BigInt minor units: no floating point);
//   - a settlement (POST /api/v1/settlements): within the collector's
//     authority it is agreed; beyond it the server says so (403) and the
//     form offers to send it for approval (202, pending);
//   - a dispute of one invoice (POST /api/v1/disputes).

import { html, useState, useEffect, useRef } from './vendor/preact-htm.js';
import { write } from './api.js';
import { money, decimalsOf, toMinor, fromMinor, label, parseAmount } from './format.js';
import { ErrorNote, useOnce } from './ui.js';

// a retry after a lost answer is answered by the server with the first one's result (api.js write)
function post(path, body) {
  return write('POST', path, body);
}

function inDays(n) {
  return new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
}

function addMonths(date, n) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 10);
}

// The invoices of the account's currency as checkboxes; all chosen at first.
function InvoicePicker({ invoices, chosen, setChosen, idPrefix }) {
  return html`<fieldset class="invoices"><legend>Invoices</legend>
    ${invoices.map(
      (i) => html`<label class="check" for=${idPrefix + i.ref}><input type="checkbox" id=${idPrefix + i.ref}
        checked=${chosen.includes(i.ref)}
        onChange=${(e) => {
          const on = e.target.checked;
          setChosen((c) => (on ? [...c, i.ref] : c.filter((r) => r !== i.ref)));
        }} />
        ${i.ref} · ${money(i.balance, i.currency)}</label>`,
    )}</fieldset>`;
}

function useFirstFocus() {
  const ref = useRef(null);
  useEffect(() => ref.current && ref.current.focus(), []);
  return ref;
}

export function PlanForm({ screen, onDone, onCancel }) {
  const currency = screen.balance.currency;
  const decimals = decimalsOf(currency);
  // not those issued later (imported ahead of time): not owed yet, and an agreement before an invoice's issue is refused
  const invoices = screen.invoices.filter((i) => i.currency === currency && !i.disputed && !i.issued_later);
  const [chosen, setChosen] = useState(invoices.map((i) => i.ref));
  const target = invoices
    .filter((i) => chosen.includes(i.ref))
    .reduce((n, i) => n + (toMinor(i.balance, decimals) ?? 0n), 0n);
  const [rows, setRows] = useState(() => {
    const half = target / 2n;
    return [
      { date: inDays(7), amount: fromMinor(half, decimals) },
      { date: addMonths(inDays(7), 1), amount: fromMinor(target - half, decimals) },
    ];
  });
  const [error, setError] = useState(null);
  const [busy, once] = useOnce();
  const first = useFirstFocus();
  const parsed = rows.map((r) => toMinor(r.amount, decimals));
  const bad = parsed.some((v) => v === null || v === 0n);
  const sum = parsed.reduce((n, v) => n + (v ?? 0n), 0n);
  const diff = sum - target;
  // from the rows as they are when it runs, not as they were at the last render: two fields
  // filled before the page renders again (an autofill, a quick typist) each keep what was typed
  const set = (i, k, v) => setRows((now) => now.map((r, j) => (j === i ? { ...r, [k]: v } : r)));

  function submit(e) {
    e.preventDefault();
    once(async () => {
      setError(null);
      try {
        const plan = await post('/api/v1/plans', {
          customer_ref: screen.customer.ref,
          currency,
          invoice_refs: chosen,
          // as typed ("1.200,50") read as the API's text; what cannot be read goes as typed, for the server's reason
          instalments: rows.map((r) => `${r.date}:${parseAmount(r.amount, decimals) ?? r.amount.trim()}`),
        });
        onDone(`payment plan of ${rows.length} instalments agreed`, plan);
      } catch (err) {
        setError(err);
      }
    });
  }
  return html`<form class="agreement" onSubmit=${submit} aria-label="Payment plan">
    <h3>Payment plan</h3>
    <${InvoicePicker} invoices=${invoices} chosen=${chosen} setChosen=${setChosen} idPrefix="plan-inv-" />
    <div class="scroll-x"><table class="instalments">
      <caption class="sr-only">Instalments</caption>
      <thead><tr><th scope="col">#</th><th scope="col">Date</th><th scope="col">Amount (${currency})</th><th scope="col"><span class="sr-only">Remove</span></th></tr></thead>
      <tbody>${rows.map(
        (r, i) => html`<tr key=${i}><td>${i + 1}</td>
          <td><input type="date" aria-label=${`Instalment ${i + 1} date`} required value=${r.date}
            ref=${i === 0 ? first : undefined} onInput=${(e) => set(i, 'date', e.target.value)} /></td>
          <td><input inputmode="decimal" aria-label=${`Instalment ${i + 1} amount`} value=${r.amount}
            aria-invalid=${parsed[i] === null || parsed[i] === 0n ? 'true' : 'false'} onInput=${(e) => set(i, 'amount', e.target.value)} /></td>
          <td><button type="button" class="quiet" disabled=${rows.length === 1}
            onClick=${() => setRows((now) => now.filter((_, j) => j !== i))}>Remove</button></td></tr>`,
      )}</tbody>
    </table></div>
    <button type="button" onClick=${() => setRows((now) => [...now, { date: addMonths(now[now.length - 1]?.date || inDays(7), 1), amount: '' }])}>
      Add an instalment</button>
    <p class=${'plan-sum ' + (diff === 0n && !bad ? 'ok' : 'warn')} role="status" aria-live="polite">
      Instalments ${money(fromMinor(sum, decimals), currency)} of ${money(fromMinor(target, decimals), currency)}:
      ${bad ? ' an amount is not a positive number with at most ' + decimals + ' decimals'
        : diff === 0n ? ' they add up' : diff < 0n ? ` ${money(fromMinor(-diff, decimals), currency)} short`
        : ` ${money(fromMinor(diff, decimals), currency)} over`}</p>
    <${ErrorNote} error=${error} />
    <div class="buttons"><button type="submit" class="primary" disabled=${busy}>Agree the plan</button>
      <button type="button" class="quiet" onClick=${onCancel}>Cancel</button></div>
  </form>`;
}

export function SettlementForm({ screen, onDone, onCancel }) {
  const currency = screen.balance.currency;
  const decimals = decimalsOf(currency);
  // not those issued later (imported ahead of time): not owed yet, and an agreement before an invoice's issue is refused
  const invoices = screen.invoices.filter((i) => i.currency === currency && !i.disputed && !i.issued_later);
  const [chosen, setChosen] = useState(invoices.map((i) => i.ref));
  const [pay, setPay] = useState('');
  const [payBy, setPayBy] = useState(inDays(14));
  const [error, setError] = useState(null);
  const [beyond, setBeyond] = useState(false);
  const [busy, once] = useOnce();
  const first = useFirstFocus();
  const read = parseAmount(pay, decimals);

  function offer(requestApproval) {
    once(async () => {
      setError(null);
      try {
        const s = await post('/api/v1/settlements', {
          customer_ref: screen.customer.ref,
          currency,
          invoice_refs: chosen,
          pay: read ?? pay.trim(),
          pay_by: payBy,
          request_approval: requestApproval,
        });
        onDone(s.state === 'pending_approval' ? 'settlement sent for approval' : 'settlement agreed', s);
      } catch (err) {
        setError(err);
        setBeyond(err.status === 403 && err.field === 'pay');
      }
    });
  }
  return html`<form class="agreement" onSubmit=${(e) => (e.preventDefault(), offer(false))} aria-label="Settlement">
    <h3>Settlement</h3>
    <${InvoicePicker} invoices=${invoices} chosen=${chosen} setChosen=${setChosen} idPrefix="st-inv-" />
    <label for="st-pay">The customer pays (${currency})</label>
    <input id="st-pay" ref=${first} inputmode="decimal" required value=${pay} aria-describedby="st-pay-help"
      onInput=${(e) => (setPay(e.target.value), setBeyond(false))} />
    <div id="st-pay-help" class="small muted">${pay.trim() === '' ? '' : read === null
      ? 'A positive amount, at most ' + decimals + ' decimals' : money(read, currency)}</div>
    <label for="st-pay-by">By</label>
    <input id="st-pay-by" type="date" required value=${payBy} onInput=${(e) => setPayBy(e.target.value)} />
    <${ErrorNote} error=${error} />
    <div class="buttons"><button type="submit" class="primary" disabled=${busy}>Offer the settlement</button>
      ${beyond && html`<button type="button" class="primary" disabled=${busy} onClick=${() => offer(true)}>Send for approval</button>`}
      <button type="button" class="quiet" onClick=${onCancel}>Cancel</button></div>
  </form>`;
}

const REASONS = ['not_received', 'damaged', 'wrong_price', 'wrong_quantity', 'already_paid', 'not_ordered', 'service_issue', 'other'];

export function DisputeForm({ screen, onDone, onCancel }) {
  const open = screen.invoices.filter((i) => !i.disputed);
  const [invoice, setInvoice] = useState(open[0]?.ref || '');
  const [reason, setReason] = useState('not_received');
  const [note, setNote] = useState('');
  const [error, setError] = useState(null);
  const [busy, once] = useOnce();
  const first = useFirstFocus();
  // The dispute opened by an earlier press of this form, when only the call's log failed after
  // it: pressed again, the log alone is tried again (opening it again was refused, 409
  // "disputed already", and the call was never logged).
  const opened = useRef(null);
  function submit(e) {
    e.preventDefault();
    once(async () => {
      setError(null);
      const asked = JSON.stringify([screen.customer.ref, invoice, reason, note.trim()]);
      try {
        if (opened.current?.asked !== asked)
          opened.current = { asked, d: await post('/api/v1/disputes', { customer_ref: screen.customer.ref, invoice_ref: invoice, reason, note: note.trim() }) };
        await onDone(`dispute of ${invoice} opened`, opened.current.d);
      } catch (err) {
        setError(err);
      }
    });
  }
  return html`<form class="agreement" onSubmit=${submit} aria-label="Dispute">
    <h3>Dispute</h3>
    <label for="dp-invoice">Invoice</label>
    <select id="dp-invoice" ref=${first} value=${invoice} onChange=${(e) => setInvoice(e.target.value)}>
      ${open.map((i) => html`<option value=${i.ref}>${i.ref} · ${money(i.balance, i.currency)}</option>`)}</select>
    <label for="dp-reason">Reason</label>
    <select id="dp-reason" value=${reason} onChange=${(e) => setReason(e.target.value)}>
      ${REASONS.map((r) => html`<option value=${r}>${label(r)}</option>`)}</select>
    <label for="dp-note">What the customer says</label>
    <input id="dp-note" value=${note} onInput=${(e) => setNote(e.target.value)} />
    <${ErrorNote} error=${error} />
    <div class="buttons"><button type="submit" class="primary" disabled=${!invoice || busy}>Open the dispute</button>
      <button type="button" class="quiet" onClick=${onCancel}>Cancel</button></div>
  </form>`;
}
