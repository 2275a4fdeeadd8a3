// dashboard.js: the manager's dashboard (#/dashboard; docs/dashboard.md),
// one request (GET /api/v1/dashboard) drawn as charts and tables: the aging
// by bucket for each currency, the overdue balance over the daily runs, DSO
// and CEI by month (uPlot, vendored under web/vendor), then promises,
// contacts, the collectors' table, approvals waiting and disputes by
// reason. Every table has a CSV button that downloads exactly its rows.
//
// Amounts stay the API's decimal strings in the tables and the CSV files;
// totals are added exactly in minor units (BigInt). Only the charts turn
// them into numbers, to place bars and lines.

import { html, useState, useEffect, useRef } from './vendor/preact-htm.js';
import uPlot from './vendor/uplot.js';
import { api } from './api.js';
import { money, count, day, label, locale } from './format.js';
import { ErrorNote } from './ui.js';

// ---- exact sums of decimal strings ----

function decimalsOf(currency) {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
  } catch {
    return 2;
  }
}

function minor(text, dec) {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(String(text));
  if (!m) return 0n;
  const frac = (m[3] || '').padEnd(dec, '0').slice(0, dec);
  const v = BigInt(m[2] + frac);
  return m[1] ? -v : v;
}

function decimal(v, dec) {
  const neg = v < 0n;
  const s = (neg ? -v : v).toString().padStart(dec + 1, '0');
  const t = dec ? `${s.slice(0, -dec)}.${s.slice(-dec)}` : s;
  return neg ? `-${t}` : t;
}

// The sum of amounts in one currency, as a decimal string with its decimals.
export function sum(amounts, currency) {
  const dec = decimalsOf(currency);
  return decimal(amounts.reduce((a, x) => a + minor(x, dec), 0n), dec);
}

// ---- CSV ----

// RFC 4180; a text cell that a spreadsheet would run as a formula gets a leading quote.
function cell(v) {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+@\t\r]/.test(s) || (/^-/.test(s) && !/^-\d+(\.\d+)?$/.test(s))) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvText(columns, rows) {
  return [columns.map((c) => cell(c.key)).join(','), ...rows.map((r) => columns.map((c) => cell(r[c.key])).join(','))]
    .join('\r\n') + '\r\n';
}

function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// A table with its heading and a CSV button; columns: { key, title, num, show(row) }.
function Table({ id, title, name, columns, rows, empty, note }) {
  return html`<section class="card wide" aria-labelledby=${id}>
    <div class="title-row"><h2 id=${id}>${title}</h2><span class="spacer"></span>
      <button type="button" class="quiet csv" disabled=${rows.length === 0}
        aria-label=${`Download ${title} as CSV`} onClick=${() => download(`${name}.csv`, csvText(columns, rows))}>CSV</button></div>
    ${note}
    ${rows.length === 0
      ? html`<p class="muted">${empty}</p>`
      : html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby=${id}><table data-table=${name}>
      <thead><tr>${columns.map((c) => html`<th scope="col" class=${c.num ? 'num' : ''}>${c.title}</th>`)}</tr></thead>
      <tbody>${rows.map((r, i) => html`<tr key=${i}>${columns.map((c, j) =>
        j === 0 ? html`<th scope="row">${c.show ? c.show(r) : r[c.key]}</th>`
          : html`<td class=${c.num ? 'num' : ''}>${c.show ? c.show(r) : r[c.key]}</td>`)}</tr>`)}</tbody>
    </table></div>`}
  </section>`;
}

const pct = (v) => (v === null || v === undefined ? '—' : `${Number(v).toLocaleString(locale, { maximumFractionDigits: 2 })} %`);

// ---- charts ----

const COLORS = ['#0550ae', '#bc4c00', '#116329', '#8250df', '#a40e26', '#57606a', '#7d4e00', '#1b7c83'];

// A uPlot chart in a figure that keeps its size while loading (no layout jump).
function Chart({ id, title, make, data, totals }) {
  const box = useRef(null);
  useEffect(() => {
    if (!box.current || !data) return undefined;
    const width = Math.max(240, box.current.clientWidth);
    const chart = new uPlot({ width, height: 180, ...make() }, data, box.current);
    return () => chart.destroy();
  }, [data]);
  return html`<figure class="chart" aria-labelledby=${`${id}-title`} id=${id} data-totals=${totals}>
    <figcaption id=${`${id}-title`}>${title}</figcaption>
    <div class="plot" ref=${box} role="img" aria-label=${title}></div>
  </figure>`;
}

// The aging of one currency as bars by bucket.
function AgingChart({ aging, item, i }) {
  const values = aging.buckets.map((b) => Number(item[b]));
  const total = sum(aging.buckets.map((b) => item[b]), item.currency);
  const make = () => ({
    scales: { x: { time: false, range: [-0.5, aging.buckets.length - 0.5] } },
    axes: [
      { values: (u, ticks) => ticks.map((t) => aging.buckets[t] ?? ''), splits: () => aging.buckets.map((_, k) => k),
        rotate: -35, size: 52, font: '11px system-ui, sans-serif' },
      { size: 70, values: (u, ticks) => ticks.map((t) => Number(t).toLocaleString(locale, { notation: 'compact' })) },
    ],
    legend: { show: false },
    series: [{}, { label: item.currency, fill: COLORS[i % COLORS.length], stroke: COLORS[i % COLORS.length],
      paths: uPlot.paths.bars({ size: [0.7, 80] }), points: { show: false } }],
  });
  return html`<${Chart} id=${`aging-${item.currency}`} totals=${`${item.currency} ${total}`}
    title=${`Aging in ${item.currency}: ${money(total, item.currency)} open`}
    make=${make} data=${[aging.buckets.map((_, k) => k), values]} />`;
}

function seconds(text) {
  return Date.parse(`${text}T00:00:00Z`) / 1000;
}

// Lines over time, one per currency (the trend) or per currency of a KPI.
function LineChart({ id, title, points, value, unit }) {
  const currencies = [...new Set(points.map((p) => p.currency))];
  const xs = [...new Set(points.map((p) => p.x))].sort((a, b) => a - b);
  const series = currencies.map((c) => xs.map((x) => {
    const p = points.find((q) => q.currency === c && q.x === x);
    return p && value(p) !== null ? Number(value(p)) : null;
  }));
  const make = () => ({
    scales: { x: { time: true } },
    axes: [{}, { size: 70, values: (u, ticks) => ticks.map((t) => `${Number(t).toLocaleString(locale, { notation: 'compact' })}${unit}`) }],
    series: [{}, ...currencies.map((c, i) => ({ label: c, stroke: COLORS[i % COLORS.length], width: 2, spanGaps: true }))],
  });
  if (xs.length === 0) return html`<figure class="chart empty" id=${id}><figcaption>${title}</figcaption><p class="muted">No data yet.</p></figure>`;
  // the last point's value per currency, as the API gives it (data-totals, read by the tests)
  const last = currencies.map((c) => points.filter((p) => p.currency === c && value(p) !== null).at(-1))
    .filter(Boolean).map((p) => `${p.currency} ${value(p)}`).join(' ');
  return html`<${Chart} id=${id} title=${title} make=${make} data=${[xs, ...series]} totals=${last} />`;
}

// ---- the page ----

function Filters({ initial, onApply }) {
  const [f, setF] = useState(initial);
  const field = (key, text, type = 'text') => html`<div><label for=${`f-${key}`}>${text}</label>
    <input id=${`f-${key}`} type=${type} value=${f[key]} onInput=${(e) => {
      const v = e.target.value;
      setF((now) => ({ ...now, [key]: v }));
    }} /></div>`;
  return html`<form class="filters" aria-label="Filters" onSubmit=${(e) => { e.preventDefault(); onApply(f); }}>
    ${field('from', 'From', 'date')}${field('to', 'To', 'date')}${field('segment', 'Segment (strategy)')}
    ${field('collector', 'Collector')}
    <div><button type="submit" class="primary">Apply</button></div>
  </form>`;
}

function Summary({ d }) {
  const open = d.aging.items.map((i) => money(i.total, i.currency)).join(' · ') || '—';
  const overdue = d.aging.items.map((i) => money(sum(d.aging.buckets.slice(1).map((b) => i[b]), i.currency), i.currency))
    .join(' · ') || '—';
  const kept = d.promises.items.map((p) => `${pct(p.kept_rate_pct)} (${p.currency})`).join(' · ') || '—';
  return html`<dl class="summary">
    <div><dt>Open balance</dt><dd>${open}</dd></div>
    <div><dt>Overdue</dt><dd>${overdue}</dd></div>
    <div><dt>Promises kept</dt><dd>${kept}</dd></div>
    <div><dt>Contact rate</dt><dd>${pct(d.contacts.contact_rate_pct)}</dd></div>
    <div><dt>Right-party rate</dt><dd>${pct(d.contacts.rpc_rate_pct)}</dd></div>
    <div><dt>Approvals waiting</dt><dd>${count(d.approvals.count)}</dd></div>
  </dl>`;
}

function agingRows(d) {
  return d.aging.items;
}

// Why the aging is empty: no run yet, or none of the run's accounts in the filter's scope.
function agingEmpty(d) {
  if (!d.aging.as_of) return 'No daily run on or before the period\'s end yet.';
  if (d.aging.scope === 'collector') return `No account was assigned to ${d.filters.collector} on the run of ${day(d.aging.as_of)}.`;
  if (d.aging.scope === 'segment') return `No account of ${d.filters.segment} on the run of ${day(d.aging.as_of)}.`;
  return 'Nothing open on the last run.';
}

function collectorRows(items) {
  const rows = [];
  for (const c of items) {
    const base = { ...c };
    delete base.money;
    if (c.money.length === 0) rows.push({ ...base, currency: '', promised: '', collected: '' });
    for (const m of c.money) rows.push({ ...base, ...m });
  }
  return rows;
}

// The collectors' table comes in its own request (?part=collectors), after the rest is drawn: it sums the period's payments.
function CollectorsTable({ collectors, error, onRetry }) {
  if (error) return html`<section class="card wide" aria-labelledby="t-collectors"><h2 id="t-collectors">Collectors</h2>
    <${ErrorNote} error=${error} onRetry=${onRetry} /></section>`;
  if (!collectors) return html`<section class="card wide loading" aria-labelledby="t-collectors" aria-busy="true">
    <h2 id="t-collectors">Collectors</h2><p class="muted">Adding up the period's payments by collector…</p></section>`;
  return html`<${Table} id="t-collectors" name="collectors" title="Collectors" empty="No collector worked in the period."
      columns=${[{ key: 'name', title: 'Collector' }, { key: 'accounts', title: 'Accounts', num: true },
        { key: 'calls', title: 'Calls', num: true }, { key: 'conversations', title: 'Conversations', num: true },
        { key: 'rpc', title: 'Right party', num: true }, { key: 'rpc_rate_pct', title: 'RPC rate', num: true, show: (r) => pct(r.rpc_rate_pct) },
        { key: 'promises', title: 'Promises', num: true }, { key: 'currency', title: 'Currency' },
        { key: 'promised', title: 'Promised', num: true, show: (r) => (r.currency ? money(r.promised, r.currency) : '—') },
        { key: 'collected', title: 'Collected', num: true, show: (r) => (r.currency ? money(r.collected, r.currency) : '—') }]}
      rows=${collectorRows(collectors.items)} />`;
}

function Tables({ d, collectors }) {
  const amount = (key) => (r) => money(r[key], r.currency);
  const agingColumns = [{ key: 'currency', title: 'Currency' },
    ...d.aging.buckets.map((b) => ({ key: b, title: b, num: true, show: amount(b) })),
    { key: 'total', title: 'Total', num: true, show: amount('total') }, { key: 'invoices', title: 'Invoices', num: true }];
  const missing = d.kpi.missing.length > 0 && html`<p class="muted small">Not computed yet for ${d.kpi.missing.join(', ')}:
    run <code>recoup dashboard refresh</code> after the daily run.</p>`;
  return html`
    <${Table} id="t-aging" name="aging" title=${`Aging as of ${day(d.aging.as_of)}`} columns=${agingColumns}
      rows=${agingRows(d)} empty=${agingEmpty(d)} />
    <${Table} id="t-kpi" name="kpi" title="DSO and CEI by month" note=${missing} empty="No month computed yet."
      columns=${[{ key: 'month', title: 'Month' }, { key: 'currency', title: 'Currency' },
        { key: 'dso_days', title: 'DSO (days)', num: true }, { key: 'cei_pct', title: 'CEI', num: true, show: (r) => pct(r.cei_pct) },
        { key: 'delinquency_pct', title: 'Delinquency', num: true, show: (r) => pct(r.delinquency_pct) },
        { key: 'closing_ar', title: 'Closing AR', num: true, show: amount('closing_ar') },
        { key: 'credit_sales', title: 'Credit sales', num: true, show: amount('credit_sales') }]}
      rows=${d.kpi.items} />
    ${collectors}
    <${Table} id="t-promises" name="promises" title="Promises" empty="No promise in the period."
      columns=${[{ key: 'currency', title: 'Currency' }, { key: 'made', title: 'Made', num: true }, { key: 'due', title: 'Due', num: true },
        { key: 'kept', title: 'Kept', num: true }, { key: 'partially_kept', title: 'Partly kept', num: true },
        { key: 'broken', title: 'Broken', num: true }, { key: 'kept_rate_pct', title: 'Kept rate', num: true, show: (r) => pct(r.kept_rate_pct) },
        { key: 'amount_promised', title: 'Promised', num: true, show: amount('amount_promised') },
        { key: 'amount_kept', title: 'Kept', num: true, show: amount('amount_kept') }]}
      rows=${d.promises.items} />
    <${Table} id="t-contacts" name="contacts" title="Contacts" empty="No contact in the period."
      columns=${[{ key: 'attempts', title: 'Attempts', num: true }, { key: 'calls', title: 'Calls', num: true },
        { key: 'conversations', title: 'Conversations', num: true }, { key: 'rpc', title: 'Right party', num: true },
        { key: 'promises', title: 'Promises', num: true }, { key: 'contact_rate_pct', title: 'Contact rate', num: true, show: (r) => pct(r.contact_rate_pct) },
        { key: 'rpc_rate_pct', title: 'RPC rate', num: true, show: (r) => pct(r.rpc_rate_pct) }]}
      rows=${d.contacts.attempts ? [d.contacts] : []} />
    <${Table} id="t-approvals" name="approvals" title="Approvals waiting" empty="Nothing waits for a decision."
      columns=${[{ key: 'id', title: 'Id' }, { key: 'kind', title: 'Kind', show: (r) => label(r.kind) },
        { key: 'customer_ref', title: 'Customer', show: (r) => html`<a href=${`#/account/${encodeURIComponent(r.customer_ref)}`}>${r.customer_ref}</a>` },
        { key: 'currency', title: 'Currency' }, { key: 'amount', title: 'Amount', num: true, show: amount('amount') },
        { key: 'balance', title: 'Balance', num: true, show: amount('balance') }, { key: 'made_by', title: 'By' }]}
      rows=${d.approvals.items} />
    <${Table} id="t-disputes" name="disputes" title="Disputes by reason" empty="No dispute."
      columns=${[{ key: 'reason', title: 'Reason', show: (r) => label(r.reason) }, { key: 'currency', title: 'Currency' },
        { key: 'opened', title: 'Opened', num: true }, { key: 'open', title: 'Open', num: true },
        { key: 'open_balance', title: 'Open balance', num: true, show: amount('open_balance') },
        { key: 'overdue', title: 'Overdue', num: true }]}
      rows=${d.disputes.items} />`;
}

function Charts({ d }) {
  const trend = d.trend.items.map((p) => ({ ...p, x: seconds(p.date) }));
  const months = d.kpi.items.map((m) => ({ ...m, x: seconds(`${m.month}-01`) }));
  return html`<div class="charts">
    ${d.aging.items.map((item, i) => html`<${AgingChart} key=${item.currency} aging=${d.aging} item=${item} i=${i} />`)}
    <${LineChart} id="trend" title=${`Overdue balance after each daily run${d.filters.collector ? ` (${d.filters.collector}'s accounts)` : d.filters.segment ? ` (${d.filters.segment})` : ''}`}
      points=${trend} value=${(p) => p.overdue} unit="" />
    <${LineChart} id="dso" title="DSO by month (days)" points=${months} value=${(m) => m.dso_days} unit=" d" />
    <${LineChart} id="cei" title="CEI by month (%)" points=${months} value=${(m) => m.cei_pct} unit=" %" />
  </div>`;
}

function query(f) {
  const q = new URLSearchParams();
  for (const k of ['from', 'to', 'segment', 'collector', 'part']) if (f[k]) q.set(k, f[k]);
  const s = q.toString();
  return s ? `?${s}` : '';
}

// #/dashboard?to=2026-11-22&collector=ann: the filters may come in the address (a bookmark).
function initialFilters(text) {
  const q = new URLSearchParams(text || '');
  return { from: q.get('from') || '', to: q.get('to') || '', segment: q.get('segment') || '', collector: q.get('collector') || '' };
}

export function DashboardPage({ params = [] }) {
  const [filters, setFilters] = useState(() => initialFilters(params[0]));
  const [d, setD] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(true);
  const [collectors, setCollectors] = useState(null);
  const [collectorsError, setCollectorsError] = useState(null);
  // Filters applied in quick succession: each load is numbered, and an answer to
  // an earlier one (a slow server, a larger period) is dropped, not drawn over
  // the filters now shown.
  const gen = useRef(0);
  async function loadCollectors(f, my = gen.current) {
    setCollectors(null);
    setCollectorsError(null);
    try {
      const c = (await api('GET', `/api/v1/dashboard${query({ ...f, part: 'collectors' })}`)).collectors;
      if (my !== gen.current) return;
      setCollectors(c);
      window.recoupCollectorsReady = performance.now();
      document.body.dataset.collectors = 'ready';
    } catch (e) {
      if (my === gen.current) setCollectorsError(e);
    }
  }
  async function load(f) {
    const my = ++gen.current;
    setBusy(true);
    setError(null);
    delete document.body.dataset.collectors;
    delete document.body.dataset.dashboard;
    setCollectors(null);
    try {
      const main = await api('GET', `/api/v1/dashboard${query({ ...f, part: 'main' })}`);
      if (my === gen.current) setD(main);
    } catch (e) {
      if (my === gen.current) setError(e);
    } finally {
      if (my === gen.current) setBusy(false);
    }
    if (my !== gen.current) return;
    // after, not beside: a server thread busy adding up payments would hold the page's other requests
    await loadCollectors(f, my);
  }
  useEffect(() => {
    load(filters);
  }, [filters]);
  // for the bench and the tests: the moment the charts and tables are drawn
  useEffect(() => {
    if (d && !busy) {
      window.recoupDashboardReady = performance.now();
      document.body.dataset.dashboard = 'ready';
    }
  }, [d, busy]);
  return html`<main id="main" class="page dashboard" aria-busy=${busy ? 'true' : 'false'}>
    <div class="title-row"><h1>Dashboard</h1>
      ${d && html`<span class="muted">${day(d.period.from)} – ${day(d.period.to)}${d.filters.segment ? ` · segment ${d.filters.segment}` : ''}${d.filters.collector ? ` · ${d.filters.collector}` : ''}</span>`}</div>
    <${Filters} initial=${filters} onApply=${setFilters} />
    <${ErrorNote} error=${error} onRetry=${() => load(filters)} />
    ${!d && !error && html`<div class="skeleton block" aria-hidden="true"></div>`}
    ${d && html`<${Summary} d=${d} /><${Charts} d=${d} /><div class="tables"><${Tables} d=${d}
      collectors=${html`<${CollectorsTable} collectors=${collectors} error=${collectorsError} onRetry=${() => loadCollectors(filters)} />`} /></div>`}
  </main>`;
}
