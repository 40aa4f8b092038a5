// Persistent bindings: made once on the form page, restored by themselves after a reload and on the
// review page of the same tab's session (same client id, kept in sessionStorage by loader.js).
(function () {
  const { clientId, room } = entangleDemo.page('demo-form');
  const next = document.getElementById('next');
  if (next) next.href = 'review.html' + location.search;

  (async function start() {
    const client = await entangleDemo.connect({ clientId, room });
    const restored = await client.restored;
    entangleDemo.log('restored ' + restored.length + ' binding(s) from earlier pages of this session');
    const links = [...restored];
    for (const id of ['name', 'plan', 'newsletter']) {
      const element = document.getElementById(id);
      if (element && !restored.some(link => link.selector === '#' + id)) {
        links.push(await client.entangle(element, { persistent: true, to: clientId }));
      }
    }
    window.entangleLinks = links;
    document.body.dataset.ready = 'true';
  })().catch(entangleDemo.fail);
})();
