// Ownership: the speed dial is owned; take, release and hand over the token, all decided by the hub.
(function () {
  const { clientId, room } = entangleDemo.page('demo-control');
  const speed = document.getElementById('speed');
  const show = () => { document.getElementById('speed-value').textContent = speed.value; };
  speed.addEventListener('input', show);
  document.addEventListener('entangle-mutation', show);

  (async function start() {
    const client = await entangleDemo.connect({ clientId, room });
    client.on('error', e => entangleDemo.log('refused: ' + e.code + ': ' + e.message));
    const link = await client.entangle(speed, { ownership: true, persistent: true });
    window.entangleLinks = [link];
    const showOwner = () => {
      const owner = link.ownership.owner;
      document.getElementById('owner').textContent = owner === null ? 'nobody' : owner === clientId ? 'you' : owner;
      document.getElementById('owner').dataset.owner = owner === null ? '' : owner;
      speed.classList.toggle('locked', !link.ownership.mine);
      if (!link.ownership.mine) document.getElementById('give').hidden = true;
    };
    speed.addEventListener('entangle-awareness', e => {
      if (e.detail.type === 'ownership-requested') {
        document.getElementById('asker').textContent = e.detail.from;
        document.getElementById('give').hidden = false;
      }
      showOwner();
    });
    const act = promise => promise.catch(e => entangleDemo.log(e.message));
    document.getElementById('take').onclick = () => act(link.ownership.request());
    document.getElementById('release').onclick = () => act(link.ownership.release());
    document.getElementById('give').onclick = () =>
        act(link.ownership.transfer(document.getElementById('asker').textContent));
    showOwner();
    show();
    document.body.dataset.ready = 'true';
  })().catch(entangleDemo.fail);
})();
