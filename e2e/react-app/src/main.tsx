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

/** "Leave" unmounts the provider: nothing may stay bound or connected after it. */
function Root() {
  const [joined, setJoined] = useState(true);
  return (
    <>
      <button id="leave" onClick={() => setJoined(!joined)}>{joined ? 'leave' : 'join'}</button>
      {joined && <App entangle={entangle} clientId={clientId} room={room} />}
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
