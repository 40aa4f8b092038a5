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

export function dropNullChecks(source, { module }) {
  const options = { ecmaVersion: 'latest', sourceType: module ? 'module' : 'script' };
  const program = acorn.parse(source, options);
  const checks = [];
  visit(program, (node) => {
    if (node.type === 'VariableDeclarator' && isNullCheck(node.init)) checks.push(node.id.name);
  });
  if (checks.length !== 1) {
    throw new Error(`expected one null-check function in TeaVM's output, found ${checks.length} (did TeaVM's runtime change?)`);
  }
  const [name] = checks;
  const names = [];
  let callsBefore = 0;
  visit(program, (node) => {
    if (node.type !== 'CallExpression') return;
    callsBefore++;
    if (node.callee.type === 'Identifier' && node.callee.name === name && node.arguments.length === 1) {
      names.push(node.callee);
    }
  });
  // Deleting the name is right only where it means the runtime's check: no local may share it.
  const uses = identifiers(program, name);
  if (uses !== names.length + 1) {
    throw new Error(`the null check's name '${name}' is used ${uses - names.length - 1} times other than in its declaration and calls`);
  }
  names.sort((a, b) => a.start - b.start);
  let edited = '';
  let from = 0;
  for (const callee of names) {
    edited += source.slice(from, callee.start);
    from = callee.end;
  }
  edited += source.slice(from);

  // A deleted name after a line break could join `(value)` to the line before as a call.
  let callsAfter = 0;
  visit(acorn.parse(edited, options), (node) => {
    if (node.type === 'CallExpression') callsAfter++;
  });
  if (callsAfter !== callsBefore - names.length) {
    throw new Error(`removing ${names.length} null checks changed the program: ${callsBefore} calls became ${callsAfter}`);
  }
  return { code: edited, removed: names.length };
}

function isNullCheck(node) {
  if (node?.type !== 'ArrowFunctionExpression' && node?.type !== 'FunctionExpression') return false;
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

// How often `name` appears as an identifier: declared, bound or referred to, anywhere. Property
// names after a dot and object keys are not identifiers of the program's scopes.
function identifiers(program, name) {
  const notNames = new Set();
  visit(program, (node) => {
    if (node.type === 'MemberExpression' && !node.computed) notNames.add(node.property);
    if ((node.type === 'Property' || node.type === 'MethodDefinition' || node.type === 'PropertyDefinition')
      && !node.computed && !node.shorthand) notNames.add(node.key);
  });
  let count = 0;
  visit(program, (node) => {
    if (node.type === 'Identifier' && node.name === name && !notNames.has(node)) count++;
  });
  return count;
}

// Every node of an acorn tree, parents before children.
function visit(node, action) {
  action(node);
  for (const key of Object.keys(node)) {
    const child = node[key];
    if (Array.isArray(child)) {
      for (const item of child) if (item && typeof item.type === 'string') visit(item, action);
    } else if (child && typeof child.type === 'string') {
      visit(child, action);
    }
  }
}
