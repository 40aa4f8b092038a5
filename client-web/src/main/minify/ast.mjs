// What the build's steps over TeaVM's output (null-checks.mjs, gzip-order.mjs) and the size tools
// (../../size/) need of an acorn tree, in one place.

// Calls enter(node) on every node, parents before children, in source order; when enter returns
// false, the node's inside is skipped.
export function visit(node, enter) {
  if (Array.isArray(node)) {
    for (const item of node) visit(item, enter);
  } else if (node && typeof node.type === 'string' && enter(node) !== false) {
    for (const key in node) if (node[key] && typeof node[key] === 'object') visit(node[key], enter);
  }
}

// A function written as an expression: `function () {}` or an arrow.
export function isFunction(node) {
  return node?.type === 'ArrowFunctionExpression' || node?.type === 'FunctionExpression';
}
