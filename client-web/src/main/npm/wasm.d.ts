// Types of @entangle/client/wasm: the same API, compiled to WebAssembly (GC). Importing it loads
// nothing; the first `ready`, `load`, `connect` or `sync` fetches entangle.wasm (beside the module,
// so bundlers emit it, or from `wasmUrl`).
import type { ConnectOptions, EntangleApi, Schema, MutatorArgs, SyncOptions } from './index.js';

export * from './index.js';

export interface WasmLoadOptions {
  /** Where entangle.wasm is served, when not beside this module (a CDN, another route). */
  wasmUrl?: string | URL;
}

export interface WasmEntangleApi extends EntangleApi {
  readonly build: 'wasm';
  /** Starts loading entangle.wasm (once); resolves when it is ready. */
  load(options?: WasmLoadOptions): Promise<void>;
  connect<P extends object = {}>(options: ConnectOptions<P> & WasmLoadOptions): Promise<import('./index.js').Client<P>>;
  sync<S extends Schema = Schema, M extends MutatorArgs = MutatorArgs>(
    options?: SyncOptions<S, M> & WasmLoadOptions): Promise<import('./index.js').SyncClient<S, M>>;
}

export declare const Entangle: WasmEntangleApi;
export default Entangle;
