// The package as users load it: `require` and `import` by name, one core per process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');

test('require("maestrano") and import "maestrano" resolve to one API', async () => {
  const required = createRequire(join(pkg, 'package.json'))('maestrano');
  const imported = await import('maestrano');
  assert.equal(typeof required.Config.fromJSON, 'function');
  assert.equal(imported.Config, required.Config);
  assert.equal(imported.default.version, required.version);
});

test('a CommonJS consumer in a separate process', () => {
  const out = execFileSync(process.execPath, ['-e',
    'const m = require("maestrano"); console.log(m.Config.fromJSON({}).idpUrl())'], { cwd: pkg }).toString();
  assert.equal(out.trim(), 'https://maestrano.com/api/v1/auth/saml');
});

test('the exports map names a Workers entry and the types', async () => {
  const { default: meta } = await import('../package.json', { with: { type: 'json' } });
  assert.equal(meta.exports['.'].workerd, './dist/workerd.mjs');
  assert.equal(meta.exports['.'].types, './index.d.ts');
});
