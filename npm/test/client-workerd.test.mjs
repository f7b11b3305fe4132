// The HTTP features inside workerd (miniflare): a Worker using the package's Workers entry calls
// this test's loopback server with the runtime's own fetch (workerd reaches 127.0.0.1), including
// the failures, and reads developer-platform settings from its env bindings.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import { startServer, closedPort, fixture, basic, connecPage } from './platform-server.mjs';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const sessionValue = JSON.parse(readFileSync(new URL('../../tests/vectors/session/session.json', import.meta.url)))
  .find((v) => v.name === 'session-from-sso-platform-response').expect.ok.value;

const server = await startServer({
  'GET /api/v1/account/bills': { body: fixture('account/java-sdk-fixtures/bills.json') },
  'POST /api/v1/account/bills': { body: fixture('account/sandbox_bill_show.json') },
  'GET /api/v1/account/bills/bill-1': { body: fixture('account/sandbox_bill_show.json') },
  'GET /api/v2/cld-dkg601/people': (r, res) => {
    res.writeHead(200, { 'content-type': 'application/vnd.api+json' });
    res.end(connecPage(server.url, Number(r.query.$skip ?? 0) / 2 + 1));
  },
  'POST /batch': { body: fixture('connec/production_batch_response.json') },
  'GET /api/v1/account/groups': { status: 401, body: fixture('account/error_401_invalid_token.json') },
  'GET /api/v1/account/users': () => {}, // never answers
  'GET /api/v1/account/resellers': (r, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': 500 });
    res.write('{"success":true,"errors":{},"data":[');
    setTimeout(() => res.socket.destroy(), 20);
  },
  'GET /api/v1/auth/saml/usr-1': { body: fixture('sso/session_check_valid.json') },
  'GET /api/config/v1/marketplaces': { body: fixture('devplatform/dev-platform-marketplaces.json') },
});
const mf = new Miniflare({
  modules: true,
  modulesRoot: pkg,
  scriptPath: join(pkg, 'test', 'worker-client.mjs'),
  modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
  compatibilityDate: '2024-09-23',
  bindings: { MNO_DEVPL_ENV_NAME: 'test', MNO_DEVPL_ENV_KEY: 'wk', MNO_DEVPL_ENV_SECRET: 'ws' },
});
after(async () => {
  await mf.dispose();
  await server.close();
});

const res = await mf.dispatchFetch('http://localhost/', {
  method: 'POST', body: JSON.stringify({ url: server.url, closedUrl: `http://127.0.0.1:${await closedPort()}`, sessionValue }),
});
const results = await res.json();
const requests = (method, path) => server.requests.filter((r) => r.method === method && r.path === path);
const apiError = (r, kind) => {
  assert.ok(r.error, JSON.stringify(r));
  assert.equal(r.error.kind, kind);
  assert.equal(r.error.name, 'ApiError');
  assert.ok(r.error.isApiError && r.error.isMaestranoError);
};

test('workerd: Account API calls over the runtime fetch, with the Workers User-Agent', () => {
  assert.deepEqual(results.billsList.ok.map((b) => b.id), ['bill-001']);
  assert.equal(results.billCreate.ok.id, 'bill-1');
  const [list] = requests('GET', '/api/v1/account/bills');
  assert.equal(list.rawQuery, '?group_id=cld-001');
  assert.equal(list.headers.authorization, basic('app-1', 'k3y'));
  assert.equal(list.headers.accept, 'application/json');
  assert.match(list.headers['user-agent'], /^maestrano-sdk\/[\d.]+ \(javascript\/workerd\)$/);
  const [create] = requests('POST', '/api/v1/account/bills');
  assert.equal(create.headers['content-type'], 'application/x-www-form-urlencoded');
  assert.equal(create.body, 'group_id=cld-1&price_cents=2300&description=Bill%20for%20something');
});

test('workerd: Connec! all() across 3 pages, and batch', () => {
  assert.deepEqual(results.connecAll.ok, ['p1-0', 'p1-1', 'p2-0', 'p2-1', 'p3-0', 'p3-1']);
  assert.deepEqual(requests('GET', '/api/v2/cld-dkg601/people').map((r) => r.rawQuery), ['?%24top=2', '?%24skip=2&%24top=2', '?%24skip=4&%24top=2']);
  assert.deepEqual(results.connecBatch.ok.results.map((r) => r.status), [201, 200]);
  const [batch] = requests('POST', '/batch');
  assert.equal(batch.headers['content-type'], 'application/vnd.api+json');
  assert.equal(JSON.parse(batch.body).sequential, true);
});

test('workerd: 401, timeout, dropped connection and refused connection are typed errors', () => {
  apiError(results.unauthorized, 'api_authentication');
  assert.equal(results.unauthorized.error.status, 401);
  apiError(results.timeout, 'api_connection');
  assert.match(results.timeout.error.message, /timed out after 1000 ms/);
  apiError(results.dropped, 'api_connection');
  apiError(results.refused, 'api_connection');
  assert.match(results.refused.error.message, /could not reach GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/account\/bills/);
});

test('workerd: an injected fetch is called as a plain function', () => {
  assert.equal(results.injectedFetch.ok.id, 'bill-1');
  assert.equal(requests('GET', '/api/v1/account/bills/bill-1').length, 1);
});

test('workerd: session.check renews; an unreachable platform is invalid', () => {
  assert.equal(results.sessionCheck.ok.valid, true);
  assert.equal(typeof results.sessionCheck.ok.value, 'string');
  const [check] = requests('GET', '/api/v1/auth/saml/usr-1');
  assert.equal(check.query.session, 'q3w8e1r5t7y2u9i0o4p6a1s3d5f7g9h2j4k6');
  assert.equal(check.headers.authorization, undefined);
  assert.deepEqual(results.sessionUnreachable.ok, { valid: false, value: null, errorKind: 'api_connection' });
});

test('workerd: autoConfigure from the Worker env bindings; no settings files', () => {
  assert.deepEqual(results.autoConfigureFromEnv.ok, ['maestrano-test']);
  const [r] = requests('GET', '/api/config/v1/marketplaces');
  assert.equal(r.headers.authorization, basic('wk', 'ws'));
  assert.equal(results.settingsFileRefused.error.kind, 'config_invalid');
  assert.equal(results.settingsFileRefused.error.name, 'ConfigError');
  assert.match(results.settingsFileRefused.error.message, /no file system/);
});

test('workerd: webhooks.match on a Fetch Request', () => {
  assert.deepEqual(results.webhookFromRequest.ok, { event: 'group_cancelled', groupId: 'cld-1', userId: null, localUserId: null, tenant: null });
  assert.equal(results.ssoStillWorks.ok, 'string');
});
