// node --test null-checks.test.mjs (run by client-web's pom before minify.mjs)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dropNullChecks } from './null-checks.mjs';

// The shape TeaVM 0.15's runtime has, minified names and all.
const runtime = 'let $t=e=>{throw e},n=v=>{if(v===null){$t(new Error("NPE"))}return v};';

test('removes every call of the null check and keeps the rest of the program', () => {
  const { code, removed } = dropNullChecks(runtime + 'function f(a,b){return n(n(a).x).y+g(n(b))}', { module: false });
  assert.equal(removed, 3);
  assert.equal(code, runtime + 'function f(a,b){return ((a).x).y+g((b))}');
});

test('the program still behaves the same where nothing is null', () => {
  const source = runtime + 'globalThis.result=n(n({x:{y:4}}).x).y*n(10);';
  const { code } = dropNullChecks(source, { module: true });
  new Function(code)();
  assert.equal(globalThis.result, 40);
});

test('a null dereference still throws, now as a TypeError', () => {
  const { code } = dropNullChecks(runtime + 'globalThis.read=o=>n(o).x;', { module: false });
  new Function(code)();
  assert.throws(() => globalThis.read(null), TypeError);
});

test('finds the check with the comparison written either way round', () => {
  const { removed } = dropNullChecks('let c=v=>{if(null===v){throw 0}return v};c(1);', { module: false });
  assert.equal(removed, 1);
});

test('refuses output without exactly one null check', () => {
  assert.throws(() => dropNullChecks('let a=1;', { module: false }), /found 0/);
  assert.throws(() => dropNullChecks(runtime + runtime.replace('let $t', 'let $u').replace('n=', 'm='), { module: false }),
    /found 2/);
});

test('refuses an edit that would join a line to the call before it', () => {
  // Without the name, "(b)" would follow "a" on the next line and call it.
  assert.throws(() => dropNullChecks(runtime + 'let r=a\nn(b).x', { module: false }), /changed the program/);
});

test('leaves alone a function that only looks like the check', () => {
  const lookalike = 'let k=v=>{if(v===undefined){throw 0}return v};k(1);';
  assert.throws(() => dropNullChecks(lookalike, { module: false }), /found 0/);
});

test('refuses output where a local shares the check\'s name', () => {
  // Here the inner n is the caller's function: its call must stay.
  assert.throws(() => dropNullChecks(runtime + 'function f(n){return n(1)}', { module: false }), /used 1 times other/);
  // Property names are not identifiers of the program's scopes.
  assert.equal(dropNullChecks(runtime + 'o.n=1;p={n:2};n(o).n;', { module: false }).removed, 1);
});
