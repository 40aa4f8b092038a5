/* Entangle, JavaScript build as an ES module. The panel of Entangle.devtools() is a file of its own,
 * found the way bundlers (Vite, webpack, Rollup) see and emit it, loaded only when a page opens it. */
const __entangleDevtoolsUrl = new URL("./entangle-devtools.mjs", import.meta.url).href;
/* The panel's module is imported by the browser, not by the app's bundler (which would otherwise
 * turn the import of a computed address into a lookup among its own modules, and fail). */
const __entangleImport = (url) => import(/* webpackIgnore: true */ /* @vite-ignore */ url);
