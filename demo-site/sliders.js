// Transforms: ?side=right shows the balance inverted; ?unit=f shows the temperature in Fahrenheit.
(function () {
  const { params, clientId, room } = entangleDemo.page('demo-sliders');
  const balance = document.getElementById('balance');
  const show = () => { document.getElementById('balance-value').textContent = balance.value; };
  balance.addEventListener('input', show);
  document.addEventListener('entangle-mutation', show);

  (async function start() {
    const client = await entangleDemo.connect({ clientId, room });
    // A named transform: the hub keeps Celsius; this window shows (and types) Fahrenheit.
    Entangle.registerTransform('celsius-to-fahrenheit',
        c => String(Math.round((Number(c) * 9 / 5 + 32) * 1e6) / 1e6),
        f => String(Math.round((Number(f) - 32) * 5 / 9 * 1e6) / 1e6));
    const fahrenheit = params.get('unit') === 'f';
    if (fahrenheit) document.getElementById('unit').textContent = '°F';
    window.entangleLinks = [
      await client.entangle(balance, params.get('side') === 'right' ? { transform: { inverse: [0, 100] } } : {}),
      await client.entangle(document.getElementById('temperature'),
          fahrenheit ? { transform: 'celsius-to-fahrenheit', batch: 0 } : { batch: 0 })
    ];
    show();
    document.body.dataset.ready = 'true';
  })().catch(entangleDemo.fail);
})();
