// A mesh: alice, bob and carol each bind the three switches to the other two; every flip reaches everyone.
(function () {
  const { clientId, room } = entangleDemo.page('demo-mesh', 'alice');

  (async function start() {
    const client = await entangleDemo.connect({ clientId, room });
    const switches = ['lights', 'music', 'heating'].map(id => document.getElementById(id));
    window.entangleLinks = await client.mesh(switches, ['alice', 'bob', 'carol']);
    document.body.dataset.ready = 'true';
  })().catch(entangleDemo.fail);
})();
