// queue.js: "My queue", the calls to make now, best first (GET /api/v1/queue).
//
// Keyboard first: j / k or the arrows move the selection, Enter opens the
// selected account, n opens the next account (the first of the queue), r
// refreshes. The queue refreshes itself every minute and when the tab comes
// back into view; the selection follows its customer, not its row number,
// and the table keeps its rows (keyed by customer) so nothing jumps.

import { html, useState, useEffect, useLayoutEffect, useRef, useCallback } from './vendor/preact-htm.js';
import { api } from './api.js';
import { money, count, localClock, moment } from './format.js';
import { ErrorNote, go, typing, ready, useKeydown } from './ui.js';

const REFRESH_MS = 60000;

export async function loadQueue() {
  const q = await api('GET', '/api/v1/queue');
  return q.items;
}

// The next account to call after `ref` (the first of the queue that is not it).
export async function nextAccount(ref) {
  const items = await loadQueue();
  return items.find((it) => it.customer_ref !== ref) || null;
}

function Row({ it, i, selected, onSelect }) {
  const clock = localClock(it.local_time);
  const ref = useRef(null);
  useEffect(() => {
    if (selected && ref.current) ref.current.scrollIntoView({ block: 'nearest' });
  }, [selected]);
  return html`<tr ref=${ref} class=${selected ? 'selected' : ''} aria-selected=${selected ? 'true' : 'false'}
      onClick=${() => onSelect(i)}>
    <td class="num">${i + 1}</td>
    <th scope="row"><a href=${'#/account/' + encodeURIComponent(it.customer_ref)}>${it.name || it.customer_ref}</a>
      <div class="muted small">${it.name ? it.customer_ref + ' · ' : ''}contact ${it.contact_ref}</div></th>
    <td><span class="clock">${clock.time}</span>${clock.day && html` <span class="small other-day">${clock.day}</span>`} <span class="muted small">${clock.zone}</span>
      <div><span class="badge ok">window open</span></div></td>
    <td class="num">${money(it.balance, it.currency)}</td>
    <td class="num">${count(it.dpd)}</td>
    <td><span class=${'band band-' + it.risk_band} title=${'risk band ' + it.risk_band}>${it.risk_band}</span></td>
    <td><ul class="reasons">${it.reasons.map((r) => html`<li>${r}</li>`)}</ul>
      ${it.callback_at && html`<div class="small">callback asked for ${moment(it.callback_at)}</div>`}</td>
  </tr>`;
}

export function QueuePage({ who }) {
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  const [selected, setSelected] = useState(null); // a customer ref
  const [updated, setUpdated] = useState(null);
  const [loading, setLoading] = useState(false);

  // Refreshes may overlap (the minute's timer, the tab shown again, 'r'): each is
  // numbered and only the latest one's answer is drawn, so an older answer that
  // comes last never brings back a call already made.
  const gen = useRef(0);
  const refresh = useCallback(async () => {
    const my = ++gen.current;
    setLoading(true);
    try {
      const list = await loadQueue();
      if (my !== gen.current) return;
      setItems(list);
      setError(null);
      setUpdated(new Date());
      setSelected((cur) => (cur && list.some((x) => x.customer_ref === cur) ? cur : list[0]?.customer_ref ?? null));
    } catch (e) {
      if (my === gen.current) setError(e);
    } finally {
      if (my === gen.current) setLoading(false);
    }
  }, []);

  // a layout effect: the request (or early.js's answer) is taken as the skeleton is
  // drawn, not a frame later as useEffect would
  useLayoutEffect(() => {
    refresh();
    const t = setInterval(refresh, REFRESH_MS);
    const vis = () => document.visibilityState === 'visible' && refresh();
    document.addEventListener('visibilitychange', vis);
    return () => {
      clearInterval(t);
      document.removeEventListener('visibilitychange', vis);
    };
  }, [refresh]);

  useEffect(() => {
    if (items) ready('queue');
  }, [items]);

  const open = (ref) => ref && go('/account/' + encodeURIComponent(ref));

  // the selection as a key moved it, before the page draws it: j then Enter in one go opens the
  // account the j selected (t1025)
  const moved = useRef(selected);
  moved.current = selected;
  useKeydown((e) => {
    if (typing(e) || e.ctrlKey || e.metaKey || e.altKey || !items) return;
    const move = (d) => {
      const at = Math.max(0, items.findIndex((x) => x.customer_ref === moved.current));
      const i = Math.min(items.length - 1, Math.max(0, at + d));
      if (items[i]) {
        moved.current = items[i].customer_ref;
        setSelected(items[i].customer_ref);
      }
      e.preventDefault();
    };
    if (e.key === 'j' || e.key === 'ArrowDown') move(1);
    else if (e.key === 'k' || e.key === 'ArrowUp') move(-1);
    // Enter on the page (the body, or the main region that takes the focus after a move to the page), not on a link or button
    else if (e.key === 'Enter' && (e.target === document.body || e.target.id === 'main')) open(moved.current);
    else if (e.key === 'n') open(items[0]?.customer_ref);
    else if (e.key === 'r') refresh();
  });

  return html`<main id="main" class="page" aria-busy=${items === null ? 'true' : 'false'}>
    <div class="title-row">
      <h1>My queue</h1>
      <span class="muted small" role="status">${items === null
        ? 'Loading…'
        : `${count(items.length)} to call now${updated ? ' · updated ' + updated.toLocaleTimeString() : ''}`}</span>
      <span class="spacer"></span>
      <button type="button" class="quiet" onClick=${refresh} disabled=${loading} aria-keyshortcuts="r">Refresh</button>
      <button type="button" class="primary" onClick=${() => open(items?.[0]?.customer_ref)}
        disabled=${!items || items.length === 0} aria-keyshortcuts="n">Next account <kbd>n</kbd></button>
    </div>
    <${ErrorNote} error=${error} onRetry=${refresh} />
    <p class="muted small">Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> open, <kbd>n</kbd> next account,
      <kbd>r</kbd> refresh.</p>
    <div class="table-wrap">
    <table class="queue">
      <caption class="sr-only">Accounts to call now, best first</caption>
      <thead><tr>
        <th scope="col" class="num">#</th><th scope="col">Customer</th><th scope="col">Local time</th>
        <th scope="col" class="num">Balance</th><th scope="col" class="num">Days past due</th>
        <th scope="col">Risk</th><th scope="col">Why in queue</th>
      </tr></thead>
      <tbody>
        ${items === null && [0, 1, 2, 3, 4].map((i) => html`<tr class="skeleton" key=${'s' + i}><td colspan="7">&nbsp;</td></tr>`)}
        ${items &&
        items.map(
          (it, i) =>
            html`<${Row} key=${it.customer_ref + ' ' + it.currency} it=${it} i=${i}
              selected=${it.customer_ref === selected} onSelect=${(j) => setSelected(items[j].customer_ref)} />`,
        )}
        ${items && items.length === 0 && html`<tr><td colspan="7" class="empty">Nothing to call now. The queue
          refreshes by itself; callbacks and new calls appear when they are due.</td></tr>`}
      </tbody>
    </table>
    </div>
  </main>`;
}
