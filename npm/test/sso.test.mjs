import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { Config, MaestranoError, ReplayCache, sso } from '../dist/node.mjs';

const vector = (name) => JSON.parse(readFileSync(new URL(`../../tests/vectors/saml/${name}.json`, import.meta.url)));

test('authnRequest uses host randomness and clock by default', () => {
  const config = Config.fromJSON({ api: { id: 'app-1' } });
  const before = Math.floor(Date.now() / 1000) * 1000;
  const a = sso.authnRequest(config);
  const b = sso.authnRequest(config, { params: new URLSearchParams('x=1&y=2'), groupId: 'cld-1' });
  assert.notEqual(a.requestId, b.requestId);
  assert.ok(a.issueInstant instanceof Date && a.issueInstant.getTime() >= before);
  const q = new URL(b.url).searchParams;
  assert.deepEqual([...q.keys()], ['SAMLRequest', 'x', 'y', 'group_id']);
  assert.equal(inflateRawSync(Buffer.from(q.get('SAMLRequest'), 'base64')).toString(), b.xml);
  assert.throws(() => sso.authnRequest({}), TypeError);
  assert.throws(() => sso.authnRequest(config, { now: new Date('nope') }), TypeError);
});

test('validateResponse returns camelCase views with Dates', () => {
  const v = vector('platform-legacy-valid');
  const r = sso.validateResponse(Config.fromJSON(v.config), v.input.saml_response, { now: new Date(v.input.now) });
  assert.equal(r.nameId, 'usr-1');
  assert.equal(r.user.info.email, 'john.doe@example.com');
  assert.deepEqual(r.user.extra.session.recheck, new Date('2026-03-01T10:03:00Z'));
  assert.equal(r.group.info.hasCreditCard, false);
  assert.deepEqual(r.attributes.group_uid, ['cld-1']);
  assert.ok(r.notOnOrAfter instanceof Date);
});

test('failures are MaestranoError with a kind', () => {
  const v = vector('tampered-signature-value');
  const config = Config.fromJSON(v.config);
  assert.throws(() => sso.validateResponse(config, v.input.saml_response, { now: new Date(v.input.now) }),
    (e) => e instanceof MaestranoError && e.kind === 'signature_invalid');
  assert.throws(() => sso.validateResponse(config, Buffer.from('x')), (e) => e.kind === 'malformed_base64');
});

test('ReplayCache: in memory, and over an async host store', async () => {
  const v = vector('platform-legacy-valid');
  const config = Config.fromJSON(v.config);
  const now = new Date(v.input.now);
  const r = sso.validateResponse(config, v.input.saml_response, { now });

  const memory = new ReplayCache();
  await memory.check(config, r, { now });
  await assert.rejects(memory.check(config, r, { now }), (e) => e instanceof MaestranoError && e.kind === 'replayed');

  const seen = new Map();
  const store = { async insertIfAbsent(key, expiresAt, at) {
    if (seen.has(key) && seen.get(key) > at) return false;
    seen.set(key, expiresAt);
    return true;
  } };
  const shared = new ReplayCache(store);
  await shared.check(config, r, { now });
  // Keyed by issuer and ID: `<issuer length>:<issuer><ID>`.
  const key = `${r.issuer.length}:${r.issuer}${r.assertionId}`;
  assert.deepEqual([...seen.keys()], [key]);
  assert.deepEqual(seen.get(key), new Date('2026-03-01T10:04:00Z'));
  await assert.rejects(shared.check(config, r, { now }), (e) => e.kind === 'replayed');
  await assert.rejects(new ReplayCache({ insertIfAbsent() { throw new Error('kv down'); } }).check(config, r, { now }), /kv down/);
});
