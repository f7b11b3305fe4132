// Webhooks: routing and credentials, in a small app served by node:http and called over HTTP
// as the platform does (account webhooks, Connec! notifications).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { Config, ApiError, webhooks, INVALID_CREDENTIALS_BODY } from '../dist/node.mjs';
import { fixture, basic } from './platform-server.mjs';

const config = Config.fromJSON({ environment: 'production', api: { id: 'app-1', key: 'k3y' }, sso: { creation_mode: 'virtual' } });
const AUTH = basic('app-1', 'k3y');

test('the 401 body is the platform convention', () => {
  assert.equal(INVALID_CREDENTIALS_BODY, '{"error":"Invalid credentials"}');
  assert.equal(webhooks.INVALID_CREDENTIALS_BODY, INVALID_CREDENTIALS_BODY);
});

test('match: events with camelCase fields, null when not a webhook route', () => {
  assert.deepEqual(webhooks.match(config, { method: 'DELETE', path: '/maestrano/account/groups/cld-1', authorization: AUTH }),
    { event: 'group_cancelled', groupId: 'cld-1', userId: null, localUserId: null, tenant: null });
  assert.deepEqual(webhooks.match(config, { method: 'DELETE', path: '/maestrano/account/groups/cld-1/users/usr-1/maestrano-uat', authorization: AUTH }),
    { event: 'member_removed', groupId: 'cld-1', userId: 'usr-1', localUserId: 'usr-1.cld-1', tenant: 'maestrano-uat' });
  assert.deepEqual(webhooks.match(config, { method: 'POST', path: 'https://app.example/maestrano/connec/notifications?x=1', authorization: AUTH }),
    { event: 'connec_notification', groupId: null, userId: null, localUserId: null, tenant: null });
  assert.equal(webhooks.match(config, { method: 'GET', path: '/maestrano/account/groups/cld-1', authorization: AUTH }), null);
  assert.equal(webhooks.match(config, { method: 'DELETE', path: '/elsewhere' }), null);
  assert.throws(() => webhooks.match({}, { method: 'DELETE', path: '/x' }), TypeError);
});

test('match: wrong or missing credentials on a webhook route → ApiError api_authentication', () => {
  for (const authorization of [undefined, null, basic('app-1', 'nope'), 'Bearer k3y']) {
    assert.throws(() => webhooks.match(config, { method: 'DELETE', path: '/maestrano/account/groups/cld-1', authorization }),
      (e) => e instanceof ApiError && e.kind === 'api_authentication');
  }
});

test('match: a Node or Express request as it comes', () => {
  const node = { method: 'DELETE', url: '/maestrano/account/groups/cld-1?x=1', headers: { authorization: AUTH } };
  assert.equal(webhooks.match(config, node).groupId, 'cld-1');
  const express = { ...node, originalUrl: '/maestrano/account/groups/cld-2', url: '/groups/cld-2', path: '/groups/cld-2' };
  assert.equal(webhooks.match(config, express).groupId, 'cld-2');
  assert.throws(() => webhooks.match(config, { ...node, headers: {} }), (e) => e.kind === 'api_authentication');
  assert.throws(() => webhooks.match(config, '/maestrano/account/groups/cld-1'), TypeError);
});

test('match: a Fetch Request (as in Workers)', () => {
  const request = new Request('https://app.example/maestrano/account/groups/cld-1/users/usr-1', {
    method: 'DELETE', headers: { Authorization: AUTH },
  });
  assert.equal(webhooks.match(config, request).localUserId, 'usr-1.cld-1');
});

test('connecNotification: string or bytes → {entity: [records]}; bad bodies are api_invalid_request', () => {
  const body = fixture('webhooks/connec_notification_request.txt').split('\n\n')[1].split('\n\nApp')[0];
  const batches = webhooks.connecNotification(body);
  assert.deepEqual(Object.keys(batches), ['organizations', 'people']);
  assert.equal(batches.people[0].first_name, 'John');
  assert.deepEqual(webhooks.connecNotification(Buffer.from('{"company":{"id":"c1"}}')), { company: [{ id: 'c1' }] });
  assert.deepEqual(webhooks.connecNotification(new TextEncoder().encode('{"space_ships":[{"id":"s1"}]}').buffer), { space_ships: [{ id: 's1' }] });
  for (const bad of ['people=1', '[]', '{"people":[1]}', '']) {
    assert.throws(() => webhooks.connecNotification(bad), (e) => e instanceof ApiError && e.kind === 'api_invalid_request');
  }
  assert.throws(() => webhooks.connecNotification(42), TypeError);
});

test('an app answering the platform over HTTP', async (t) => {
  const received = [];
  const app = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let event;
      try {
        event = webhooks.match(config, req);
      } catch (e) {
        if (!(e instanceof ApiError && e.kind === 'api_authentication')) throw e;
        res.writeHead(401, { 'content-type': 'application/json' });
        return res.end(INVALID_CREDENTIALS_BODY);
      }
      if (event === null) {
        res.writeHead(404);
        return res.end();
      }
      received.push(event.event === 'connec_notification' ? webhooks.connecNotification(Buffer.concat(chunks)) : event);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"success":true}');
    });
  });
  await new Promise((resolve) => app.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => app.close(resolve)));
  const base = `http://127.0.0.1:${app.address().port}`;

  const cancel = await fetch(`${base}/maestrano/account/groups/cld-1`, { method: 'DELETE', headers: { authorization: AUTH } });
  assert.deepEqual([cancel.status, await cancel.json()], [200, { success: true }]);
  const denied = await fetch(`${base}/maestrano/account/groups/cld-1`, { method: 'DELETE', headers: { authorization: basic('app-1', 'x') } });
  assert.deepEqual([denied.status, await denied.text()], [401, '{"error":"Invalid credentials"}']);
  const notification = await fetch(`${base}/maestrano/connec/notifications/maestrano-uat`, {
    method: 'POST', headers: { authorization: AUTH, 'content-type': 'application/json' }, body: '{"people":[{"id":"p1","group_id":"cld-1"}]}',
  });
  assert.equal(notification.status, 200);
  await notification.arrayBuffer();
  const other = await fetch(`${base}/other`);
  assert.equal(other.status, 404);
  await other.arrayBuffer();
  assert.deepEqual(received, [
    { event: 'group_cancelled', groupId: 'cld-1', userId: null, localUserId: null, tenant: null },
    { people: [{ id: 'p1', group_id: 'cld-1' }] },
  ]);
});
