// Types of @entangle/client/lite: the JavaScript build without Entangle.sync and without the
// devtools panel (element bindings, meshes, ownership and collaborative text only), for pages that
// need no named operations and want the fewest bytes.
import type { Client, ConnectOptions, EntangleApi } from './index.js';

export * from './index.js';

/** A lite client: no presence, chat, activity or pointers (those are in the full entry). */
export type LiteClient = Omit<Client, 'presence' | 'chat' | 'activity' | 'cursors'>;

export type LiteEntangleApi = Omit<EntangleApi, 'sync' | 'devtools' | 'cursors' | 'connect'> & {
  connect(options: Omit<ConnectOptions, 'presence' | 'awayAfterMs'>): Promise<LiteClient>;
};

export declare const Entangle: LiteEntangleApi;
