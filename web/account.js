// account.js: the account page, the one screen before a call
// (GET /api/v1/accounts/{ref}, its "screen"), and what the collector does
// during and after the call: an outcome button (keys 1-9) logs the attempt
// (POST /api/v1/contacts/{ref}/log); "promise" opens the promise form.
// The customer's documents (documents.js) are on the same screen: the PO
// or the signed delivery note is what a customer asks for on the call.
// Keys: 1-9 outcomes, n next account, q back to the queue.

import { html, useState, useEffect, useLayoutEffect, useCallback, useRef } from './vendor/preact-htm.js';
import { api, write, ApiError } from './api.js';
import { money, count, day, moment, localClock, label, decimalsOf, parseAmount, userZone, inZone } from './format.js';
import { ErrorNote, go, typing, ready, useOnce, useKeydown } from './ui.js';
import { nextAccount } from './queue.js';
import { PlanForm, SettlementForm, DisputeForm } from './agreements.js';
import { DocumentsPanel } from './documents.js';

export const OUTCOMES = [
  { key: '1', outcome: 'no_answer', text: 'No answer' },
  { key: '2', outcome: 'voicemail', text: 'Voicemail' },
  { key: '3', outcome: 'message_left', text: 'Message left', ask: 'spoke_with' },
  { key: '4', outcome: 'wrong_number', text: 'Wrong number' },
  { key: '5', outcome: 'right_party', text: 'Right party' },
  { key: '6', outcome: 'promise', text: 'Promise', form: 'promise' },
  { key: '7', outcome: 'refused', text: 'Refused' },
  { key: '8', outcome: 'dispute', text: 'Dispute', form: 'dispute' },
  { key: '9', outcome: 'callback', text: 'Callback', ask: 'callback_at' },
];

// The moment now as the API takes it (RFC 3339, whole seconds).
function nowText() {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function Section({ title, id, children, wide }) {
  return html`<section class=${'card' + (wide ? ' wide' : '')} aria-labelledby=${id}>
    <h2 id=${id}>${title}</h2>${children}</section>`;
}

function CallNow({ call, contacts, best }) {
  if (!call) return html`<p class="warn">No contact of this customer has a phone number.</p>`;
  const to = contacts.find((c) => c.ref === call.contact_ref);
  return html`<div class=${'callnow ' + (call.allowed ? 'ok' : 'no')} role="status">
      <strong>${call.allowed ? 'A call is allowed now' : 'No call now'}</strong>
      ${to && html` · to ${to.name} (${label(to.role)}) ${to.phone || ''}`}
    </div>
    ${call.error && html`<p class="warn">${call.error}</p>`}
    ${call.reasons?.length > 0 &&
    html`<ul class="why">${call.reasons.map((r) => html`<li><code>${r.code}</code> ${r.message}</li>`)}</ul>`}
    ${!call.allowed && call.next_allowed_at && html`<p>Next allowed: <strong>${moment(call.next_allowed_at)}</strong></p>`}
    ${!call.allowed && call.next === 'never' && html`<p>This contact may not be called.</p>`}
    ${call.warnings?.length > 0 &&
    html`<ul class="warnings">${call.warnings.map((r) => html`<li>${r.message}</li>`)}</ul>`}
    <dl class="facts">
      <dt>Best time</dt><dd>${best.stated || 'not stated'}${best.preferred_windows_today
        ? html` · preferred today ${best.preferred_windows_today}` : ''}</dd>
      <dt>Answered</dt><dd>${count(best.answered)} of ${count(best.calls)} calls${best.answered_by_local_hour.length > 0
        ? ' · ' + best.answered_by_local_hour.filter((h) => h.answered).map((h) => `${h.hour}h`).join(', ')
        : ''}</dd>
    </dl>`;
}

// A table that may be wider than a narrow window scrolls within its card; the keyboard reaches it to scroll it.
function Wide({ label: name, children }) {
  return html`<div class="scroll-x" tabindex="0" role="region" aria-label=${name}>${children}</div>`;
}

function Contacts({ contacts }) {
  return html`<${Wide} label="Contacts"><table>
    <caption class="sr-only">Contacts</caption>
    <thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Phone</th><th scope="col">Email</th>
      <th scope="col">Best time</th></tr></thead>
    <tbody>${contacts.map(
      (c) => html`<tr key=${c.ref}><th scope="row">${c.name}${c.pays_bills && html` <span class="badge">pays the bills</span>`}
        ${c.call_target && html` <span class="badge ok">to call</span>`}</th>
        <td>${label(c.role)}</td><td>${c.phone || '—'}</td><td>${c.email || '—'}</td><td>${c.best_time || '—'}</td></tr>`,
    )}</tbody></table></${Wide}>`;
}

function Invoices({ invoices }) {
  if (invoices.length === 0) return html`<p>No open invoice.</p>`;
  return html`<${Wide} label="Open invoices"><table>
    <caption class="sr-only">Open invoices</caption>
    <thead><tr><th scope="col">Invoice</th><th scope="col">Due</th><th scope="col" class="num">Days past due</th>
      <th scope="col" class="num">Amount</th><th scope="col" class="num">Balance</th><th scope="col">Documents</th></tr></thead>
    <tbody>${invoices.map(
      (i) => html`<tr key=${i.ref}><th scope="row">${i.ref}${i.disputed && html` <span class="badge warn">disputed</span>`}
        ${i.issued_later && html` <span class="badge" title="Imported ahead of its issue date: not owed yet, not in the balance">issued later</span>`}
        <div class="muted small">issued ${day(i.issue_date)}${i.product ? ' · ' + i.product : ''}</div></th>
        <td>${day(i.due_date)}</td><td class="num">${count(i.dpd)}</td>
        <td class="num">${money(i.amount, i.currency)}</td><td class="num">${money(i.balance, i.currency)}</td>
        <td class="small">${[i.po_ref && 'PO ' + i.po_ref, i.delivery_note_ref && 'delivery note ' + i.delivery_note_ref,
          i.signed ? 'signed' : 'not signed'].filter(Boolean).join(' · ')}</td></tr>`,
    )}</tbody></table></${Wide}>`;
}

// Volume invoiced per month, as bars: the height is only a picture (the
// amounts themselves are in the title of each bar, formatted exactly).
function History({ months, currency }) {
  const values = months.map((m) => Number(m.volume) || 0);
  const max = Math.max(1, ...values);
  const w = 14, gap = 4, h = 60;
  const total = months.reduce((n, m) => n + m.invoices, 0);
  return html`<figure class="history">
    <svg role="img" width=${months.length * (w + gap)} height=${h} aria-label=${`Volume invoiced per month over ${months.length} months: ${total} invoice${total === 1 ? '' : 's'}`}>
      ${months.map((m, i) => {
        const bh = Math.round((values[i] / max) * (h - 2));
        return html`<rect x=${i * (w + gap)} y=${h - bh} width=${w} height=${Math.max(bh, 1)} class=${values[i] ? 'bar' : 'bar zero'}>
          <title>${m.month}: ${money(m.volume, currency)} (${m.invoices} invoices)</title></rect>`;
      })}
    </svg>
    <figcaption class="muted small">${months[0]?.month} to ${months[months.length - 1]?.month} · ${count(total)} invoice${total === 1 ? '' : 's'}</figcaption>
  </figure>`;
}

// New orders on credit, as `recoup credit check` would weigh them besides the amount
// (the screen's `credit` and the customer's limit): the words and whether to warn.
function creditStanding(screen) {
  const cr = screen.credit, c = screen.customer;
  if (!cr) return null;
  if (cr.on_hold)
    return { warn: true, text: `On credit hold (${cr.hold.source === 'run' ? 'by the daily run' : 'by ' + cr.hold.set_by})` };
  if (cr.seriously_overdue) return { warn: true, text: `Refused: an invoice over ${count(cr.policy_overdue_days)} days overdue` };
  if (!c.credit_limit) return { warn: false, text: 'No credit line' };
  return { warn: false, text: `Open, line ${money(c.credit_limit, c.currency)}` };
}

function Risk({ risk }) {
  return html`<p><span class=${'band band-' + risk.band}>${risk.band}</span> score ${count(risk.score)}</p>
    <ul class="factors">${risk.factors.map((f) => html`<li><span class="num">${f.points > 0 ? '+' : ''}${f.points}</span> ${f.text}</li>`)}</ul>`;
}

// Every contact and flag of the account, newest first.
function Timeline({ screen, promises, agreements }) {
  const events = [
    ...agreements.map((a) => ({
      at: a.made_at || a.opened_at,
      kind: 'agreement',
      text: a.kind
        ? `${label(a.kind)} of ${money(a.amount, a.currency)}: ${label(a.state)}`
        : `dispute of ${a.invoice_ref} (${label(a.reason)}): ${label(a.state)}`,
      detail: ['by ' + (a.made_by || a.opened_by), a.kind ? a.reason : '', a.note].filter(Boolean).join(' · '),
    })),
    ...promises.map((p) => ({
      at: p.made_at,
      kind: 'promise',
      text: `promise of ${money(p.amount, p.currency)} by ${day(p.date)}: ${label(p.state)}`,
      detail: [p.invoice_refs.length ? 'on ' + p.invoice_refs.join(', ') : 'the whole account', 'by ' + p.made_by, p.note]
        .filter(Boolean).join(' · '),
    })),
    ...screen.recent_contacts.map((c) => ({
      at: c.at,
      kind: 'contact',
      text: `${label(c.channel)}${c.inbound ? ' (inbound)' : ''}: ${label(c.outcome)}`,
      detail: [c.spoke_with && 'with ' + c.spoke_with, c.note].filter(Boolean).join(' · '),
      outcome: c.outcome,
    })),
    ...screen.flags.map((f) => ({
      at: f.set_at,
      kind: 'flag',
      text: `flag ${label(f.flag)}${f.invoice_ref ? ' on ' + f.invoice_ref : ''}`,
      detail: [f.reason, f.detail, 'by ' + f.set_by].filter(Boolean).join(' · '),
    })),
  ].sort((a, b) => (a.at < b.at ? 1 : -1));
  if (events.length === 0) return html`<p class="muted">No contact yet.</p>`;
  return html`<ol class="timeline">${events.map(
    (e, i) => html`<li key=${i} class=${e.kind} data-outcome=${e.outcome}><time datetime=${e.at}>${moment(e.at)}</time>
      <span>${e.text}</span>${e.detail && html`<div class="muted small">${e.detail}</div>`}</li>`,
  )}</ol>
  ${screen.contact_attempts > screen.recent_contacts.length &&
  html`<p class="muted small">The last ${screen.recent_contacts.length} of ${count(screen.contact_attempts)} contacts.</p>`}`;
}

function Script({ script, nextSteps }) {
  const part = (title, lines) =>
    lines.length > 0 && html`<h3>${title}</h3><ul>${lines.map((l) => html`<li>${l}</li>`)}</ul>`;
  return html`<div class="script">
    ${part('Facts', script.facts)}${part('Benefits of settling now', script.benefits)}
    ${part('If it is not settled', script.consequences)}${part('Options you may offer', script.options)}
    ${nextSteps && nextSteps.steps.length > 0 && html`<p class="muted small">Strategy ${nextSteps.strategy}, for ${nextSteps.invoice_ref}:
      ${nextSteps.steps.map((s) => `${day(s.date)} ${s.step}`).join(' · ')}</p>`}
  </div>`;
}

function PromiseForm({ screen, onDone, onCancel, busy }) {
  const currency = screen.balance.currency;
  const decimals = decimalsOf(currency);
  const [amount, setAmount] = useState(screen.balance.overdue || screen.balance.owed);
  const [date, setDate] = useState(() => new Date(Date.now() + 7 * 86400000).toISOString().slice(0, 10));
  const [invoice, setInvoice] = useState('');
  const [error, setError] = useState(null);
  const first = useRef(null);
  useEffect(() => first.current && first.current.focus(), []);
  // typed as the page shows amounts ("1.200,50", "1 200"): read as the API's text
  const read = parseAmount(amount, decimals);
  const amountBad = read === null || /^0*(\.0*)?$/.test(read);
  function submit(e) {
    e.preventDefault();
    if (busy) return;
    if (amountBad) {
      setError(new ApiError(0, 'input', `The amount must be a positive number with at most ${decimals} decimals.`, 'amount'));
      return;
    }
    setError(null);
    onDone({ amount: read, date, invoice, currency }).catch(setError);
  }
  return html`<form class="promise" onSubmit=${submit} aria-label="Promise to pay">
    <h3>Promise to pay</h3>
    <label for="promise-amount">Amount (${currency})</label>
    <input id="promise-amount" ref=${first} inputmode="decimal" value=${amount} aria-invalid=${amountBad ? 'true' : 'false'}
      aria-describedby="promise-amount-help" onInput=${(e) => setAmount(e.target.value)} />
    <div id="promise-amount-help" class="small muted">${amountBad ? 'A positive amount, at most ' + decimals + ' decimals' : money(read, currency)}</div>
    <label for="promise-date">Pay by</label>
    <input id="promise-date" type="date" required value=${date} onInput=${(e) => setDate(e.target.value)} />
    <label for="promise-invoice">Invoice</label>
    <select id="promise-invoice" value=${invoice} onChange=${(e) => setInvoice(e.target.value)}>
      <option value="">All open invoices</option>
      ${screen.invoices.map((i) => html`<option value=${i.ref}>${i.ref} · ${money(i.balance, i.currency)}</option>`)}
    </select>
    <${ErrorNote} error=${error} />
    <div class="buttons"><button type="submit" class="primary" disabled=${busy}>${busy ? 'Recording…' : 'Record the promise'}</button>
      <button type="button" class="quiet" onClick=${onCancel}>Cancel</button></div>
  </form>`;
}

// The promise as an agreement (POST /api/v1/promises, docs/agreements.md):
// it holds the strategy until its date and is reviewed kept or broken.
async function recordPromise(ref, p, note) {
  const body = { customer_ref: ref, amount: p.amount, currency: p.currency, date: p.date, note };
  if (p.invoice) body.invoice_refs = [p.invoice];
  return write('POST', '/api/v1/promises', body);
}

function Outcomes({ screen, onLogged }) {
  const contacts = screen.contacts.filter((c) => c.phone);
  const [contact, setContact] = useState(screen.call?.contact_ref || contacts[0]?.ref || '');
  const [note, setNote] = useState('');
  const [ask, setAsk] = useState(null); // the outcome waiting for its detail or form
  const [detail, setDetail] = useState('');
  const [error, setError] = useState(null);
  const [busy, once] = useOnce();

  // Called within once(): a press while a write is on its way does nothing.
  const log = useCallback(
    async (outcome, extra = {}) => {
      setError(null);
      try {
        const body = { channel: 'call', outcome, at: nowText(), note: note.trim(), ...extra };
        const res = await write('POST', `/api/v1/contacts/${encodeURIComponent(contact)}/log`, body, { volatile: ['at'] });
        setAsk(null);
        setNote('');
        setDetail('');
        onLogged(outcome, res && res.rules_breach);
      } catch (e) {
        setError(e);
        throw e;
      }
    },
    [contact, note, onLogged],
  );

  const choose = useCallback(
    (o) => {
      if (!contact) return;
      if (o.ask || o.form) setAsk(o);
      else once(() => log(o.outcome)).catch(() => {});
    },
    [contact, log, once],
  );

  useKeydown((e) => {
    // a key held down repeats: its repeats would log the outcome again
    if (typing(e) || e.ctrlKey || e.metaKey || e.altKey || e.repeat || busy) return;
    const o = OUTCOMES.find((x) => x.key === e.key);
    if (o) {
      e.preventDefault();
      choose(o);
    } else if (e.key === 'Escape') setAsk(null);
  });

  // The promise is recorded first (refused: nothing is logged, the form shows why), then the call's outcome.
  // A press again after the log failed does not record the same promise again (it was: the log is what is left).
  const promised = useRef(null);
  function promiseDone(p) {
    return once(() => recordAndLog(p));
  }
  async function recordAndLog(p) {
    const asked = JSON.stringify([screen.customer.ref, p, note.trim()]);
    if (promised.current?.asked !== asked)
      promised.current = { asked, made: await recordPromise(screen.customer.ref, p, note.trim()) };
    const { made } = promised.current;
    const said = `promised ${money(p.amount, p.currency)} by ${day(p.date)}${p.invoice ? ' on ' + p.invoice : ''}`;
    await log('promise', { note: [said, note.trim()].filter(Boolean).join(' · '), invoice_ref: p.invoice || '' });
    promised.current = null;
    return made;
  }

  // A callback is typed on the collector's clock (a datetime-local field is the browser's zone); the customer
  // names a time on theirs. Both are shown, so that "call me at 10" in Tokyo is not logged as 10 in New York.
  const callee = screen.contacts.find((c) => c.ref === contact);
  const theirZone = callee?.timezone || screen.customer.timezone || '';
  function theirTime(typed) {
    if (!theirZone) return 'The customer\'s time zone is not known.';
    const at = typed ? inZone(new Date(typed), theirZone) : null;
    if (theirZone === userZone) return `The customer's time too (${theirZone}).`;
    return at ? `That is ${at} for the customer (${theirZone}).` : `The customer's time is ${theirZone}.`;
  }

  function submitDetail(e) {
    e.preventDefault();
    const extra = ask.ask === 'callback_at' ? { callback_at: new Date(detail).toISOString().replace(/\.\d{3}Z$/, 'Z') } : { spoke_with: detail.trim() };
    once(() => log(ask.outcome, extra)).catch(() => {});
  }

  return html`<div class="outcomes">
    ${contacts.length > 1 &&
    html`<label for="log-contact">Contact</label>
      <select id="log-contact" value=${contact} onChange=${(e) => setContact(e.target.value)}>
        ${contacts.map((c) => html`<option value=${c.ref}>${c.name} (${label(c.role)})</option>`)}
      </select>`}
    ${contacts.length === 0 && html`<p class="warn">No contact with a phone number: nothing to log a call against.</p>`}
    <div class="buttons" role="group" aria-label="Call outcome">
      ${OUTCOMES.map(
        (o) => html`<button type="button" onClick=${() => choose(o)} disabled=${busy || !contact}
          aria-keyshortcuts=${o.key} aria-pressed=${ask === o ? 'true' : 'false'}><kbd>${o.key}</kbd> ${o.text}</button>`,
      )}
    </div>
    ${ask?.form === 'promise' && html`<${PromiseForm} screen=${screen} busy=${busy} onDone=${promiseDone} onCancel=${() => setAsk(null)} />`}
    ${ask?.form === 'dispute' &&
    html`<${DisputeForm} screen=${screen} onCancel=${() => setAsk(null)}
      onDone=${(said, d) => once(() => log('dispute', { note: [said, note.trim()].filter(Boolean).join(' · '), invoice_ref: d.invoice_ref })).catch(() => {})} />`}
    ${ask?.ask &&
    html`<form class="detail" onSubmit=${submitDetail}>
      <label for="log-detail">${ask.ask === 'callback_at' ? `Call back at (your time${userZone ? ', ' + userZone : ''})` : 'Message left with'}</label>
      <input id="log-detail" type=${ask.ask === 'callback_at' ? 'datetime-local' : 'text'} required value=${detail}
        aria-describedby=${ask.ask === 'callback_at' ? 'log-detail-theirs' : undefined} onInput=${(e) => setDetail(e.target.value)} />
      ${ask.ask === 'callback_at' && html`<div id="log-detail-theirs" class="small muted" role="status">${theirTime(detail)}</div>`}
      <button type="submit" class="primary" disabled=${busy}>Log ${ask.text.toLowerCase()}</button>
      <button type="button" class="quiet" onClick=${() => setAsk(null)}>Cancel</button>
    </form>`}
    <label for="log-note">Note</label>
    <textarea id="log-note" rows="2" value=${note} onInput=${(e) => setNote(e.target.value)}></textarea>
    <${ErrorNote} error=${error} />
  </div>`;
}

export function AccountPage({ params }) {
  const ref = params[0];
  const [screen, setScreen] = useState(null);
  const [promises, setPromises] = useState([]);
  const [agreements, setAgreements] = useState([]);
  const [form, setForm] = useState(null); // the agreement form open: plan or settlement
  const [error, setError] = useState(null);
  const [logged, setLogged] = useState(null);

  const load = useCallback(async () => {
    try {
      const q = encodeURIComponent(ref);
      const [a, p, pl, st, dp] = await Promise.all([
        api('GET', `/api/v1/accounts/${q}`),
        api('GET', `/api/v1/promises?customer=${q}&limit=50`),
        api('GET', `/api/v1/plans?customer=${q}&limit=50`),
        api('GET', `/api/v1/settlements?customer=${q}&limit=50`),
        api('GET', `/api/v1/disputes?customer=${q}&limit=50`),
      ]);
      setScreen(a.screen);
      setPromises(p.items);
      setAgreements([...pl.items, ...st.items, ...dp.items]);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [ref]);
  // as the skeleton is drawn, not a frame later (queue.js says why)
  useLayoutEffect(() => {
    load();
  }, [load]);
  useEffect(() => {
    if (screen) ready('account');
  }, [screen]);

  const next = useCallback(async () => {
    try {
      const it = await nextAccount(ref);
      go(it ? '/account/' + encodeURIComponent(it.customer_ref) : '/queue');
    } catch (e) {
      setError(e);
    }
  }, [ref]);

  useKeydown((e) => {
    if (typing(e) || e.ctrlKey || e.metaKey || e.altKey || e.repeat) return;
    if (e.key === 'n') next();
    else if (e.key === 'q') go('/queue');
    else if (e.key === 'p' || e.key === 's') {
      e.preventDefault();
      setForm(e.key === 'p' ? 'plan' : 'settlement');
    } else if (e.key === 'Escape') setForm(null);
  });

  const agreed = useCallback(
    (what) => {
      setForm(null);
      setLogged({ outcome: what, at: new Date() });
      load();
    },
    [load],
  );

  const onLogged = useCallback(
    (outcome, breach = null) => {
      setLogged({ outcome, at: new Date(), breach });
      load();
    },
    [load],
  );

  if (!screen)
    return html`<main id="main" class="page" aria-busy=${error ? 'false' : 'true'}>
      <h1>Account ${ref}</h1>
      <${ErrorNote} error=${error} onRetry=${load} />
      ${!error && html`<div class="skeleton block"></div>`}
      <p><a href="#/queue">Back to my queue</a></p>
    </main>`;

  const c = screen.customer, b = screen.balance;
  const clock = localClock(c.local_time);
  const credit = creditStanding(screen);
  return html`<main id="main" class="page account">
    <div class="title-row">
      <h1>${c.name} <span class="muted">${c.ref}</span></h1>
      <span class=${'band band-' + screen.risk.band} title="risk band">${screen.risk.band}</span>
      ${screen.credit && screen.credit.on_hold && html`<span class="badge warn" title="new orders on credit are refused">Credit hold</span>`}
      <span class="spacer"></span>
      <a href="#/queue" aria-keyshortcuts="q">Queue <kbd>q</kbd></a>
      <button type="button" class="primary" onClick=${next} aria-keyshortcuts="n">Next account <kbd>n</kbd></button>
    </div>
    <${ErrorNote} error=${error} onRetry=${load} />
    ${logged && html`<p class="notice" role="status">Done: ${label(logged.outcome)} at ${logged.at.toLocaleTimeString()}.
      Press <kbd>n</kbd> for the next account.</p>`}
    ${logged && logged.breach && html`<p class="notice warn" role="alert">The contact rules did not allow this call
      (${logged.breach.code}: ${logged.breach.reason}). It is recorded, with the breach, in the audit log.</p>`}
    <dl class="summary">
      <div><dt>Local time</dt><dd>${clock.time}${clock.day && html` <span class="small other-day">${clock.day}</span>`} <span class="muted small">${clock.zone || c.timezone || ''}</span></dd></div>
      <div><dt>Owed</dt><dd>${money(b.owed, b.currency)}</dd></div>
      <div><dt>Overdue</dt><dd>${money(b.overdue, b.currency)}</dd></div>
      <div><dt>Days past due</dt><dd>${count(b.days_past_due)}</dd></div>
      <div><dt>Credit held</dt><dd>${money(b.unapplied_credit, b.currency)}</dd></div>
      <div><dt>Net</dt><dd>${money(b.net, b.currency)}</dd></div>
      ${credit && html`<div><dt>New orders</dt><dd class=${credit.warn ? 'warn' : ''}>${credit.text}</dd></div>`}
    </dl>
    <div class="grid">
      <div class="col">
        <${Section} title="Call now?" id="s-call"><${CallNow} call=${screen.call} contacts=${screen.contacts} best=${screen.best_time} /></${Section}>
        <${Section} title="Outcome of the call" id="s-outcome"><${Outcomes} key=${ref} screen=${screen} onLogged=${onLogged} /></${Section}>
        <${Section} title="Agreements" id="s-agreements">
          <div class="buttons">
            <button type="button" onClick=${() => setForm('plan')} aria-keyshortcuts="p" aria-pressed=${form === 'plan' ? 'true' : 'false'}>
              <kbd>p</kbd> Payment plan</button>
            <button type="button" onClick=${() => setForm('settlement')} aria-keyshortcuts="s"
              aria-pressed=${form === 'settlement' ? 'true' : 'false'}><kbd>s</kbd> Settlement</button>
          </div>
          ${form === 'plan' && html`<${PlanForm} key=${ref} screen=${screen} onDone=${agreed} onCancel=${() => setForm(null)} />`}
          ${form === 'settlement' && html`<${SettlementForm} key=${ref} screen=${screen} onDone=${agreed} onCancel=${() => setForm(null)} />`}
        </${Section}>
        <${Section} title="Call script" id="s-script"><${Script} script=${screen.script} nextSteps=${screen.next_steps} /></${Section}>
      </div>
      <div class="col">
        <${Section} title="Contacts" id="s-contacts"><${Contacts} contacts=${screen.contacts} /></${Section}>
        <${Section} title=${`Open invoices (${screen.invoices.length})`} id="s-invoices"><${Invoices} invoices=${screen.invoices} /></${Section}>
        <${Section} title="Documents" id="s-documents">
          <${DocumentsPanel} key=${ref} customerRef=${c.ref} invoices=${screen.invoices.map((i) => i.ref)} /></${Section}>
        ${screen.flags.length > 0 && html`<${Section} title="Flags" id="s-flags"><ul>${screen.flags.map(
          (f) => html`<li><strong>${label(f.flag)}</strong>${f.invoice_ref ? ' on ' + f.invoice_ref : ''} · ${f.reason || f.detail || ''}</li>`,
        )}</ul></${Section}>`}
        <${Section} title="Risk" id="s-risk"><${Risk} risk=${screen.risk} /></${Section}>
        <${Section} title="Purchase history" id="s-history"><${History} months=${screen.purchase_history} currency=${b.currency} /></${Section}>
        <${Section} title="Timeline" id="s-timeline"><${Timeline} screen=${screen} promises=${promises} agreements=${agreements} /></${Section}>
      </div>
    </div>
  </main>`;
}
