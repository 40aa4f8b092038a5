// The collaborative text page: one textarea bound to a shared document, with the peers' carets.
(function () {
  const params = new URLSearchParams(location.search);
  const clientId = entangleDemo.clientId(params);
  const room = params.get('room') || 'demo';
  const doc = params.get('doc') || 'notes';
  const notes = document.getElementById('notes');
  document.getElementById('me').textContent = clientId;
  document.getElementById('room').textContent = room;
  entangleCarets(notes, document.getElementById('carets'));

  start().catch(entangleDemo.fail);

  async function start() {
    const client = await entangleDemo.connect({ clientId, room });
    window.entangleText = await client.text(notes, { doc });
    document.body.dataset.ready = 'true';
  }
})();
