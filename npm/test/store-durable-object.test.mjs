// maestrano/durable-object in workerd (miniflare): one Worker holds the ReplayStoreObject class,
// two app Workers (two isolates) are bound to its namespace and consume one assertion at the same
// moment: exactly one wins (5 rounds, real SSO responses from the sandbox); raw concurrent
// inserts; expiry; and what the object refuses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import { sso } from 'maestrano';
import { DurableObjectStore, ReplayStoreObject } from 'maestrano/durable-object';
import { haveSandbox, startSandbox } from './adapter-support.mjs';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const esm = (p) => ({ type: 'ESModule', path: join(pkg, p) });
// workerd resolves a bare specifier next to the module importing it.
const alias = (name, target) => ({
  type: 'ESModule', path: join(pkg, name),
  contents: `export * from '${relative(dirname(join(pkg, name)), join(pkg, target))}';`,
});
const core = [
  alias('test/maestrano', 'dist/workerd.mjs'),
  alias('test/maestrano/durable-object', 'dist/durable-object.mjs'),
  alias('dist/maestrano', 'dist/workerd.mjs'),
  ...readdirSync(join(pkg, 'dist')).filter((n) => n.endsWith('.mjs')).map((n) => esm(`dist/${n}`)),
  esm('wasm/web/maestrano_wasm.mjs'),
  { type: 'CompiledWasm', path: join(pkg, 'wasm', 'web', 'maestrano_wasm_bg.wasm') },
];
const binding = { REPLAY: { className: 'ReplayStoreObject', scriptName: 'store' } };
const appWorker = (name) => ({
  name, modulesRoot: pkg, modules: [esm('test/store-do-worker.mjs'), ...core], durableObjects: binding,
  compatibilityDate: '2024-09-23',
});

let mf;
before(async () => {
  mf = new Miniflare({
    workers: [
      {
        name: 'store', modulesRoot: pkg, compatibilityDate: '2024-09-23',
        modules: [esm('test/store-do-object.mjs'), alias('test/maestrano/durable-object', 'dist/durable-object.mjs'), esm('dist/durable-object.mjs')],
        durableObjects: { REPLAY: 'ReplayStoreObject' },
      },
      appWorker('a'),
      appWorker('b'),
    ],
  });
  await mf.ready;
});
after(async () => {
  await mf?.dispose();
});

const call = async (worker, path, body) => {
  const res = await (await mf.getWorker(worker)).fetch(`http://app${path}`, { method: 'POST', body: JSON.stringify(body) });
  assert.equal(res.status, 200, `${worker}${path}: ${res.status}`);
  return res.json();
};

test('durable object: two isolates insert one key at the same moment, 20 times each: exactly one wins', async () => {
  for (const shards of [1, 4]) {
    const key = `k-${shards}-${crypto.randomUUID()}`;
    const all = await Promise.all(Array.from({ length: 40 }, (_, i) => call(i % 2 ? 'a' : 'b', '/insert', { key, ttl: 60_000, shards })));
    assert.equal(all.filter((r) => r.inserted).length, 1, `shards ${shards}`);
  }
});

test('durable object: an expired entry may be recorded again', async () => {
  const key = `exp-${crypto.randomUUID()}`;
  assert.deepEqual(await call('a', '/insert', { key, ttl: 200 }), { inserted: true });
  assert.deepEqual(await call('b', '/insert', { key, ttl: 200 }), { inserted: false });
  await new Promise((r) => setTimeout(r, 400));
  assert.deepEqual(await call('b', '/insert', { key, ttl: 200 }), { inserted: true });
});

test('durable object: two isolates consume one SSO assertion at the same moment: exactly one wins (5 rounds)',
  { skip: haveSandbox ? false : 'maestrano-sandbox is not built' }, async () => {
    const box = await startSandbox();
    try {
      await call('a', '/setup', box.env);
      await call('b', '/setup', box.env);
      for (let round = 0; round < 5; round++) {
        const request = sso.authnRequest(box.config);
        const saml = await box.saml(request.url, { user: 'usr-2' });
        const body = { saml, requestId: request.requestId };
        const results = (await Promise.all([call('a', '/consume', body), call('b', '/consume', body)])).map((r) => r.result).sort();
        assert.deepEqual(results, ['replayed', 'won'], `round ${round + 1}`);
        assert.equal((await call('a', '/consume', body)).result, 'replayed', 'later, too');
      }
    } finally {
      box.close();
    }
  });

test('durable object: the object refuses other routes and malformed inserts; the store needs a binding', async () => {
  const stored = new Map();
  const storage = {
    transaction: async (fn) => fn({ get: async (k) => stored.get(k), put: async (k, v) => { stored.set(k, v); } }),
    getAlarm: async () => null,
    setAlarm: async () => {},
  };
  const object = new ReplayStoreObject({ storage }, {});
  const post = (path, body) => object.fetch(new Request(`https://x${path}`, { method: 'POST', body }));
  assert.equal((await post('/other', '{}')).status, 404);
  assert.equal((await post('/insert', 'not json')).status, 400);
  assert.equal((await post('/insert', JSON.stringify({ key: 1, expiresAt: 1, now: 0 }))).status, 400);
  assert.equal((await post('/insert', JSON.stringify({ key: 'x'.repeat(3000), expiresAt: 1, now: 0 }))).status, 400);
  assert.throws(() => new DurableObjectStore({}), /namespace binding/);
  assert.throws(() => new DurableObjectStore({ idFromName() {}, get() {} }, { shards: 0 }), /shards/);
});

test('durable object: the alarm deletes expired entries only and is set for the next expiry', async () => {
  // An in-memory stand-in for the storage API (ordered keys, as Durable Object storage lists them).
  const data = new Map();
  let alarm = null;
  const storage = {
    transaction: async (fn) => fn({ get: async (k) => data.get(k), put: async (k, v) => { data.set(k, v); } }),
    getAlarm: async () => alarm,
    setAlarm: async (t) => { alarm = t; },
    list: async ({ prefix, start, limit }) => new Map([...data].filter(([k]) => k.startsWith(prefix) && (start === undefined || k >= start))
      .sort(([a], [b]) => (a < b ? -1 : 1)).slice(0, limit)),
    delete: async (keys) => keys.filter((k) => data.delete(k)).length,
  };
  const object = new ReplayStoreObject({ storage }, {});
  const now = Date.now();
  for (let i = 0; i < 1200; i++) assert.equal(await object.insert(`old-${String(i).padStart(4, '0')}`, now - 1, now - 10), true);
  assert.equal(await object.insert('live-1', now + 60_000, now), true);
  assert.equal(await object.insert('live-2', now + 30_000, now), true);
  assert.equal(alarm, now - 1, 'the alarm is set for the earliest expiry');
  await object.alarm();
  assert.deepEqual([...data.keys()].sort(), ['replay:live-1', 'replay:live-2']);
  assert.equal(alarm, now + 30_000, 'then for the next one');
  assert.equal(await object.insert('live-1', now + 60_000, now), false, 'an unexpired entry is still refused');
});
