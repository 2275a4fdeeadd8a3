// api.js: the JSON API (docs/api.md) as the pages call it. The session
// cookie is HttpOnly, so the page cannot read it; what the sign-in answered
// (user, role, CSRF token, expiry) is kept in sessionStorage for the tab,
// and every write sends the token back in X-CSRF-Token.

const KEY = 'recoup.session';

export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

export function session() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) || 'null');
  } catch {
    return null;
  }
}

const listeners = new Set();
export function onSessionChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
// The tabs of one browser share one session: the cookie is one. A tab's
// sessionStorage is its own, though, and a tab opened later (an account
// opened in a new tab from the queue) starts with none: signing in there
// made a new session whose cookie replaced the first tab's, and every write
// of the first tab was then refused for its CSRF token. So the tabs tell
// each other (BroadcastChannel, this origin only, the open tabs only): a
// tab with no session asks the others for theirs (askOtherTabs), and a
// sign-in or a sign-out in one is told to the others, which take it.
const tabs = typeof BroadcastChannel === 'function' ? new BroadcastChannel('recoup.session') : null;
if (tabs)
  tabs.onmessage = ({ data }) => {
    if (!data) return;
    if (data.ask) {
      const s = session();
      if (s) tabs.postMessage({ session: s });
    } else if ('session' in data && JSON.stringify(data.session) !== JSON.stringify(session())) {
      setSession(data.session, data.session ? 'other tab' : 'signed out', false);
    }
  };

// Asks the other open tabs for their session (answered through setSession's listeners).
export function askOtherTabs() {
  if (tabs && !session()) tabs.postMessage({ ask: true });
}

// why: 'expired' when the server answered 401 (the session ended: idle, or ended elsewhere);
// tell: a sign-in or sign-out of this tab, which the other tabs take as well
function setSession(s, why, tell = false) {
  if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
  else sessionStorage.removeItem(KEY);
  if (tell && tabs) tabs.postMessage({ session: s });
  for (const fn of listeners) fn(s, why);
}

const ROLES = ['collector', 'manager', 'admin'];
export function roleAtLeast(role, least) {
  return ROLES.indexOf(role) >= ROLES.indexOf(least);
}

// The answer early.js asked for before the modules ran, for the first GET
// of its path (once: a later GET asks the server again); null when none.
function takeEarly(method, path) {
  const early = window.recoupEarly;
  if (method !== 'GET' || !early || !early.has(path)) return null;
  const p = early.get(path);
  early.delete(path);
  return p;
}

// Every failure becomes an ApiError with a sentence a person can read: the
// server's error message, or what went wrong on the way (no answer, not JSON).
export async function api(method, path, body, extraHeaders = {}) {
  return (await apiTagged(method, path, body, extraHeaders)).data;
}

// As api(), with the answer's ETag: { data, etag } (etag null when none).
// The records a manager edits (a strategy, a profile, a template, a user)
// are sent back with If-Match: that tag, so a save over someone else's
// change is refused (412 precondition_failed: isStale) instead of silently
// overwriting it (docs/api.md, "Conditional writes").
export async function apiTagged(method, path, body, extraHeaders = {}) {
  const headers = { Accept: 'application/json', ...extraHeaders };
  const s = session();
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && s) headers['X-CSRF-Token'] = s.csrf_token;
  let r;
  try {
    r = await (takeEarly(method, path) || fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    }));
  } catch (e) {
    throw new ApiError(0, 'network', `The server did not answer (${e.message}). Check the connection and try again.`);
  }
  const etag = (r.headers && r.headers.get('ETag')) || null;
  if (r.status === 204) return { data: null, etag };
  let data = null;
  try {
    data = await r.json();
  } catch {
    if (r.ok) throw new ApiError(r.status, 'malformed', `The server's answer to ${method} ${path} was not JSON.`);
  }
  if (!r.ok) {
    const e = (data && data.error) || {};
    if (r.status === 401 && path !== '/api/v1/session') setSession(null, 'expired');
    throw new ApiError(r.status, e.code || 'http', e.message || `${method} ${path} failed with HTTP ${r.status}.`, e.field);
  }
  return { data, etag };
}

// The headers of a save of what was read with `etag`: If-Match, or none when no tag was read.
export function ifMatch(etag) {
  return etag ? { 'If-Match': etag } : {};
}

// A save refused because someone else changed the record since it was read.
export function isStale(error) {
  return !!error && error.status === 412;
}

export async function signIn(user, password) {
  const s = await api('POST', '/api/v1/session', { user, password });
  setSession(s, 'signed in', true);
  return s;
}

export async function signOut() {
  try {
    await api('DELETE', '/api/v1/session');
  } finally {
    setSession(null, 'signed out', true);
  }
}

// A new Idempotency-Key (docs/api.md, "Idempotency").
export function idempotencyKey() {
  const a = new Uint8Array(12);
  crypto.getRandomValues(a);
  return Array.from(a, (b) => b.toString(16).padStart(2, '0')).join('');
}

// The writes sent whose answer never came (the network, a timeout): what
// each sent, under what key, by what the person asked for.
const unanswered = new Map();

// A write that must not happen twice (a promise, a logged call, an
// agreement): POSTed with an Idempotency-Key. When its answer is lost on
// the way back the write may well be done; the person sees "the server did
// not answer" and presses the button again. That second press sends the
// very same request, the same key and body, so the server answers it with
// the first one's result and records nothing twice. `volatile` names the
// body's keys that are not part of what was asked (`at`, the moment the
// button was pressed): the retry keeps the first press's. Any answer of
// the server, a refusal included, ends it: the next write is a new one.
export async function write(method, path, body, { volatile = [] } = {}) {
  const asked = { ...body };
  for (const k of volatile) delete asked[k];
  const same = JSON.stringify([method, path, asked]);
  const sent = unanswered.get(same) || { key: idempotencyKey(), body };
  unanswered.delete(same);
  try {
    return await api(method, path, sent.body, { 'Idempotency-Key': sent.key });
  } catch (e) {
    if (e.status === 0) unanswered.set(same, sent);
    throw e;
  }
}
