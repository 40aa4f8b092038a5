// Types of Entangle.sync (optimistic named operations, typed collections) in @entangle/client,
// which re-exports them: a file of their own, as the named-operation client is a part of its own
// (the lite entry has none).
import type { ErrorCode, HubUrl, TokenSource } from './index.js';

/** An entity as stored: a JSON object (an interface or a type alias). Reads hand back copies carrying their `id`. */
export type Entity = object;
export type WithId<T> = T & { id: string };

/** The shape of a room's state: entity type name to entity type, e.g. `{ todo: Todo }`. */
export type Schema = { [type: string]: Entity };

/** What a mutator gets: reads and writes on the local state (recorded as JSON Patches). */
export interface Transaction<S extends Schema> {
  get<K extends keyof S & string>(type: K, id: string): WithId<S[K]> | null;
  list<K extends keyof S & string>(type: K): WithId<S[K]>[];
  put<K extends keyof S & string>(type: K, id: string, entity: S[K]): void;
  delete<K extends keyof S & string>(type: K, id: string): boolean;
  /** Refuses the operation: nothing it wrote stays. */
  refuse(reason: string): never;
}

export type Mutator<S extends Schema, A> = (tx: Transaction<S>, args: A) => void;

/** Mutator arguments by operation name, e.g. `{ addTodo: { id: string; title: string } }`. */
export type MutatorArgs = { [name: string]: unknown };

export type Mutators<S extends Schema, M extends MutatorArgs> = { [N in keyof M]: Mutator<S, M[N]> };

export type SyncStatus = 'connecting' | 'online' | 'offline' | 'closed' | 'replaced';

export interface SyncOptions<S extends Schema = Schema, M extends MutatorArgs = MutatorArgs> {
  /** The hub, or a cluster's nodes (see `HubUrl`); the HTTP endpoints are on the same hosts. */
  url?: HubUrl;
  room?: string;
  clientId?: string;
  token?: TokenSource;
  mutators?: Partial<Mutators<S, M>>;
  types?: (keyof S & string)[];
  transport?: 'auto' | 'websocket' | 'http';
  persist?: boolean;
  store?: string;
  conflict?: 'server-wins' | 'last-writer-wins';
  debounceMs?: number;
  maxBatch?: number;
  maxRetries?: number;
  retryBaseMs?: number;
  /** Aborting before the promise settles rejects it; later it closes the client. */
  signal?: AbortSignal;
  debug?: boolean;
}

export interface Confirmed {
  clientSeq: number;
}

/** A refused operation's rejection: an Error carrying the stable code. */
export interface MutationError extends Error {
  code: ErrorCode | string;
}

export interface SyncState {
  stateVersion: number;
  pending: number;
  awaitingPull: boolean;
}

export interface AppliedDelta {
  stateVersion: number;
  prevStateVersion: number;
  full: boolean;
}

export interface Rollback {
  clientSeq: number;
  name: string | null;
  args: unknown;
  code: string;
  message: string;
}

export interface QueuedChange {
  id: string;
  name: string;
  args: unknown;
  clientId: string;
  timestamp: number;
}

export interface SyncEvents {
  status: SyncStatus;
  clients: string[];
  stalled: { reason: string };
}

export interface Collection<T extends Entity> {
  upsert(id: string, entity: T): Promise<Confirmed>;
  delete(id: string): Promise<Confirmed>;
  findById(id: string): WithId<T> | null;
  /** Every entity, in the order they were added. */
  all(): WithId<T>[];
  where(predicate: (entity: WithId<T>) => boolean): WithId<T>[];
  orderBy(key: keyof T & string, direction?: 'asc' | 'desc'): WithId<T>[];
  /** Calls `listener(all())` now and after every change of this type. */
  subscribe(listener: (entities: WithId<T>[]) => void): () => void;
  readonly size: number;
}

export interface SyncClient<S extends Schema = Schema, M extends MutatorArgs = MutatorArgs> {
  mutate<N extends keyof M & string>(name: N, args: M[N]): Promise<Confirmed>;
  register<N extends keyof M & string>(name: N, mutator: Mutator<S, M[N]>): void;
  collection<K extends keyof S & string>(type: K): Collection<S[K]>;
  /** The whole local state, `{type: {id: entity}}` (a copy). */
  readonly state: { [K in keyof S]?: { [id: string]: S[K] } };
  onStateChange(listener: (state: SyncState) => void): () => void;
  onApplyDelta(listener: (delta: AppliedDelta) => void): () => void;
  onRollback(listener: (rollback: Rollback) => void): () => void;
  on<E extends keyof SyncEvents>(event: E, listener: (detail: SyncEvents[E]) => void): () => void;
  pause(): void;
  resume(): void;
  destroy(): void;
  close(): void;
  getQueuedChanges(): QueuedChange[];
  backup(): Blob;
  restore(backup: Blob | string | object): Promise<void>;
  readonly status: SyncStatus;
  readonly transport: 'websocket' | 'http';
  /** The hub in use: its WebSocket URL, or over HTTP its `http://host:port`. */
  readonly url: string;
  readonly pending: number;
  readonly stateVersion: number;
  readonly clients: string[];
}
