// Types of @entangle/client/lite: the JavaScript build without Entangle.sync and without the
// devtools panel (element bindings, meshes, ownership and collaborative text only), for pages that
// need no named operations and want the fewest bytes.
import type { EntangleApi } from './index.js';

export * from './index.js';

export type LiteEntangleApi = Omit<EntangleApi, 'sync' | 'devtools' | 'cursors'>;

export declare const Entangle: LiteEntangleApi;
