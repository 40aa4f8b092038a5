// Build-time checks of the staged npm package (argument: its folder). Exits non-zero on failure.
//  1. tsc --strict over sample.ts, resolving '@entangle/client' through the package's exports map;
//  2. both ES modules import under Node, where there is no document, without fetching anything;
//  3. the files the package.json names are there.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = resolve(process.argv[2] ?? '');
const fail = message => { console.error('npm check: ' + message); process.exit(1); };
if (!existsSync(join(pkg, 'package.json'))) fail('no staged package at ' + pkg);

const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
for (const file of manifest.files) {
  if (!existsSync(join(pkg, file))) fail(`package.json lists ${file}, which is missing`);
}
for (const field of ['license', 'repository', 'types', 'exports']) {
  if (!manifest[field]) fail(`package.json has no ${field}`);
}

// 1. Types, as an app would see them: node_modules/@entangle/client (and react) are the staged packages.
const reactPkg = resolve(process.argv[3] ?? '');
if (!existsSync(join(reactPkg, 'package.json'))) fail('no staged @entangle/react at ' + reactPkg);
// Copied, as npm installs a tarball: a link would make tsc and Node resolve 'react' from the
// staged folder, where there is none.
const installed = {};
for (const [name, folder] of [['client', pkg], ['react', reactPkg]]) {
  const target = join(here, 'node_modules', '@entangle', name);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(dirname(target), { recursive: true });
  cpSync(folder, target, { recursive: true });
  installed[name] = target;
}
try {
  execFileSync(process.execPath, [join(here, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(here, 'tsconfig.json')],
      { stdio: 'inherit' });
} catch {
  fail('tsc --strict found errors in the packages\' types against sample.ts / react-sample.tsx (above)');
}
console.log('npm check: tsc --strict passed over sample.ts and react-sample.tsx');

// 2. Imports with no DOM and no network: what SSR and test runners do.
globalThis.fetch = () => { throw new Error('fetched at import time'); };
for (const [entry, file] of [['.', 'entangle.mjs'], ['./lite', 'entangle-lite.mjs'], ['./wasm', 'entangle-wasm.mjs']]) {
  const module = await import(pathToFileURL(join(pkg, file)).href);
  if (typeof module.Entangle?.connect !== 'function') fail(`${entry} (${file}) does not export Entangle`);
  if (typeof document !== 'undefined') fail('a document appeared');
  console.log(`npm check: import of ${entry} (${file}) under Node: Entangle exported, nothing fetched`);
}
const wasm = await import(pathToFileURL(join(pkg, 'entangle-wasm.mjs')).href);
if (wasm.default !== wasm.Entangle || wasm.Entangle.build !== 'wasm') fail('./wasm: default export and build');
const source = readFileSync(join(pkg, 'entangle-wasm.mjs'), 'utf8');
// (Terser writes it without the space; Vite, webpack and Rollup read either.)
if (!/new URL\(\s*["']\.\/entangle\.wasm["']\s*,\s*import\.meta\.url\s*\)/.test(source)) {
  fail('entangle-wasm.mjs no longer finds entangle.wasm with new URL(..., import.meta.url): bundlers would not emit it');
}
// The devtools panel is loaded on demand from beside either module: bundlers must see it too.
for (const file of ['entangle.mjs', 'entangle-wasm.mjs']) {
  if (!/new URL\(\s*["']\.\/entangle-devtools\.mjs["']\s*,\s*import\.meta\.url\s*\)/.test(readFileSync(join(pkg, file), 'utf8'))) {
    fail(`${file} no longer finds entangle-devtools.mjs with new URL(..., import.meta.url): bundlers would not emit it`);
  }
}
// Every import of a computed address tells bundlers to leave it to the browser: webpack would
// otherwise make it a lookup among its own modules, which fails at run time.
for (const file of ['entangle.js', 'entangle.mjs', 'entangle-wasm.js', 'entangle-wasm.mjs']) {
  const bare = readFileSync(join(pkg, file), 'utf8').match(/\bimport\((?!\/\* webpackIgnore: true \*\/ \/\* @vite-ignore \*\/)[^)]{0,40}/g);
  if (bare) fail(`${file}: import() without webpackIgnore / @vite-ignore: ${bare.join(' | ')}`);
}
const panel = await import(pathToFileURL(join(pkg, 'entangle-devtools.mjs')).href);
if (typeof panel.EntangleDevtools?.open !== 'function') fail('entangle-devtools.mjs does not export EntangleDevtools.open');
console.log('npm check: entangle-devtools.mjs beside both modules, named for bundlers, imports under Node');
try {
  await wasm.Entangle.load({ wasmUrl: 42 });
  fail('load({ wasmUrl: 42 }) resolved');
} catch (error) {
  if (!(error instanceof TypeError) || !error.message.includes('options.wasmUrl must be a string or a URL')) {
    fail('load({ wasmUrl: 42 }) rejected with ' + error);
  }
}
// 3. @entangle/react renders on a server: no document, no connection, hooks give their empty values.
const { createElement } = await import('react');
const { renderToString } = await import('react-dom/server');
const hooks = await import(pathToFileURL(join(installed.react, 'index.mjs')).href);
const { Entangle } = await import(pathToFileURL(join(pkg, 'entangle.mjs')).href);
function Probe() {
  const { status } = hooks.useEntangleClient();
  const volume = hooks.useEntangledValue('volume', '50');
  const todos = hooks.useCollection('todo');
  return createElement('p', null, `${status} ${volume.value} ${todos.length}`);
}
const html = renderToString(createElement(hooks.EntangleProvider, { entangle: Entangle, clientId: 'ssr', sync: {} },
    createElement(Probe)));
if (html !== '<p>connecting 50 0</p>') fail('server-side render of @entangle/react gave ' + html);
console.log('npm check: @entangle/react renders on the server: ' + html);
// 4. @entangle/client/testing: imports nothing, its waitFor polls and times out with a message.
const testing = await import(pathToFileURL(join(pkg, 'testing.mjs')).href);
let tries = 0;
if (await testing.waitFor(() => ++tries === 3 && 'done', { interval: 1 }) !== 'done') fail('testing: waitFor resolved wrongly');
try {
  await testing.waitFor(() => false, { timeout: 30, message: 'never' });
  fail('testing: waitFor did not time out');
} catch (error) {
  if (!String(error.message).startsWith('waitFor timed out after 30 ms: never')) fail('testing: waitFor rejected with ' + error);
}
try {
  await testing.createTestClients({ url: 'ws://127.0.0.1:1/entangle' });
  fail('testing: createTestClients without entangle resolved');
} catch (error) {
  if (!(error instanceof TypeError)) fail('testing: createTestClients without entangle rejected with ' + error);
}
console.log('npm check: @entangle/client/testing imports under Node; waitFor polls and times out');
console.log('npm check: passed');
