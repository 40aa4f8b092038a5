// The collaborative text page: one textarea bound to a shared document, with the peers' carets.
(function () {
  const params = new URLSearchParams(location.search);
  const clientId = entangleDemo.clientId(params);
  const room = params.get('room') || 'demo';
  const doc = params.get('doc') || 'notes';
  const notes = document.getElementById('notes');
  document.getElementById('me').textContent = clientId;
  document.getElementById('room').textContent = room;

  start().catch(entangleDemo.fail);

  async function start() {
    const client = await entangleDemo.connect({ clientId, room });
    window.entangleText = await client.text(notes, { doc });
    document.body.dataset.ready = 'true';
  }

  // Peers' carets: the library says where they are (UTF-16 offsets); the page draws them.
  let cursors = [];
  notes.addEventListener('entangle-cursors', e => { cursors = e.detail.cursors; drawCarets(); });
  notes.addEventListener('scroll', drawCarets);
  window.addEventListener('resize', drawCarets);

  function drawCarets() {
    const layer = document.getElementById('carets');
    layer.replaceChildren();
    for (const cursor of cursors) {
      const at = caretCoordinates(Math.min(cursor.head, notes.value.length));
      const caret = document.createElement('div');
      caret.className = 'caret';
      caret.style.left = at.left + 'px';
      caret.style.top = at.top + 'px';
      caret.style.background = colourOf(cursor.clientId);
      const label = document.createElement('span');
      label.textContent = cursor.clientId; // text, never markup
      label.style.background = colourOf(cursor.clientId);
      caret.appendChild(label);
      caret.dataset.client = cursor.clientId;
      layer.appendChild(caret);
    }
  }

  // Where offset `index` of the textarea is drawn: a hidden copy with the same box and font.
  function caretCoordinates(index) {
    const style = getComputedStyle(notes);
    const mirror = document.createElement('div');
    for (const p of ['boxSizing', 'width', 'paddingTop', 'paddingRight', 'paddingBottom', 'paddingLeft',
                     'borderTopWidth', 'borderLeftWidth', 'fontFamily', 'fontSize', 'lineHeight', 'letterSpacing']) {
      mirror.style[p] = style[p];
    }
    Object.assign(mirror.style, { position: 'absolute', visibility: 'hidden', whiteSpace: 'pre-wrap',
                                  overflowWrap: 'break-word', top: '0', left: '0', borderStyle: 'solid' });
    mirror.textContent = notes.value.slice(0, index);
    const marker = document.createElement('span');
    marker.textContent = '\u200b';
    mirror.appendChild(marker);
    notes.parentElement.appendChild(mirror);
    const at = { left: marker.offsetLeft - notes.scrollLeft, top: marker.offsetTop - notes.scrollTop };
    mirror.remove();
    return at;
  }

  function colourOf(id) {
    let hash = 0;
    for (const c of id) hash = (hash * 31 + c.codePointAt(0)) >>> 0;
    return 'hsl(' + (hash % 360) + ', 65%, 42%)';
  }
})();
