/* Entangle, JavaScript build as an ES module. The panel of Entangle.devtools() is a file of its own,
 * found the way bundlers (Vite, webpack, Rollup) see and emit it, loaded only when a page opens it. */
const __entangleDevtoolsUrl = new URL("./entangle-devtools.mjs", import.meta.url).href;
