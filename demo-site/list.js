// A shared list: the <ul>'s children are entangled as a sanitised structure (children: true).
(function () {
  const { clientId, room } = entangleDemo.page('demo-list');
  const list = document.getElementById('items');

  // Items carry their buttons; clicks are handled here by delegation, so the list holds no handlers.
  function item(text) {
    const li = document.createElement('li');
    const label = document.createElement('span');
    label.textContent = text;
    const up = document.createElement('button');
    up.type = 'button'; up.className = 'up'; up.textContent = '↑';
    const remove = document.createElement('button');
    remove.type = 'button'; remove.className = 'remove'; remove.textContent = '×';
    li.append(label, ' ', up, ' ', remove);
    return li;
  }
  list.addEventListener('click', e => {
    const li = e.target.closest('li');
    if (!li) return;
    if (e.target.classList.contains('remove')) li.remove();
    if (e.target.classList.contains('up') && li.previousElementSibling) li.previousElementSibling.before(li);
  });
  document.getElementById('add-form').addEventListener('submit', e => {
    e.preventDefault();
    const input = document.getElementById('new-item');
    if (input.value.trim()) list.append(item(input.value.trim()));
    input.value = '';
  });

  (async function start() {
    const client = await entangleDemo.connect({ clientId, room });
    client.on('error', e => entangleDemo.log('refused: ' + e.code + ': ' + e.message));
    window.entangleLinks = [await client.entangle(list, { children: true, batch: 0 })];
    document.body.dataset.ready = 'true';
  })().catch(entangleDemo.fail);
})();
