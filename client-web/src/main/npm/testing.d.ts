// Types of @entangle/client/testing: several clients in one page against a hub, for tests.
import type { Client, ConnectOptions, EntangleApi, MutatorArgs, Schema, SyncClient, SyncOptions } from './index.js';

export interface WaitForOptions {
  /** Milliseconds before giving up (default 5000). */
  timeout?: number;
  /** Milliseconds between two tries (default 10). */
  interval?: number;
  /** What is awaited, for the timeout's message (default: the predicate's source). */
  message?: string;
}

/**
 * Calls `predicate` until it returns a truthy value (awaited when it is a promise) and resolves
 * with it; a throwing predicate counts as "not yet". Rejects after the timeout, naming the last
 * value or error seen.
 */
export declare function waitFor<T>(predicate: () => T | Promise<T>, options?: WaitForOptions): Promise<Truthy<T>>;

/** What waitFor resolves with: the predicate's value, never a falsy one. */
export type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

export interface TestClientsOptions<S extends Schema = Schema, M extends MutatorArgs = MutatorArgs> {
  /** The Entangle namespace of the build under test: `@entangle/client` or `@entangle/client/wasm`. */
  entangle: EntangleApi;
  /** The hub, `ws://host:port/entangle` (a hub started for the tests, such as Java's EntangleTestHub). */
  url: string;
  /** Default: a fresh room per call (`test-…`), so tests start from an empty room. */
  room?: string;
  /** How many clients (default 2). */
  count?: number;
  /** Their client ids (default `client-1`, `client-2`, …); as many as `count`. */
  clientIds?: string[];
  /** Further connect options for every client (default `outbox: false`). */
  connect?: Omit<ConnectOptions, 'url' | 'room' | 'clientId' | 'signal'>;
  /**
   * When given, every client also gets a replica of the room's state (`syncs`; default `persist: false`),
   * connected as `<clientId>.sync` (the hub keeps one live connection per client id).
   */
  sync?: Omit<SyncOptions<S, M>, 'url' | 'room' | 'clientId' | 'signal'>;
  /** Milliseconds each client may take to connect (default 5000). */
  timeout?: number;
}

export interface TestClients<S extends Schema = Schema, M extends MutatorArgs = MutatorArgs> {
  readonly room: string;
  /** Connected clients, in the order of their ids. */
  readonly clients: Client[];
  /** One replica per client when `sync` was given, else empty. */
  readonly syncs: SyncClient<S, M>[];
  readonly waitFor: typeof waitFor;
  /** Closes every client and replica (again: nothing happens). */
  closeAll(): void;
}

/** Connects the clients and resolves once every one is connected; on failure closes those that were. */
export declare function createTestClients<S extends Schema = Schema, M extends MutatorArgs = MutatorArgs>(
  options: TestClientsOptions<S, M>): Promise<TestClients<S, M>>;
