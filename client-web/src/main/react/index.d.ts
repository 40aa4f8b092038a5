// Types of @entangle/react. Checked by tsc --strict in the build (client-web/src/test/npm/react-sample.tsx).
import type { ReactNode, RefObject } from 'react';
import type {
  Client, Collection, Confirmed, ConnectionStatus, EntangleApi, EntangleOptions, HubUrl, Link, Me, Member, MutatorArgs,
  PresenceChange, PresenceState, Schema, SyncClient, SyncOptions, TextBinding, TokenSource, WithId,
} from '@entangle/client';

export interface EntangleProviderProps<S extends Schema = Schema, M extends MutatorArgs = MutatorArgs> {
  /** The namespace of `@entangle/client` or `@entangle/client/wasm`. */
  entangle: EntangleApi;
  /** One hub, or a cluster's nodes; the client moves to the next when a connection fails. */
  url?: HubUrl;
  clientId: string;
  room?: string;
  token?: TokenSource;
  teams?: string[];
  debug?: boolean;
  /** Also open the room's sync client (named operations, collections) with these options. */
  sync?: Omit<SyncOptions<S, M>, 'signal'>;
  /** This client's presence from the start (then change it with `usePresence`). */
  presence?: PresenceState<object>;
  children?: ReactNode;
}

export declare function EntangleProvider<S extends Schema = Schema, M extends MutatorArgs = MutatorArgs>(
  props: EntangleProviderProps<S, M>): ReactNode;

export interface ProviderError {
  code: string;
  message: string;
}

export declare function useEntangleClient(): {
  client: Client | null;
  status: ConnectionStatus;
  error: ProviderError | null;
};

export declare function useEntangle(ref: RefObject<Element | null>, options?: Omit<EntangleOptions, 'signal'>): Link | null;

export interface EntangledValue<E extends HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement> {
  value: string;
  setValue(value: string): void;
  ref: RefObject<E | null>;
  link: Link | null;
}

export declare function useEntangledValue<E extends HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement = HTMLInputElement>(
  selector: string, initialValue: string, options?: Omit<EntangleOptions, 'signal' | 'selector'>): EntangledValue<E>;

export declare function useSharedText(ref: RefObject<HTMLTextAreaElement | HTMLInputElement | HTMLElement | null>,
  doc: string): TextBinding | null;

export declare function useSync<S extends Schema = Schema, M extends MutatorArgs = MutatorArgs>(): SyncClient<S, M> | null;

export declare function useCollection<T extends object>(type: string): readonly WithId<T>[];

export declare function useSyncState<S extends Schema = Schema>(): { [K in keyof S]?: { [id: string]: S[K] } };

export declare function useMutate<M extends MutatorArgs = MutatorArgs>():
  <N extends keyof M & string>(name: N, args: M[N]) => Promise<Confirmed>;

/** `[me, set]`: this client's presence (null until joined) and its merging setter. */
export declare function usePresence<P extends object = {}>(): [Me<P> | null, (state: PresenceChange<P>) => void];

/** The other members; the same array until one joins, leaves or changes its presence. */
export declare function useOthers<P extends object = {}>(): ReadonlyArray<Member<P>>;

export type { Collection };
