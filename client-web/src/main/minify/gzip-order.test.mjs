// node --test gzip-order.test.mjs (run by client-web's pom before minify.mjs)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { orderForGzip } from './gzip-order.mjs';

const run = (code) => {
  globalThis.result = undefined;
  new Function(code)();
  return globalThis.result;
};

test('moves the functions to the front and keeps every other statement in its order', () => {
  const source = 'let a=1,f=()=>a+b,b=2;g();function g(){}let h=function(){return f()*2},c=h();globalThis.result=[a,b,c];';
  const { code, moved } = orderForGzip(source, { module: true });
  assert.equal(moved, 2);
  // The largest function first, then the one most like it.
  assert.equal(code, 'let h=function(){return f()*2},f=()=>a+b;let a=1,b=2;g();function g(){}let c=h();globalThis.result=[a,b,c];');
  assert.deepEqual(run(code), [1, 2, 6]);
});

test('a function moved before the variables it reads still reads them when it is called', () => {
  const { code } = orderForGzip("let x=5;let h=()=>x+1;globalThis.result=h();", { module: true });
  assert.equal(code, 'let h=()=>x+1;let x=5;globalThis.result=h();');
  assert.equal(run(code), 6);
});

test('leaves const and var declarations where they are', () => {
  const source = 'const k=()=>1;var v=()=>2;let l=()=>3;globalThis.result=k()+v()+l();';
  const { code, moved } = orderForGzip(source, { module: true });
  assert.equal(moved, 1);
  assert.equal(code, 'let l=()=>3;const k=()=>1;var v=()=>2;globalThis.result=k()+v()+l();');
});

test('puts look-alike functions next to each other', () => {
  // Two families of functions, written alternately as a compiler might (class by class).
  const alike = (family, i) => family === 'a'
    ? `a${i}=function(p){return this.field${i}.readHeaderOfFrame(p,"header")}`
    : `b${i}=e=>{for(let k=0;k<e.length;k++)if(e[k]===null)throw new RangeError("slot "+k)}`;
  const names = [];
  for (let i = 0; i < 20; i++) names.push(alike('a', i), alike('b', i));
  const { code } = orderForGzip(`let ${names.join(',')};`, { module: true });
  const families = code.match(/[ab]\d+=/g).map((name) => name[0]).join('');
  assert.ok(families.replace(/(.)\1*/g, '$1').length <= 3, `families interleaved: ${families}`);
});

test('compresses better when like functions are far apart', () => {
  // Each "a" function has a twin 40 KB later, past what gzip can refer back to.
  const noise = (i) => `n${i}=()=>"${Buffer.from(String(i).repeat(50)).toString('base64')}${i * 7919}"`;
  const twin = (i) => `t${i}=function(p){return this.reader${i % 5}.read(p,"a frame of kind ${i % 5}")+${i}}`;
  const parts = [];
  for (let i = 0; i < 300; i++) parts.push(twin(i), noise(i));
  const source = `let ${parts.join(',')};`;
  const { code } = orderForGzip(source, { module: true });
  assert.ok(gzipSync(code).length < gzipSync(source).length);
});

test('finds the program inside UMD wrappers and keeps its directive first', () => {
  const umd = (body) => `!function(){"use strict";const u=1;!function(f){f(globalThis)}(function(e){${body}})}();`;
  const body = '"use strict";let z=3,q=()=>z*w()+y(),w=()=>7,y=function(){return z+w()};e.result=q();';
  const { code } = orderForGzip(umd(body), { module: false });
  assert.equal(code, umd('"use strict";let y=function(){return z+w()},q=()=>z*w()+y(),w=()=>7;let z=3;e.result=q();'));
  assert.equal(run(code), 31);
});

test('refuses a script with no wrapped program, and a program with no functions', () => {
  assert.throws(() => orderForGzip('let f=()=>1;f();', { module: false }), /found no TeaVM program/);
  assert.throws(() => orderForGzip('let a=1;', { module: true }), /no top-level functions/);
});

test('gives the same order on every run', () => {
  const parts = [];
  for (let i = 0; i < 50; i++) parts.push(`f${i}=()=>${i % 7}+"${'x'.repeat(i % 11)}"`);
  const source = `let ${parts.join(',')};`;
  assert.equal(orderForGzip(source, { module: true }).code, orderForGzip(source, { module: true }).code);
});

test('keeps the comments inside statements, such as the bundlers\' directives on an import', () => {
  const source = 'let f=()=>import(/* webpackIgnore: true */ /* @vite-ignore */ u),g=()=>1;';
  const { code } = orderForGzip(source, { module: true });
  assert.match(code, /webpackIgnore: true \*\/ \/\* @vite-ignore/);
});

test('refuses to lose a comment between statements', () => {
  assert.throws(() => orderForGzip('let f=()=>1;/*! licence */let g=()=>2;', { module: true }), /lost comments: 1 became 0/);
});

// A function of 80 characters or more, as Terser leaves a method's body inside TeaVM's class metadata.
const body = (value) => `(p,q)=>{let r=p+q;for(let i=0;i<3;i++)r=r*2+i;return r+${value}/*${'-'.repeat(30)}*/}`;

test('takes the long functions out of other statements, orders them with the rest and computes the same', () => {
  const source = `let m=(list)=>list;let t=m([1,${body(1)},2,${body(2)}]);globalThis.result=[t[1](1,2),t[3](1,2),t.length];`;
  const { code, moved, hoisted } = orderForGzip(source, { module: true });
  assert.equal(hoisted, 0); // in a let that is not a function: left where it is
  assert.equal(moved, 1);
  const statement = `let m=(list)=>list;m([1,${body(1)},2,${body(2)}]).forEach(()=>0);globalThis.result=m([${body(3)}])[0](1,2);`;
  const taken = orderForGzip(statement, { module: true });
  assert.equal(taken.hoisted, 3);
  assert.equal(taken.moved, 4);
  assert.ok(!taken.code.includes('m([1,(p,q)'), taken.code);
  assert.equal(run(taken.code), run(statement));
  assert.equal(run(taken.code), 31);
});

test('leaves short functions, functions inside functions, methods and classes where they are', () => {
  const inside = `(()=>{globalThis.inner=${body(4)}})`;
  const source = `let g=${body(0)};g.call(0,()=>1);(${inside})();`
    + `globalThis.o={get x(){${'return 1;'.repeat(10)}},m(){${'return 2;'.repeat(10)}}};`
    + `globalThis.k=class{f(){${'return 3;'.repeat(10)}}};globalThis.result=[globalThis.inner(1,2),globalThis.o.x,new globalThis.k().f()];`;
  const { code, hoisted } = orderForGzip(source, { module: true });
  assert.equal(hoisted, 1); // only the function wrapping the inner one
  assert.ok(code.includes('g.call(0,()=>1)') && code.includes('globalThis.inner=(p,q)') && code.includes('get x(){'), code);
  assert.deepEqual(run(code), [32, 1, 3]);
});

test('names a function it takes out with an identifier the code does not use', () => {
  // Every one-letter name but "Q" is taken.
  const letters = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPRSTUVWXYZ_$'];
  const source = `let ${letters.map((l) => `${l}=0`).join(',')},z9=()=>0;`
    + `globalThis.result=[${body(5)}][0](1,2)+${letters.join('+')};`;
  const { code, hoisted } = orderForGzip(source, { module: true });
  assert.equal(hoisted, 1);
  assert.match(code, /^let Q=\(p,q\)=>/);
  assert.equal(run(code), 33);
});
