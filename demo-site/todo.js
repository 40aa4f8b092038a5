// Shared todos: named operations with optimistic results, the hub's rules, and a local store.
(function () {
  const { params, clientId, room } = entangleDemo.page('todos');

  // The page's mutators: the same rules as the hub's (dev.entangle.demo.TodoMutators, in
  // demo-site/src/main/java). They run at once here; the hub runs its own again, and its result is
  // the one that stays.
  const mutators = {
    addTodo(tx, { id, title }) {
      const order = tx.list('todo').reduce((max, t) => Math.max(max, t.order), 0) + 1;
      tx.put('todo', id, { title, done: false, order });
    },
    toggleTodo(tx, { id, done }) {
      const todo = tx.get('todo', id);
      if (todo) tx.put('todo', id, { title: todo.title, done, order: todo.order });
    },
    renameTodo(tx, { id, title }) {
      const todo = tx.get('todo', id);
      if (todo) tx.put('todo', id, { title, done: todo.done, order: todo.order });
    },
    moveTodo(tx, { id, by }) {
      const list = tx.list('todo').sort((a, b) => a.order - b.order);
      const at = list.findIndex(t => t.id === id);
      const other = list[at + by];
      if (at < 0 || !other) return;
      const todo = list[at];
      tx.put('todo', todo.id, { title: todo.title, done: todo.done, order: other.order });
      tx.put('todo', other.id, { title: other.title, done: other.done, order: todo.order });
    },
    deleteTodo(tx, { id }) {
      tx.delete('todo', id);
    }
  };

  const list = document.getElementById('todos');
  const refusal = document.getElementById('refusal');

  // Rows are kept by id and updated in place, so a click or a caret in a title survives a remote change.
  function row(id) {
    const li = document.createElement('li');
    li.dataset.id = id;
    const done = document.createElement('input');
    done.type = 'checkbox'; done.className = 'toggle';
    const title = document.createElement('input');
    title.className = 'title';
    const up = document.createElement('button');
    up.type = 'button'; up.className = 'up'; up.textContent = '↑';
    const down = document.createElement('button');
    down.type = 'button'; down.className = 'down'; down.textContent = '↓';
    const remove = document.createElement('button');
    remove.type = 'button'; remove.className = 'delete'; remove.textContent = '×';
    li.append(done, ' ', title, ' ', up, down, ' ', remove);
    return li;
  }

  function render(todos) {
    const rows = new Map([...list.children].map(li => [li.dataset.id, li]));
    todos.forEach((todo, i) => {
      const li = rows.get(todo.id) || row(todo.id);
      rows.delete(todo.id);
      li.classList.toggle('done', todo.done);
      li.querySelector('.toggle').checked = todo.done;
      const title = li.querySelector('.title');
      if (document.activeElement !== title) title.value = todo.title; // a value, never markup
      if (list.children[i] !== li) list.insertBefore(li, list.children[i] || null);
    });
    rows.forEach(li => li.remove());
  }

  (async function start() {
    await entangleDemo.load();
    const transport = params.get('transport') || 'auto';
    const client = await Entangle.sync({ room, clientId: clientId + '-sync', mutators, transport });
    window.syncClient = client;
    const todos = client.collection('todo');
    const show = () => {
      render(todos.orderBy('order'));
      document.getElementById('transport').textContent = client.transport;
      document.getElementById('version').textContent = String(client.stateVersion);
      document.getElementById('pending').textContent = String(client.pending);
      showSync(client.pending);
    };
    todos.subscribe(show);
    client.onStateChange(show);
    const status = s => showStatus(s === 'online' ? 'connected' : s === 'offline' ? 'disconnected' : s);
    window.statusLog = [];
    status(client.status);
    client.on('status', status);
    client.on('clients', ids => {
      document.getElementById('clients').textContent = ids.length ? ids.join(', ') : 'none';
    });
    client.onRollback(r => {
      refusal.textContent = 'The hub refused ' + (r.name || 'an operation') + ': ' + r.message;
      refusal.dataset.code = r.code;
      entangleDemo.log('rolled back ' + (r.name || '') + ': ' + r.message);
    });

    const act = (name, args) => client.mutate(name, args).catch(e => entangleDemo.log(name + ' refused: ' + e.message));
    document.getElementById('add-form').addEventListener('submit', e => {
      e.preventDefault();
      const input = document.getElementById('new-title');
      act('addTodo', { id: 't-' + Math.random().toString(36).slice(2, 10), title: input.value });
      input.value = '';
    });
    list.addEventListener('change', e => {
      const id = e.target.closest('li').dataset.id;
      if (e.target.classList.contains('toggle')) act('toggleTodo', { id, done: e.target.checked });
      if (e.target.classList.contains('title')) act('renameTodo', { id, title: e.target.value });
    });
    list.addEventListener('click', e => {
      const li = e.target.closest('li');
      if (!li) return;
      if (e.target.classList.contains('up')) act('moveTodo', { id: li.dataset.id, by: -1 });
      if (e.target.classList.contains('down')) act('moveTodo', { id: li.dataset.id, by: 1 });
      if (e.target.classList.contains('delete')) act('deleteTodo', { id: li.dataset.id });
    });
    document.getElementById('backup').addEventListener('click', () => {
      const a = document.createElement('a');
      a.href = URL.createObjectURL(client.backup());
      a.download = 'todos-backup.json';
      a.click();
    });
    document.getElementById('restore').addEventListener('change', e => {
      const file = e.target.files[0];
      if (file) client.restore(file).then(() => entangleDemo.log('restored ' + file.name), entangleDemo.fail);
    });
    document.body.dataset.ready = 'true';
  })().catch(entangleDemo.fail);
})();
