// TeaVM's `strict` mode wraps every dereference it cannot prove safe in its runtime's null check,
// `$rt_nullCheck(value)`, which throws java.lang.NullPointerException on null. In JavaScript the
// dereference that follows throws anyway (a TypeError, which a Java `catch` receives as a
// RuntimeException through TeaVM's $rt_wrapException), so the check adds bytes, not safety: about
// 1,700 calls and 1.4 KB gzip in the lite entry. The bounds and cast checks that `strict` also
// adds stay: without them a bad index or cast would go on silently.
//
// TeaVM 0.15 offers no switch for null checks alone (its JavaScript target uses an empty
// NullCheckFilter), so this step removes them from its output: it finds the runtime's check by
// its shape, `v => { if (v === null) { ...throw... } return v; }`, whatever name the minifier gave
// it, and deletes the function's name at every call, leaving `(value)`. Terser then drops the
// unused function. The step fails when it cannot find exactly one such function, when its name
// is bound or used anywhere else (a local of the same name would make a deleted name a deleted
// call), or when the edited code parses to anything but the same program without those calls.
import * as acorn from 'acorn';
import { isFunction, visit } from './ast.mjs';

export function dropNullChecks(source, { module }) {
  const options = { ecmaVersion: 'latest', sourceType: module ? 'module' : 'script' };
  const before = survey(acorn.parse(source, options));
  if (before.checks.length !== 1) {
    throw new Error(`expected one null-check function in TeaVM's output, found ${before.checks.length} (did TeaVM's runtime change?)`);
  }
  const [name] = before.checks;
  const callees = before.oneArgumentCallees.filter((callee) => callee.name === name);
  // Deleting the name is right only where it means the runtime's check: no local may share it.
  const uses = before.identifiers.get(name);
  if (uses !== callees.length + 1) {
    throw new Error(`the null check's name '${name}' is used ${uses - callees.length - 1} times other than in its declaration and calls`);
  }
  callees.sort((a, b) => a.start - b.start);
  let edited = '';
  let from = 0;
  for (const callee of callees) {
    edited += source.slice(from, callee.start);
    from = callee.end;
  }
  edited += source.slice(from);

  // A deleted name after a line break could join `(value)` to the line before as a call.
  const callsAfter = survey(acorn.parse(edited, options)).calls;
  if (callsAfter !== before.calls - callees.length) {
    throw new Error(`removing ${callees.length} null checks changed the program: ${before.calls} calls became ${callsAfter}`);
  }
  return { code: edited, removed: callees.length };
}

// One walk over a program: the names of its null-check functions, how many calls it makes, the
// callees of its calls with one argument that name a function, and how often each name appears
// as an identifier of its scopes (declared, bound or referred to; a property name after a dot or
// an object key is none).
function survey(program) {
  const found = { checks: [], calls: 0, oneArgumentCallees: [], identifiers: new Map() };
  const propertyNames = new Set();
  visit(program, (node) => {
    switch (node.type) {
      case 'VariableDeclarator':
        if (isNullCheck(node.init)) found.checks.push(node.id.name);
        break;
      case 'CallExpression':
        found.calls++;
        if (node.callee.type === 'Identifier' && node.arguments.length === 1) found.oneArgumentCallees.push(node.callee);
        break;
      case 'MemberExpression':
        if (!node.computed) propertyNames.add(node.property);
        break;
      case 'Property':
      case 'MethodDefinition':
      case 'PropertyDefinition':
        if (!node.computed && !node.shorthand) propertyNames.add(node.key);
        break;
      case 'Identifier':
        if (!propertyNames.has(node)) found.identifiers.set(node.name, (found.identifiers.get(node.name) ?? 0) + 1);
        break;
    }
  });
  return found;
}

function isNullCheck(node) {
  if (!isFunction(node)) return false;
  const [value] = node.params;
  if (node.params.length !== 1 || value.type !== 'Identifier' || node.body.type !== 'BlockStatement') return false;
  const [test, result] = node.body.body;
  return node.body.body.length === 2
    && test.type === 'IfStatement' && test.alternate === null && comparesWithNull(test.test, value.name)
    && result.type === 'ReturnStatement' && result.argument?.type === 'Identifier'
    && result.argument.name === value.name;
}

function comparesWithNull(test, name) {
  if (test.type !== 'BinaryExpression' || test.operator !== '===') return false;
  const isNull = (node) => node.type === 'Literal' && node.value === null && node.raw === 'null';
  const isValue = (node) => node.type === 'Identifier' && node.name === name;
  return (isValue(test.left) && isNull(test.right)) || (isNull(test.left) && isValue(test.right));
}
