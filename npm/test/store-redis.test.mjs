// maestrano/redis against a real redis-server (Debian's, started on a free port by this test and
// stopped after): atomic SET NX PX, expiry, two app PROCESSES consuming one assertion at the same
// moment (exactly one wins, 5 rounds), and a Redis that is down failing the sign-in closed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { Hono } from 'hono';
import { ReplayCache, sso } from 'maestrano';
import { RedisStore, DEFAULT_PREFIX } from 'maestrano/redis';
import { maestrano, currentUser, signOut } from 'maestrano/hono';
import { haveSandbox, startSandbox, browser } from './adapter-support.mjs';
import { makeApp } from './adapter-hono-app.mjs';

const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';
const skip = existsSync(REDIS_SERVER) ? false : `${REDIS_SERVER} is not installed (apt-get install redis-server)`;
const skipSso = skip || (haveSandbox ? false : 'maestrano-sandbox is not built');

const freePort = () => new Promise((resolve, reject) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  }).on('error', reject);
});

/** A redis-server on a free loopback port, no persistence; `{url, stop()}`. */
async function startRedis() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'mno-redis-'));
  const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server not ready:\n${log}`)), 20_000);
    const onData = (d) => {
      log += d;
      if (/Ready to accept connections/.test(log)) { clearTimeout(timer); resolve(); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`redis-server exited ${code}:\n${log}`)); });
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill();
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let redisServer;
let client;
before(async () => {
  if (skip) return;
  redisServer = await startRedis();
  client = await createClient({ url: redisServer.url }).connect();
});
after(async () => {
  await client?.quit();
  await redisServer?.stop();
});

test('redis: SET NX PX: the first insert wins, the second is refused, the entry expires', { skip }, async () => {
  const store = new RedisStore(client, { prefix: 'test:' });
  const now = new Date();
  const expiresAt = new Date(now.getTime() + 300);
  assert.equal(await store.insertIfAbsent('k1', expiresAt, now), true);
  assert.equal(await store.insertIfAbsent('k1', expiresAt, now), false);
  const pttl = await client.pTTL('test:k1');
  assert.ok(pttl > 0 && pttl <= 300, `PTTL ${pttl}`);
  await new Promise((r) => setTimeout(r, 400));
  assert.equal(await client.exists('test:k1'), 0, 'expired');
  assert.equal(await store.insertIfAbsent('k1', new Date(Date.now() + 1000), new Date()), true);
  // An entry that expires at once is still recorded (PX ≥ 1).
  assert.equal(await store.insertIfAbsent('k2', now, now), true);
});

test('redis: the store refuses what is not a node-redis client', () => {
  assert.throws(() => new RedisStore({}), /node-redis client/);
  assert.throws(() => new RedisStore(null), /node-redis client/);
  assert.equal(DEFAULT_PREFIX, 'maestrano:replay:');
});

/** Runs a child process; resolves `{ready, result}` promises and `go()`. */
function child(env) {
  const c = spawn(process.execPath, [new URL('./store-redis-child.mjs', import.meta.url).pathname],
    { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  c.stderr.on('data', (d) => { err += d; });
  const ready = new Promise((resolve, reject) => {
    c.stdout.on('data', (d) => {
      out += d;
      if (out.includes('ready\n')) resolve();
    });
    c.on('exit', (code) => reject(new Error(`child exited ${code} before ready: ${out}${err}`)));
  });
  const result = new Promise((resolve) => c.on('exit', () => resolve(out.replace('ready\n', '').trim() || `no answer: ${err}`)));
  return { ready, result, go: () => c.stdin.write('go\n') };
}

test('redis: two processes consume one assertion at the same moment: exactly one wins (5 rounds)', { skip: skipSso }, async () => {
  const box = await startSandbox();
  try {
    for (let round = 0; round < 5; round++) {
      const request = sso.authnRequest(box.config);
      const saml = await box.saml(request.url, { user: 'usr-2' });
      const env = { REDIS_URL: redisServer.url, MNO_ENV: JSON.stringify(box.env), SAML: saml, REQUEST_ID: request.requestId };
      const a = child(env);
      const b = child(env);
      await Promise.all([a.ready, b.ready]);
      a.go();
      b.go();
      const results = (await Promise.all([a.result, b.result])).sort();
      assert.deepEqual(results, ['replayed', 'won'], `round ${round + 1}`);
      // A third process, later, also sees the entry.
      const c = child(env);
      await c.ready;
      c.go();
      assert.equal(await c.result, 'replayed');
    }
  } finally {
    box.close();
  }
});

test('redis: as the request-ID store, a pending sign-in request is accepted once (two assertions for one request)', { skip: skipSso }, async () => {
  const box = await startSandbox();
  try {
    const requestIds = new RedisStore(client, { prefix: 'maestrano:request:' });
    const app = makeApp({ Hono, maestrano, currentUser, signOut, config: box.config, replay: new ReplayCache(), requestIds });
    const consume = new URL(box.config.consumeUrl()).pathname;
    const first = browser((p, init) => app.request(p, init));
    const idp = (await first.request(new URL(box.config.initUrl()).pathname)).headers.get('location');
    // The same pending cookie in a second browser, and two distinct assertions for the request.
    const second = browser((p, init) => app.request(p, init));
    for (const [k, v] of first.jar) second.jar.set(k, v);
    const [samlA, samlB] = [await box.saml(idp), await box.saml(idp)];
    assert.notEqual(samlA, samlB);
    assert.equal((await first.post(consume, { SAMLResponse: samlA })).status, 302);
    const r = await second.post(consume, { SAMLResponse: samlB });
    assert.equal(r.status, 403);
    assert.match(await r.text(), /Sign-in refused \(replayed\)/);
    const keys = await client.keys('maestrano:request:*');
    assert.equal(keys.length, 1);
    assert.ok(await client.pTTL(keys[0]) > 23 * 3600 * 1000, 'kept as long as the state cookie');
  } finally {
    box.close();
  }
});

test('redis: when Redis is down the sign-in fails closed (the adapter answers 500, nobody signed in)', { skip: skipSso }, async () => {
  const box = await startSandbox();
  const own = await startRedis();
  const redis = await createClient({ url: own.url, socket: { reconnectStrategy: () => 50 } }).on('error', () => {}).connect();
  try {
    const store = new RedisStore(redis, { timeoutMs: 500 });
    const app = makeApp({ Hono, maestrano, currentUser, signOut, config: box.config, replay: new ReplayCache(store) });
    app.onError((e, c) => c.text('Internal Server Error', 500));
    const b = browser((p, init) => app.request(p, init));
    const consume = new URL(box.config.consumeUrl()).pathname;
    const start = await b.request(new URL(box.config.initUrl()).pathname);
    const saml = await box.saml(start.headers.get('location'));
    await own.stop();
    const t = Date.now();
    await assert.rejects(store.insertIfAbsent('x', new Date(Date.now() + 1000), new Date()), /Redis did not answer|closed|ECONNREFUSED/);
    assert.ok(Date.now() - t < 2000, 'fails within the timeout');
    const r = await b.post(consume, { SAMLResponse: saml });
    assert.equal(r.status, 500);
    assert.equal(await r.text(), 'Internal Server Error');
    assert.equal((await b.request('/')).status, 302, 'not signed in');
  } finally {
    redis.destroy();
    box.close();
  }
});
