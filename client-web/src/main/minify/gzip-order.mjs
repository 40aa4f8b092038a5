// gzip finds repeats only within the last 32 KB it has read, and TeaVM writes its functions class
// by class, so two functions that look alike (two records' accessors, two lambdas' bodies, two
// frame readers) often sit too far apart for the second to be written as a reference to the
// first. This step puts like next to like: it moves every top-level `let name = <function>` of
// Terser's output to the front of its scope, in an order chosen so that each function shares as
// much text as it can with the 32 KB written just before it. Terser writes a function used once
// where it is used, mostly a method's body inside TeaVM's class metadata, so the step first takes
// such functions (those not inside another function, of HOISTED_FROM characters or more) out of
// the other top-level statements into lets of their own, named with identifiers the code does
// not use, and orders them with the rest. About 2.5 % less gzip.
//
// Moving those declarations is safe whatever the order: evaluating a function expression runs
// nothing, and a function's body looks its names up only when it is called, which no statement
// can do before the moved declarations; a function taken out of a statement is evaluated earlier
// and found by its new name, in the same scope. Everything else (class metadata, calls, other
// declarations, exports) keeps its place and its order. The step fails when it finds no TeaVM
// program (a script's body is the largest function its statements call or pass), when the edited
// code does not parse to the same pieces in the new order, when a new name is not used exactly
// where the function was, and when a comment would be lost (only comments inside statements are
// kept; Terser keeps none but the bundlers' directives, which sit inside the devtools panel's
// import).
import * as acorn from 'acorn';
import { isFunction, visit } from './ast.mjs';

const WINDOW = 32 * 1024; // what gzip can refer back to
const GRAM = 5; // length of the runs of characters compared; 4 and 6 do about as well, 8 worse
// Shorter functions are left where they are: their new name costs about what ordering them gains.
const HOISTED_FROM = 80;

export function orderForGzip(source, { module }) {
  const commentsBefore = [];
  const options = { ecmaVersion: 'latest', sourceType: module ? 'module' : 'script' };
  const program = acorn.parse(source, { ...options, onComment: commentsBefore });
  const body = module ? program : scriptBody(program);
  if (!body) throw new Error("found no TeaVM program to order: no function called at the top of the script");

  const directives = [];
  const functions = [];
  const rest = [];
  const names = unusedNames(program);
  const hoisted = [];
  for (const statement of body.body) {
    if (statement.directive) {
      directives.push(source.slice(statement.start, statement.end));
    } else if (statement.type === 'VariableDeclaration' && statement.kind === 'let') {
      const others = [];
      for (const declarator of statement.declarations) {
        (isFunction(declarator.init) ? functions : others).push(source.slice(declarator.start, declarator.end));
      }
      if (others.length > 0) rest.push(`let ${others.join(',')};`);
    } else if (statement.type === 'ExpressionStatement') {
      let text = '';
      let from = statement.start;
      for (const inner of outermostFunctions(statement)) {
        const name = names.next().value;
        hoisted.push(name);
        functions.push(`${name}=${source.slice(inner.start, inner.end)}`);
        text += source.slice(from, inner.start) + name;
        from = inner.end;
      }
      rest.push(text + source.slice(from, statement.end));
    } else {
      rest.push(source.slice(statement.start, statement.end));
    }
  }
  if (functions.length === 0) throw new Error('found no top-level functions to order');

  const ordered = order(functions);
  const inner = directives.join('') + `let ${ordered.join(',')};` + rest.join('');
  const start = body.type === 'Program' ? 0 : body.start + 1;
  const end = body.type === 'Program' ? source.length : body.end - 1;
  const code = source.slice(0, start) + inner + source.slice(end);

  // The same pieces, the functions in their new order: nothing joined, lost or split.
  const commentsAfter = [];
  const reparsed = acorn.parse(code, { ...options, onComment: commentsAfter });
  const after = module ? reparsed : scriptBody(reparsed);
  const declared = after.body.filter((s) => s.type === 'VariableDeclaration' && s.kind === 'let').flatMap((s) => s.declarations)
    .filter((d) => isFunction(d.init)).map((d) => code.slice(d.start, d.end));
  if (declared.join('\n') !== ordered.join('\n') || after.body.length !== directives.length + 1 + rest.length) {
    throw new Error('ordering the functions changed the program');
  }
  const uses = new Map(hoisted.map((name) => [name, 0]));
  visit(after, (node) => {
    if (node.type === 'Identifier' && uses.has(node.name)) uses.set(node.name, uses.get(node.name) + 1);
  });
  for (const [name, count] of uses) {
    if (count !== 2) throw new Error(`the function taken out as ${name} is named ${count} times, not 2`);
  }
  const texts = (comments) => comments.map((comment) => comment.value).sort().join('\n');
  if (texts(commentsAfter) !== texts(commentsBefore)) {
    throw new Error(`ordering the functions lost comments: ${commentsBefore.length} became ${commentsAfter.length}`);
  }
  return { code, moved: functions.length, hoisted: hoisted.length };
}

// A UMD script's program is a function its statements call or pass to a call, perhaps inside
// another such wrapper: from the script down, the largest such function while it holds most of
// what wraps it.
function scriptBody(program) {
  let body = null;
  for (let block = program; ;) {
    let largest = null;
    for (const statement of block.body) {
      if (statement.type !== 'ExpressionStatement') continue;
      let expression = statement.expression;
      while (expression.type === 'UnaryExpression' || expression.type === 'SequenceExpression') {
        expression = expression.type === 'UnaryExpression' ? expression.argument : expression.expressions.at(-1);
      }
      if (expression.type !== 'CallExpression') continue;
      for (const node of [expression.callee, ...expression.arguments]) {
        if (isFunction(node) && node.body.type === 'BlockStatement'
            && (!largest || node.end - node.start > largest.end - largest.start)) {
          largest = node;
        }
      }
    }
    if (!largest || 2 * (largest.end - largest.start) < block.end - block.start) return body;
    body = block = largest.body;
  }
}

// The functions in a statement that are not inside another function or a class, long enough to
// take out. A method's function (`{m() {}}`, a getter, a setter) is not an expression to replace.
function outermostFunctions(statement) {
  const found = [];
  visit(statement, (node) => {
    if (node.type === 'Property' && (node.method || node.kind !== 'init')) return false;
    if (node.type === 'ClassExpression' || node.type === 'ClassDeclaration') return false;
    if (!isFunction(node)) return true;
    if (node.end - node.start >= HOISTED_FROM) found.push(node);
    return false;
  });
  return found.sort((a, b) => a.start - b.start);
}

// Identifiers, shortest first, that appear nowhere in the program (so they neither shadow nor are
// shadowed by anything it names) and that a let may bind in a module or a function.
function* unusedNames(program) {
  const used = new Set();
  visit(program, (node) => {
    if (node.type === 'Identifier') used.add(node.name);
  });
  const first = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$';
  const next = first + '0123456789';
  for (let names = [...first]; ; names = names.flatMap((name) => [...next].map((c) => name + c))) {
    for (const name of names) {
      if (!used.has(name) && !['NaN', 'Infinity', 'undefined', 'eval', 'arguments'].includes(name) && bindable(name)) {
        yield name;
      }
    }
  }
}

function bindable(name) {
  try {
    acorn.parse(`let ${name}=0;`, { ecmaVersion: 'latest', sourceType: 'module' });
    return true;
  } catch {
    return false;
  }
}

// Greedy: start with the largest function, then always take the one whose runs of GRAM
// characters are most often found in the last WINDOW characters already placed (as a share of
// its length, so that small look-alikes are not passed over for large half-alikes). Ties keep
// TeaVM's order, so the result is the same on every build. Each function's count of runs found
// is kept up to date as runs enter and leave the window, rather than counted again at each step.
function order(functions) {
  const found = new Array(functions.length).fill(0); // runs of each function now in the window
  const holders = new Map(); // run -> the index of each function holding it, once per occurrence
  const runs = functions.map((text, index) => {
    const written = text + ',';
    const list = [];
    for (let i = 0; i + GRAM <= written.length; i++) {
      const run = written.slice(i, i + GRAM);
      list.push(run);
      if (!holders.has(run)) holders.set(run, []);
      holders.get(run).push(index);
    }
    return list;
  });
  const window = new Map(); // run -> how many times it is in the window
  const inWindow = []; // the functions placed last, oldest first
  let windowLength = 0;
  const count = (run, change) => {
    const now = (window.get(run) ?? 0) + change;
    if (now === 0) window.delete(run); else window.set(run, now);
    if (now === (change > 0 ? 1 : 0)) { // the run came into the window, or left it
      for (const holder of holders.get(run)) found[holder] += change;
    }
  };
  const place = (index) => {
    for (const run of runs[index]) count(run, 1);
    inWindow.push(index);
    windowLength += functions[index].length + 1;
    while (windowLength - functions[inWindow[0]].length - 1 >= WINDOW) { // drop what gzip can no longer see
      const gone = inWindow.shift();
      windowLength -= functions[gone].length + 1;
      for (const run of runs[gone]) count(run, -1);
    }
  };

  const left = new Set(functions.keys());
  const result = [];
  let next = 0;
  for (const index of left) if (functions[index].length > functions[next].length) next = index;
  while (true) {
    left.delete(next);
    result.push(functions[next]);
    place(next);
    if (left.size === 0) return result;
    let best = -1;
    for (const candidate of left) {
      const share = found[candidate] / (runs[candidate].length + GRAM);
      if (share > best) {
        best = share;
        next = candidate;
      }
    }
  }
}
