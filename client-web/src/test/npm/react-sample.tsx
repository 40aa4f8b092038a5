// Compiled with tsc --strict by the build (never run): every hook of @entangle/react, typed.
import { StrictMode, useRef } from 'react';
import { Entangle } from '@entangle/client';
import { Entangle as WasmEntangle } from '@entangle/client/wasm';
import {
  EntangleProvider, useCollection, useEntangle, useEntangleClient, useEntangledValue, useMutate, useOthers,
  usePresence, useSharedText, useSync, useSyncState,
} from '@entangle/react';

interface Todo {
  title: string;
  done: boolean;
}
type State = { todo: Todo };
type Ops = { addTodo: { id: string; title: string } };

function Controls() {
  const { client, status, error } = useEntangleClient();
  const volume = useEntangledValue('volume', '50');
  const notes = useRef<HTMLTextAreaElement>(null);
  const text = useSharedText(notes, 'notes');
  const title = useRef<HTMLHeadingElement>(null);
  const link = useEntangle(title, { to: '*', mode: 'mirror' });
  const sync = useSync<State, Ops>();
  const state = useSyncState<State>();
  const todos = useCollection<Todo>('todo');
  const mutate = useMutate<Ops>();
  // @ts-expect-error: addTodo takes an id and a title
  void mutate('addTodo', { title: 1 });
  const [me, setPresence] = usePresence<{ seat: number }>();
  const others = useOthers<{ seat: number }>();
  // @ts-expect-error: seat is a number
  setPresence({ seat: 'A1' });
  return (
    <div>
      <p>{status} {error?.code} {client?.clientId} {link?.selector} {text?.doc} {sync?.status}</p>
      <p>{Object.keys(state.todo ?? {}).length}</p>
      <h1 id="title" ref={title}>title</h1>
      <input type="range" ref={volume.ref} value={volume.value} onChange={e => volume.setValue(e.target.value)} />
      <textarea ref={notes} defaultValue="" />
      <ul>{todos.map(t => <li key={t.id}>{t.title} {t.done ? 'done' : ''}</li>)}</ul>
      <ul>{others.map(m => <li key={m.clientId}>{m.name ?? m.clientId} {m.status} {m.seat} {m.typing ? '…' : ''}</li>)}</ul>
      <button onClick={() => setPresence({ status: 'editing', seat: 3 })}>{me?.status ?? 'joining'}</button>
      <button onClick={() => void mutate('addTodo', { id: crypto.randomUUID(), title: 'milk' })}>add</button>
    </div>
  );
}

export function App({ wasm }: { wasm: boolean }) {
  return (
    <StrictMode>
      <EntangleProvider<State, Ops> entangle={wasm ? WasmEntangle : Entangle} clientId="alice" room="demo" debug
          presence={{ name: 'Alice', status: 'idle' }}
          url={['ws://node-1.example/entangle', 'ws://node-2.example/entangle']}
          sync={{ mutators: { addTodo: (tx, { id, title }) => tx.put('todo', id, { title, done: false }) } }}>
        <Controls />
      </EntangleProvider>
    </StrictMode>
  );
}
