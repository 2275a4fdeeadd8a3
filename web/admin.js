// admin.js: the managers' administration pages (issue 13, point 7):
// strategies, contact-rule profiles and message templates edited as forms
// and stored with PUT, the server's refusal shown beside the step or field
// its JSON path (or error.field) names; users (an admin adds, changes
// roles, disables, sets passwords; a manager a collector's team and
// capacity); who works how many accounts, the assign on demand and one
// account given by hand; CSV imports with every bad row listed. The server validates; the forms
// only shape what is sent, so nothing here decides what is valid.

import { html, useState, useEffect } from './vendor/preact-htm.js';
import { api, apiTagged, ifMatch, isStale, session, roleAtLeast } from './api.js';
import { ErrorNote, ready } from './ui.js';

const ACTIONS = ['email', 'sms', 'letter', 'call', 'visit', 'credit_hold', 'place_with_agency', 'legal_review',
  'write_off_review', 'fee', 'interest'];
const IMPORT_KINDS = ['customers', 'contacts', 'invoices', 'payments', 'credit-notes', 'contact-history', 'flags'];

// The reasons of a refusal by JSON path: "steps[2].action: unknown ..."
// becomes { 'steps[2]': ['action: unknown ...'] }, top-level fields by their name.
export function reasonsByPath(message) {
  const out = {};
  const re = /(?:^|; |: )((?:steps\[\d+\]|[a-z_]+)(?:[.[][\w.[\]]*)?): ([^;]+)/g;
  for (const m of (message || '').matchAll(re)) {
    const path = m[1];
    const step = /^steps\[(\d+)\]/.exec(path);
    const key = step ? `steps[${step[1]}]` : path.split(/[.[]/)[0];
    (out[key] = out[key] || []).push(step ? `${path.slice(step[0].length).replace(/^\./, '') || 'step'}: ${m[2]}` : `${path}: ${m[2]}`);
  }
  return out;
}

function Reasons({ list, id }) {
  if (!list || !list.length) return null;
  return html`<div class="error" role="alert" id=${id}><ul class="reasons">${list.map((r) => html`<li>${r}</li>`)}</ul></div>`;
}

// A save refused because someone else changed the record since this page read it (412: the page sent
// If-Match with the ETag it read; docs/api.md, "Conditional writes"). Nothing was saved, and nothing is
// overwritten: the manager reloads what is stored now (their edits here are dropped, so it is their
// choice, by the button) and makes their change again on it.
function StaleNote({ error, what, onReload }) {
  if (!isStale(error)) return null;
  return html`<div class="error stale" role="alert">
    <strong>Not saved: someone else changed this ${what} since you opened it.</strong> ${error.message}
    <p><button type="button" onClick=${onReload}>Reload the ${what}</button>
      <span class="muted small"> (shows what is stored now; your changes here are dropped: make them again)</span></p>
  </div>`;
}

// An integer typed as one is sent as a number; anything else as typed, so the server names it.
function numberOrText(v) {
  return /^-?\d+$/.test(v.trim()) ? Number(v) : v;
}

function setOrDelete(obj, key, value) {
  const o = { ...obj };
  if (value === '' || value === false || value === undefined) delete o[key];
  else o[key] = value;
  return o;
}

// ---- lists ----

function useLoad(path) {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const load = () => {
    setError(null);
    api('GET', path).then(setData, setError);
  };
  useEffect(load, [path]);
  return { data, error, load };
}

function StrategyList() {
  const { data, error, load } = useLoad('/api/v1/strategies');
  return html`<section class="card" aria-labelledby="h-strategies"><h2 id="h-strategies">Strategies</h2>
    <${ErrorNote} error=${error} onRetry=${load} />
    ${data && html`<div class="table-wrap"><table class="strategies">
      <thead><tr><th scope="col">Name</th><th scope="col">Source</th><th scope="col" class="num">Priority</th>
        <th scope="col" class="num">Steps</th><th scope="col">Default for</th></tr></thead>
      <tbody>${data.items.map((s) => html`<tr>
        <th scope="row"><a href=${`#/admin/strategy/${encodeURIComponent(s.name)}`}>${s.name}</a></th>
        <td>${s.source}</td><td class="num">${s.priority}</td><td class="num">${s.steps}</td><td>${s.default_for || ''}</td></tr>`)}
      </tbody></table></div>`}
  </section>`;
}

function ProfileList() {
  const { data, error, load } = useLoad('/api/v1/rules/profiles');
  return html`<section class="card" aria-labelledby="h-profiles"><h2 id="h-profiles">Contact-rule profiles</h2>
    <${ErrorNote} error=${error} onRetry=${load} />
    ${data && html`<p class="muted small">Default: ${data.default || 'none'}</p>
      <ul class="profiles">${data.items.map((p) => html`<li>
        <a href=${`#/admin/profile/${encodeURIComponent(p.name)}`}>${p.name}</a> <span class="badge">${p.source}</span></li>`)}</ul>`}
  </section>`;
}

// ---- users: an admin adds, changes roles, disables, sets passwords; a manager a collector's team and capacity ----

// A refusal beside the field the server named (error.field), else under the form.
function fieldError(error, field) {
  return error && error.field === field ? error : null;
}
function FieldNote({ error, field, id }) {
  const e = fieldError(error, field);
  return e ? html`<div class="error" role="alert" id=${id}>${e.message}</div>` : null;
}
function FormError({ error, fields }) {
  if (!error || isStale(error) || (error.field && fields.includes(error.field))) return null;
  return html`<div class="error" role="alert"><strong>${error.status === 403 ? 'Not allowed' : 'Not saved'}:</strong> ${error.message}</div>`;
}

const ROLES = ['collector', 'manager', 'admin'];

function AddUserForm({ onDone }) {
  const empty = { name: '', role: 'collector', team: '', capacity: '', password: '' };
  const [f, setF] = useState(empty);
  const [error, setError] = useState(null);
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);
  const set = (k) => (e) => {
    const v = e.target.value;
    setF((now) => ({ ...now, [k]: v }));
  };
  async function submit(e) {
    e.preventDefault();
    setError(null);
    setSaved('');
    const body = { name: f.name.trim(), role: f.role };
    if (f.team.trim()) body.team = f.team.trim();
    if (f.capacity.trim()) body.capacity = f.capacity.trim();
    if (f.password) body.password = f.password;
    setBusy(true);
    try {
      const u = await api('POST', '/api/v1/users', body);
      setSaved(`Added ${u.role} ${u.name}.`);
      setF(empty);
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const inv = (k) => (fieldError(error, k) ? 'true' : undefined);
  const fields = ['name', 'role', 'team', 'capacity', 'password'];
  return html`<form class="add-user" onSubmit=${submit} aria-labelledby="h-add-user" novalidate>
    <h3 id="h-add-user">Add a user</h3>
    <label for="nu-name">New user's name</label>
    <input id="nu-name" autocomplete="off" value=${f.name} aria-invalid=${inv('name')} onInput=${set('name')} />
    <${FieldNote} error=${error} field="name" id="nu-name-error" />
    <label for="nu-role">New user's role</label>
    <select id="nu-role" value=${f.role} onChange=${set('role')}>${ROLES.map((r) => html`<option value=${r}>${r}</option>`)}</select>
    <${FieldNote} error=${error} field="role" id="nu-role-error" />
    <label for="nu-team">New user's team</label>
    <input id="nu-team" value=${f.team} aria-invalid=${inv('team')} onInput=${set('team')} />
    <${FieldNote} error=${error} field="team" id="nu-team-error" />
    <label for="nu-capacity">New user's accounts a day</label>
    <input id="nu-capacity" inputmode="numeric" placeholder="40" value=${f.capacity} aria-invalid=${inv('capacity')} onInput=${set('capacity')} />
    <${FieldNote} error=${error} field="capacity" id="nu-capacity-error" />
    <label for="nu-password">New user's password</label>
    <input id="nu-password" type="password" autocomplete="new-password" value=${f.password} aria-invalid=${inv('password')}
      onInput=${set('password')} />
    <${FieldNote} error=${error} field="password" id="nu-password-error" />
    <p><button type="submit" class="primary" disabled=${busy}>${busy ? 'Adding…' : 'Add user'}</button></p>
    <${FormError} error=${error} fields=${fields} />
    ${saved && html`<p class="notice" role="status">${saved}</p>`}
  </form>`;
}

// Changes one user: an admin any of role, team, capacity; a manager a collector's team and capacity.
function EditUserForm({ users, admin, onDone }) {
  const editable = users.filter((u) => admin || u.role === 'collector');
  const [name, setName] = useState('');
  const [f, setF] = useState({ role: '', team: '', capacity: '' });
  const [password, setPassword] = useState('');
  const [error, setError] = useState(null);
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);
  const [reloading, setReloading] = useState(false);
  const pick = (n) => {
    const u = users.find((x) => x.name === n);
    setName(n);
    setError(null);
    setSaved('');
    setF(u ? { role: u.role, team: u.team || '', capacity: String(u.capacity) } : { role: '', team: '', capacity: '' });
  };
  // once the list is read again after a stale save, the form shows the user as stored now
  useEffect(() => {
    if (!reloading) return;
    setReloading(false);
    const u = users.find((x) => x.name === name);
    setF(u ? { role: u.role, team: u.team || '', capacity: String(u.capacity) } : { role: '', team: '', capacity: '' });
  }, [users]);
  const reload = () => {
    setError(null);
    setSaved('');
    setReloading(true);
    onDone();
  };
  async function send(method, path, body, said, etag) {
    setError(null);
    setSaved('');
    setBusy(true);
    try {
      await api(method, path, body, ifMatch(etag));
      setSaved(said);
      onDone();
      return true;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      setBusy(false);
    }
  }
  function save(e) {
    e.preventDefault();
    const u = users.find((x) => x.name === name);
    if (!u) return;
    const body = {};
    if (admin && f.role !== u.role) body.role = f.role;
    if (f.team !== (u.team || '')) body.team = f.team;
    if (f.capacity !== String(u.capacity)) body.capacity = f.capacity.trim();
    send('PATCH', `/api/v1/users/${encodeURIComponent(name)}`, body, `Saved ${name}.`, u.etag);
  }
  function setPw(e) {
    e.preventDefault();
    send('POST', `/api/v1/users/${encodeURIComponent(name)}/password`, { password }, `Password of ${name} set; their sessions ended.`)
      .then((ok) => ok && setPassword(''));
  }
  const inv = (k) => (fieldError(error, k) ? 'true' : undefined);
  const set = (k) => (e) => {
    const v = e.target.value;
    setF((now) => ({ ...now, [k]: v }));
  };
  return html`<form class="edit-user" onSubmit=${save} aria-labelledby="h-edit-user" novalidate>
    <h3 id="h-edit-user">Change a user</h3>
    <label for="eu-name">User to change</label>
    <select id="eu-name" value=${name} onChange=${(e) => pick(e.target.value)}>
      <option value="">(choose)</option>
      ${editable.map((u) => html`<option value=${u.name}>${u.name}</option>`)}</select>
    ${name && html`
      ${admin && html`<label for="eu-role">Role</label>
        <select id="eu-role" value=${f.role} aria-invalid=${inv('role')} onChange=${set('role')}>
          ${ROLES.map((r) => html`<option value=${r}>${r}</option>`)}</select>
        <${FieldNote} error=${error} field="role" id="eu-role-error" />`}
      <label for="eu-team">Team</label>
      <input id="eu-team" value=${f.team} aria-invalid=${inv('team')} onInput=${set('team')} />
      <${FieldNote} error=${error} field="team" id="eu-team-error" />
      <label for="eu-capacity">Accounts a day</label>
      <input id="eu-capacity" inputmode="numeric" value=${f.capacity} aria-invalid=${inv('capacity')} onInput=${set('capacity')} />
      <${FieldNote} error=${error} field="capacity" id="eu-capacity-error" />
      <p><button type="submit" class="primary" disabled=${busy}>Save user</button></p>
      ${admin && html`<label for="eu-password">New password for ${name}</label>
        <input id="eu-password" type="password" autocomplete="new-password" value=${password} aria-invalid=${inv('password')}
          onInput=${(e) => setPassword(e.target.value)} />
        <${FieldNote} error=${error} field="password" id="eu-password-error" />
        <p><button type="button" disabled=${busy || !password} onClick=${setPw}>Set password</button></p>`}`}
    <${FormError} error=${error} fields=${['role', 'team', 'capacity', 'password']} />
    <${StaleNote} error=${error} what="user" onReload=${reload} />
    ${saved && html`<p class="notice" role="status">${saved}</p>`}
  </form>`;
}

function UserAdmin({ who }) {
  const { data, error, load } = useLoad('/api/v1/users');
  const [rowError, setRowError] = useState(null);
  const admin = roleAtLeast(who.role, 'admin');
  async function toggle(u) {
    setRowError(null);
    try {
      await api('PATCH', `/api/v1/users/${encodeURIComponent(u.name)}`, { disabled: !u.disabled }, ifMatch(u.etag));
      load();
    } catch (err) {
      setRowError({ name: u.name, error: err });
    }
  }
  return html`<section class="card" aria-labelledby="h-users"><h2 id="h-users">Users</h2>
    <${ErrorNote} error=${error} onRetry=${load} />
    ${!admin && html`<p class="muted small">A manager changes a collector's team and accounts a day; an admin adds users, changes roles,
      disables them and sets passwords.</p>`}
    ${data && html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="h-users"><table class="users">
      <thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Team</th>
        <th scope="col" class="num">Accounts a day</th><th scope="col">State</th>${admin && html`<th scope="col">Change</th>`}</tr></thead>
      <tbody>${data.items.map((u) => html`<tr><th scope="row">${u.name}</th><td>${u.role}</td><td>${u.team || ''}</td>
        <td class="num">${u.capacity}</td><td>${u.disabled ? 'disabled' : 'active'}</td>
        ${admin && html`<td><button type="button" class="quiet" onClick=${() => toggle(u)}>${u.disabled ? 'Enable' : 'Disable'} ${u.name}</button>
          ${rowError && rowError.name === u.name && (isStale(rowError.error)
            ? html`<${StaleNote} error=${rowError.error} what="user" onReload=${() => { setRowError(null); load(); }} />`
            : html`<div class="error" role="alert">${rowError.error.message}</div>`)}</td>`}</tr>`)}</tbody>
    </table></div>
    <${EditUserForm} users=${data.items} admin=${admin} onDone=${load} />
    ${admin && html`<${AddUserForm} onDone=${load} />`}`}
  </section>`;
}

// ---- assignments: accounts per collector, the assign on demand, one account by hand ----

function summarise(r) {
  const [keep, add, release] = r.dry_run ? ['A rebalance would keep', 'add', 'release'] : ['Rebalanced: kept', 'added', 'released'];
  const none = r.unassigned ? `; ${r.unassigned} found no collector` : '';
  return `${keep} ${r.kept}, ${add} ${r.added}, ${release} ${r.released} of ${r.overdue} overdue accounts${none}.`;
}

function Assignments() {
  const { data, error, load } = useLoad('/api/v1/assignments');
  const [summary, setSummary] = useState(null);
  const [runError, setRunError] = useState(null);
  const [ref, setRef] = useState('');
  const [collector, setCollector] = useState('');
  const [moveError, setMoveError] = useState(null);
  const [moved, setMoved] = useState('');
  const [busy, setBusy] = useState(false);
  const [running, setRunning] = useState(false);
  async function rebalance(dryRun) {
    setRunError(null);
    setSummary(null);
    setBusy(true);
    setRunning(true);
    try {
      // 202 and a job (docs/api.md, "Jobs"): poll it until it is done or failed
      let job = await api('POST', '/api/v1/assignments/rebalance', dryRun ? { dry_run: true } : {});
      while (job.state === 'running') {
        await new Promise((done) => setTimeout(done, 500));
        job = await api('GET', `/api/v1/assignments/rebalance/${job.id}`);
      }
      if (job.state === 'failed') throw job.error;
      setSummary(job.result);
      load();
    } catch (err) {
      setRunError(err);
    } finally {
      setBusy(false);
      setRunning(false);
    }
  }
  async function move(e) {
    e.preventDefault();
    setMoveError(null);
    setMoved('');
    setBusy(true);
    try {
      const r = await api('PUT', `/api/v1/assignments/${encodeURIComponent(ref.trim())}`, { collector });
      setMoved(r.changed ? `${r.customer_ref} now goes to ${r.collector}${r.previous ? ` (was ${r.previous})` : ''}.`
        : `${r.customer_ref} was already ${r.collector}'s.`);
      load();
    } catch (err) {
      setMoveError(err);
    } finally {
      setBusy(false);
    }
  }
  const collectors = data ? data.items.filter((c) => c.role === 'collector' && !c.disabled) : [];
  const inv = (k) => (fieldError(moveError, k) ? 'true' : undefined);
  return html`<section class="card" aria-labelledby="h-assignments"><h2 id="h-assignments">Assignments</h2>
    <${ErrorNote} error=${error} onRetry=${load} />
    ${data && html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="h-assignments"><table class="assignments">
      <thead><tr><th scope="col">Collector</th><th scope="col">Team</th><th scope="col" class="num">Accounts a day</th>
        <th scope="col" class="num">Accounts</th><th scope="col">State</th></tr></thead>
      <tbody>${data.items.map((c) => html`<tr><th scope="row">${c.collector}</th><td>${c.team || ''}</td>
        <td class="num">${c.capacity}</td><td class="num">${c.accounts}</td>
        <td>${c.disabled ? 'disabled' : c.role === 'collector' ? 'working' : c.role}</td></tr>`)}</tbody>
    </table></div>`}
    <p class="buttons"><button type="button" class="primary" disabled=${busy} onClick=${() => rebalance(false)}>Rebalance now</button>
      <button type="button" disabled=${busy} onClick=${() => rebalance(true)}>What would a rebalance do?</button></p>
    ${running && html`<p class="muted" role="status">Working… (a rebalance reads every customer: about a minute for a million)</p>`}
    ${runError && html`<div class="error" role="alert"><strong>Not run:</strong> ${runError.message}</div>`}
    ${summary && html`<p class="notice" role="status">${summarise(summary)}</p>`}
    <form class="reassign" onSubmit=${move} aria-labelledby="h-reassign" novalidate>
      <h3 id="h-reassign">Give one account to a collector</h3>
      <label for="ra-ref">Customer ref</label>
      <input id="ra-ref" value=${ref} aria-invalid=${inv('ref')} onInput=${(e) => setRef(e.target.value)} />
      <${FieldNote} error=${moveError} field="ref" id="ra-ref-error" />
      <label for="ra-collector">To collector</label>
      <select id="ra-collector" value=${collector} aria-invalid=${inv('collector')} onChange=${(e) => setCollector(e.target.value)}>
        <option value="">(choose)</option>
        ${collectors.map((c) => html`<option value=${c.collector}>${c.collector}</option>`)}</select>
      <${FieldNote} error=${moveError} field="collector" id="ra-collector-error" />
      <p><button type="submit" disabled=${busy || !ref.trim()}>Give the account</button></p>
      <${FormError} error=${moveError} fields=${['ref', 'collector']} />
      ${moved && html`<p class="notice" role="status">${moved}</p>`}
    </form>
  </section>`;
}

// ---- message templates ----

const tplPath = (t) => `#/admin/template/${[t.name, t.channel, t.lang, t.audience].map(encodeURIComponent).join('/')}`;

// The API lists a shipped template and the tenant's of the same key both; the page shows the one in use.
const key = (t) => [t.name, t.channel, t.lang, t.audience].join('/');

function TemplateList() {
  const { data, error, load } = useLoad('/api/v1/templates');
  const items = data ? data.items : [];
  const replaced = new Set(items.filter((t) => t.source === 'tenant').map(key));
  const shipped = new Set(items.filter((t) => t.source === 'shipped').map(key));
  return html`<section class="card" aria-labelledby="h-templates"><h2 id="h-templates">Message templates</h2>
    <${ErrorNote} error=${error} onRetry=${load} />
    ${data && html`<div class="table-wrap"><table class="templates">
      <thead><tr><th scope="col">Name</th><th scope="col">Channel</th><th scope="col">Language</th>
        <th scope="col">Audience</th><th scope="col">Source</th></tr></thead>
      <tbody>${data.items.filter((t) => t.source === 'tenant' || !replaced.has(key(t))).map((t) => html`<tr>
        <th scope="row"><a href=${tplPath(t)} aria-label=${`${t.name} (${t.channel}, ${t.lang}, ${t.audience})`}>${t.name}</a></th>
        <td>${t.channel}</td><td>${t.lang}</td><td>${t.audience}</td>
        <td>${t.source === 'tenant' ? (shipped.has(key(t)) ? "the tenant's (replaces the shipped one)" : "the tenant's") : 'shipped'}</td></tr>`)}</tbody>
    </table></div>`}
  </section>`;
}

// #/admin/template/NAME/CHANNEL/LANG/AUDIENCE: the parts a channel has, the server's reason beside the part it names.
function TemplateEditor({ spec }) {
  const [name, channel = 'email', lang = 'en', audience = 'debtor'] = spec.split('/');
  const q = new URLSearchParams({ channel, lang, audience });
  const path = `/api/v1/templates/${encodeURIComponent(name)}`;
  const [doc, setDoc] = useState(null);
  const [etag, setEtag] = useState(null);
  const [error, setError] = useState(null);
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);
  const load = () => {
    setError(null);
    setSaved('');
    apiTagged('GET', `${path}?${q}`).then(({ data, etag: t }) => {
      setDoc(data);
      setEtag(t);
      ready('admin-template');
    }, setError);
  };
  useEffect(load, [spec]);
  if (!doc) return html`<${ErrorNote} error=${error} onRetry=${load} />${!error && html`<p>Loading…</p>`}`;
  async function save(e) {
    e.preventDefault();
    setSaved('');
    setError(null);
    const body = { name: doc.name, channel: doc.channel, lang: doc.lang, audience: doc.audience, text: doc.text };
    if (doc.channel === 'email' || doc.channel === 'letter') body.subject = doc.subject;
    if (doc.channel === 'email') body.html = doc.html;
    setBusy(true);
    try {
      const { data, etag: t } = await apiTagged('PUT', path, body, ifMatch(etag));
      setDoc(data);
      setEtag(t);
      setSaved(`Saved template ${doc.name} (${doc.channel}, ${doc.lang}).`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const part = (k, label, rows) => {
    const invalid = fieldError(error, k) ? 'true' : undefined;
    const id = `tp-${k}`;
    return html`<label for=${id}>${label}</label>
      ${rows ? html`<textarea id=${id} class="mono" rows=${rows} cols="80" aria-invalid=${invalid}
          aria-describedby=${invalid && `${id}-error`} value=${doc[k]} onInput=${(e) => {
            const v = e.target.value;
            setDoc((now) => ({ ...now, [k]: v }));
          }}></textarea>`
        : html`<input id=${id} size="80" aria-invalid=${invalid} aria-describedby=${invalid && `${id}-error`} value=${doc[k]}
          onInput=${(e) => {
            const v = e.target.value;
            setDoc((now) => ({ ...now, [k]: v }));
          }} />`}
      <${FieldNote} error=${error} field=${k} id=${`${id}-error`} />`;
  };
  return html`<form class="template" onSubmit=${save} aria-labelledby="h-template" novalidate>
    <h2 id="h-template">Template ${doc.name}</h2>
    <p class="muted">${doc.channel}, ${doc.lang}, ${doc.audience} · ${doc.source === 'tenant' ? "the tenant's" : 'shipped'}.
      Merge fields as in docs/channels.md: <code>{{customer.name}}</code>, <code>{{#invoices}}…{{/invoices}}</code>.</p>
    ${(doc.channel === 'email' || doc.channel === 'letter') && part('subject', doc.channel === 'letter' ? 'Heading' : 'Subject')}
    ${part('text', 'Text', 12)}
    ${doc.channel === 'email' && part('html', 'HTML', 8)}
    <p><button type="submit" class="primary" disabled=${busy}>${busy ? 'Saving…' : 'Save'}</button></p>
    <${FormError} error=${error} fields=${['subject', 'text', 'html']} />
    <${StaleNote} error=${error} what="template" onReload=${load} />
    ${saved && html`<p class="notice" role="status">${saved}</p>`}
  </form>`;
}

// ---- imports ----

// The upload is CSV, not JSON, so it is sent here rather than through api();
// a refusal keeps its rows (error.rows), which api()'s ApiError does not carry.
async function upload(kind, text) {
  const s = session();
  const r = await fetch(`/api/v1/imports/${kind}`, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'text/csv', 'X-CSRF-Token': s ? s.csrf_token : '' },
    body: text,
    credentials: 'same-origin',
  });
  let data = null;
  try {
    data = await r.json();
  } catch {
    /* reported below with the status */
  }
  return { status: r.status, data };
}

function ImportForm() {
  const [kind, setKind] = useState('customers');
  const [file, setFile] = useState(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState(null);
  async function submit(e) {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setResult(null);
    try {
      setResult(await upload(kind, await file.text()));
    } catch (err) {
      setResult({ status: 0, data: { error: { message: `The server did not answer (${err.message}).` } } });
    } finally {
      setBusy(false);
    }
  }
  const ok = result && result.status >= 200 && result.status < 300 && result.data;
  const err = result && !ok && ((result.data && result.data.error) || { message: `HTTP ${result.status}` });
  return html`<section class="card" aria-labelledby="h-imports"><h2 id="h-imports">Imports</h2>
    <form class="import" onSubmit=${submit}>
      <label for="import-kind">Kind</label>
      <select id="import-kind" value=${kind} onChange=${(e) => setKind(e.target.value)}>
        ${IMPORT_KINDS.map((k) => html`<option value=${k}>${k}</option>`)}</select>
      <label for="import-file">CSV file</label>
      <input id="import-file" type="file" accept=".csv,text/csv" onChange=${(e) => setFile(e.target.files[0] || null)} />
      <p><button type="submit" class="primary" disabled=${busy || !file}>${busy ? 'Uploading…' : 'Upload'}</button></p>
    </form>
    ${ok && html`<p class="notice" role="status">Imported ${result.data.kind}: ${result.data.rows} rows,
      ${result.data.inserted} inserted, ${result.data.unchanged} unchanged.</p>`}
    ${err && html`<div class="error" role="alert"><strong>Nothing was imported:</strong> ${err.message}</div>`}
    ${err && err.rows && html`<div class="table-wrap" tabindex="0" role="region" aria-label="Rows refused"><table class="import-errors">
      <caption class="sr-only">Rows refused</caption>
      <thead><tr><th scope="col" class="num">Row</th><th scope="col">Column</th><th scope="col">Message</th></tr></thead>
      <tbody>${err.rows.map((r) => html`<tr><td class="num">${r.line}</td><td>${r.column}</td><td>${r.reason}</td></tr>`)}</tbody>
    </table></div>`}
  </section>`;
}

// ---- the strategy editor ----

// onChange takes a function of the step as it is when it runs (not as drawn): two fields
// changed before the page draws again (an autofill, a quick typist) each keep their value.
function StepRow({ step, i, reasons, onChange, onRemove }) {
  const n = i + 1;
  const cond = step.conditions || {};
  const set = (k, v) => onChange((now) => setOrDelete(now, k, v));
  const setCond = (k, v) =>
    onChange((now) => {
      const c = setOrDelete(now.conditions || {}, k, v);
      return setOrDelete(now, 'conditions', Object.keys(c).length ? c : undefined);
    });
  const sub = (k, f) => (e) => {
    const v = e.target.value;
    onChange((now) => {
      const o = setOrDelete(now[k] || {}, f, v);
      return setOrDelete(now, k, Object.keys(o).length ? o : undefined);
    });
  };
  const bad = reasons && reasons.length ? 'true' : undefined;
  const rid = `step-${n}-reasons`;
  return html`<fieldset class="step card" aria-invalid=${bad} aria-describedby=${bad && rid}>
    <legend>Step ${n}</legend>
    <div class="fields">
      <span><label for=${`s${n}-name`}>Step ${n} name</label>
        <input id=${`s${n}-name`} value=${step.name || ''} onInput=${(e) => set('name', e.target.value)} /></span>
      <span><label for=${`s${n}-day`}>Step ${n} day offset</label>
        <input id=${`s${n}-day`} inputmode="numeric" value=${step.offset_days ?? ''}
          onInput=${(e) => set('offset_days', numberOrText(e.target.value))} /></span>
      <span><label for=${`s${n}-action`}>Step ${n} action</label>
        <select id=${`s${n}-action`} value=${step.action || ''} onChange=${(e) => set('action', e.target.value)}>
          ${!ACTIONS.includes(step.action) && html`<option value=${step.action || ''}>${step.action || '(choose)'}</option>`}
          ${ACTIONS.map((a) => html`<option value=${a}>${a}</option>`)}</select></span>
      <span><label for=${`s${n}-template`}>Step ${n} template</label>
        <input id=${`s${n}-template`} value=${step.template || ''} onInput=${(e) => set('template', e.target.value)} /></span>
      <span><label for=${`s${n}-priority`}>Step ${n} priority</label>
        <input id=${`s${n}-priority`} inputmode="numeric" value=${step.priority ?? ''}
          onInput=${(e) => set('priority', e.target.value === '' ? '' : numberOrText(e.target.value))} /></span>
      <span><label for=${`s${n}-minbal`}>Step ${n} only from balance</label>
        <input id=${`s${n}-minbal`} value=${cond.min_balance || ''} onInput=${(e) => setCond('min_balance', e.target.value)} /></span>
      ${step.action === 'fee' && html`<span><label for=${`s${n}-fee`}>Step ${n} fee amount</label>
        <input id=${`s${n}-fee`} value=${(step.fee || {}).amount || ''} onInput=${sub('fee', 'amount')} /></span>
        <span><label for=${`s${n}-feep`}>Step ${n} fee percent</label>
        <input id=${`s${n}-feep`} value=${(step.fee || {}).percent || ''} onInput=${sub('fee', 'percent')} /></span>`}
      ${step.action === 'interest' && html`<span><label for=${`s${n}-int`}>Step ${n} monthly interest percent</label>
        <input id=${`s${n}-int`} value=${(step.interest || {}).monthly_percent || ''} onInput=${sub('interest', 'monthly_percent')} /></span>`}
    </div>
    <div class="checks">
      <label><input type="checkbox" checked=${!!cond.not_while_promise}
        onChange=${(e) => setCond('not_while_promise', e.target.checked)} /> Not while a promise is current</label>
      <label><input type="checkbox" checked=${!!cond.only_if_no_answer}
        onChange=${(e) => setCond('only_if_no_answer', e.target.checked)} /> Only if the previous step got no answer</label>
      <button type="button" class="quiet" onClick=${onRemove}>Remove step ${n}</button>
    </div>
    <${Reasons} list=${reasons} id=${rid} />
  </fieldset>`;
}

function StrategyEditor({ name }) {
  const path = `/api/v1/strategies/${encodeURIComponent(name)}`;
  const [doc, setDoc] = useState(null);
  const [etag, setEtag] = useState(null);
  const [segment, setSegment] = useState('');
  const [error, setError] = useState(null);
  const [saved, setSaved] = useState('');
  const [warnings, setWarnings] = useState([]);
  const [busy, setBusy] = useState(false);
  const load = () => {
    setError(null);
    setSaved('');
    setWarnings([]);
    apiTagged('GET', path).then(({ data: d, etag: t }) => {
      setDoc(d);
      setEtag(t);
      setSegment(d.segment ? JSON.stringify(d.segment, null, 2) : '');
      ready('admin-strategy');
    }, setError);
  };
  useEffect(load, [path]);
  if (!doc) return html`<${ErrorNote} error=${error} onRetry=${load} />${!error && html`<p>Loading…</p>`}`;
  const reasons = error && error.status === 422 ? reasonsByPath(error.message) : {};
  const steps = doc.steps || [];
  const setSteps = (f) => setDoc((now) => ({ ...now, steps: f(now.steps || []) }));
  const setStep = (i, update) => setSteps((all) => all.map((x, j) => (j === i ? update(x) : x)));
  async function save(e) {
    e.preventDefault();
    setSaved('');
    setWarnings([]);
    setError(null);
    let body = { ...doc };
    try {
      body = setOrDelete(body, 'segment', segment.trim() ? JSON.parse(segment) : undefined);
    } catch (err) {
      setError({ status: 422, message: `segment: not JSON (${err.message})` });
      return;
    }
    setBusy(true);
    try {
      // warnings (a step's template that does not exist) are about the save, not part of the strategy:
      // kept out of doc, or the next save would send them back as an unknown field
      const { data, etag: t } = await apiTagged('PUT', path, body, ifMatch(etag));
      const { warnings = [], ...stored } = data;
      setDoc(stored);
      setEtag(t);
      setSaved(`Saved strategy ${stored.name}.`);
      setWarnings(warnings);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return html`<form class="strategy" onSubmit=${save} aria-labelledby="h-strategy" novalidate>
    <h2 id="h-strategy">Strategy ${doc.name}</h2>
    <label for="st-description">Description</label>
    <textarea id="st-description" rows="2" cols="80" value=${doc.description || ''}
      onInput=${(e) => setDoc(setOrDelete(doc, 'description', e.target.value))}></textarea>
    <${Reasons} list=${reasons.description} id="st-description-reasons" />
    <label for="st-priority">Priority</label>
    <input id="st-priority" inputmode="numeric" value=${doc.priority ?? ''}
      onInput=${(e) => setDoc(setOrDelete(doc, 'priority', e.target.value === '' ? '' : numberOrText(e.target.value)))} />
    <${Reasons} list=${reasons.priority} id="st-priority-reasons" />
    <label for="st-segment">Segment (JSON: kind, countries, currencies, balance, dpd, risk_bands, tags, products)</label>
    <textarea id="st-segment" rows="4" cols="80" class="mono" value=${segment} onInput=${(e) => setSegment(e.target.value)}></textarea>
    <${Reasons} list=${reasons.segment} id="st-segment-reasons" />
    <h3>Steps</h3>
    <${Reasons} list=${reasons.steps} id="st-steps-reasons" />
    ${steps.map((s, i) => html`<${StepRow} key=${i} step=${s} i=${i} reasons=${reasons[`steps[${i}]`]}
      onChange=${(update) => setStep(i, update)} onRemove=${() => setSteps((all) => all.filter((_, j) => j !== i))} />`)}
    <p><button type="button" onClick=${() => setSteps((all) => [...all, { name: '', offset_days: '', action: 'email' }])}>
      Add a step</button>
      ${' '}<button type="submit" class="primary" disabled=${busy}>${busy ? 'Saving…' : 'Save'}</button></p>
    ${error && !isStale(error) && html`<div class="error" role="alert"><strong>Not saved:</strong> ${error.message}</div>`}
    <${StaleNote} error=${error} what="strategy" onReload=${load} />
    ${saved && html`<p class="notice" role="status">${saved}</p>`}
    ${warnings.length > 0 && html`<ul class="warnings">${warnings.map((w) => html`<li>${w.message}</li>`)}</ul>`}
  </form>`;
}

// ---- the profile editor: one control per field, by its JSON type ----

function ProfileEditor({ name }) {
  const path = `/api/v1/rules/profiles/${encodeURIComponent(name)}`;
  const [fields, setFields] = useState(null); // key -> { kind, value }
  const [etag, setEtag] = useState(null);
  const [error, setError] = useState(null);
  const [bad, setBad] = useState({});
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);
  const toFields = (d) => {
    const f = {};
    for (const [k, v] of Object.entries(d)) {
      const kind = typeof v === 'boolean' ? 'bool' : typeof v === 'string' ? 'text' : typeof v === 'number' ? 'num' : 'json';
      f[k] = { kind, value: kind === 'json' ? JSON.stringify(v, null, 2) : v };
    }
    return f;
  };
  const load = () => {
    setError(null);
    setSaved('');
    setBad({});
    apiTagged('GET', path).then(({ data, etag: t }) => {
      setFields(toFields(data));
      setEtag(t);
      ready('admin-profile');
    }, setError);
  };
  useEffect(load, [path]);
  if (!fields) return html`<${ErrorNote} error=${error} onRetry=${load} />${!error && html`<p>Loading…</p>`}`;
  const put = (k, value) => setFields((now) => ({ ...now, [k]: { ...now[k], value } }));
  async function save(e) {
    e.preventDefault();
    setSaved('');
    setError(null);
    const body = {};
    const wrong = {};
    for (const [k, f] of Object.entries(fields)) {
      if (f.kind === 'json') {
        try {
          body[k] = JSON.parse(f.value);
        } catch (err) {
          wrong[k] = [`not JSON (${err.message})`];
        }
      } else body[k] = f.kind === 'num' ? numberOrText(String(f.value)) : f.value;
    }
    setBad(wrong);
    if (Object.keys(wrong).length) return;
    setBusy(true);
    try {
      const { data, etag: t } = await apiTagged('PUT', path, body, ifMatch(etag));
      setFields(toFields(data));
      setEtag(t);
      setSaved(`Saved profile ${name}.`);
    } catch (err) {
      setError(err);
      setBad(err.status === 422 ? reasonsByPath(err.message) : {});
    } finally {
      setBusy(false);
    }
  }
  return html`<form class="profile" onSubmit=${save} aria-labelledby="h-profile" novalidate>
    <h2 id="h-profile">Profile ${name}</h2>
    ${Object.entries(fields).filter(([k]) => k !== 'name').map(([k, f]) => {
      const id = `pf-${k}`;
      const invalid = bad[k] ? 'true' : undefined;
      let control;
      if (f.kind === 'bool')
        control = html`<label><input id=${id} type="checkbox" checked=${f.value} onChange=${(e) => put(k, e.target.checked)} /> ${k}</label>`;
      else if (f.kind === 'json')
        control = html`<label for=${id}>${k}</label><textarea id=${id} class="mono" rows=${Math.min(12, f.value.split('\n').length)}
          cols="80" aria-invalid=${invalid} value=${f.value} onInput=${(e) => put(k, e.target.value)}></textarea>`;
      else
        control = html`<label for=${id}>${k}</label><input id=${id} aria-invalid=${invalid} value=${f.value}
          onInput=${(e) => put(k, e.target.value)} />`;
      return html`<div class="field">${control}<${Reasons} list=${bad[k]} id=${`${id}-reasons`} /></div>`;
    })}
    <p><button type="submit" class="primary" disabled=${busy}>${busy ? 'Saving…' : 'Save'}</button></p>
    ${error && !isStale(error) && html`<div class="error" role="alert"><strong>Not saved:</strong> ${error.message}</div>`}
    <${StaleNote} error=${error} what="profile" onReload=${load} />
    ${saved && html`<p class="notice" role="status">${saved}</p>`}
  </form>`;
}

// #/admin, #/admin/strategy/NAME, #/admin/profile/NAME, #/admin/template/NAME/CHANNEL/LANG/AUDIENCE
export function AdminPage({ params, who }) {
  const what = ['strategy', 'profile', 'template'].includes(params[0]) ? params[0] : null;
  const name = params[1];
  let body;
  if (what === 'strategy') body = html`<${StrategyEditor} name=${name} />`;
  else if (what === 'profile') body = html`<${ProfileEditor} name=${name} />`;
  else if (what === 'template') body = html`<${TemplateEditor} spec=${name} />`;
  else
    body = html`<div class="col"><${StrategyList} /><${ProfileList} /><${TemplateList} /><${UserAdmin} who=${who} />
      <${Assignments} /><${ImportForm} /></div>`;
  useEffect(() => {
    if (!what) ready('admin');
  }, [what]);
  return html`<main id="main" class="page admin">
    <div class="title-row"><h1>Administration</h1>${what && html`<a href="#/admin">All settings</a>`}</div>
    ${body}
  </main>`;
}
