// Shared by the demo pages: loads the Entangle build the page asks for (?build=wasm for
// WebAssembly, JavaScript otherwise), connects, and keeps the status badge up to date.
window.entangleDemo = {
  /** Resolves with the connected client; window.entangleClient and window.statusLog are set for tests. */
  async connect({ clientId, room, teams, ...more }) {
    await entangleDemo.load();
    window.statusLog = [];
    const client = await Entangle.connect(teams ? { clientId, room, teams, ...more } : { clientId, room, ...more });
    window.entangleClient = client;
    showStatus(client.status);
    client.on('status', showStatus);
    showSync(client.pending);
    client.on('unsynced', e => showSync(e.pending));
    client.on('synced', () => showSync(0));
    return client;
  },

  /** Loads the build the page asks for (?build=wasm for WebAssembly) and waits until it is ready. */
  async load() {
    const build = new URLSearchParams(location.search).get('build') === 'wasm' ? 'wasm' : 'js';
    await new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = build === 'wasm' ? '/entangle-wasm.js' : '/entangle.js';
      script.onload = resolve;
      script.onerror = () => reject(new Error('could not load ' + script.src + ' (build the client first)'));
      document.head.appendChild(script);
    });
    await Entangle.ready;
    document.getElementById('build').textContent = build === 'wasm' ? 'WebAssembly' : 'JavaScript';
    return Entangle;
  },

  /**
   * This tab's client id: ?client=… when given, else one made up once per tab and kept in
   * sessionStorage, so a reload is the same client and finds its outbox (changes made offline).
   */
  clientId(params) {
    const given = params.get('client');
    if (given) {
      return given;
    }
    let id = sessionStorage.getItem('entangle-demo-client');
    if (!id) {
      id = 'user-' + Math.random().toString(36).slice(2, 8);
      sessionStorage.setItem('entangle-demo-client', id);
    }
    return id;
  },

  /**
   * The furniture every feature page shares: who and where (?client=, ?room=), the build,
   * connection and sync badges under the header, and a log of what happened (awareness events and
   * remote changes). Returns { params, clientId, room }.
   */
  page(defaultRoom, defaultClient) {
    const params = new URLSearchParams(location.search);
    const clientId = defaultClient && !params.get('client') ? defaultClient : entangleDemo.clientId(params);
    const room = params.get('room') || defaultRoom;
    const meta = document.createElement('p');
    meta.className = 'meta';
    meta.append('You are ', strong('me', clientId), ' in room ', strong('room', room), ', ');
    const build = document.createElement('span');
    build.id = 'build';
    meta.append(build, ' build · ', badge('status', 'connecting'), ' · ', badge('sync', 'synced', 'saved'), ' · ');
    const all = document.createElement('a');
    all.href = 'index.html';
    all.textContent = 'all demos';
    meta.append(all);
    document.querySelector('header').append(meta);
    const section = document.createElement('section');
    const heading = document.createElement('h2');
    heading.textContent = 'What happened';
    const log = document.createElement('ol');
    log.id = 'log';
    log.reversed = true;
    section.append(heading, log);
    document.querySelector('main').after(section);
    entangleDemo.logActivity();
    return { params, clientId, room };

    function strong(id, text) {
      const element = document.createElement('strong');
      element.id = id;
      element.textContent = text;
      return element;
    }

    function badge(id, state, text) {
      const element = document.createElement('span');
      element.id = id;
      element.dataset[id] = state;
      element.textContent = text || state;
      return element;
    }
  },

  /** Adds a line to the page's #log list: text, never markup (peers' values may hold anything). */
  log(text) {
    const list = document.getElementById('log');
    if (!list) return;
    const item = document.createElement('li');
    item.textContent = text;
    list.prepend(item);
    while (list.children.length > 30) list.lastChild.remove();
  },

  /** Logs every awareness event (peers joining and leaving, ownership moving) and remote change. */
  logActivity() {
    document.addEventListener('entangle-awareness', e => {
      const d = e.detail;
      if (d.type === 'ownership') entangleDemo.log((d.owner || 'nobody') + ' now holds ' + d.selector);
      else if (d.type === 'ownership-requested') entangleDemo.log(d.from + ' asks for ' + d.selector);
      else entangleDemo.log(d.clientId + ' ' + d.type + (d.teams.length ? ' (teams ' + d.teams.join(', ') + ')' : ''));
    });
    document.addEventListener('entangle-mutation', e => {
      const d = e.detail;
      entangleDemo.log(d.source + ' changed ' + d.selector + (d.name ? ' ' + d.name : '') + ' to '
          + (d.kind === 'children' ? 'a new list' : JSON.stringify(d.value)));
    });
  },

  /** Marks the page as failed to start (tests read body[data-failed]). */
  fail(error) {
    document.body.dataset.failed = String(error && error.message || error);
  }
};

function showSync(pending) {
  const badge = document.getElementById('sync');
  badge.textContent = pending > 0 ? 'saving…' : 'saved';
  badge.dataset.sync = pending > 0 ? 'unsynced' : 'synced';
}

function showStatus(status) {
  window.statusLog.push(status);
  const badge = document.getElementById('status');
  badge.textContent = status;
  badge.dataset.status = status;
}
