// @entangle/react: hooks over the Entangle client. The Entangle namespace comes in through the
// provider's `entangle` prop (the JS or the Wasm build), so this file imports nothing but React:
// safe to import during server-side rendering, and no second build lands in the bundle.
import {
  createContext, createElement, useCallback, useContext, useEffect, useLayoutEffect, useMemo, useRef,
  useState, useSyncExternalStore
} from 'react';

const Context = createContext(null);
const NO_ENTITIES = Object.freeze([]);
const useIsomorphicLayoutEffect = typeof document !== 'undefined' ? useLayoutEffect : useEffect;

function required(hook) {
  const value = useContext(Context);
  if (value === null) {
    throw new Error(hook + ': no <EntangleProvider> above this component');
  }
  return value;
}

/**
 * One client (and, with `sync`, one sync client) for one room, made on mount and closed on
 * unmount through an AbortSignal: under StrictMode's mount-unmount-mount the first attempt is
 * aborted before it joins, so one connection remains and nothing keeps retrying.
 */
export function EntangleProvider({ entangle, url, clientId, room, token, teams, debug, sync, presence, children }) {
  // The JS build's namespace is a function object (a class with static methods), the Wasm one an object.
  if (entangle === null || entangle === undefined || typeof entangle.connect !== 'function') {
    throw new TypeError('<EntangleProvider>: entangle must be the Entangle namespace of @entangle/client'
        + ' or @entangle/client/wasm');
  }
  const [client, setClient] = useState(null);
  const [status, setStatus] = useState('connecting');
  const [error, setError] = useState(null);
  const [syncClient, setSyncClient] = useState(null);
  const teamsKey = teams ? teams.join(',') : '';
  // An array literal in JSX is a new array at every render: the effects follow its contents, not its identity.
  const urlKey = Array.isArray(url) ? JSON.stringify(url) : url;
  const syncRef = useRef(sync);
  syncRef.current = sync;
  // The first presence is sent with the connection; later changes go through usePresence's setter.
  const presenceRef = useRef(presence);
  presenceRef.current = presence;
  const syncWanted = sync !== undefined && sync !== null;

  useEffect(() => {
    const controller = new AbortController();
    const options = { clientId, signal: controller.signal };
    if (url !== undefined) options.url = url;
    if (room !== undefined) options.room = room;
    if (token !== undefined) options.token = token;
    if (teamsKey) options.teams = teamsKey.split(',');
    if (debug) options.debug = true;
    if (presenceRef.current) options.presence = presenceRef.current;
    setStatus('connecting');
    setError(null);
    entangle.connect(options).then(connected => {
      if (controller.signal.aborted) return;
      setClient(connected);
      setStatus(connected.status);
      connected.on('status', setStatus);
      connected.on('error', setError);
    }, failure => {
      if (!controller.signal.aborted) setError({ code: failure && failure.code || 'connect_failed', message: String(failure && failure.message || failure) });
    });
    return () => {
      controller.abort();
      setClient(null);
    };
  }, [entangle, urlKey, clientId, room, token, teamsKey, debug]);

  useEffect(() => {
    if (!syncWanted) return undefined;
    const controller = new AbortController();
    const options = Object.assign({}, syncRef.current, { signal: controller.signal });
    if (options.url === undefined && url !== undefined) options.url = url;
    if (options.room === undefined && room !== undefined) options.room = room;
    if (options.token === undefined && token !== undefined) options.token = token;
    entangle.sync(options).then(made => {
      if (!controller.signal.aborted) setSyncClient(made);
    }, failure => {
      if (!controller.signal.aborted) setError({ code: 'sync_failed', message: String(failure && failure.message || failure) });
    });
    return () => {
      controller.abort();
      setSyncClient(null);
    };
  }, [entangle, urlKey, room, token, syncWanted]);

  const value = useMemo(() => ({ entangle, client, status, error, syncClient }),
      [entangle, client, status, error, syncClient]);
  return createElement(Context.Provider, { value }, children);
}

/** The provider's client once it has joined (null before), its status and its last error. */
export function useEntangleClient() {
  const { client, status, error } = required('useEntangleClient');
  return { client, status, error };
}

/** Binds the element in `ref` while mounted; resolves to its link (null until bound). */
export function useEntangle(ref, options) {
  const { client } = required('useEntangle');
  const [link, setLink] = useState(null);
  const key = JSON.stringify(options || {}, (k, v) => (typeof v === 'function' ? String(v) : v));
  useEffect(() => {
    const element = ref.current;
    if (client === null || !element) return undefined;
    const controller = new AbortController();
    client.entangle(element, Object.assign({}, options, { signal: controller.signal })).then(made => {
      if (!controller.signal.aborted) setLink(made);
    }, failure => {
      if (!controller.signal.aborted) console.warn('useEntangle: ' + (failure && failure.message || failure));
    });
    return () => {
      controller.abort(); // ends the binding, or cancels it before the hub answered
      setLink(null);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- options compared by value (key)
  }, [client, ref, key]);
  return link;
}

/**
 * A controlled input's value, entangled: `const v = useEntangledValue('volume', '50')`, then
 * `<input id="volume" ref={v.ref} value={v.value} onChange={e => v.setValue(e.target.value)} />`.
 * Remote changes update the React state (the element fires `entangle-mutation`, not `input`);
 * a value set from code is sent as if typed.
 */
export function useEntangledValue(selector, initialValue, options) {
  const ref = useRef(null);
  const [value, setState] = useState(initialValue);
  const sendAfterRender = useRef(false);
  const link = useEntangle(ref, Object.assign({}, options, { selector: selector.charAt(0) === '#' ? selector : '#' + selector }));

  useEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    const remote = () => setState(element.value);
    element.addEventListener('entangle-mutation', remote);
    return () => element.removeEventListener('entangle-mutation', remote);
  }, []);

  useEffect(() => {
    if (link !== null && ref.current) {
      setState(ref.current.value); // the room's current value, shown by the binding
    }
  }, [link]);

  useIsomorphicLayoutEffect(() => {
    if (sendAfterRender.current && ref.current) {
      sendAfterRender.current = false;
      // React set the property without an event; this one lets the binding send it. React's own
      // onChange stays quiet: its value tracker already holds this value.
      ref.current.dispatchEvent(new Event('input', { bubbles: true }));
    }
  });

  const setValue = useCallback(next => {
    const element = ref.current;
    sendAfterRender.current = !element || String(element.value) !== String(next);
    setState(next);
  }, []);
  return { value, setValue, ref, link };
}

/** Binds a textarea, text input or contenteditable (uncontrolled) to the room's document `doc`. */
export function useSharedText(ref, doc) {
  const { client } = required('useSharedText');
  const [text, setText] = useState(null);
  useEffect(() => {
    const element = ref.current;
    if (client === null || !element) return undefined;
    const controller = new AbortController();
    client.text(element, { doc, signal: controller.signal }).then(made => {
      if (!controller.signal.aborted) setText(made);
    }, failure => {
      if (!controller.signal.aborted) console.warn('useSharedText: ' + (failure && failure.message || failure));
    });
    return () => {
      controller.abort();
      setText(null);
    };
  }, [client, ref, doc]);
  return text;
}

/** The provider's sync client (its `sync` prop), null until its local store is read. */
export function useSync() {
  return required('useSync').syncClient;
}

// Keyed by the sync client (the object the provider holds) and the type: a Wasm build may hand out
// a new wrapper for the same collection on every call, which must not make a new store per render.
const collectionStores = new WeakMap();

/** A store for useSyncExternalStore whose snapshot is the same array until the collection changes. */
function storeOf(sync, type) {
  let byType = collectionStores.get(sync);
  if (!byType) {
    byType = new Map();
    collectionStores.set(sync, byType);
  }
  let store = byType.get(type);
  if (!store) {
    const collection = sync.collection(type);
    let snapshot = collection.all();
    store = {
      subscribe(notify) {
        return collection.subscribe(list => {
          snapshot = list;
          notify();
        });
      },
      getSnapshot() {
        return snapshot;
      }
    };
    byType.set(type, store);
  }
  return store;
}

const emptyStore = { subscribe: () => () => {}, getSnapshot: () => NO_ENTITIES };

/** The entities of `type`, re-rendering on every change; the same array until something changed. */
export function useCollection(type) {
  const sync = useSync();
  const store = sync === null ? emptyStore : storeOf(sync, type);
  return useSyncExternalStore(store.subscribe, store.getSnapshot, emptyStore.getSnapshot);
}

const stateStores = new WeakMap();

/** The whole local state `{type: {id: entity}}`, the same object until the state changes. */
export function useSyncState() {
  const sync = useSync();
  let store = emptyStateStore;
  if (sync !== null) {
    store = stateStores.get(sync);
    if (!store) {
      let snapshot = sync.state;
      store = {
        subscribe(notify) {
          return sync.onStateChange(() => {
            snapshot = sync.state;
            notify();
          });
        },
        getSnapshot: () => snapshot
      };
      stateStores.set(sync, store);
    }
  }
  return useSyncExternalStore(store.subscribe, store.getSnapshot, emptyStateStore.getSnapshot);
}

const NO_STATE = Object.freeze({});
const emptyStateStore = { subscribe: () => () => {}, getSnapshot: () => NO_STATE };

/** `mutate(name, args)` of the provider's sync client; rejects while it is not there yet. */
export function useMutate() {
  const sync = useSync();
  return useCallback((name, args) => (sync === null
      ? Promise.reject(new Error('useMutate: the sync client is not ready (is the provider given sync?)'))
      : sync.mutate(name, args)), [sync]);
}

// Keyed by the client: a store per client whose snapshots stay the same objects until presence changes.
const presenceStores = new WeakMap();

function presenceStoreOf(client) {
  let store = presenceStores.get(client);
  if (!store) {
    let others = client.presence.others;
    let me = client.presence.me;
    store = {
      subscribe(notify) {
        return client.on('presence', () => {
          others = client.presence.others;
          me = client.presence.me;
          notify();
        });
      },
      others: () => others,
      me: () => me
    };
    presenceStores.set(client, store);
  }
  return store;
}

const NO_OTHERS = Object.freeze([]);
const emptyPresenceStore = { subscribe: () => () => {}, others: () => NO_OTHERS, me: () => null };

/**
 * This client's presence and its setter: `[me, set]`, where `set({ status: 'editing' })` merges (a
 * key set to null is removed). `me` is null until the provider's client has joined.
 */
export function usePresence() {
  const { client } = required('usePresence');
  const store = client === null ? emptyPresenceStore : presenceStoreOf(client);
  const me = useSyncExternalStore(store.subscribe, store.me, emptyPresenceStore.me);
  const set = useCallback(state => {
    if (client === null) throw new Error('usePresence: the client has not joined yet');
    client.presence.set(state);
  }, [client]);
  return [me, set];
}

/**
 * The other members of the room, re-rendering when one joins, leaves or changes its presence; the
 * same array until then. Pointer moves do not re-render (draw pointers with Entangle.cursors).
 */
export function useOthers() {
  const { client } = required('useOthers');
  const store = client === null ? emptyPresenceStore : presenceStoreOf(client);
  return useSyncExternalStore(store.subscribe, store.others, emptyPresenceStore.others);
}
