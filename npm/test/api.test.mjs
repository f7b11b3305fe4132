import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Config, Presets, MaestranoError, ConfigError, unmaskUser, version } from '../dist/node.mjs';

const creds = { api: { id: 'app-1', key: 'g15354F34f3x5z' } };

test('configuration errors are ConfigError (a MaestranoError) with a kind that names the key', () => {
  assert.throws(() => Config.fromJSON({ sso: { creation_mode: 'ghost' } }), (e) =>
    e instanceof ConfigError && e instanceof MaestranoError && e instanceof Error && e.kind === 'config_invalid'
    && e.name === 'ConfigError' && e.message.includes('`sso.creation_mode`'));
  assert.throws(() => Config.fromJSON(null), (e) => e.kind === 'config_invalid');
  assert.throws(() => Config.fromJSON(['api.id']), (e) => e.kind === 'config_invalid');
  assert.throws(() => Config.fromJSON({ environment: 'custom' }).idpUrl(), (e) => e.kind === 'config_missing');
});

test('metadata never carries the api key, and reports the host language', () => {
  const m = Config.fromJSON(creds).metadata();
  assert.equal(m.api.id, 'app-1');
  assert.equal(m.api.lang, 'javascript');
  assert.equal(m.api.version, version);
  assert.ok(!JSON.stringify(m).includes('g15354F34f3x5z'));
});

test('a user-given api.lang wins over the host default, without the host language version', () => {
  assert.equal(Config.fromJSON({ 'api.lang': 'typescript' }).metadata().api.lang, 'typescript');
  assert.equal(Config.fromJSON({ api: { lang: 'typescript' } }).toObject().api.lang_version, null);
  assert.equal(Config.fromJSON({ api: { lang: 'typescript', lang_version: '5.4' } }).toObject().api.lang_version, '5.4');
  assert.match(Config.fromJSON({}).toObject().api.lang_version, /^node v\d+/);
  const p = Presets.fromJSON({ a: {}, b: { api: { lang: 'rust' } } }).toObject();
  assert.deepEqual([p.a.api.lang, p.b.api.lang, p.b.api.lang_version], ['javascript', 'rust', null]);
  assert.match(p.a.api.lang_version, /^node v/);
});

test('authenticate and authenticateHeader', () => {
  const c = Config.fromJSON(creds);
  assert.equal(c.authenticate('app-1', 'g15354F34f3x5z'), true);
  assert.equal(c.authenticate('app-1', 'nope'), false);
  assert.equal(c.authenticate(undefined, undefined), false);
  const header = 'Basic ' + Buffer.from('app-1:g15354F34f3x5z').toString('base64');
  assert.equal(c.authenticateHeader(header), true);
  assert.equal(c.authenticateHeader(undefined), false);
});

test('presets: lookup, iteration, credentials', () => {
  const p = Presets.fromJSON({ a: { api: { id: 'x', key: 'y' } }, b: { environment: 'uat' } });
  assert.deepEqual(p.names(), ['a', 'b']);
  assert.equal(p.get('b').environment, 'uat');
  assert.equal(p.has('c'), false);
  assert.throws(() => p.get('c'), (e) => e.kind === 'config_missing');
  assert.equal(p.findByCredentials('x', 'y'), 'a');
  assert.equal(p.findByCredentials('x', 'z'), null);
  assert.deepEqual([...p].map(([n, c]) => [n, c.environment]), [['a', 'production'], ['b', 'uat']]);
});

test('masking', () => {
  assert.equal(Config.fromJSON({ sso: { creation_mode: 'virtual' } }).maskUser('usr-1', 'cld-1'), 'usr-1.cld-1');
  assert.equal(unmaskUser('usr-1.cld-1'), 'usr-1');
});

test('JSON.stringify of a Config does not leak the key', () => {
  assert.ok(!JSON.stringify(Config.fromJSON(creds)).includes('g15354F34f3x5z'));
});
