// early.js: the page's own API requests, started as the document is parsed
// (a classic script, first in <head>), while the modules are still being
// fetched and revalidated: the page's data and its code arrive side by side
// instead of one after the other. Only for a signed-in tab (the session
// api.js keeps in sessionStorage) on the queue or an account, the two pages
// a collector loads all day (issue 13). api.js hands each answer to the
// first GET of the same path, once (window.recoupEarly, a Map path ->
// fetch promise); a path nobody asks for is simply dropped. The requests
// are the ones queue.js and account.js make (t1016 checks that a reload
// asks each of them once): keep the two lists alike.
(function () {
  'use strict';
  try {
    var s = JSON.parse(sessionStorage.getItem('recoup.session') || 'null');
    if (!s || (s.expires_at && Date.parse(s.expires_at) < Date.now())) return;
    var h = location.hash.replace(/^#/, '');
    var path = h && h !== '/' ? h : '/queue';
    var urls = [];
    var m = /^\/account\/(.+)$/.exec(path);
    if (path === '/queue') urls = ['/api/v1/queue'];
    else if (m) {
      var q = encodeURIComponent(decodeURIComponent(m[1]));
      urls = ['/api/v1/accounts/' + q];
      ['promises', 'plans', 'settlements', 'disputes'].forEach(function (k) {
        urls.push('/api/v1/' + k + '?customer=' + q + '&limit=50');
      });
    }
    var early = new Map();
    urls.forEach(function (u) {
      var p = fetch(u, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      p.catch(function () {}); // an answer nobody takes is no unhandled rejection; the taker sees the failure
      early.set(u, p);
    });
    window.recoupEarly = early;
  } catch (e) {
    // a malformed address or no sessionStorage: the page asks for itself
  }
})();
