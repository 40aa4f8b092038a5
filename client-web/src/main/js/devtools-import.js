/* The devtools panel's module is imported by the browser, not by the app's bundler, which would
 * otherwise turn the import of a computed address into a lookup among its own modules, and fail.
 * Follows module-head.js or script-head.js in the JavaScript builds. */
const __entangleImport = (url) => import(/* webpackIgnore: true */ /* @vite-ignore */ url);
