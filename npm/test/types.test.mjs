// The typings against the core: every shared vector (tests/vectors) runs through the Node API
// with each public function wrapped, and every value a function returns is checked against the
// return type `index.d.ts` declares for it, read with the TypeScript compiler. An undeclared
// field (the Rust side added or renamed one), a missing required one, or a value of another
// type fails, with the function and the field path. The result and record types are written by
// hand; this is what keeps them one with the core's JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import * as api from '../dist/node.mjs';
import { loadVectors } from './load-vectors.mjs';
import { runVectors } from './vectors-core.mjs';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const program = ts.createProgram([join(pkg, 'index.d.ts')], { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022 });
const checker = program.getTypeChecker();
const source = program.getSourceFile(join(pkg, 'index.d.ts'));
const exported = new Map(checker.getExportsOfModule(checker.getSymbolAtLocation(source)).map((s) => [s.name, s]));

const typeOfExport = (name) => checker.getTypeOfSymbolAtLocation(exported.get(name), source);
const instanceTypeOf = (name) => checker.getDeclaredTypeOfSymbol(exported.get(name));
const returnTypeOf = (owner, method) => {
  const prop = owner.getProperty(method);
  assert.ok(prop, `index.d.ts declares ${method}`);
  const signatures = checker.getTypeOfSymbolAtLocation(prop, source).getCallSignatures();
  assert.ok(signatures.length > 0, `${method} is a function in index.d.ts`);
  return checker.getReturnTypeOfSignature(signatures[0]);
};

const show = (v) => (typeof v === 'string' ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v) : Array.isArray(v) ? 'an array' : String(v));

/** The problems of `value` as a `type`: [] when it conforms. */
function conform(value, type, path) {
  const f = type.flags;
  const TF = ts.TypeFlags;
  if (f & (TF.Any | TF.Unknown | TF.TypeParameter)) return [];
  if (f & TF.Union) {
    const tries = type.types.map((t) => conform(value, t, path));
    return tries.some((p) => p.length === 0) ? [] : tries.sort((a, b) => a.length - b.length)[0];
  }
  const want = checker.typeToString(type);
  const bad = [`${path}: expected ${want}, found ${show(value)}`];
  if (f & TF.Null) return value === null ? [] : bad;
  if (f & (TF.Undefined | TF.Void)) return value === undefined ? [] : bad;
  if (f & TF.StringLiteral) return value === type.value ? [] : bad;
  if (f & TF.NumberLiteral) return value === type.value ? [] : bad;
  if (f & TF.BooleanLiteral) return value === (checker.typeToString(type) === 'true') ? [] : bad;
  if (f & TF.String) return typeof value === 'string' ? [] : bad;
  if (f & TF.Number) return typeof value === 'number' ? [] : bad;
  if (f & TF.Boolean) return typeof value === 'boolean' ? [] : bad;
  if (!(f & TF.Object)) throw new Error(`${path}: the test does not check ${want} yet`);
  const name = type.getSymbol()?.getName();
  if (name === 'Date') return value instanceof Date ? [] : bad;
  if (name === 'Promise') return value instanceof Promise ? [] : bad;
  if (checker.isArrayType(type)) {
    if (!Array.isArray(value)) return bad;
    const [element] = checker.getTypeArguments(type);
    return value.flatMap((v, i) => conform(v, element, `${path}[${i}]`));
  }
  // A class of the API (Config, Presets, the errors): an instance of the runtime class.
  if (name && typeof api[name] === 'function' && exported.has(name)) return value instanceof api[name] ? [] : bad;
  if (type.getCallSignatures().length > 0) return typeof value === 'function' ? [] : bad;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return bad;
  const problems = [];
  const props = new Map(checker.getPropertiesOfType(type).map((p) => [p.getName(), p]));
  for (const [key, prop] of props) {
    const optional = (prop.getFlags() & ts.SymbolFlags.Optional) !== 0;
    if (!(key in value)) {
      if (!optional) problems.push(`${path}.${key}: declared, but the core did not send it`);
      continue;
    }
    if (optional && value[key] === undefined) continue;
    problems.push(...conform(value[key], checker.getTypeOfSymbolAtLocation(prop, source), `${path}.${key}`));
  }
  const index = checker.getIndexInfosOfType(type).find((i) => i.keyType.flags & ts.TypeFlags.String);
  for (const key of Object.keys(value)) {
    if (props.has(key)) continue;
    if (!index) problems.push(`${path}.${key}: sent by the core, not declared in index.d.ts`);
    else problems.push(...conform(value[key], index.type, `${path}.${key}`));
  }
  return problems;
}

// Every public function of the API, with the type its result must have.
const checked = new Map(); // "sso.validateResponse" → { calls, problems }
function wrap(owner, key, label, type) {
  const original = owner[key];
  const entry = { calls: 0, problems: [] };
  checked.set(label, entry);
  const record = (value) => {
    entry.calls += 1;
    entry.problems.push(...conform(value, type, label).slice(0, 5));
    return value;
  };
  owner[key] = function wrapped(...args) {
    const out = original.apply(this, args);
    if (out instanceof Promise) {
      const awaited = checker.getAwaitedType(type);
      return out.then((v) => { entry.calls += 1; entry.problems.push(...conform(v, awaited, label).slice(0, 5)); return v; });
    }
    return record(out);
  };
}

const namespaces = ['sso', 'session', 'sansIO', 'webhooks', 'xmldsig', 'web'];
const wrappedApi = { ...api };
for (const ns of namespaces) {
  const declared = typeOfExport(ns);
  wrappedApi[ns] = { ...api[ns] };
  for (const key of Object.keys(api[ns]).filter((k) => typeof api[ns][k] === 'function')) {
    wrap(wrappedApi[ns], key, `${ns}.${key}`, returnTypeOf(declared, key));
  }
}
for (const cls of ['Config', 'Presets']) {
  const declared = instanceTypeOf(cls);
  for (const key of Object.getOwnPropertyNames(api[cls].prototype)) {
    const d = Object.getOwnPropertyDescriptor(api[cls].prototype, key);
    if (key === 'constructor' || typeof d.value !== 'function') continue;
    wrap(api[cls].prototype, key, `${cls}#${key}`, returnTypeOf(declared, key));
  }
}
for (const fn of ['unmaskUser', 'devPlatformSettings']) {
  wrap(wrappedApi, fn, fn, checker.getReturnTypeOfSignature(typeOfExport(fn).getCallSignatures()[0]));
}

test('every value the core returns for the shared vectors matches index.d.ts', async () => {
  const { vectors } = loadVectors();
  const outcome = await runVectors(wrappedApi, vectors);
  assert.equal(outcome.failed, 0, 'the vectors pass through the wrapped API');
  const problems = [...checked].flatMap(([, e]) => e.problems);
  assert.deepEqual([...new Set(problems)], []);
  // The results that carry the core's structs are all exercised.
  for (const label of ['sso.validateResponse', 'sso.authnRequest', 'Config#toObject', 'Config#metadata',
    'session.read', 'session.checkRequest', 'session.checkResponse', 'sansIO.accountRequest',
    'sansIO.accountResponse', 'sansIO.connecRequest', 'sansIO.connecResponse', 'sansIO.devPlatformRequest',
    'webhooks.match']) {
    assert.ok(checked.get(label)?.calls > 0, `the vectors call ${label}`);
  }
});

test('the check fails on an undeclared, a missing or a mistyped field', () => {
  const type = returnTypeOf(typeOfExport('sso'), 'validateResponse');
  const real = { session: null, nameId: 'n', assertionId: 'a', sessionIndex: null, notOnOrAfter: null, issuer: null, attributes: {},
    user: { provider: 'maestrano', uid: 'u', info: { email: null, firstName: null, lastName: null, country: null, companyName: null },
      extra: { uid: null, virtualUid: null, realEmail: null, virtualEmail: null, group: { uid: 'g', name: null, role: null },
        session: { uid: null, token: null, recheck: null, groupUid: 'g' } } },
    group: { provider: 'maestrano', uid: 'g', info: { freeTrialEndAt: null, companyName: null, hasCreditCard: false, name: null,
      orgUid: null, email: null, city: null, country: null, timezone: null, currency: null } },
    membership: { provider: 'maestrano', groupUid: 'g', userUid: 'u', role: null } };
  assert.deepEqual(conform(real, type, 'r'), []);
  assert.match(conform({ ...real, extraField: 1 }, type, 'r').join(), /r\.extraField: sent by the core, not declared/);
  const { nameId, ...renamed } = real;
  assert.match(conform({ ...renamed, name_id: nameId }, type, 'r').join(), /r\.nameId: declared, but the core did not send it/);
  assert.match(conform({ ...real, user: { ...real.user, uid: 7 } }, type, 'r').join(), /r\.user\.uid: expected string, found 7/);
});
