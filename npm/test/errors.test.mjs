// The error hierarchy: one MaestranoError root, the subclass chosen by kind, the platform's
// answer on API errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  Config, MaestranoError, ConfigError, SamlError, ApiError, DevPlatformError, SessionError,
  sso, xmldsig, session, sansIO, web,
} from '../dist/node.mjs';
import { fixture } from './platform-server.mjs';

const config = Config.fromJSON({ environment: 'production', api: { id: 'app-1', key: 'k3y' } });

const throws = (fn, Cls, kind) => assert.throws(fn, (e) => {
  assert.ok(e instanceof Cls, `${e?.name} is a ${Cls.name}`);
  assert.ok(e instanceof MaestranoError && e instanceof Error);
  assert.equal(e.name, Cls.name);
  assert.equal(e.kind, kind);
  assert.ok(e.stack.startsWith(`${Cls.name}: `));
  return true;
});

test('the subclass follows the kind', () => {
  throws(() => Config.fromJSON({ sso: { clock_skew: 'x' } }), ConfigError, 'config_invalid');
  throws(() => Config.fromJSON({ environment: 'custom' }).idpUrl(), ConfigError, 'config_missing');
  const v = JSON.parse(readFileSync(new URL('../../tests/vectors/saml/expired.json', import.meta.url)));
  throws(() => sso.validateResponse(Config.fromJSON(v.config), v.input.saml_response, { now: new Date(v.input.now) }), SamlError, 'expired');
  throws(() => sso.validateResponse(config, 42), SamlError, 'malformed_base64');
  throws(() => xmldsig.verify('<a ID="x"/>', { id: 'x', fingerprints: '00'.repeat(32) }), SamlError, 'signature_missing');
  throws(() => session.checkRequest(config, 'x', { now: 0 }), SessionError, 'session_invalid');
  throws(() => sansIO.accountResponse('bills', 'list', { status: 401, body: '' }), ApiError, 'api_authentication');
  throws(() => sansIO.devPlatformResponse({ status: 500, body: 'x' }), DevPlatformError, 'devplatform_error');
  throws(() => sansIO.devPlatformRequest({}), ConfigError, 'config_missing');
});

test('input_too_large and unsupported take the class of the failing operation', () => {
  throws(() => sansIO.accountRequest(config, 'invoices', 'list'), ApiError, 'unsupported');
  throws(() => sansIO.accountRequest(config, 'users', 'create'), ApiError, 'unsupported');
  throws(() => sansIO.connecResponse('list', { status: 200, body: new Uint8Array(16 * 1024 * 1024 + 1) }), ApiError, 'input_too_large');
  throws(() => sso.validateResponse(Config.fromJSON({ sso: { max_response_size: 1024 } }), 'A'.repeat(2048)), SamlError, 'input_too_large');
});

test('API errors carry the platform answer; others have no such fields', () => {
  assert.throws(() => sansIO.accountResponse('bills', 'create', { status: 400, body: fixture('account/error_400_validation_bill.json') }), (e) => {
    assert.equal(e.status, 400);
    assert.equal(e.param, 'group_id');
    assert.deepEqual(e.messages, ['group_id does not exist or cannot be charged by your service']);
    assert.equal(e.bodyExcerpt, null);
    assert.equal(e.http, undefined);
    return true;
  });
  assert.throws(() => sansIO.accountResponse('bills', 'list', { status: 502, body: '<html>Bad Gateway</html>' }), (e) =>
    e.status === 502 && e.param === null && e.messages.length === 0 && e.bodyExcerpt === '<html>Bad Gateway</html>');
  assert.throws(() => sansIO.devPlatformResponse({ status: 401, body: '{"error":"Unauthorized"}' }), (e) =>
    e instanceof DevPlatformError && e.status === 401 && e.bodyExcerpt.includes('Unauthorized'));
  assert.throws(() => Config.fromJSON({ sso: { creation_mode: 'x' } }), (e) => !('status' in e));
});

test('the classes can be constructed by apps (e.g. in tests of their own code)', () => {
  const e = new ApiError('api_connection', 'down', { cause: new Error('x'), status: null });
  assert.deepEqual([e.kind, e.message, e.status, e.param, e.messages, e.bodyExcerpt, e.cause.message],
    ['api_connection', 'down', null, null, [], null, 'x']);
  assert.equal(new SessionError('session_invalid', 'gone').name, 'SessionError');
  assert.equal(String(new ConfigError('config_missing', 'api.id')), 'ConfigError: api.id');
});

test('web.statusFor and web.safeReturnPath come from the core', () => {
  assert.equal(web.statusFor(new SamlError('replayed', 'x')), 403);
  assert.equal(web.statusFor(new ApiError('api_authentication', 'x')), 401);
  assert.equal(web.statusFor('replay_store_full'), 503);
  assert.equal(web.statusFor(new Error('x')), 500);
  assert.equal(web.safeReturnPath('/a?b=c'), '/a?b=c');
  for (const bad of ['//evil.com', '/\\evil.com', 'https://evil.com', '/a b', undefined]) {
    assert.equal(web.safeReturnPath(bad), '/');
  }
  assert.equal(web.safeReturnPath('//x', null), null);
});
