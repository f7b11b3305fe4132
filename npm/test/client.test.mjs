// The Account API and Connec! client against a real HTTP server serving the recorded platform
// payloads: what goes over the wire, what comes back, and every failure ending in one typed
// error.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  Config, Client, createClient, ApiError, ConfigError, MaestranoError, version,
} from '../dist/node.mjs';
import { startServer, closedPort, fixture, basic, connecPage } from './platform-server.mjs';

const AUTH = basic('app-1', 'k3y');
const UA = new RegExp(`^maestrano-sdk/${version.replace(/\./g, '\\.')} \\(javascript/node v\\d+\\.\\d+\\.\\d+\\)$`);

const server = await startServer();
after(() => server.close());

const configFor = (url, extra = {}) => Config.fromJSON({
  environment: 'production',
  api: { id: 'app-1', key: 'k3y', host: url, timeout: 1 },
  connec: { host: url, timeout: 1 },
  ...extra,
});
const config = configFor(server.url);
const client = new Client(config);

// Serves `routes` for one test and returns the requests it received.
const serve = (routes) => {
  for (const k of Object.keys(server.routes)) delete server.routes[k];
  Object.assign(server.routes, routes);
  server.requests.length = 0;
  return server.requests;
};
const json = (path, status = 200) => ({ status, body: fixture(path) });
const dataOf = (path) => JSON.parse(fixture(path)).data;

const accountHeaders = (r, { form = false } = {}) => {
  assert.equal(r.headers.authorization, AUTH);
  assert.equal(r.headers.accept, 'application/json');
  assert.match(r.headers['user-agent'], UA);
  if (form) assert.equal(r.headers['content-type'], 'application/x-www-form-urlencoded');
  else assert.equal(r.body, '');
};
const connecHeaders = (r, { body = false } = {}) => {
  assert.equal(r.headers.authorization, AUTH);
  assert.equal(r.headers.accept, 'application/vnd.api+json');
  assert.match(r.headers['user-agent'], UA);
  if (body) assert.equal(r.headers['content-type'], 'application/vnd.api+json');
  else assert.equal(r.body, '');
};

test('Client needs a Config; createClient is the same', () => {
  assert.throws(() => new Client({}), TypeError);
  assert.throws(() => new Client(config, { fetch: 'nope' }), TypeError);
  assert.ok(createClient(config) instanceof Client);
  assert.equal(client.config, config);
  assert.deepEqual(Object.keys(client.users), ['list', 'retrieve']);
  assert.deepEqual(Object.keys(client.resellers), ['list', 'retrieve', 'groups']);
});

test('bills: list with filters (a Date as RFC 3339), typed records with unknown fields kept', async () => {
  const seen = serve({ 'GET /api/v1/account/bills': json('account/java-sdk-fixtures/bills.json') });
  const bills = await client.bills.list({ group_id: 'cld-001', created_at_after: new Date('2016-06-01T00:00:00Z') });
  assert.equal(seen.length, 1);
  const [r] = seen;
  assert.equal(r.method, 'GET');
  assert.equal(r.path, '/api/v1/account/bills');
  assert.equal(r.rawQuery, '?group_id=cld-001&created_at_after=2016-06-01T00%3A00%3A00Z');
  accountHeaders(r);
  assert.equal(bills.length, 1);
  assert.equal(bills[0].id, 'bill-001');
  assert.equal(bills[0].price_cents, 2000);
  assert.equal(bills[0].created_at, '2015-06-03T05:00:33Z');
  assert.equal(bills[0].object, 'account_bill'); // not a typed field: kept
});

test('bills: create sends the form body, retrieve and cancel address the bill', async () => {
  const seen = serve({
    'POST /api/v1/account/bills': json('account/sandbox_bill_show.json'),
    'GET /api/v1/account/bills/bill-1': json('account/sandbox_bill_show.json'),
    'DELETE /api/v1/account/bills/bill-1': {
      body: fixture('account/sandbox_bill_show.json').replace('"status":"submitted"', '"status":"cancelled"'),
    },
  });
  const created = await client.bills.create({
    group_id: 'cld-1', price_cents: 2300, description: 'Bill for something', currency: 'AUD', units: 1,
    period_started_at: new Date('2016-06-01T00:00:00Z'), period_ended_at: '2016-07-01T00:00:00Z',
  });
  assert.equal(created.id, 'bill-1');
  assert.equal(created.units, 1); // "1.0" on the wire: a decimal
  assert.equal(seen[0].method, 'POST');
  assert.equal(seen[0].path, '/api/v1/account/bills');
  assert.equal(seen[0].rawQuery, '');
  assert.equal(seen[0].body, 'group_id=cld-1&price_cents=2300&description=Bill%20for%20something&currency=AUD&units=1'
    + '&period_started_at=2016-06-01T00%3A00%3A00Z&period_ended_at=2016-07-01T00%3A00%3A00Z');
  accountHeaders(seen[0], { form: true });
  const retrieved = await client.bills.retrieve('bill-1');
  assert.deepEqual(retrieved, created);
  assert.equal(seen[1].method, 'GET');
  accountHeaders(seen[1]);
  const cancelled = await client.bills.cancel('bill-1');
  assert.equal(cancelled.status, 'cancelled');
  assert.equal(seen[2].method, 'DELETE');
  assert.equal(seen[2].path, '/api/v1/account/bills/bill-1');
  accountHeaders(seen[2]);
});

test('recurring bills: list, create, retrieve, cancel', async () => {
  const seen = serve({
    'GET /api/v1/account/recurring_bills': json('account/java-sdk-fixtures/recurring-bills.json'),
    'POST /api/v1/account/recurring_bills': json('account/sandbox_recurring_bill_show.json'),
    'GET /api/v1/account/recurring_bills/rbill-1': json('account/sandbox_recurring_bill_show.json'),
    'DELETE /api/v1/account/recurring_bills/rbill-1': json('account/sandbox_recurring_bill_show.json'),
  });
  const list = await client.recurringBills.list();
  assert.deepEqual(list.map((b) => b.id), ['rbill-g8ur']);
  const created = await client.recurringBills.create({ group_id: 'cld-1', price_cents: 1000, description: 'Monthly plan', period: 'Month', frequency: 1 });
  assert.equal(created.id, 'rbill-1');
  assert.equal((await client.recurringBills.retrieve('rbill-1')).price_cents, 1000);
  assert.equal((await client.recurringBills.cancel('rbill-1')).id, 'rbill-1');
  assert.deepEqual(seen.map((r) => `${r.method} ${r.path}${r.rawQuery}`), [
    'GET /api/v1/account/recurring_bills', 'POST /api/v1/account/recurring_bills',
    'GET /api/v1/account/recurring_bills/rbill-1', 'DELETE /api/v1/account/recurring_bills/rbill-1',
  ]);
  assert.equal(seen[1].body, 'group_id=cld-1&price_cents=1000&description=Monthly%20plan&period=Month&frequency=1');
  accountHeaders(seen[1], { form: true });
  for (const r of [seen[0], seen[2], seen[3]]) accountHeaders(r);
});

test('users, groups and resellers', async () => {
  const seen = serve({
    'GET /api/v1/account/users': json('account/java-sdk-fixtures/users.json'),
    'GET /api/v1/account/users/usr-1': json('account/sandbox_user_show.json'),
    'GET /api/v1/account/groups': json('account/java-sdk-fixtures/groups.json'),
    'GET /api/v1/account/groups/cld-1': json('account/sandbox_group_show.json'),
    'GET /api/v1/account/resellers': { body: `{"success":true,"errors":{},"data":[${JSON.stringify(dataOf('account/sandbox_reseller_show.json'))}]}` },
    'GET /api/v1/account/resellers/rsl-449s8fsd': json('account/sandbox_reseller_show.json'),
    'GET /api/v1/account/resellers/rsl-449s8fsd/groups': { body: `{"success":true,"errors":{},"data":[${JSON.stringify(dataOf('account/sandbox_group_show.json'))}]}` },
  });
  assert.deepEqual((await client.users.list({ group_id: 'cld-001' })).map((u) => u.id), ['usr-001']);
  const user = await client.users.retrieve('usr-1');
  assert.equal(user.email, 'john.doe@example.com');
  assert.equal(user.sso_session, dataOf('account/sandbox_user_show.json').sso_session); // kept
  assert.equal((await client.groups.list())[0].metadata.pull_disabled, false);
  const group = await client.groups.retrieve('cld-1');
  assert.equal(group.has_credit_card, true);
  assert.equal(group.main_accounting, 'quickbooks');
  assert.equal((await client.resellers.list())[0].code, 'US-204512-BCL');
  assert.equal((await client.resellers.retrieve('rsl-449s8fsd')).name, 'Blue Consulting');
  assert.deepEqual((await client.resellers.groups('rsl-449s8fsd')).map((g) => g.id), ['cld-1']);
  assert.deepEqual(seen.map((r) => `${r.method} ${r.path}${r.rawQuery}`), [
    'GET /api/v1/account/users?group_id=cld-001', 'GET /api/v1/account/users/usr-1',
    'GET /api/v1/account/groups', 'GET /api/v1/account/groups/cld-1',
    'GET /api/v1/account/resellers', 'GET /api/v1/account/resellers/rsl-449s8fsd',
    'GET /api/v1/account/resellers/rsl-449s8fsd/groups',
  ]);
  for (const r of seen) accountHeaders(r);
});

test('ids are escaped into one path segment', async () => {
  const seen = serve({});
  await assert.rejects(client.users.retrieve('../groups?x=1'), ApiError);
  assert.equal(seen[0].path, '/api/v1/account/users/..%2Fgroups%3Fx%3D1');
});

test('connec: list with $filter/$orderby/$top/$skip, get, create, update, batch', async () => {
  const seen = serve({
    'GET /api/v2/cld-1/people': json('connec/sandbox_list_people.json'),
    'GET /api/v2/cld-1/company/9d1b7e10': json('connec/sandbox_singular_company.json'),
    'POST /api/v2/cld-1/people': json('connec/sandbox_create_response_201.json', 201),
    'PUT /api/v2/cld-1/people/0c5e7e50': json('connec/sandbox_create_response_201.json'),
    'POST /batch': json('connec/production_batch_response.json'),
  });
  const page = await client.connec.list('cld-1', 'people', {
    filter: "updated_at gt '2016-06-28T08:00:00Z'", orderby: 'created_at desc', top: 10, skip: 20,
  });
  assert.equal(page.entity, 'people');
  assert.equal(page.data[0].first_name, 'John');
  assert.equal(page.pagination, null);
  assert.equal(seen[0].method, 'GET');
  assert.equal(seen[0].path, '/api/v2/cld-1/people');
  assert.deepEqual(seen[0].query, {
    $filter: "updated_at gt '2016-06-28T08:00:00Z'", $orderby: 'created_at desc', $top: '10', $skip: '20',
  });
  connecHeaders(seen[0]);

  const company = await client.connec.get('cld-1', 'company', '9d1b7e10');
  assert.deepEqual([company.entity, company.data.name], ['company', 'Doe Corp']);
  connecHeaders(seen[1]);

  const created = await client.connec.create('cld-1', 'people', { first_name: 'John', last_name: 'Doe' });
  assert.equal(created.data.id, '0c5e7e50-1f2a-0134-9f0a-0242ac110002');
  assert.equal(seen[2].method, 'POST');
  assert.equal(seen[2].body, fixture('connec/sandbox_create_request.txt').split('\n\n')[1].trim());
  connecHeaders(seen[2], { body: true });

  await client.connec.update('cld-1', 'people', '0c5e7e50', { last_name: 'Smith' });
  assert.equal(seen[3].method, 'PUT');
  assert.equal(seen[3].body, '{"people":{"last_name":"Smith"}}');
  connecHeaders(seen[3], { body: true });

  const ops = JSON.parse(fixture('connec/production_batch_request.json')).ops;
  const batch = await client.connec.batch(ops);
  assert.deepEqual(batch.results.map((r) => r.status), [201, 200]);
  assert.equal(seen[4].method, 'POST');
  assert.equal(seen[4].path, '/batch');
  assert.deepEqual(JSON.parse(seen[4].body), JSON.parse(fixture('connec/production_batch_request.json')));
  connecHeaders(seen[4], { body: true });
  assert.equal(seen.length, 5);
});

test('connec.all follows pagination.next across 3 pages', async () => {
  const seen = serve({
    'GET /api/v2/cld-dkg601/people': (r, res) => {
      res.writeHead(200, { 'content-type': 'application/vnd.api+json' });
      res.end(connecPage(server.url, Number(r.query.$skip ?? 0) / 2 + 1));
    },
  });
  const names = [];
  for await (const person of client.connec.all('cld-dkg601', 'people', { top: 2 })) names.push(person.first_name);
  assert.deepEqual(names, ['p1-0', 'p1-1', 'p2-0', 'p2-1', 'p3-0', 'p3-1']);
  assert.deepEqual(seen.map((r) => r.rawQuery), ['?%24top=2', '?%24skip=2&%24top=2', '?%24skip=4&%24top=2']);
  for (const r of seen) connecHeaders(r);
});

test('connec.all refuses a next page off connec.host (credentials stay home)', async () => {
  const seen = serve({ 'GET /api/v2/cld-dkg601/people': json('connec/production_list_with_pagination.json') });
  const names = [];
  await assert.rejects(async () => {
    for await (const p of client.connec.all('cld-dkg601', 'people')) names.push(p.first_name);
  }, (e) => e instanceof ApiError && e.kind === 'api_error' && /not on connec\.host/.test(e.message));
  assert.deepEqual(names, ['John']);
  assert.equal(seen.length, 1);
});

test('connec.all stops when pagination.next loops', async () => {
  const seen = serve({
    'GET /api/v2/cld-1/people': (r, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ people: [{ id: r.rawQuery }], pagination: { next: `${server.url}/api/v2/cld-1/people?%24skip=2` } }));
    },
  });
  const ids = [];
  await assert.rejects(async () => {
    for await (const p of client.connec.all('cld-1', 'people')) ids.push(p.id);
  }, (e) => e instanceof ApiError && e.kind === 'api_error' && /pagination loops/.test(e.message));
  assert.deepEqual(ids, ['', '?%24skip=2']);
  assert.equal(seen.length, 2);
});

test('connec.all stops at a page that fails, having yielded only whole pages', async () => {
  serve({
    'GET /api/v2/cld-dkg601/people': (r, res) => {
      const n = Number(r.query.$skip ?? 0) / 2 + 1;
      if (n === 2) {
        const body = connecPage(server.url, 2);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
        res.write(body.slice(0, 40));
        setTimeout(() => res.socket.destroy(), 20);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(connecPage(server.url, n));
    },
  });
  const names = [];
  await assert.rejects(async () => {
    for await (const p of client.connec.all('cld-dkg601', 'people', { top: 2 })) names.push(p.first_name);
  }, (e) => e instanceof ApiError && e.kind === 'api_connection');
  assert.deepEqual(names, ['p1-0', 'p1-1']);
});

test('connec errors are mapped: 401, 400, 404, 500', async () => {
  serve({
    'GET /api/v2/cld-1/people': json('connec/sandbox_error_401.json', 401),
    'GET /api/v2/cld-1/foos': json('connec/sandbox_error_400_unknown_resource.json', 400),
    'GET /api/v2/cld-1/people/nope': json('connec/sandbox_error_404.json', 404),
    'POST /batch': { status: 500, body: '{"errors":[{"status":"500","code":"internal-server-error","title":"Internal server error"}]}' },
  });
  await assert.rejects(client.connec.list('cld-1', 'people'), (e) => e instanceof ApiError && e.kind === 'api_authentication' && e.status === 401);
  await assert.rejects(client.connec.list('cld-1', 'foos'), (e) => e.kind === 'api_invalid_request' && e.status === 400 && e.param === 'unknown-resource');
  await assert.rejects(client.connec.get('cld-1', 'people', 'nope'), (e) => e.kind === 'api_invalid_request' && e.status === 404);
  await assert.rejects(client.connec.batch([]), (e) => e.kind === 'api_error' && e.status === 500);
});

test('401: ApiError api_authentication with the platform messages', async () => {
  serve({ 'GET /api/v1/account/bills': json('account/error_401_invalid_token.json', 401) });
  await assert.rejects(client.bills.list(), (e) => e instanceof ApiError && e instanceof MaestranoError
    && e.name === 'ApiError' && e.kind === 'api_authentication' && e.status === 401
    && e.param === 'authentication' && e.messages[0] === 'authentication Invalid API token');
});

test('400 validation: api_invalid_request exposing the field and every message', async () => {
  serve({ 'POST /api/v1/account/bills': json('account/error_400_validation_fields.json', 400) });
  await assert.rejects(client.bills.create({ group_id: 'cld-1' }), (e) => {
    assert.ok(e instanceof ApiError);
    assert.equal(e.kind, 'api_invalid_request');
    assert.equal(e.status, 400);
    assert.equal(e.param, 'price_cents');
    assert.deepEqual(e.messages, ["price_cents can't be blank", 'price_cents is not a number', "description can't be blank"]);
    assert.match(e.message, /can't be blank/);
    return true;
  });
});

test('404 and "200 with success:false" are api_invalid_request', async () => {
  serve({
    'GET /api/v1/account/bills/bill-404': json('account/error_not_found_id.json', 404),
    'GET /api/v1/account/bills/bill-x': json('account/error_not_found_id.json', 200),
  });
  for (const id of ['bill-404', 'bill-x']) {
    await assert.rejects(client.bills.retrieve(id), (e) => e instanceof ApiError && e.kind === 'api_invalid_request'
      && e.param === 'id' && e.messages[0] === 'id does not exist');
  }
});

test('500 and a non-JSON body are api_error with the status and an excerpt', async () => {
  serve({
    'GET /api/v1/account/groups': json('account/error_500_system.json', 500),
    'GET /api/v1/account/users': { status: 200, type: 'text/html', body: '<html><body>Down for maintenance</body></html>' },
  });
  await assert.rejects(client.groups.list(), (e) => e instanceof ApiError && e.kind === 'api_error' && e.status === 500
    && e.messages[0].startsWith('system A system error occured'));
  await assert.rejects(client.users.list(), (e) => e instanceof ApiError && e.kind === 'api_error' && e.status === 200
    && e.bodyExcerpt.includes('Down for maintenance'));
});

test('a server that never answers: api_connection after the configured timeout', async () => {
  const seen = serve({ 'GET /api/v1/account/groups': () => {} });
  const start = Date.now();
  await assert.rejects(client.groups.list(), (e) => e instanceof ApiError && e.kind === 'api_connection'
    && /timed out after 1000 ms waiting for GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/account\/groups/.test(e.message)
    && e.status === null);
  const took = Date.now() - start;
  assert.ok(took >= 950 && took < 5000, `took ${took} ms`);
  assert.equal(seen.length, 1);
});

test('connec.timeout bounds Connec! calls, including a body that stalls', async () => {
  serve({
    'GET /api/v2/cld-1/people': (r, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"people":['); // and nothing more
    },
  });
  await assert.rejects(client.connec.list('cld-1', 'people'), (e) => e.kind === 'api_connection'
    && /timed out after 1000 ms reading the response to GET/.test(e.message));
});

test('a connection dropped mid-response: api_connection, no partial result', async () => {
  serve({
    'GET /api/v1/account/bills': (r, res) => {
      const body = fixture('account/java-sdk-fixtures/bills.json');
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.write(body.slice(0, body.length / 2));
      setTimeout(() => res.socket.destroy(), 20);
    },
  });
  await assert.rejects(client.bills.list(), (e) => e instanceof ApiError && e.kind === 'api_connection'
    && /connection dropped while reading the response to GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/account\/bills/.test(e.message)
    && e.cause !== undefined);
});

test('connection refused: api_connection naming the target', async () => {
  const port = await closedPort();
  const refused = new Client(configFor(`http://127.0.0.1:${port}`));
  await assert.rejects(refused.bills.list(), (e) => e instanceof ApiError && e.kind === 'api_connection'
    && e.message.includes(`could not reach GET http://127.0.0.1:${port}/api/v1/account/bills`)
    && e.message.includes('ECONNREFUSED'));
});

test('a body over the 16 MiB the core reads: input_too_large, as an ApiError', async () => {
  serve({
    'GET /api/v2/cld-1/people': (r, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      for (let i = 0; i < 17; i++) res.write(chunk);
      res.end();
    },
  });
  await assert.rejects(client.connec.list('cld-1', 'people'), (e) => e instanceof ApiError && e.kind === 'input_too_large');
});

test('filters as URLSearchParams or a Map are not dropped', async () => {
  const seen = serve({ 'GET /api/v1/account/users': json('account/java-sdk-fixtures/users.json') });
  await client.users.list(new URLSearchParams('group_id=cld-1'));
  await client.users.list(new Map([['group_id', 'cld-2']]));
  assert.deepEqual(seen.map((r) => r.rawQuery), ['?group_id=cld-1', '?group_id=cld-2']);
});

test('a redirect is not followed (credentials stay on the configured host)', async () => {
  const seen = serve({
    'GET /api/v1/account/groups': (r, res) => {
      res.writeHead(302, { location: `${server.url}/elsewhere` });
      res.end();
    },
  });
  await assert.rejects(client.groups.list(), (e) => e.kind === 'api_error' && e.status === 302);
  assert.equal(seen.length, 1);
});

test('an injected fetch is used, called as a plain function', async () => {
  const calls = [];
  const fetch = async function (url, init) {
    calls.push({ self: this, url, init });
    return new Response(fixture('account/sandbox_group_show.json'), { status: 200 });
  };
  const group = await new Client(configFor('https://hub.example'), { fetch }).groups.retrieve('cld-1');
  assert.equal(group.id, 'cld-1');
  assert.equal(calls[0].self, undefined);
  assert.equal(calls[0].url, 'https://hub.example/api/v1/account/groups/cld-1');
  assert.equal(calls[0].init.headers.authorization, AUTH);
  assert.equal(calls[0].init.redirect, 'manual');
  const failing = new Client(config, { fetch: async () => { throw new TypeError('fetch failed'); } });
  await assert.rejects(failing.users.list(), (e) => e.kind === 'api_connection' && /fetch failed/.test(e.message));
});

test('request-building errors reject too (and never reach the network)', async () => {
  const seen = serve({});
  const bare = new Client(Config.fromJSON({ environment: 'production' }));
  await assert.rejects(bare.bills.list(), (e) => e instanceof ConfigError && e.kind === 'config_missing');
  await assert.rejects(client.bills.retrieve(), (e) => e instanceof ApiError && e.kind === 'api_invalid_request');
  await assert.rejects(client.connec.list('..', 'people'), (e) => e.kind === 'api_invalid_request');
  await assert.rejects(client.connec.list('cld-1', 'people', { orderBy: 'x' }), (e) => e.kind === 'api_invalid_request' && /orderBy/.test(e.message));
  await assert.rejects(client.connec.create('cld-1', 'people', ['x']), (e) => e.kind === 'api_invalid_request');
  assert.equal(seen.length, 0);
});
