// Build-time checks of the staged npm package (argument: its folder). Exits non-zero on failure.
//  1. tsc --strict over sample.ts, resolving '@entangle/client' through the package's exports map;
//  2. both ES modules import under Node, where there is no document, without fetching anything;
//  3. the files the package.json names are there.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
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

// 1. Types, as an app would see them: node_modules/@entangle/client is the staged package.
const link = join(here, 'node_modules', '@entangle', 'client');
rmSync(link, { recursive: true, force: true });
mkdirSync(dirname(link), { recursive: true });
symlinkSync(pkg, link, 'dir');
try {
  execFileSync(process.execPath, [join(here, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(here, 'tsconfig.json')],
      { stdio: 'inherit' });
} catch {
  fail('tsc --strict found errors in index.d.ts / wasm.d.ts against sample.ts (above)');
}
console.log('npm check: tsc --strict passed over sample.ts');

// 2. Imports with no DOM and no network: what SSR and test runners do.
globalThis.fetch = () => { throw new Error('fetched at import time'); };
for (const [entry, file] of [['.', 'entangle.mjs'], ['./wasm', 'entangle-wasm.mjs']]) {
  const module = await import(pathToFileURL(join(pkg, file)).href);
  if (typeof module.Entangle?.connect !== 'function') fail(`${entry} (${file}) does not export Entangle`);
  if (typeof document !== 'undefined') fail('a document appeared');
  console.log(`npm check: import of ${entry} (${file}) under Node: Entangle exported, nothing fetched`);
}
const wasm = await import(pathToFileURL(join(pkg, 'entangle-wasm.mjs')).href);
if (wasm.default !== wasm.Entangle || wasm.Entangle.build !== 'wasm') fail('./wasm: default export and build');
const source = readFileSync(join(pkg, 'entangle-wasm.mjs'), 'utf8');
if (!source.includes('new URL("./entangle.wasm", import.meta.url)')) {
  fail('entangle-wasm.mjs no longer finds entangle.wasm with new URL(..., import.meta.url): bundlers would not emit it');
}
try {
  await wasm.Entangle.load({ wasmUrl: 42 });
  fail('load({ wasmUrl: 42 }) resolved');
} catch (error) {
  if (!(error instanceof TypeError) || !error.message.includes('options.wasmUrl must be a string or a URL')) {
    fail('load({ wasmUrl: 42 }) rejected with ' + error);
  }
}
console.log('npm check: passed');
