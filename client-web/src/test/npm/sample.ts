// Compiled with tsc --strict by the build (never run): calls every function of the public API
// through the package's exports map, and the @ts-expect-error lines prove the generics refuse
// what they should (tsc fails when an expected error does not occur).
import { Entangle } from '@entangle/client';
import type {
  Client, Link, SyncClient, Transaction, EntangleError, ConnectionStatus, WithId, Collection, DevtoolsHandle,
  Chat, ChatMessage, ChatPage, ActivityEntry, Cursors,
} from '@entangle/client';
import WasmEntangle, { Entangle as NamedWasmEntangle } from '@entangle/client/wasm';
import { Entangle as LiteEntangle } from '@entangle/client/lite';
import type { LiteClient } from '@entangle/client/lite';
import { createTestClients, waitFor } from '@entangle/client/testing';
import type { TestClients } from '@entangle/client/testing';

interface Todo {
  title: string;
  done: boolean;
  order: number;
}
type State = { todo: Todo };
type Ops = {
  addTodo: { id: string; title: string };
  toggleTodo: { id: string; done: boolean };
};

export async function everything(title: HTMLInputElement, notes: HTMLTextAreaElement): Promise<void> {
  await Entangle.ready;
  const version: string | undefined = Entangle.version;
  Entangle.registerTransform('percent', shared => String(Number(shared) * 100), local => String(Number(local) / 100));
  const panel: DevtoolsHandle = Entangle.devtools();
  const panelOpen: boolean = panel.open;
  await panel.ready;
  panel.close();
  Entangle.devtools({ url: new URL('https://cdn.example/entangle-devtools.mjs') }).close();
  Entangle.devtools({ url: '/assets/entangle-devtools.mjs' }).close();
  // @ts-expect-error: a string or a URL
  Entangle.devtools({ url: 3 });
  // @ts-expect-error: read-only
  panel.open = panelOpen;

  const controller = new AbortController();
  const client: Client = await Entangle.connect({
    clientId: 'alice', room: 'demo', url: 'ws://127.0.0.1:7070/entangle', token: () => 'jwt', teams: ['red'],
    outbox: false, signal: controller.signal, debug: true,
  });
  const status: ConnectionStatus = client.status;
  const inUse: string = client.url;
  // @ts-expect-error: read-only
  client.url = inUse;
  // Several hubs: the nodes of one cluster, tried in turn.
  const cluster: Client = await Entangle.connect({
    clientId: 'bob', url: ['ws://node-1.example/entangle', 'wss://node-2.example/entangle'],
  });
  cluster.close();
  // @ts-expect-error: hub URLs are strings
  Entangle.connect({ clientId: 'carol', url: [7070] });
  const off = client.on('status', s => s === 'replaced');
  client.on('error', (e: EntangleError) => e.code === 'replaced' && e.message.length > 0);
  client.on('unsynced', d => d.pending + 1);
  client.on('synced', d => d.pending);
  off();
  // @ts-expect-error: no such event
  client.on('nope', () => undefined);

  const link: Link = await client.entangle(title, {
    to: ['bob', 'team:red'], mode: 'mirror', attributes: ['value'], ignoreAttributes: ['style'], batch: 0,
    transform: { inverse: [0, 100] }, ownership: true, persistent: true, selector: '#title', children: false,
    signal: controller.signal,
  });
  if (link.ownership !== null) {
    await link.ownership.request();
    await link.ownership.release();
    await link.ownership.transfer('bob');
    const holder: string | null = link.ownership.owner;
    const mine: boolean = link.ownership.mine;
    void holder, mine;
  }
  const described = link.selector + link.to + link.mode + String(link.active);
  link.disentangle();
  // @ts-expect-error: mode is one of three words
  await client.entangle(title, { mode: 'sideways' });

  const links: Link[] = await client.mesh([title], ['alice', 'bob'], { batch: 16 });
  const text = await client.text(notes, { doc: 'notes', signal: controller.signal });
  text.undo();
  text.redo();
  text.close();
  const restored: Link[] = await client.restored;
  const peers: string[] = client.peers;
  const pending: number = client.pending;
  const who = client.clientId + client.room;
  title.addEventListener('entangle-mutation', e => e.detail.source + e.detail.selector);
  document.addEventListener('entangle-awareness', e => e.detail.type);

  // Presence typed by the app's own keys, chat, activity and cursors.
  const team: Client<{ role: 'pilot' | 'navigator' }> = await Entangle.connect<{ role: 'pilot' | 'navigator' }>({
    clientId: 'dana', room: 'flight', presence: { status: 'editing', name: 'Dana', color: '#e91e63', role: 'pilot' },
    awayAfterMs: 30_000,
  });
  team.presence.set({ status: 'running', role: 'navigator', avatar: null });
  // @ts-expect-error: role is one of two words
  team.presence.set({ role: 'captain' });
  const roles: string[] = team.presence.others.map(m => m.role + m.status + m.clientId + String(m.typing)
      + m.lastActive + (m.cursor === null ? '' : m.cursor.area + m.cursor.x + m.cursor.y));
  const myName: string | undefined = team.presence.me.name;
  team.presence.typing();
  team.on('presence', others => others.length);
  team.on('cursor', moved => moved.clientId + (moved.cursor?.x ?? 0));
  const chat: Chat = team.chat('main');
  const sent: ChatMessage = await chat.send('Ready?');
  await chat.edit(sent.id, 'Ready to run?');
  await chat.react(sent.id, '👍');
  await chat.markRead(sent.id);
  const older: ChatPage = await chat.history({ before: sent.n ?? 1, limit: 20 });
  const found: ChatMessage[] = await chat.search('ready', { from: 'dana', since: 0, until: Date.now(), limit: 10 });
  await chat.delete(sent.id);
  chat.typing();
  chat.on('message', m => m.text + m.author + String(m.pending));
  chat.on('read', r => r.clientId + r.n);
  // @ts-expect-error: no such chat event
  chat.on('typed', () => undefined);
  const unread: number = chat.unread + chat.messages.length + Object.keys(chat.reads).length + Number(chat.more)
      + older.messages.length + found.length + team.chat().name.length;
  const entry: ActivityEntry = await team.activity.post({ type: 'run', summary: 'ran the tests', passed: 42 });
  const page = await team.activity.list({ before: entry.n, limit: 10 });
  team.activity.on('activity', e => e.type + e.summary);
  const feed: number = team.activity.entries.length + page.entries.length + Number(team.activity.more);
  const board = document.createElement('div');
  const cursors: Cursors = Entangle.cursors(board, { client: team, area: 'board', throttleMs: 50 });
  const own: Cursors = team.cursors(board, { area: 'board-2' });
  cursors.stop();
  own.stop();
  void roles, myName, unread, feed, cursors.area;
  team.close();
  client.close();

  const sync: SyncClient<State, Ops> = await Entangle.sync<State, Ops>({
    room: 'todos', clientId: 'alice', transport: 'auto', persist: true, store: 'main', conflict: 'server-wins',
    url: ['ws://node-1.example/entangle', 'ws://node-2.example/entangle'], debounceMs: 100, maxBatch: 10, maxRetries: 3, retryBaseMs: 100, types: ['todo'], signal: controller.signal,
    debug: false,
    mutators: {
      addTodo(tx: Transaction<State>, { id, title: name }) {
        const order = tx.list('todo').reduce((max, t) => Math.max(max, t.order), 0) + 1;
        tx.put('todo', id, { title: name, done: false, order });
      },
      toggleTodo(tx, { id, done }) {
        const todo = tx.get('todo', id);
        if (todo === null) {
          tx.refuse('no such todo');
        } else {
          tx.put('todo', id, { ...todo, done });
        }
        tx.delete('todo', 'gone');
      },
    },
  });
  const confirmed = await sync.mutate('addTodo', { id: '1', title: 'milk' });
  const seq: number = confirmed.clientSeq;
  // @ts-expect-error: addTodo's args have a title, not a name
  await sync.mutate('addTodo', { id: '1', name: 'milk' });
  // @ts-expect-error: no such operation
  await sync.mutate('removeEverything', {});
  sync.register('toggleTodo', (tx, args) => tx.put('todo', args.id, { title: '', done: args.done, order: 0 }));

  const todos: Collection<Todo> = sync.collection('todo');
  // @ts-expect-error: no such entity type
  sync.collection('user');
  await todos.upsert('2', { title: 'eggs', done: false, order: 2 });
  await todos.delete('2');
  const one: WithId<Todo> | null = todos.findById('1');
  const all: WithId<Todo>[] = todos.all();
  const open = todos.where(t => !t.done);
  const sorted = todos.orderBy('order', 'desc');
  // @ts-expect-error: todos have no 'priority'
  todos.orderBy('priority');
  const unsubscribe = todos.subscribe(list => list.map(t => t.id + t.title));
  unsubscribe();
  const size: number = todos.size;

  sync.onStateChange(s => s.stateVersion + s.pending + Number(s.awaitingPull));
  sync.onApplyDelta(d => d.stateVersion - d.prevStateVersion + Number(d.full));
  sync.onRollback(r => r.code + r.message + r.clientSeq + (r.name ?? ''));
  sync.on('status', s => s === 'online' || s === 'replaced');
  sync.on('clients', ids => ids.length);
  sync.on('stalled', d => d.reason);
  sync.pause();
  sync.resume();
  const queued = sync.getQueuedChanges().map(c => c.name + c.id + c.clientId + c.timestamp);
  const backup: Blob = sync.backup();
  await sync.restore(backup);
  const state = sync.state.todo?.['1']?.title;
  const where = sync.status + sync.transport + sync.url + sync.pending + sync.stateVersion + sync.clients.join();
  sync.destroy();
  sync.close();

  // The WebAssembly build: the same API, loaded on first use (from beside the module, or wasmUrl).
  await WasmEntangle.load({ wasmUrl: new URL('https://cdn.example/entangle.wasm') });
  await NamedWasmEntangle.ready;
  const fromWasm: Client = await WasmEntangle.connect({ clientId: 'bob', wasmUrl: '/assets/entangle.wasm' });
  const build: 'wasm' = WasmEntangle.build;
  WasmEntangle.devtools().close();
  const lite: LiteClient = await LiteEntangle.connect({ clientId: 'carol', room: 'demo' });
  await lite.text(notes, { doc: 'notes' });
  // @ts-expect-error: presence is in the full entry only
  void lite.presence;
  LiteEntangle.registerTransform('half', shared => String(Number(shared) / 2), local => String(Number(local) * 2));
  // @ts-expect-error: the lite entry has no named-operation client
  LiteEntangle.sync({ room: 'todos' });
  // @ts-expect-error: nor the devtools panel
  LiteEntangle.devtools();
  const wasmSync = await NamedWasmEntangle.sync<State, Ops>({ room: 'todos' });
  await wasmSync.mutate('toggleTodo', { id: '1', done: true });
  // @ts-expect-error: wasmUrl is a string or a URL
  await WasmEntangle.load({ wasmUrl: 42 });

  void [version, status, described, links, restored, peers, pending, who, seq, one, all, open, sorted, size,
    queued, state, where, fromWasm, build];
}

// @entangle/client/testing: two clients (and replicas) in one page, in a test runner.
export async function testing(a: HTMLInputElement, b: HTMLInputElement): Promise<void> {
  const pair: TestClients<State, Ops> = await createTestClients<State, Ops>({
    entangle: Entangle, url: 'ws://127.0.0.1:7070/entangle', count: 2, clientIds: ['alice', 'bob'],
    connect: { teams: ['red'] }, sync: { mutators: {} }, timeout: 2000,
  });
  const [alice, bob] = pair.clients;
  await alice!.entangle(a, { selector: '#title' });
  await bob!.entangle(b, { selector: '#title' });
  const same: boolean = await pair.waitFor(() => b.value === a.value, { timeout: 1000, interval: 5, message: 'b' });
  await pair.syncs[0]!.mutate('addTodo', { id: 't1', title: 'milk' });
  const todo = await waitFor(() => pair.syncs[1]!.collection('todo').findById('t1'));
  const title: string = todo.title;
  const room: string = pair.room;
  pair.closeAll();
  await createTestClients({ entangle: WasmEntangle, url: 'ws://127.0.0.1:7070/entangle' });
  // @ts-expect-error: the namespace is required
  await createTestClients({ url: 'ws://127.0.0.1:7070/entangle' });
  // @ts-expect-error: the helper sets the url of every client itself
  await createTestClients({ entangle: Entangle, url: 'ws://h/entangle', connect: { url: 'ws://other' } });
  void [same, title, room];
}
