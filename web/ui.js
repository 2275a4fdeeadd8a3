// ui.js: what every page shares: the error note, navigation, key handling.

import { html } from './vendor/preact-htm.js';

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
