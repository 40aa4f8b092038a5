// Types of @entangle/client (the JavaScript build: `import { Entangle } from '@entangle/client'`).
// Hand-maintained beside the Java API in client-web/src/main/java/dev/entangle/web/api; the build
// checks them with `tsc --strict` against src/test/types/sample.ts, which calls every function.

/** `'connecting'` until joined; `'replaced'` is final: a newer connection with the same client id took over. */
export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected' | 'replaced';

/** A stable error code (docs/PROTOCOL.md), `replaced` included. */
export type ErrorCode =
  | 'malformed_json' | 'unknown_type' | 'missing_field' | 'invalid_field' | 'frame_too_large'
  | 'not_joined' | 'already_joined' | 'not_entangled' | 'not_open' | 'invalid_operation'
  | 'identity_mismatch' | 'unsafe_mutation' | 'storage_failed' | 'token_required' | 'token_invalid'
  | 'token_expired' | 'room_forbidden' | 'read_only' | 'rate_limited' | 'limit_reached'
  | 'operation_too_large' | 'not_owner' | 'not_member' | 'attribute_not_allowed'
  | 'mutation_refused' | 'unknown_mutator' | 'replaced' | 'internal'
  | 'not_author' | 'not_found' | 'message_too_long' | 'disconnected';

export interface EntangleError {
  code: ErrorCode;
  message: string;
}

/** An access token, or a function returning a fresh one before every connection. */
export type TokenSource = string | (() => string);

/**
 * A hub's WebSocket URL (`ws://` or `wss://`), or several: nodes of one cluster. With several the
 * client connects to one (drawn at random) and moves to the next whenever a connection fails to
 * open or is lost.
 */
export type HubUrl = string | string[];

export interface ConnectOptions<P extends object = {}> {
  /** The hub, or a cluster's nodes (see `HubUrl`); by default `/entangle` on the page's own host. */
  url?: HubUrl;
  clientId: string;
  /** Default `'default'`. */
  room?: string;
  token?: TokenSource;
  /** Teams for `team:` targets. */
  teams?: string[];
  /** `false` keeps pending changes in memory only (default: in localStorage). */
  outbox?: boolean;
  /** Aborting cancels the connect (the promise rejects with the reason) or later closes the client. */
  signal?: AbortSignal;
  /** Logs every frame in and out to the console. */
  debug?: boolean;
  /** This client's presence from the start (see `Presence.set`). */
  presence?: PresenceState<P>;
  /** Status `'away'` after this long without input (default 60000 ms; also while the tab is hidden). */
  awayAfterMs?: number;
}

/** Who a binding reaches: `'*'`, a client id, a pattern (`'user-*'`), `'team:red'`, or several. */
export type Target = string | string[];

export type BindingMode = 'bidirectional' | 'mirror' | 'mesh';

export type ValueTransform = { inverse: [number, number] } | { scale: number } | { offset: number } | string;

export interface EntangleOptions {
  to?: Target;
  /** The element's name in every window; by default `#` + its id. */
  selector?: string;
  mode?: BindingMode;
  attributes?: string[];
  ignoreAttributes?: string[];
  children?: boolean;
  transform?: ValueTransform;
  /** Batching window in ms (default 16; 0 for none). */
  batch?: number;
  ownership?: boolean;
  persistent?: boolean;
  /** Aborting before the hub's answer rejects the promise; later it ends the binding. */
  signal?: AbortSignal;
}

export type MeshOptions = Omit<EntangleOptions, 'to' | 'mode'>;

export interface Ownership {
  /** The client holding the token, or null. */
  readonly owner: string | null;
  readonly mine: boolean;
  request(): Promise<void>;
  release(): Promise<void>;
  transfer(clientId: string): Promise<void>;
}

export interface Link {
  readonly selector: string;
  readonly to: string;
  readonly mode: BindingMode;
  readonly active: boolean;
  /** For a binding made with `ownership: true`; else null. */
  readonly ownership: Ownership | null;
  disentangle(): void;
}

export interface TextOptions {
  /** The shared document's name in the room. */
  doc: string;
  signal?: AbortSignal;
}

export interface TextBinding {
  readonly doc: string;
  readonly active: boolean;
  undo(): void;
  redo(): void;
  close(): void;
}

export interface PendingDetail {
  pending: number;
}

export interface ClientEvents<P extends object = {}> {
  status: ConnectionStatus;
  error: EntangleError;
  unsynced: PendingDetail;
  synced: PendingDetail;
  /** The other members, after any change of theirs or mine (not for pointer moves: see `cursor`). */
  presence: ReadonlyArray<Member<P>>;
  /** A member's pointer moved, or left its area (`cursor: null`). */
  cursor: { clientId: string; cursor: CursorPosition | null };
}

// --- presence, cursors, chat, activity (docs/MULTIPLAYER.md) ---

/** `idle` (the default), `editing`, `running`, `away` (set by itself when idle or hidden) or the app's own. */
export type PresenceStatus = 'idle' | 'editing' | 'running' | 'away' | (string & {});

/** What a client shows of itself: the known keys, and the app's own (`P`). */
export type PresenceState<P extends object = {}> = {
  status?: PresenceStatus;
  name?: string;
  color?: string;
  avatar?: string;
} & P;

/** A pointer over an area, in fractions of the area's scrollable box. */
export interface CursorPosition {
  area: string;
  x: number;
  y: number;
}

/** Another member as the page sees it. */
export type Member<P extends object = {}> = PresenceState<P> & {
  readonly clientId: string;
  status: PresenceStatus;
  /** While it types in a bound text field or a chat input (cleared ~3 s after its last key). */
  typing: boolean;
  /** The hub's time (ms since the epoch) of its last input. */
  lastActive: number;
  cursor: CursorPosition | null;
};

export type Me<P extends object = {}> = PresenceState<P> & { readonly clientId: string; status: PresenceStatus; typing: boolean };

/** A change to presence: a key set to `null` is removed. */
export type PresenceChange<P extends object = {}> = { [K in keyof PresenceState<P>]?: PresenceState<P>[K] | null };

export interface Presence<P extends object = {}> {
  /** Merges `state` into this client's presence and tells the room. */
  set(state: PresenceChange<P>): void;
  readonly me: Me<P>;
  /** The same array until something changes (safe for `useSyncExternalStore`). */
  readonly others: ReadonlyArray<Member<P>>;
  /** The user is typing in an editor Entangle does not bind. */
  typing(): void;
}

export interface ChatMessage {
  id: string;
  /** The hub's order in the chat (absent while pending). */
  n?: number;
  author: string;
  /** The author's presence `name` when it sent the message. */
  name?: string;
  /** Plain text: render it as text, never as markup. */
  text: string;
  at: number;
  edited?: number;
  deleted?: boolean;
  /** Emoji to the client ids that reacted with it. */
  reactions?: { [emoji: string]: string[] };
  /** Shown before the hub stored it. */
  pending?: boolean;
}

export interface ChatRead {
  clientId: string;
  n: number;
  id: string;
}

export interface ChatPage {
  messages: ChatMessage[];
  more: boolean;
  reads?: { [clientId: string]: number };
  unread?: number;
}

export interface ChatEvents {
  message: ChatMessage;
  edit: ChatMessage;
  delete: ChatMessage;
  reaction: ChatMessage;
  read: ChatRead;
  /** One of mine, shown as pending, is stored. */
  confirmed: ChatMessage;
  /** The latest page arrived (on open and after every reconnect). */
  history: ChatPage;
}

export interface ChatSearchOptions {
  /** A client id. */
  from?: string;
  since?: number;
  until?: number;
  limit?: number;
}

export interface Chat {
  readonly name: string;
  /** Oldest first, then my pending ones; the same array until one changes. */
  readonly messages: ReadonlyArray<ChatMessage>;
  readonly unread: number;
  readonly more: boolean;
  readonly reads: { [clientId: string]: number };
  send(text: string): Promise<ChatMessage>;
  edit(id: string, text: string): Promise<ChatMessage>;
  delete(id: string): Promise<ChatMessage>;
  /** Toggles my reaction. */
  react(id: string, emoji: string): Promise<ChatMessage>;
  markRead(id: string): Promise<{ n: number }>;
  history(options?: { before?: number; limit?: number }): Promise<ChatPage>;
  /** On the hub: every word, ignoring case and accents; newest first. */
  search(query: string, options?: ChatSearchOptions): Promise<ChatMessage[]>;
  /** The user types in this chat's input (or mark the input `data-entangle-chat`). */
  typing(): void;
  on<E extends keyof ChatEvents>(event: E, listener: (detail: ChatEvents[E]) => void): () => void;
}

export interface ActivityEntry {
  n: number;
  /** `join`, `leave`, `edit`, `operation`, `chat` (the hub's) or an app's own. */
  type: string;
  actor?: string;
  summary: string;
  at: number;
  [field: string]: unknown;
}

export interface Activity {
  /** Oldest first; the same array until one arrives. */
  readonly entries: ReadonlyArray<ActivityEntry>;
  readonly more: boolean;
  post(entry: { type: string; summary: string; [field: string]: unknown }): Promise<ActivityEntry>;
  list(options?: { before?: number; limit?: number }): Promise<{ entries: ActivityEntry[]; more: boolean }>;
  on(event: 'activity', listener: (entry: ActivityEntry) => void): () => void;
}

export interface CursorsOptions {
  /** The name other pages use for the same container (default: its id). */
  area?: string;
  /** At most one pointer frame per this many ms (default and minimum 50). */
  throttleMs?: number;
}

export interface Cursors {
  readonly area: string;
  /** Stops sending my pointer and removes the others'. */
  stop(): void;
}

export interface Client<P extends object = {}> {
  readonly status: ConnectionStatus;
  readonly clientId: string;
  readonly room: string;
  /** The hub in use: connected or connecting to (one of `url` when it names several). */
  readonly url: string;
  /** Local changes the hub has not acknowledged yet. */
  readonly pending: number;
  /** The other clients in the room now. */
  readonly peers: string[];
  /** The persistent bindings of earlier pages of this tab, entangled again by themselves. */
  readonly restored: Promise<Link[]>;
  on<E extends keyof ClientEvents<P>>(event: E, listener: (detail: ClientEvents<P>[E]) => void): () => void;
  entangle(element: Element, options?: EntangleOptions): Promise<Link>;
  mesh(elements: Element[], members: string[], options?: MeshOptions): Promise<Link[]>;
  text(element: HTMLTextAreaElement | HTMLInputElement | HTMLElement, options: TextOptions): Promise<TextBinding>;
  readonly presence: Presence<P>;
  /** Chat `name` of the room (default `'main'`): the same object for the same name. */
  chat(name?: string): Chat;
  readonly activity: Activity;
  /** Everyone's pointer over `container`, and mine sent. */
  cursors(container: HTMLElement, options?: CursorsOptions): Cursors;
  /** Disconnects, ends every binding, stops every retry. */
  close(): void;
}

// --- optimistic operations (Entangle.sync): sync.d.ts ---

export * from './sync.js';
import type { MutatorArgs, Schema, SyncClient, SyncOptions } from './sync.js';

// --- devtools ---

/** The in-page devtools panel (`Entangle.devtools()`, or `?entangle-devtools` in the page's address). */
export interface DevtoolsHandle {
  /** False once closed, by `close()` or by the panel's own button, or when the panel could not be loaded. */
  readonly open: boolean;
  /**
   * Resolves once the panel is on the page (the panel is a file of its own, `entangle-devtools.mjs`,
   * loaded when it first opens); rejects when that file cannot be loaded.
   */
  readonly ready: Promise<void>;
  /** Removes the panel: no element, timer or tap is left behind. */
  close(): void;
}

export interface DevtoolsOptions {
  /** Where `entangle-devtools.mjs` is served, when not beside the client's own file (a CDN, a bundler's asset folder). */
  url?: string | URL;
}

// --- the namespace ---

export interface EntangleApi {
  /** Resolves once the build is loaded (at once for the JavaScript build). */
  readonly ready: Promise<void>;
  readonly version: string | undefined;
  /** `'wasm'` in the WebAssembly build. */
  readonly build?: 'js' | 'wasm';
  connect<P extends object = {}>(options: ConnectOptions<P>): Promise<Client<P>>;
  /** Everyone's pointer over `container` (drawn inside it), and this page's sent: `client.cursors` as a function. */
  cursors(container: HTMLElement, options: CursorsOptions & { client: Client<any> }): Cursors;
  sync<S extends Schema = Schema, M extends MutatorArgs = MutatorArgs>(options?: SyncOptions<S, M>): Promise<SyncClient<S, M>>;
  registerTransform(name: string, forward: (value: string) => string, inverse: (value: string) => string): void;
  /** Opens the devtools panel over the page (or returns the one open): every client of the page, and its flow of changes. */
  devtools(options?: DevtoolsOptions): DevtoolsHandle;
}

export declare const Entangle: EntangleApi;

/** Events the client dispatches on elements and on `document`. */
export interface EntangleMutationDetail {
  selector: string;
  kind: string;
  name: string | null;
  value: unknown;
  oldValue: unknown;
  source: string;
  appliedAt: number;
}

export type EntangleAwarenessDetail =
  | { type: 'present' | 'joined' | 'left'; clientId: string; teams: string[] }
  | { type: 'ownership'; selector: string; owner: string | null; previous: string | null }
  | { type: 'ownership-requested'; selector: string; from: string };

export interface EntangleCursor {
  clientId: string;
  anchor: number;
  head: number;
}

declare global {
  interface HTMLElementEventMap {
    'entangle-mutation': CustomEvent<EntangleMutationDetail>;
    'entangle-awareness': CustomEvent<EntangleAwarenessDetail>;
    'entangle-cursors': CustomEvent<{ cursors: EntangleCursor[] }>;
    'entangle-text': CustomEvent<unknown>;
  }
  interface DocumentEventMap {
    'entangle-awareness': CustomEvent<EntangleAwarenessDetail>;
    'entangle-mutation': CustomEvent<EntangleMutationDetail>;
  }
}
