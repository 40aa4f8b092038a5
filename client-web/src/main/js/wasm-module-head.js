/* Entangle, WebAssembly (GC) build as an ES module: import { Entangle } from '@entangle/client/wasm'.
 * Importing it touches nothing (no document, no network, no Node.js built-in): the first
 * Entangle.ready, load(), connect() or sync() fetches entangle.wasm, found beside this module
 * through new URL('./entangle.wasm', import.meta.url) (so Vite, webpack and Rollup emit it),
 * or at options.wasmUrl. */
const TeaVM = {};
(function (window, globalThis) {
