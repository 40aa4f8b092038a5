// Peers' carets over a textarea bound with client.text: the library says where they are
// (UTF-16 offsets, the 'entangle-cursors' event); this draws them in `layer`, a box laid over the
// field. Names are set as text, never markup. Shared by text.html and workspace.html.
window.entangleCarets = function (field, layer, nameOf) {
  let cursors = [];
  field.addEventListener('entangle-cursors', e => { cursors = e.detail.cursors; draw(); });
  field.addEventListener('scroll', draw);
  window.addEventListener('resize', draw);
  return { redraw: draw };

  function draw() {
    layer.replaceChildren();
    for (const cursor of cursors) {
      const at = caretCoordinates(Math.min(cursor.head, field.value.length));
      const caret = document.createElement('div');
      caret.className = 'caret';
      caret.style.left = at.left + 'px';
      caret.style.top = at.top + 'px';
      caret.style.background = colourOf(cursor.clientId);
      const label = document.createElement('span');
      label.textContent = nameOf ? nameOf(cursor.clientId) : cursor.clientId; // text, never markup
      label.style.background = colourOf(cursor.clientId);
      caret.appendChild(label);
      caret.dataset.client = cursor.clientId;
      layer.appendChild(caret);
    }
  }

  // Where offset `index` of the field is drawn: a hidden copy with the same box and font.
  function caretCoordinates(index) {
    const style = getComputedStyle(field);
    const mirror = document.createElement('div');
    for (const p of ['boxSizing', 'width', 'paddingTop', 'paddingRight', 'paddingBottom', 'paddingLeft',
                     'borderTopWidth', 'borderLeftWidth', 'fontFamily', 'fontSize', 'lineHeight', 'letterSpacing']) {
      mirror.style[p] = style[p];
    }
    Object.assign(mirror.style, { position: 'absolute', visibility: 'hidden', whiteSpace: 'pre-wrap',
                                  overflowWrap: 'break-word', top: '0', left: '0', borderStyle: 'solid' });
    mirror.textContent = field.value.slice(0, index);
    const marker = document.createElement('span');
    marker.textContent = '\u200b';
    mirror.appendChild(marker);
    field.parentElement.appendChild(mirror);
    const at = { left: marker.offsetLeft - field.scrollLeft, top: marker.offsetTop - field.scrollTop };
    mirror.remove();
    return at;
  }
};

/** A colour of its own for each client id (when it chose none). */
window.colourOf = function (id) {
  let hash = 0;
  for (const c of id) hash = (hash * 31 + c.codePointAt(0)) >>> 0;
  return 'hsl(' + (hash % 360) + ', 65%, 42%)';
};
