// Which of the project's functions bring each classlib class into a bundle: reads a readable
// TeaVM build (-Dteavm.minifying=false, where every function keeps its class's name) and, for each
// class of java.lang, java.util and TeaVM's JSO glue that the project's own functions refer to,
// prints the functions that do, when they are few. A class that one call brings (a subList, a
// Collections.unmodifiableList, a toArray(T[]) and its reflection) is a candidate to write that
// call another way; docs/BENCHMARKS.md, "eighth round", lists what this found.
//
//   node client-web/src/size/referrers.mjs /tmp/readable/entangle-lite.mjs [class prefix] [most callers, 3]
//
// Uses the build's own acorn (npm ci in client-web/src/main/minify first).
import { readFileSync } from 'node:fs';

const modules = new URL('../main/minify/node_modules/', import.meta.url);
const acorn = await import(new URL('acorn/dist/acorn.mjs', modules));
const { visit } = await import(new URL('../main/minify/ast.mjs', import.meta.url));

const [file, prefix = '', most = '3'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node referrers.mjs <readable .mjs> [class prefix] [most callers]');
  process.exit(2);
}
const program = acorn.parse(readFileSync(file, 'utf8'), { ecmaVersion: 'latest', sourceType: 'module' });

// Top-level declarations by name, and the declared names each one's code refers to.
const declared = new Map();
for (const statement of program.body) {
  if (statement.type === 'VariableDeclaration') {
    for (const d of statement.declarations) declared.set(d.id.name, d.init);
  } else if (statement.type === 'FunctionDeclaration') {
    declared.set(statement.id.name, statement.body);
  }
}
const refersTo = (node, self) => {
  const names = new Set();
  visit(node, (n) => {
    if (n.type === 'Identifier' && n.name !== self && declared.has(n.name)) names.add(n.name);
  });
  return names;
};

// TeaVM names a member <package initials>_<Class>[$Inner]_<member>.
const classOf = (name) => name.match(/^[a-z]+_[A-Z][A-Za-z0-9]*(?:\$[A-Za-z0-9]+)*/)?.[0].replace(/\$lambda.*/, '') ?? name;
const isClasslib = (name) => /^(ju|jl|juf|jlr|otji|otjc)_/.test(name);

const callers = new Map(); // class -> member -> the project's functions referring to it
for (const [name, node] of declared) {
  if (isClasslib(name) || name.startsWith('$rt_')) continue;
  for (const target of refersTo(node, name)) {
    const owner = classOf(target);
    if (!isClasslib(target) || !owner.startsWith(prefix)) continue;
    if (!callers.has(owner)) callers.set(owner, new Map());
    const members = callers.get(owner);
    members.set(target, [...(members.get(target) ?? []), name]);
  }
}
for (const [owner, members] of [...callers].sort(([a], [b]) => a.localeCompare(b))) {
  const all = new Set([...members.values()].flat());
  if (all.size > Number(most)) continue;
  console.log(owner, [...members].map(([member, from]) => `${member.slice(owner.length) || '(class)'} <- ${from.join(' ')}`).join(' | '));
}
