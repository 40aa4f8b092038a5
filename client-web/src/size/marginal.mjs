// What each class (or package) adds to a bundle's gzip size: minifies a readable TeaVM build
// (-Dteavm.minifying=false, where every function keeps its class's name) the way the build does,
// then for each group takes its top-level functions out and compresses the rest again. Parts
// compress against each other, so the marginal sizes add up to a little less than the whole.
//
//   node client-web/src/size/marginal.mjs <readable entangle-lite.mjs> [class|package|method] [rows]
//
// Uses the build's own Terser (npm ci in client-web/src/main/minify first).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const modules = new URL('../main/minify/node_modules/', import.meta.url);
const { minify } = await import(new URL('terser/main.js', modules));
const acorn = await import(new URL('acorn/dist/acorn.mjs', modules));

const [file, mode = 'class', rows = '40'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node marginal.mjs <readable .mjs> [class|package|method] [rows]');
  process.exit(2);
}
const nameCache = {};
// No compression: Terser would inline single-use functions into the class metadata, hiding
// whose code they are; mangling alone keeps the names short, as in the real bundle.
const code = (await minify(readFileSync(file, 'utf8'), { module: true, compress: false, mangle: true, nameCache })).code;
const original = new Map(Object.entries(nameCache.vars?.props ?? {}).map(([name, short]) => [short, name.replace(/^\$/, '')]));
const gzip = (text) => gzipSync(text, { level: 9 }).length;
const total = gzip(code);

// Top-level pieces: declarations by name, class metadata by class, pooled strings together.
const pieces = [];
const nameOf = (identifier) => original.get(identifier) ?? identifier;
const upTo = (node) => node.end + (code[node.end] === ',' ? 1 : 0);
for (const statement of acorn.parse(code, { ecmaVersion: 'latest', sourceType: 'module' }).body) {
  if (statement.type === 'VariableDeclaration') {
    for (const d of statement.declarations) pieces.push({ start: d.start, end: d.end, name: nameOf(d.id.name) });
  } else if (statement.type === 'FunctionDeclaration') {
    pieces.push({ start: statement.start, end: statement.end, name: nameOf(statement.id.name) });
  } else if (statement.type === 'ExpressionStatement' && statement.expression.type === 'CallExpression') {
    const call = statement.expression;
    const callee = call.callee.type === 'Identifier' ? nameOf(call.callee.name) : '';
    const array = call.arguments[0]?.type === 'ArrayExpression' ? call.arguments[0].elements : null;
    if (callee === '$rt_metadata' && array) {
      for (let i = 0; i < array.length; i += 8) { // 8 entries per class
        const last = array[Math.min(i + 7, array.length - 1)];
        pieces.push({ start: array[i].start, end: upTo(last), name: 'metadata of ' + nameOf(array[i].name) });
      }
    } else if (callee === '$rt_stringPool' && array) {
      for (const s of array) pieces.push({ start: s.start, end: upTo(s), name: 'string constants' });
    } else {
      pieces.push({ start: statement.start, end: statement.end, name: callee || '(statement)' });
    }
  } else {
    pieces.push({ start: statement.start, end: statement.end, name: '(statement)' });
  }
}

// TeaVM names a method <package initials>_<Class>[$Inner]_<method>, lambdas <Class>$<method>$lambda$...
function group(name) {
  if (name.startsWith('metadata of ')) return mode === 'method' ? name : 'class metadata';
  if (name === 'string constants' || mode === 'method') return name;
  if (/^(\$rt|\$dbg|Long_)/.test(name)) return 'TeaVM runtime';
  const parts = name.replace(/\$lambda\$.*/, '').split('_');
  const at = parts.findIndex((part, i) => i > 0 && /^[A-Z]/.test(part));
  if (at < 0) return parts[0];
  return mode === 'package' ? parts[0] : parts.slice(0, at + 1).join('_').replace(/\$.*/, '');
}

const groups = new Map();
for (const piece of pieces) {
  const key = group(piece.name);
  groups.set(key, [...(groups.get(key) ?? []), piece]);
}
const table = [...groups].map(([key, members]) => {
  members.sort((a, b) => a.start - b.start);
  let rest = '', from = 0;
  for (const m of members) { rest += code.slice(from, m.start); from = m.end; }
  rest += code.slice(from);
  return { key, count: members.length, raw: members.reduce((sum, m) => sum + m.end - m.start, 0), gzip: total - gzip(rest) };
}).sort((a, b) => b.gzip - a.gzip);

console.log(`${file}: ${code.length} bytes mangled, ${total} gzip -9`);
console.log('  gzip    raw  parts  group');
for (const row of table.slice(0, Number(rows))) {
  console.log(`${String(row.gzip).padStart(6)} ${String(row.raw).padStart(6)} ${String(row.count).padStart(6)}  ${row.key}`);
}
