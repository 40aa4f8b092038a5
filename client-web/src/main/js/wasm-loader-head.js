/* Entangle, WebAssembly (GC) build: window.Entangle with the same API as entangle.js.
 * Loads entangle.wasm from beside this script; Entangle.ready resolves once it is loaded. */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = script && script.src ? script.src.replace(/[^/]*$/, "") : "";
  var TeaVM = {};
  (function (window, globalThis) {
