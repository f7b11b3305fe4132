// Sessions and single logout: the value SSO gives, reading it, and `session.check` against a
// real HTTP server serving the platform's recorded answers (and failing in every way).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Config, SessionError, MaestranoError, session, sso, version } from '../dist/node.mjs';
import { startServer, closedPort, fixture } from './platform-server.mjs';

const vector = JSON.parse(readFileSync(new URL('../../tests/vectors/session/session.json', import.meta.url)))
  .find((v) => v.name === 'session-from-sso-platform-response');
const TOKEN = 'q3w8e1r5t7y2u9i0o4p6a1s3d5f7g9h2j4k6';
const RECHECK = new Date('2026-03-01T10:03:00Z');

const server = await startServer();
after(() => server.close());
const serve = (routes) => {
  for (const k of Object.keys(server.routes)) delete server.routes[k];
  Object.assign(server.routes, routes);
  server.requests.length = 0;
  return server.requests;
};

// The vector's marketplace, with its hub on the local server.
const configFor = (url, sso_ = {}) => Config.fromJSON({
  ...vector.config, api: { ...vector.config.api, host: url }, sso: { ...vector.config.sso, ...sso_ },
});
const config = configFor(server.url);
const stored = sso.validateResponse(config, vector.input.saml_response, { now: new Date(vector.input.now) }).session;
const CHECK_PATH = '/api/v1/auth/saml/usr-1';

test('validateResponse returns the value to store; session.read reads it back', () => {
  assert.equal(stored, vector.expect.ok.value);
  assert.deepEqual(session.read(stored), {
    uid: 'usr-1', session: TOKEN, sessionRecheck: RECHECK, groupUid: 'cld-1', preset: null,
  });
  const tenant = sso.validateResponse(config, vector.input.saml_response, { now: new Date(vector.input.now), preset: 'maestrano-uat' });
  assert.equal(session.read(tenant.session).preset, 'maestrano-uat');
  for (const corrupt of ['', '%%%', 'bm90IGpzb24=', 'W10=', null, undefined, 42]) assert.equal(session.read(corrupt), null);
});

test('checkRequest / checkResponse (sans-IO)', () => {
  assert.equal(session.checkRequest(config, stored, { now: new Date('2026-03-01T10:02:59Z') }), null);
  const r = session.checkRequest(config, stored, { now: RECHECK });
  assert.equal(r.method, 'GET');
  assert.equal(r.url, `${server.url}${CHECK_PATH}?session=${TOKEN}`);
  assert.equal(r.headers.authorization, undefined);
  assert.equal(r.timeoutMs, 10000);
  assert.throws(() => session.checkRequest(config, 'garbage!', { now: RECHECK }),
    (e) => e instanceof SessionError && e instanceof MaestranoError && e.kind === 'session_invalid');
  assert.throws(() => session.checkRequest(config, undefined), (e) => e.kind === 'session_invalid');
  const ok = session.checkResponse(config, stored, { status: 200, body: fixture('sso/session_check_valid.json') });
  assert.equal(ok.valid, true);
  assert.deepEqual(session.read(ok.value).sessionRecheck, new Date('2016-06-28T08:03:00Z'));
  assert.deepEqual(session.checkResponse(config, stored, { status: 200, body: new TextEncoder().encode(fixture('sso/session_check_invalid.json')) }),
    { valid: false, value: null });
  assert.throws(() => session.checkResponse(config, stored, { body: '' }), TypeError);
});

test('check: recheck not due → valid, and no request is made', async () => {
  const seen = serve({});
  assert.deepEqual(await session.check(config, stored, { now: new Date('2026-03-01T10:02:00Z') }), { valid: true, value: null });
  assert.equal(seen.length, 0);
});

test('check: the platform says valid → valid with the renewed value', async () => {
  const seen = serve({ [`GET ${CHECK_PATH}`]: { body: fixture('sso/session_check_valid.json') } });
  const r = await session.check(config, stored, { now: new Date('2026-03-01T10:05:00Z') });
  assert.equal(r.valid, true);
  assert.deepEqual(session.read(r.value), {
    uid: 'usr-1', session: TOKEN, sessionRecheck: new Date('2016-06-28T08:03:00Z'), groupUid: 'cld-1', preset: null,
  });
  assert.equal(seen.length, 1);
  const [req] = seen;
  assert.equal(req.method, 'GET');
  assert.equal(req.path, CHECK_PATH);
  assert.deepEqual(req.query, { session: TOKEN });
  assert.equal(req.headers.authorization, undefined);
  assert.equal(req.headers.accept, 'application/json');
  assert.match(req.headers['user-agent'], new RegExp(`^maestrano-sdk/${version.replace(/\./g, '\\.')} \\(javascript/node v`));
  assert.equal(req.body, '');
});

test('check: the platform says invalid → invalid', async () => {
  serve({ [`GET ${CHECK_PATH}`]: { body: fixture('sso/session_check_invalid.json') } });
  assert.deepEqual(await session.check(config, stored, { now: RECHECK }), { valid: false, value: null });
});

test('check: garbage, an error status or an empty body → invalid', async () => {
  for (const route of [
    { type: 'text/html', body: '<html>Maintenance</html>' },
    { status: 500, body: fixture('sso/session_check_valid.json') },
    { body: '' },
    { body: '{"valid":"yes","recheck":"2016-06-28T08:03:00Z"}' },
  ]) {
    serve({ [`GET ${CHECK_PATH}`]: route });
    assert.deepEqual(await session.check(config, stored, { now: RECHECK }), { valid: false, value: null }, JSON.stringify(route));
  }
});

test('check: a corrupt value → invalid without a request', async () => {
  const seen = serve({});
  const r = await session.check(config, 'eyJ1aWQiOiJ1c3ItMSJ9', { now: RECHECK });
  assert.equal(r.valid, false);
  assert.equal(r.value, null);
  assert.ok(r.error instanceof SessionError);
  assert.equal(seen.length, 0);
});

test('check: single logout off → valid without a request', async () => {
  const seen = serve({});
  const off = configFor(server.url, { slo_enabled: false });
  assert.deepEqual(await session.check(off, stored, { now: new Date('2030-01-01T00:00:00Z') }), { valid: true, value: null });
  assert.equal(seen.length, 0);
});

test('check: unreachable platform → invalid, with the reason', async () => {
  const port = await closedPort();
  const r = await session.check(configFor(`http://127.0.0.1:${port}`), stored, { now: RECHECK });
  assert.equal(r.valid, false);
  assert.equal(r.value, null);
  assert.equal(r.error.kind, 'api_connection');
  assert.ok(!r.error.message.includes(TOKEN), 'the session token stays out of messages');
});

test('check: a dropped connection → invalid', async () => {
  serve({
    [`GET ${CHECK_PATH}`]: (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 100 });
      res.write('{"valid":true,');
      setTimeout(() => res.socket.destroy(), 20);
    },
  });
  const r = await session.check(config, stored, { now: RECHECK });
  assert.deepEqual([r.valid, r.value, r.error.kind], [false, null, 'api_connection']);
});

test('check: a platform that never answers → invalid after the 10 s check timeout', async (t) => {
  let arrived;
  const requested = new Promise((resolve) => { arrived = resolve; });
  serve({ [`GET ${CHECK_PATH}`]: () => arrived() });
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const pending = session.check(config, stored, { now: RECHECK });
  await requested;
  t.mock.timers.tick(9999);
  let settled = false;
  pending.then(() => { settled = true; });
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(settled, false, 'still waiting before the timeout');
  t.mock.timers.tick(1);
  const r = await pending;
  assert.deepEqual([r.valid, r.value, r.error.kind], [false, null, 'api_connection']);
  assert.match(r.error.message, /timed out after 10000 ms/);
});

test('check: an injected fetch', async () => {
  const urls = [];
  const fetch = async (url) => {
    urls.push(url);
    return new Response(fixture('sso/session_check_valid.json'));
  };
  const r = await session.check(configFor('https://hub.example'), stored, { now: RECHECK, fetch });
  assert.equal(r.valid, true);
  assert.deepEqual(urls, [`https://hub.example${CHECK_PATH}?session=${TOKEN}`]);
});

test('check: a configuration error rejects (it is a bug, not a logged-out user)', async () => {
  const bare = Config.fromJSON({ environment: 'custom' });
  await assert.rejects(session.check(bare, stored, { now: RECHECK }), (e) => e.kind === 'config_missing');
});

