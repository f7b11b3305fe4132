// Developer-platform auto-configuration: settings from the environment, a YAML file or a JSON
// file (read by the core; its rules are the shared vectors tests/vectors/devplatform/
// settings-file.json), and the request/reply against a real HTTP server serving the recorded
// marketplaces.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Presets, ApiError, ConfigError, DevPlatformError, devPlatformSettings, autoConfigure, sansIO, version,
} from '../dist/node.mjs';
import { startServer, closedPort, fixture, fixturePath, basic } from './platform-server.mjs';

const server = await startServer();
const dir = mkdtempSync(join(tmpdir(), 'maestrano-devpl-'));
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});
const serve = (routes) => {
  for (const k of Object.keys(server.routes)) delete server.routes[k];
  Object.assign(server.routes, routes);
  server.requests.length = 0;
  return server.requests;
};
const file = (name, text) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const MARKETPLACES = '/api/config/v1/marketplaces';

test('devPlatformSettings: the fixture YAML file', () => {
  assert.deepEqual(devPlatformSettings({ env: {}, file: fixturePath('devplatform/dev_platform.yml') }), {
    host: 'http://localhost:5000', apiPath: '/api/config/v1/marketplaces', envName: 'test', envKey: '123', envSecret: '123',
  });
});

test('devPlatformSettings: environment first, then the file; missing ones are null', () => {
  const env = { MNO_DEVPL_ENV_SECRET: 's3cret', MNO_DEVPL_HOST: '', OTHER: 'x' };
  assert.deepEqual(devPlatformSettings({ env, file: fixturePath('devplatform/dev_platform.yml') }), {
    host: 'http://localhost:5000', apiPath: '/api/config/v1/marketplaces', envName: 'test', envKey: '123', envSecret: 's3cret',
  });
  assert.deepEqual(devPlatformSettings({ env }), { host: null, apiPath: null, envName: null, envKey: null, envSecret: 's3cret' });
  const saved = process.env.MNO_DEVPL_ENV_NAME;
  process.env.MNO_DEVPL_ENV_NAME = 'from-process';
  try {
    assert.equal(devPlatformSettings().envName, 'from-process');
    assert.equal(devPlatformSettings({ env: null }).envName, null);
  } finally {
    if (saved === undefined) delete process.env.MNO_DEVPL_ENV_NAME; else process.env.MNO_DEVPL_ENV_NAME = saved;
  }
});

test('devPlatformSettings: a JSON file', () => {
  const p = file('dev_platform.json', JSON.stringify({
    dev_platform: { host: 'https://dev.example', api_path: '/api/config/v1' },
    environment: { name: 'prod', api_key: 123, api_secret: 'xyz' },
  }));
  assert.deepEqual(devPlatformSettings({ env: {}, file: p }), {
    host: 'https://dev.example', apiPath: '/api/config/v1', envName: 'prod', envKey: '123', envSecret: 'xyz',
  });
  assert.throws(() => devPlatformSettings({ env: {}, file: file('bad.json', '{"environment": ') }),
    (e) => e instanceof ConfigError && e.kind === 'config_invalid' && e.message.includes('bad.json'));
  assert.throws(() => devPlatformSettings({ env: {}, file: file('obj.json', '{"environment": {"name": {"x": 1}}}') }),
    (e) => e.kind === 'config_invalid' && e.message.includes('environment.name'));
});

test('devPlatformSettings: a missing file is config_missing', () => {
  assert.throws(() => devPlatformSettings({ env: {}, file: join(dir, 'nope.yml') }),
    (e) => e instanceof ConfigError && e.kind === 'config_missing' && e.message.includes('nope.yml'));
});

test('settings files are read by the core (docs/spec.md D38): the file named in errors, text for Workers', () => {
  const p = file('full.yml', [
    '---',
    '# developer platform',
    'dev_platform:   # the hub',
    '  host: "https://dev.example/#frag"  # not part of the value',
    "  api_path: '/api/config/v1/''quoted'''",
    '',
    'environment:',
    '  name: my env # trailing comment',
    '  api_key: 0123',
    '  api_secret: "tab\\there \\u00e9"',
    '  extra:',
    'other: ~',
  ].join('\r\n'));
  const expected = {
    host: 'https://dev.example/#frag', apiPath: "/api/config/v1/'quoted'", envName: 'my env', envKey: '0123', envSecret: 'tab\there é',
  };
  assert.deepEqual(devPlatformSettings({ env: {}, file: p }), expected);
  assert.deepEqual(devPlatformSettings({ env: { MNO_DEVPL_ENV_KEY: 'k' }, text: readFileSync(p, 'utf8') }), { ...expected, envKey: 'k' });
  // Refusals name the file and the line, never the value.
  assert.throws(() => devPlatformSettings({ env: {}, file: file('anchor.yml', 'environment:\n  api_secret: &s3cret x\n') }),
    (e) => e instanceof ConfigError && e.kind === 'config_invalid'
      && e.message.startsWith(`${join(dir, 'anchor.yml')}: settings file line 2: anchors`) && !e.message.includes('s3cret'));
  assert.throws(() => devPlatformSettings({ env: {}, text: 'environment:\n\tname: x\n' }),
    (e) => e instanceof ConfigError && e.kind === 'config_invalid' && e.message === 'settings file line 2: tabs are not allowed in indentation');
  // Limits: a ConfigError of kind input_too_large.
  assert.throws(() => devPlatformSettings({ env: {}, text: `a: '${'x'.repeat(70000)}'` }),
    (e) => e instanceof ConfigError && e.kind === 'input_too_large' && /larger than 65536 bytes/.test(e.message));
  assert.throws(() => devPlatformSettings({ env: {}, file: p, text: 'a: 1' }), TypeError);
  assert.throws(() => devPlatformSettings({ env: {}, text: 42 }), TypeError);
});

test('autoConfigure from the environment: Basic key:secret, presets named by marketplace', async () => {
  const seen = serve({ [`GET ${MARKETPLACES}`]: { body: fixture('devplatform/dev-platform-marketplaces.json') } });
  const presets = await autoConfigure({
    env: { MNO_DEVPL_HOST: server.url, MNO_DEVPL_ENV_NAME: 'test', MNO_DEVPL_ENV_KEY: 'k-123', MNO_DEVPL_ENV_SECRET: 's-456' },
  });
  assert.ok(presets instanceof Presets);
  assert.deepEqual(presets.names(), ['maestrano-test']);
  const c = presets.get('maestrano-test');
  assert.equal(c.toObject().api.id, 'app-fasdfasd');
  assert.equal(c.metadata().api.lang, 'javascript'); // this host's language, not the core's default
  assert.equal(seen.length, 1);
  const [r] = seen;
  assert.equal(r.method, 'GET');
  assert.equal(r.path, MARKETPLACES);
  assert.equal(r.rawQuery, '');
  assert.equal(r.headers.authorization, basic('k-123', 's-456'));
  assert.equal(r.headers.accept, 'application/json');
  assert.equal(r.headers['user-agent'], `maestrano-sdk/${version}`);
  assert.equal(r.body, '');
});

test('autoConfigure from a YAML file, a JSON file and a file\'s text (the reply may be an object)', async () => {
  const seen = serve({ [`GET ${MARKETPLACES}`]: { body: fixture('devplatform/developer-platform-answer.json') } });
  const yml = file('platform.yml', fixture('devplatform/dev_platform.yml').replace('http://localhost:5000', server.url));
  const fromYaml = await autoConfigure({ env: {}, file: yml });
  assert.deepEqual(fromYaml.names(), ['maestrano-uat']);
  assert.equal(seen[0].headers.authorization, basic('123', '123'));
  const json = file('platform.json', JSON.stringify({
    dev_platform: { host: server.url }, environment: { name: 'uat', api_key: 'jk', api_secret: 'js' },
  }));
  const fromJson = await autoConfigure({ env: {}, file: json });
  assert.equal(fromJson.get('maestrano-uat').environment, 'maestrano-uat');
  assert.equal(seen[1].path, MARKETPLACES); // `/marketplaces` appended to the default path
  assert.equal(seen[1].headers.authorization, basic('jk', 'js'));
  const fromText = await autoConfigure({ env: { MNO_DEVPL_ENV_SECRET: 'ts' }, text: readFileSync(yml, 'utf8') });
  assert.deepEqual(fromText.names(), ['maestrano-uat']);
  assert.equal(seen[2].headers.authorization, basic('123', 'ts'));
});

test('autoConfigure with explicit settings and an injected fetch', async () => {
  const urls = [];
  const presets = await autoConfigure({
    settings: { envName: 'n', envKey: 'k', envSecret: 's' },
    fetch: async (url) => {
      urls.push(url);
      return new Response('{"marketplaces":[]}');
    },
  });
  assert.deepEqual(presets.names(), []);
  assert.deepEqual(urls, ['https://developer.maestrano.com/api/config/v1/marketplaces']);
});

test('autoConfigure failures: missing settings, refusals, garbage, unreachable', async () => {
  await assert.rejects(autoConfigure({ env: { MNO_DEVPL_ENV_NAME: 'n' } }),
    (e) => e instanceof ConfigError && e.kind === 'config_missing' && /MNO_DEVPL_ENV_KEY, MNO_DEVPL_ENV_SECRET/.test(e.message));
  const env = { MNO_DEVPL_HOST: server.url, MNO_DEVPL_ENV_NAME: 'n', MNO_DEVPL_ENV_KEY: 'k', MNO_DEVPL_ENV_SECRET: 's' };
  for (const [route, check] of [
    [{ status: 401, body: '{"error":"Unauthorized"}' }, (e) => e.status === 401 && e.bodyExcerpt.includes('Unauthorized')],
    [{ status: 200, body: '{"error":"Invalid environment credentials"}' }, (e) => e.status === 200],
    [{ status: 200, body: '{"environments":[]}' }, () => true],
    [{ status: 500, type: 'text/html', body: '<html>Internal Server Error</html>' }, (e) => e.status === 500],
  ]) {
    serve({ [`GET ${MARKETPLACES}`]: route });
    await assert.rejects(autoConfigure({ env }), (e) => e instanceof DevPlatformError && e.kind === 'devplatform_error' && check(e));
  }
  const port = await closedPort();
  await assert.rejects(autoConfigure({ env: { ...env, MNO_DEVPL_HOST: `http://127.0.0.1:${port}` } }),
    (e) => e instanceof ApiError && e.kind === 'api_connection');
});

test('sansIO.devPlatformResponse keeps the platform values and applies the host defaults', () => {
  const p = sansIO.devPlatformResponse({ status: 200, body: fixture('devplatform/dev-platform-marketplaces.json') });
  const c = p.toObject()['maestrano-test'];
  assert.equal(c.connec.timeout, 300);
  assert.equal(c.webhook.connec.external_ids, true);
  assert.equal(c.api.lang, 'javascript');
  assert.match(c.api.lang_version, /^node v/);
});
