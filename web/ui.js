// ui.js: what every page shares: the error note, navigation, key handling.

import { html, useState, useRef, useCallback, useEffect } from './vendor/preact-htm.js';

export function go(path) {
  if (location.hash !== `#${path}`) location.hash = path;
}

// A failed request is shown, never a blank page: the server's sentence, and a way to try again.
export function ErrorNote({ error, onRetry }) {
  if (!error) return null;
  return html`<div class="error" role="alert">
    <strong>${error.status === 403 ? 'Not allowed' : 'Something went wrong'}:</strong> ${error.message}
    ${onRetry && html` <button type="button" onClick=${onRetry}>Try again</button>`}
  </div>`;
}

// True when a key press belongs to a field being typed in, not to the page's shortcuts.
export function typing(e) {
  const t = e.target;
  return !!t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
}

// Marks the moment a page shows its data (performance marks "recoup:NAME"),
// which bench/web reads: the figure is the page's own, not the driver's.
export function ready(name) {
  performance.mark(`recoup:${name}`);
}

// One write at a time: [busy, once]. once(fn) runs fn unless a write of the same
// component is still on its way, in which case it does nothing. A double click, a
// key pressed twice or held down (its repeats) is thus one promise, one call
// logged, one agreement: the state `busy` disables the buttons only from the
// next drawing, and a key's listener sees it only once its effect has run again,
// while the ref is set at once.
export function useOnce() {
  const [busy, setBusy] = useState(false);
  const on = useRef(false);
  const once = useCallback(async (fn) => {
    if (on.current) return undefined;
    on.current = true;
    setBusy(true);
    try {
      return await fn();
    } finally {
      on.current = false;
      setBusy(false);
    }
  }, []);
  return [busy, once];
}

// The page's keys: `handler` is called with each keydown, as the page was last drawn. The
// listener is set up once and calls the latest handler: set up again in an effect (after
// the paint), a key between a drawing and its effect met the page before it (a note typed
// then an outcome logged without the note, t1022; j then Enter opening the account before
// the j, t1025).
export function useKeydown(handler) {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const key = (e) => latest.current(e);
    addEventListener('keydown', key);
    return () => removeEventListener('keydown', key);
  }, []);
}
