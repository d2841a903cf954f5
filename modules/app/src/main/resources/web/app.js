'use strict';
// Live view of dipwatch escalations. News text is only ever inserted with textContent, never as HTML.
(function () {
  const current = new Map();
  const LEVEL_ORDER = { CRITICAL: 0, WARNING: 1, WATCH: 2 };
  const rows = document.getElementById('rows');
  const filter = document.getElementById('filter');
  const connection = document.getElementById('connection');

  function cell(text, cls) {
    const td = document.createElement('td');
    td.textContent = text == null ? '' : String(text);
    if (cls) td.className = cls;
    return td;
  }

  function safeUrl(url) {
    try {
      const u = new URL(url);
      return (u.protocol === 'http:' || u.protocol === 'https:') ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  function shown(e) {
    return e.status === 'RESOLVED' ? 'RESOLVED' : e.level;
  }

  function matches(e, q) {
    if (!q) return true;
    const hay = [e.key, e.level, e.status].concat(e.actors || [], e.categories || []).join(' ').toLowerCase();
    return q.toLowerCase().split(/\s+/).every(function (w) { return hay.indexOf(w) >= 0; });
  }

  function render() {
    const list = Array.from(current.values()).filter(function (e) { return matches(e, filter.value.trim()); });
    list.sort(function (a, b) {
      const ra = a.status === 'RESOLVED' ? 9 : LEVEL_ORDER[a.level];
      const rb = b.status === 'RESOLVED' ? 9 : LEVEL_ORDER[b.level];
      return ra - rb || (b.score || 0) - (a.score || 0);
    });
    rows.replaceChildren();
    if (list.length === 0) {
      const tr = document.createElement('tr');
      tr.className = 'empty';
      const td = cell('No escalations yet.');
      td.colSpan = 10;
      tr.appendChild(td);
      rows.appendChild(tr);
    }
    const counts = { CRITICAL: 0, WARNING: 0, WATCH: 0, RESOLVED: 0 };
    current.forEach(function (e) { counts[shown(e)] = (counts[shown(e)] || 0) + 1; });
    Object.keys(counts).forEach(function (k) {
      const el = document.getElementById('count-' + k);
      if (el) el.textContent = counts[k];
    });
    list.forEach(function (e) {
      const tr = document.createElement('tr');
      tr.className = 'row-' + shown(e);
      tr.dataset.key = e.key;
      const level = document.createElement('td');
      const badge = document.createElement('span');
      badge.className = 'badge badge-' + shown(e);
      badge.textContent = e.level;
      level.appendChild(badge);
      tr.appendChild(level);
      tr.appendChild(cell(e.key, 'key'));
      tr.appendChild(cell(e.status, 'status'));
      tr.appendChild(cell((e.categories || []).join(', '), 'categories'));
      tr.appendChild(cell(e.stories));
      tr.appendChild(cell(e.sources));
      tr.appendChild(cell((e.windowStart || '').slice(0, 10) + ' → ' + (e.windowEnd || '').slice(0, 10)));
      tr.appendChild(cell(e.reason, 'reason'));
      const ev = document.createElement('td');
      ev.className = 'evidence';
      (e.evidence || []).slice(0, 3).forEach(function (item) {
        const href = safeUrl(item.url);
        const a = document.createElement(href ? 'a' : 'span');
        if (href) { a.href = href; a.rel = 'noopener noreferrer'; a.target = '_blank'; }
        a.textContent = (item.source ? item.source + ': ' : '') + (item.title || item.id);
        ev.appendChild(a);
      });
      tr.appendChild(ev);
      tr.appendChild(cell(e.version));
      rows.appendChild(tr);
    });
  }

  function connect() {
    const source = new EventSource('/api/live');
    source.onopen = function () {
      connection.textContent = 'live';
      connection.className = 'conn conn-on';
      connection.dataset.state = 'live';
    };
    source.onerror = function () {
      connection.textContent = 'reconnecting…';
      connection.className = 'conn conn-off';
      connection.dataset.state = 'reconnecting';
    };
    source.addEventListener('escalation', function (msg) {
      const e = JSON.parse(msg.data);
      if (e.deleted) current.delete(e.key); else current.set(e.key, e);
      document.getElementById('updated').textContent = new Date().toLocaleTimeString();
      render();
    });
  }

  // Links from Slack and webhooks open #/escalations/<key>: show that key.
  function followHash() {
    const prefix = '#/escalations/';
    if (location.hash.indexOf(prefix) === 0) {
      filter.value = decodeURIComponent(location.hash.slice(prefix.length));
      render();
    }
  }

  filter.addEventListener('input', render);
  window.addEventListener('hashchange', followHash);
  followHash();
  connect();
})();
