/* Entangle, JavaScript build (window.Entangle, or CommonJS / AMD). The panel of Entangle.devtools()
 * is a file of its own, entangle-devtools.mjs, loaded from beside this script when a page opens it. */
(function () {
"use strict";
const __entangleDevtoolsUrl = typeof document !== "undefined" && document.currentScript && document.currentScript.src
    ? new URL("entangle-devtools.mjs", document.currentScript.src).href : undefined;
