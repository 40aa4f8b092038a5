// Terser over TeaVM's output: TeaVM already shortens names, Terser then folds and drops what
// TeaVM leaves (unused temporaries, redundant blocks, long runtime helpers), about 8 % gzip less.
// Property names are never touched: the exported API and every JSO call go through them.
// --teavm-javascript is for the files TeaVM's JavaScript target wrote, not the Wasm loaders: their
// null checks are taken out first (null-checks.mjs says why), and after Terser their functions are
// put in an order that gzip compresses better (gzip-order.mjs), Terser's collapse_vars left off.
// Usage: node minify.mjs [--teavm-javascript] <directory> <file>... (each file is rewritten in place).
import { readFile, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { minify } from 'terser';
import { dropNullChecks } from './null-checks.mjs';
import { orderForGzip } from './gzip-order.mjs';

const args = process.argv.slice(2);
const teavmJavaScript = args[0] === '--teavm-javascript';
const [directory, ...files] = teavmJavaScript ? args.slice(1) : args;
if (!directory || files.length === 0) {
  console.error('usage: node minify.mjs [--teavm-javascript] <directory> <file>...');
  process.exit(2);
}

const gzipped = (text) => gzipSync(text, { level: 9 }).length;
const kb = (bytes) => (bytes / 1024).toFixed(1) + ' KB';

for (const file of files) {
  const path = `${directory}/${file}`;
  const source = await readFile(path, 'utf8');
  const module = file.endsWith('.mjs');
  let input = source;
  let note = '';
  if (teavmJavaScript) {
    const checked = dropNullChecks(source, { module });
    input = checked.code;
    note = `, ${checked.removed} null checks removed`;
  }
  const result = await minify(input, {
    module,
    // collapse_vars moves a value into the one place that reads it. Left off for TeaVM's code, which
    // then stays more alike from function to function: a few bytes longer, 0.2 % smaller once
    // ordered and compressed (the Wasm loaders, which are not ordered, keep it).
    compress: { passes: 2, collapse_vars: !teavmJavaScript },
    mangle: true,
    // Bundlers' directives on the devtools panel's import must survive (see src/main/js/devtools-import.js).
    format: { comments: /webpackIgnore|@vite-ignore/ },
  });
  let code = result.code;
  if (teavmJavaScript) {
    const ordered = orderForGzip(code, { module });
    code = ordered.code;
    note += `, ${ordered.moved} functions ordered for gzip (${ordered.hoisted} taken out of other statements)`;
  }
  await writeFile(path, code);
  console.log(`minify ${file}: ${kb(source.length)} -> ${kb(code.length)}, gzip -9 ${kb(gzipped(source))} -> ${kb(gzipped(code))}${note}`);
}
