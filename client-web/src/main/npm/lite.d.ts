// Types of @entangle/client/lite: the JavaScript build without Entangle.sync (element bindings,
// meshes, ownership and collaborative text only), for pages that need no named operations.
import type { EntangleApi } from './index.js';

export * from './index.js';

export type LiteEntangleApi = Omit<EntangleApi, 'sync'>;

export declare const Entangle: LiteEntangleApi;
