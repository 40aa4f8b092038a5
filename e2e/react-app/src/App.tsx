import { useRef, useState } from 'react';
import type { EntangleApi } from '@entangle/client';
import {
  EntangleProvider, useCollection, useEntangleClient, useEntangledValue, useMutate, useSharedText,
} from '@entangle/react';

interface Todo {
  title: string;
  done: boolean;
  order: number;
}
type State = { todo: Todo };
type Ops = { addTodo: { id: string; title: string }; toggleTodo: { id: string; done: boolean } };

export function App({ entangle, clientId, room }: { entangle: EntangleApi; clientId: string; room: string }) {
  return (
    <EntangleProvider<State, Ops> entangle={entangle} clientId={clientId} room={room}
        sync={{
          room, persist: false, debounceMs: 0,
          mutators: {
            addTodo(tx, { id, title }) {
              const order = tx.list('todo').reduce((max, t) => Math.max(max, t.order), 0) + 1;
              tx.put('todo', id, { title, done: false, order });
            },
          },
        }}>
      <Status />
      <Volume />
      <Notes />
      <Todos />
    </EntangleProvider>
  );
}

function Status() {
  const { status, error } = useEntangleClient();
  return (
    <p>
      <span id="status" data-status={status}>{status}</span>
      {error && <span id="error" data-code={error.code}> {error.code}: {error.message}</span>}
    </p>
  );
}

/** A controlled range input: React's state is the truth on screen, and it follows remote changes. */
function Volume() {
  const volume = useEntangledValue('volume', '50');
  return (
    <label>
      Volume
      <input id="volume" type="range" min="0" max="100" ref={volume.ref} value={volume.value}
          onChange={e => volume.setValue(e.target.value)} />
      <output id="volume-state">{volume.value}</output>
      <button id="max" onClick={() => volume.setValue('100')}>max</button>
    </label>
  );
}

function Notes() {
  const notes = useRef<HTMLTextAreaElement>(null);
  const text = useSharedText(notes, 'notes');
  return <textarea id="notes" ref={notes} defaultValue="" data-bound={text ? 'true' : 'false'} />;
}

function Todos() {
  const todos = useCollection<Todo>('todo');
  const mutate = useMutate<Ops>();
  const [title, setTitle] = useState('');
  const sorted = [...todos].sort((a, b) => a.order - b.order);
  return (
    <section>
      <form onSubmit={e => {
        e.preventDefault();
        void mutate('addTodo', { id: crypto.randomUUID(), title });
        setTitle('');
      }}>
        <input id="new-todo" value={title} onChange={e => setTitle(e.target.value)} />
        <button id="add" type="submit">add</button>
      </form>
      <ul id="todos">{sorted.map(t => <li key={t.id}>{t.title}</li>)}</ul>
    </section>
  );
}
