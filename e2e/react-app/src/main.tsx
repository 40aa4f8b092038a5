import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Entangle as JsEntangle } from '@entangle/client';
import { Entangle as WasmEntangle } from '@entangle/client/wasm';
import { App } from './App';

// ?build=wasm for the WebAssembly build (loaded only then), ?client= and ?room= to choose who and where.
const params = new URLSearchParams(location.search);
const entangle = params.get('build') === 'wasm' ? WasmEntangle : JsEntangle;
const clientId = params.get('client') ?? 'user-' + Math.random().toString(36).slice(2, 8);
const room = params.get('room') ?? 'react';

/**
 * "Leave" unmounts the provider: nothing may stay bound or connected after it. "Devtools" opens
 * the panel, whose file the bundler emitted beside the client's.
 */
function Root() {
  const [joined, setJoined] = useState(true);
  const [panel, setPanel] = useState('closed');
  return (
    <>
      <button id="leave" onClick={() => setJoined(!joined)}>{joined ? 'leave' : 'join'}</button>
      <button id="devtools" data-panel={panel} onClick={() => {
        entangle.devtools().ready.then(() => setPanel('open'), (e: Error) => setPanel('failed: ' + e.message));
      }}>devtools</button>
      {joined && <App entangle={entangle} clientId={clientId} room={room} />}
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
