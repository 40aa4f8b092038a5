// The workspace page: a shared code editor with carets and live pointers, the people in the room
// with their status, a durable chat (edit, delete, reactions, search, export, unread) and the
// room's activity. Everything a peer sends is shown with textContent: never markup.
(function () {
  const params = new URLSearchParams(location.search);
  const clientId = entangleDemo.clientId(params);
  const room = params.get('room') || 'workspace';
  const $ = id => document.getElementById(id);
  const phone = window.matchMedia('(max-width: 700px)').matches;
  const REACTIONS = ['👍', '🎉', '❤️'];
  let client = null;
  let chat = null;
  $('me').textContent = clientId;
  $('room').textContent = room;
  $('name').value = params.get('name') || clientId;
  for (const format of ['json', 'csv', 'txt']) {
    $('export-' + format).href = '/rooms/' + encodeURIComponent(room) + '/chat/main/export?format=' + format;
  }
  if (phone) { // panels collapse on a small screen; a tap on a heading opens one
    for (const id of ['people-panel', 'chat-panel', 'activity-panel']) $(id).open = false;
  }

  start().catch(entangleDemo.fail);

  async function start() {
    client = await entangleDemo.connect({
      clientId, room, presence: { name: $('name').value, status: 'idle' },
      awayAfterMs: Number(params.get('awayAfterMs')) || 60000,
    });
    const nameOf = id => {
      const member = client.presence.others.find(m => m.clientId === id);
      return member && member.name ? member.name : id;
    };
    entangleCarets($('code'), $('carets'), nameOf);
    await client.text($('code'), { doc: 'code' });
    client.cursors($('board'), { area: 'board' });
    chat = client.chat('main');
    window.workspace = { client, chat, activity: client.activity };

    client.on('presence', showPeople);
    client.on('status', status => { if (status === 'connected') showPeople(); });
    showPeople();
    chat.on('message', showMessages);
    for (const event of ['edit', 'delete', 'reaction', 'confirmed', 'history', 'read']) chat.on(event, showMessages);
    showMessages();
    client.activity.on('activity', showActivity);
    showActivity();
    wireForms();
    document.body.dataset.ready = 'true';
  }

  function wireForms() {
    $('name').addEventListener('change', () => client.presence.set({ name: $('name').value.trim() || null }));
    $('my-status').addEventListener('change', () => client.presence.set({ status: $('my-status').value }));
    $('run').addEventListener('click', async () => {
      client.presence.set({ status: 'running' });
      $('my-status').value = 'running';
      const lines = $('code').value.split('\n').length;
      await client.activity.post({ type: 'run', summary: ($('name').value || clientId) + ' ran the code (' + lines + ' lines)', lines });
      setTimeout(() => { client.presence.set({ status: 'editing' }); $('my-status').value = 'editing'; }, 2000);
    });
    $('chat-form').addEventListener('submit', e => {
      e.preventDefault();
      const text = $('chat-input').value;
      if (text.trim() === '') return;
      $('chat-input').value = '';
      chat.send(text).catch(error => showError(error));
    });
    $('search-form').addEventListener('submit', async e => {
      e.preventDefault();
      const query = $('search').value.trim();
      $('found').replaceChildren();
      if (query === '') return;
      const found = await chat.search(query);
      for (const message of found) {
        const item = document.createElement('li');
        item.dataset.id = message.id;
        item.textContent = (message.name || message.author) + ': ' + message.text;
        $('found').append(item);
      }
      $('found').dataset.searched = query;
    });
    $('chat-panel').addEventListener('toggle', markRead);
    document.addEventListener('visibilitychange', markRead);
  }

  function showPeople() {
    const list = $('people');
    list.replaceChildren();
    const everyone = [{ ...client.presence.me, me: true }, ...client.presence.others];
    for (const member of everyone) {
      const item = document.createElement('li');
      item.dataset.client = member.clientId;
      item.dataset.status = member.status;
      item.dataset.typing = String(member.typing);
      const dot = document.createElement('span');
      dot.className = 'dot';
      dot.style.background = CSS.supports('color', member.color || '') ? member.color : colourOf(member.clientId);
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = (member.name || member.clientId) + (member.me ? ' (you)' : '');
      const status = document.createElement('span');
      status.className = 'status';
      status.dataset.status = member.status;
      status.textContent = member.status + (member.typing ? ' · typing…' : '');
      item.append(dot, name, status);
      list.append(item);
    }
    $('people-count').textContent = String(everyone.length);
    const typing = client.presence.others.filter(m => m.typing).map(m => m.name || m.clientId);
    $('typing').textContent = typing.length === 0 ? '' : typing.join(', ') + (typing.length === 1 ? ' is' : ' are') + ' typing…';
  }

  function showMessages() {
    const list = $('messages');
    const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 4;
    list.replaceChildren();
    for (const message of chat.messages) list.append(messageItem(message));
    if (atBottom) list.scrollTop = list.scrollHeight;
    markRead();
    const unread = chat.unread;
    $('unread').textContent = String(unread);
    $('unread').hidden = unread === 0;
  }

  function messageItem(message) {
    const item = document.createElement('li');
    item.dataset.id = message.id;
    item.dataset.pending = String(message.pending === true);
    const author = document.createElement('span');
    author.className = 'author';
    author.textContent = message.name || message.author;
    const text = document.createElement('span');
    text.className = 'text';
    text.textContent = message.text;
    const meta = document.createElement('div');
    meta.className = 'meta-line';
    meta.textContent = new Date(message.at).toLocaleTimeString() + (message.edited ? ' · edited' : '')
        + (message.pending ? ' · sending…' : '');
    const reactions = document.createElement('span');
    reactions.className = 'reactions';
    for (const emoji of REACTIONS) {
      const who = (message.reactions && message.reactions[emoji]) || [];
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.emoji = emoji;
      button.dataset.mine = String(who.includes(clientId));
      button.textContent = emoji + (who.length ? ' ' + who.length : '');
      button.disabled = message.pending === true;
      button.addEventListener('click', () => chat.react(message.id, emoji).catch(showError));
      reactions.append(button);
    }
    meta.append(' ', reactions);
    if (message.author === clientId && !message.pending) {
      const edit = document.createElement('button');
      edit.type = 'button';
      edit.className = 'edit';
      edit.textContent = 'edit';
      edit.addEventListener('click', () => startEdit(item, message));
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'delete';
      remove.textContent = 'delete';
      remove.addEventListener('click', () => chat.delete(message.id).catch(showError));
      meta.append(edit, remove);
    }
    item.append(author, text, meta);
    return item;
  }

  function startEdit(item, message) {
    const form = document.createElement('form');
    form.className = 'chat-form edit-form';
    const input = document.createElement('input');
    input.value = message.text;
    input.setAttribute('data-entangle-chat', '');
    form.append(input);
    form.addEventListener('submit', e => {
      e.preventDefault();
      chat.edit(message.id, input.value).catch(showError);
    });
    item.querySelector('.text').replaceWith(form);
    input.focus();
  }

  function markRead() {
    const messages = chat ? chat.messages.filter(m => !m.pending) : [];
    if (messages.length > 0 && chat.unread > 0 && $('chat-panel').open && document.visibilityState === 'visible') {
      chat.markRead(messages[messages.length - 1].id).then(() => {
        $('unread').textContent = String(chat.unread);
        $('unread').hidden = chat.unread === 0;
      }).catch(() => { /* marked on the next connection */ });
    }
  }

  function showActivity() {
    const list = $('activity');
    list.replaceChildren();
    for (const entry of [...client.activity.entries].reverse()) {
      const item = document.createElement('li');
      item.dataset.type = entry.type;
      item.textContent = new Date(entry.at).toLocaleTimeString() + ' ' + entry.summary;
      list.append(item);
    }
  }

  function showError(error) {
    const line = document.createElement('li');
    line.className = 'error';
    line.textContent = (error && error.code ? error.code + ': ' : '') + (error && error.message ? error.message : String(error));
    $('messages').append(line);
  }
})();
