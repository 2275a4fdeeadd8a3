// app.js: the workspace's shell: who is signed in, the header, and the
// pages by the address's hash (#/queue, #/account/REF, ...), so that the
// server serves one page and the back button works. A page that needs a
// role the user does not have is refused here, before anything is asked of
// the API (which refuses it as well: the server is the authority).

import { html, render, useState, useEffect, useRef } from './vendor/preact-htm.js';
import { session, onSessionChange, askOtherTabs, signIn, signOut, roleAtLeast } from './api.js';
import { QueuePage } from './queue.js';
import { AccountPage } from './account.js';
import { ApprovalsPage } from './approvals.js';
import { ErrorNote, go } from './ui.js';
import { DashboardPage } from './dashboard.js';
import { DocumentsPage } from './documents.js';
import { AdminPage } from './admin.js';

// Pages of other parts of the workspace register here (dashboard, admin).
export const pages = [
  { path: /^\/queue$/, role: 'collector', title: 'My queue', page: QueuePage, href: '#/queue' },
  { path: /^\/account\/(.+)$/, role: 'collector', title: 'Account', page: AccountPage },
  { path: /^\/approvals$/, role: 'manager', title: 'Approvals', page: ApprovalsPage, href: '#/approvals' },
  { path: /^\/admin(?:\/(strategy|profile|template)\/(.+))?$/, role: 'manager', title: 'Administration', page: AdminPage, href: '#/admin' },
  { path: /^\/dashboard(?:\?(.*))?$/, role: 'manager', title: 'Dashboard', page: DashboardPage, href: '#/dashboard' },
  { path: /^\/documents\/(.+)$/, role: 'collector', title: 'Documents', page: DocumentsPage },
];

function currentPath() {
  const h = location.hash.replace(/^#/, '');
  return h && h !== '/' ? h : '/queue';
}

function useRoute() {
  const [path, setPath] = useState(currentPath());
  useEffect(() => {
    const f = () => setPath(currentPath());
    addEventListener('hashchange', f);
    return () => removeEventListener('hashchange', f);
  }, []);
  return path;
}

function SignIn({ notice }) {
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const first = useRef(null);
  useEffect(() => first.current && first.current.focus(), []);
  async function submit(e) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(user.trim(), password);
      go(currentPath());
    } catch (err) {
      setError(err);
      setPassword('');
    } finally {
      setBusy(false);
    }
  }
  return html`<main id="main" class="page signin">
    <h1>Sign in to recoup</h1>
    ${notice && html`<p class="notice" role="status">${notice}</p>`}
    <form onSubmit=${submit} aria-describedby="signin-error">
      <label for="user">User</label>
      <input id="user" name="user" autocomplete="username" required ref=${first} value=${user}
        onInput=${(e) => setUser(e.target.value)} />
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required
        value=${password} onInput=${(e) => setPassword(e.target.value)} />
      <button type="submit" disabled=${busy}>${busy ? 'Signing in…' : 'Sign in'}</button>
    </form>
    <div id="signin-error"><${ErrorNote} error=${error} /></div>
  </main>`;
}

function Refused({ who, page }) {
  return html`<main id="main" class="page">
    <h1>Not for your role</h1>
    <p class="error" role="alert">${page.title} is for a ${page.role} or above; you are signed in as
      ${' '}<strong>${who.user}</strong> (${who.role}).</p>
    <p><a href="#/queue">Back to my queue</a></p>
  </main>`;
}

function NotFound() {
  return html`<main id="main" class="page"><h1>No such page</h1><p><a href="#/queue">Go to my queue</a></p></main>`;
}

function Header({ who, path }) {
  async function out() {
    try {
      await signOut();
    } catch {
      /* the session is forgotten here whatever the server said */
    }
  }
  return html`<header class="bar">
    <a class="brand" href="#/queue">recoup</a>
    <nav aria-label="Pages">
      ${pages
        .filter((p) => p.href && roleAtLeast(who.role, p.role))
        .map((p) => html`<a href=${p.href} aria-current=${p.path.test(path) ? 'page' : undefined}>${p.title}</a>`)}
    </nav>
    <span class="who">${who.user} · ${who.role}</span>
    <button type="button" class="quiet" onClick=${out}>Sign out</button>
  </header>`;
}

function App() {
  const [who, setWho] = useState(session());
  const [notice, setNotice] = useState('');
  const path = useRoute();
  useEffect(
    () =>
      onSessionChange((s, why) => {
        if (!s && who)
          setNotice(why === 'expired'
            ? 'Your session has ended (it was idle too long, or ended elsewhere). Sign in again to go on where you were.'
            : 'You are signed out. Sign in again to go on.');
        setWho(s);
      }),
    [who],
  );
  // a tab opened from another (a link opened in a new tab) takes the session of the open ones
  useEffect(() => askOtherTabs(), []);
  // After a move to another page (a link, a key such as n or q, the back button, the sign-in) the focus
  // goes to the new page's main region, unless the page put it in there itself. It was left on the
  // document's body (the link or button pressed was gone with its page), so a screen reader said
  // nothing of the new page and Tab started again at the header. Not on the first load: the browser's.
  const shown = useRef(null);
  useEffect(() => {
    const at = (who ? who.user : '') + ' ' + path;
    if (shown.current !== null && shown.current !== at) {
      const main = document.getElementById('main');
      if (main && !main.contains(document.activeElement)) {
        main.tabIndex = -1;
        main.focus();
      }
    }
    shown.current = at;
  }, [path, who]);
  useEffect(() => {
    const p = pages.find((x) => x.path.test(path));
    document.title = who && p ? `${p.title} · recoup` : 'recoup';
  }, [path, who]);
  if (!who || (who.expires_at && Date.parse(who.expires_at) < Date.now())) return html`<${SignIn} notice=${notice} />`;
  const page = pages.find((p) => p.path.test(path));
  let body;
  if (!page) body = html`<${NotFound} />`;
  else if (!roleAtLeast(who.role, page.role)) body = html`<${Refused} who=${who} page=${page} />`;
  else {
    const m = page.path.exec(path);
    let params = null;
    try {
      params = m.slice(1).map(decodeURIComponent);
    } catch {
      /* a malformed %-escape in the address (a link cut short): no such page, and the app goes on */
    }
    // keyed by the user too: a sign-in as someone else in another tab draws the page again, with their data
    body = params ? html`<${page.page} who=${who} params=${params} key=${who.user + ' ' + path} />` : html`<${NotFound} />`;
  }
  return html`<${Header} who=${who} path=${path} />${body}`;
}

// The page's own "Loading" markup goes in the same frame as the app comes (Preact appends to what it finds).
const root = document.getElementById('app');
root.textContent = '';
render(html`<${App} />`, root);
