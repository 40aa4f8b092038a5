// The demo page: loads the JS or the Wasm build, connects, and entangles three controls.
// Everything Entangle-specific is in start(); the rest is page furniture.
(function () {
  const params = new URLSearchParams(location.search);
  const clientId = entangleDemo.clientId(params);
  const room = params.get('room') || 'demo';
  // ?mirror=volume,muted makes those controls one-way sources: their changes go out, nothing comes in.
  const mirrors = new Set((params.get('mirror') || '').split(',').filter(Boolean));
  // ?batch=0 sends every change at once (the default merges changes to one value within 16 ms).
  const batch = params.has('batch') ? Number(params.get('batch')) : null;

  document.getElementById('me').textContent = clientId;
  document.getElementById('room').textContent = room;
  document.getElementById('mode').textContent = mirrors.size ? 'mirror for ' + [...mirrors].join(', ') : 'bidirectional';

  start().catch(showFailure);

  async function start() {
    const client = await entangleDemo.connect({ clientId, room });
    client.on('error', e => log('error ' + e.code + ': ' + e.message));

    const links = [];
    for (const id of ['volume', 'muted', 'title']) {
      const mode = mirrors.has(id) ? 'mirror' : 'bidirectional';
      links.push(await client.entangle(document.getElementById(id), batch === null ? { to: '*', mode } : { to: '*', mode, batch }));
    }
    window.entangleLinks = links;
    document.body.dataset.ready = 'true';
  }

  function showFailure(error) {
    entangleDemo.fail(error);
    log('failed: ' + document.body.dataset.failed);
  }

  function log(text) {
    const item = document.createElement('li');
    item.textContent = text; // text, never markup: peers' values may hold anything
    const list = document.getElementById('log');
    list.prepend(item);
    while (list.children.length > 20) list.lastChild.remove();
  }

  const volume = document.getElementById('volume');
  const showVolume = () => { document.getElementById('volume-value').textContent = volume.value; };
  volume.addEventListener('input', showVolume);
  document.addEventListener('entangle-awareness', e => {
    if (e.detail.clientId) log(e.detail.clientId + ' ' + e.detail.type);
  });
  document.addEventListener('entangle-mutation', e => {
    showVolume();
    const d = e.detail;
    log(d.source + ' set ' + d.selector + ' ' + (d.name || 'text') + ' to ' + JSON.stringify(d.value));
  });
})();
