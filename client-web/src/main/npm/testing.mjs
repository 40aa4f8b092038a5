// @entangle/client/testing: run several clients in one page against a hub, in your own test runner
// (Vitest browser mode, Playwright component tests, Web Test Runner, a plain page). Build-neutral:
// pass the Entangle namespace you use (`@entangle/client` or `@entangle/client/wasm`). Imports nothing.

/** Polls `predicate` until it returns a truthy value (awaited when a promise), which it resolves with. */
export async function waitFor(predicate, options = {}) {
  if (typeof predicate !== 'function') {
    throw new TypeError('waitFor: predicate must be a function, got ' + typeof predicate);
  }
  const timeout = options.timeout ?? 5000;
  const interval = options.interval ?? 10;
  const deadline = Date.now() + timeout;
  let lastError;
  let lastValue;
  for (;;) {
    try {
      lastValue = await predicate();
      lastError = undefined;
      if (lastValue) return lastValue;
    } catch (error) {
      lastError = error; // not there yet (a missing element, a failed expect): try again
    }
    if (Date.now() >= deadline) {
      const what = options.message ?? String(predicate);
      const seen = lastError !== undefined ? 'last error: ' + (lastError?.message ?? lastError)
          : 'last value: ' + JSON.stringify(lastValue);
      throw new Error(`waitFor timed out after ${timeout} ms: ${what} (${seen})`);
    }
    await new Promise(resolve => setTimeout(resolve, interval));
  }
}

function uniqueRoom() {
  return 'test-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 8);
}

/**
 * Connects `count` clients (default 2) to the hub at `url`, in one room (by default a fresh one,
 * so tests do not see each other's state), and waits until each is connected. With `sync`, each
 * also gets a replica of the room's named-operation state (`syncs[i]`).
 */
export async function createTestClients(options) {
  if (options == null || typeof options !== 'object') {
    throw new TypeError('createTestClients: options must be an object');
  }
  const { entangle, url } = options;
  if (entangle == null || typeof entangle.connect !== 'function') {
    throw new TypeError('createTestClients: options.entangle must be the Entangle namespace'
        + " (import { Entangle } from '@entangle/client' or '@entangle/client/wasm')");
  }
  if (typeof url !== 'string' || !/^wss?:\/\//.test(url)) {
    throw new TypeError('createTestClients: options.url must be the hub\'s ws:// or wss:// URL, got ' + String(url));
  }
  const count = options.count ?? 2;
  if (!Number.isInteger(count) || count < 1) {
    throw new TypeError('createTestClients: options.count must be a positive integer, got ' + String(count));
  }
  const room = options.room ?? uniqueRoom();
  const ids = options.clientIds ?? Array.from({ length: count }, (_, i) => 'client-' + (i + 1));
  if (ids.length !== count) {
    throw new TypeError(`createTestClients: ${ids.length} clientIds for ${count} clients`);
  }
  const timeout = options.timeout ?? 5000;
  const clients = [];
  const syncs = [];
  let closed = false;
  const closeAll = () => {
    if (closed) return;
    closed = true;
    for (const sync of syncs) sync.close();
    for (const client of clients) client.close();
  };
  const within = async (what, start) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(
        new Error(`createTestClients: ${what} did not connect to ${url} within ${timeout} ms`)), timeout);
    try {
      return await start(controller.signal);
    } finally {
      clearTimeout(timer);
    }
  };
  try {
    await entangle.ready;
    for (const clientId of ids) {
      clients.push(await within(clientId, signal => entangle.connect(
          { outbox: false, ...options.connect, url, room, clientId, signal })));
      if (options.sync) {
        // Its own client id: the hub keeps one live connection per id, a second would replace the first.
        const syncId = clientId + '.sync';
        syncs.push(await within(syncId, signal => entangle.sync(
            { persist: false, ...options.sync, url, room, clientId: syncId, signal })));
      }
    }
    await waitFor(() => clients.every(c => c.status === 'connected'), {
      timeout,
      message: 'every test client connected; statuses: ' + ids.map((id, i) => id + ' ' + clients[i].status).join(', '),
    });
  } catch (error) {
    closeAll();
    throw error;
  }
  return { room, clients, syncs, waitFor, closeAll };
}
