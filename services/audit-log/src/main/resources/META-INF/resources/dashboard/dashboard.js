// The fleet dashboard: plain JS, no build step. Reads /api/dashboard/*, refreshes on /api/stream (SSE).
// The grid shows one server-side page at a time, so 10,000 stores never reach the DOM at once.
(function () {
  'use strict';
  const PAGE = 100;
  const STATES = ['ErrApplied', 'WaitApplied', 'Modified', 'OutOfSync', 'Pending', 'NotReady', 'Ready', 'Offline'];
  const $ = (id) => document.getElementById(id);
  let offset = 0;
  let total = 0;

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
    children.forEach((c) => e.append(c));
    return e;
  }

  function card(label, value, cls) {
    return el('div', { class: 'card ' + (cls || '') }, el('b', {}, String(value)), label);
  }

  // the operator token (viewer suffices): given once as #token=... in the URL, kept for this tab only
  const fromUrl = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromUrl) { sessionStorage.setItem('storefleet.token', fromUrl); history.replaceState(null, '', location.pathname + location.search); }
  const token = sessionStorage.getItem('storefleet.token');

  async function getJson(url) {
    const r = await fetch(url, token ? { headers: { Authorization: 'Bearer ' + token } } : {});
    if (!r.ok) throw new Error(url + ' → ' + r.status);
    return r.json();
  }

  async function loadSummary() {
    const d = await getJson('/api/dashboard/summary');
    const s = d.summary;
    $('total').replaceChildren(el('b', {}, String(s.stores)), 'stores · ' + s.online + ' online · ' + s.offline + ' offline');
    $('states').replaceChildren(...Object.entries(s.byState).map(([st, n]) => card(st, n, 's-' + st)));
    const versions = Object.entries(d.byCommit).sort((a, b) => b[1] - a[1]);
    $('versions').replaceChildren(...(versions.length ? versions.map(([c, n]) => card(c.substring(0, 12), n)) : ['none yet']));
    $('seq').textContent = 'ledger seq ' + d.ledgerSeq;
    // regions from the streamed inventory; keep the operator's choice while the list refreshes
    const chosen = $('region').value;
    const regions = Object.keys(d.byRegion || {}).sort();
    $('region').replaceChildren(el('option', { value: '' }, 'any'),
      ...regions.map((r) => el('option', { value: r }, r + ' (' + d.byRegion[r] + ')')));
    $('region').value = regions.includes(chosen) ? chosen : '';
  }

  async function loadRollouts() {
    const list = await getJson('/api/dashboard/rollouts?limit=10');
    $('rollouts').tBodies[0].replaceChildren(...(list.length ? list.map((r) => el('tr', { 'data-rollout': r.rolloutId },
      el('td', {}, r.rolloutId), el('td', { class: 'r-' + r.state }, r.state),
      el('td', {}, r.wave < 0 ? '–' : (r.wave + 1) + ' / ' + r.waves + (r.waveName ? ' (' + r.waveName + ')' : '')),
      el('td', {}, progressBar(r.ready, r.released, r.stores), ' ' + r.ready + ' / ' + r.released + ' / ' + r.stores
        + (r.failed ? ' · ' + r.failed + ' ErrApplied' : '')),
      el('td', {}, r.detail || ''))) : [el('tr', {}, el('td', { colspan: '5' }, 'no rollouts yet'))]));
  }

  function progressBar(ready, released, stores) {
    const bar = el('span', { class: 'bar' });
    const pct = (n) => (stores ? Math.round(100 * n / stores) : 0) + '%';
    bar.append(el('span', { class: 'released', style: 'width:' + pct(released) }),
      el('span', { class: 'ready', style: 'width:' + pct(ready) }));
    return bar;
  }

  function labelsText(s) {
    const labels = Object.entries(s.labels || {}).map(([k, v]) => k + '=' + v).join(', ');
    return (s.region || '–') + (labels ? ' · ' + labels : '');
  }

  function bundleCell(bundles) {
    const td = el('td', {});
    bundles.forEach((b) => {
      const line = el('div', {}, b.bundle + ': ' + short(b.appliedCommit) + ' / ' + short(b.desiredCommit) + ' ',
        el('span', { class: 's-' + b.state }, b.state));
      if (b.message && b.state !== 'Ready') line.append(el('span', { class: 'drift' }, ' (' + b.message + ')'));
      td.append(line);
    });
    return td;
  }

  function short(c) { return c ? c.substring(0, 8) : '–'; }

  async function loadStores() {
    const params = new URLSearchParams({ offset, limit: PAGE });
    if ($('state').value) params.set('state', $('state').value);
    if ($('q').value) params.set('q', $('q').value);
    if ($('region').value) params.set('region', $('region').value);
    if ($('label').value) params.set('label', $('label').value);
    const page = await getJson('/api/dashboard/stores?' + params);
    total = page.total;
    $('count').textContent = total + ' matching';
    $('page').textContent = total ? (offset + 1) + '–' + Math.min(offset + PAGE, total) : '';
    $('prev').disabled = offset === 0;
    $('next').disabled = offset + PAGE >= total;
    $('grid').tBodies[0].replaceChildren(...page.items.map((s) => el('tr', { 'data-store': s.id },
      el('td', {}, s.id), el('td', { class: 's-' + s.state }, s.state), el('td', {}, s.online ? 'yes' : 'OFFLINE'),
      el('td', {}, s.lastSeen || '–'), el('td', { class: 'labels' }, labelsText(s)), bundleCell(s.bundles))));
  }

  async function refresh() {
    try {
      await Promise.all([loadSummary(), loadStores(), loadRollouts()]);
      document.body.dataset.loaded = 'true';
    } catch (e) {
      console.error(e);
    }
  }

  STATES.forEach((st) => $('state').append(el('option', { value: st }, st)));
  $('state').addEventListener('change', () => { offset = 0; loadStores(); });
  $('region').addEventListener('change', () => { offset = 0; loadStores(); });
  let typing;
  const typed = () => { clearTimeout(typing); typing = setTimeout(() => { offset = 0; loadStores(); }, 250); };
  $('q').addEventListener('input', typed);
  $('label').addEventListener('input', typed);
  $('prev').addEventListener('click', () => { offset = Math.max(0, offset - PAGE); loadStores(); });
  $('next').addEventListener('click', () => { offset += PAGE; loadStores(); });

  // EventSource cannot send headers: the API takes a reading token as access_token on GETs
  const stream = new EventSource('/api/stream' + (token ? '?access_token=' + encodeURIComponent(token) : ''));
  stream.onopen = () => { $('live').textContent = 'live'; $('live').className = 'live on'; };
  stream.onerror = () => { $('live').textContent = 'reconnecting'; $('live').className = 'live off'; };
  let pending;
  stream.onmessage = () => { clearTimeout(pending); pending = setTimeout(refresh, 200); };
  refresh();
})();
