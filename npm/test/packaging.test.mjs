// The package as users load it: `require` and `import` by name, one core per process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
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

test('every entry point exports the same names', async () => {
  const required = Object.keys(createRequire(join(pkg, 'package.json'))('maestrano')).sort();
  const imported = Object.keys(await import('maestrano')).filter((k) => k !== 'default').sort();
  assert.deepEqual(imported, required);
  const workerd = fs.readFileSync(join(pkg, 'dist', 'workerd.mjs'), 'utf8');
  const names = /export const \{([^}]*)\} = api;/.exec(workerd)[1].split(',').map((s) => s.trim()).filter(Boolean).sort();
  assert.deepEqual(names, required);
  const types = fs.readFileSync(join(pkg, 'index.d.ts'), 'utf8');
  for (const name of required) assert.match(types, new RegExp(`export (?:declare )?(?:class|const|function|type) ${name}\\b`), `index.d.ts declares ${name}`);
});

test('the exports map names a Workers entry and the types', async () => {
  const { default: meta } = await import('../package.json', { with: { type: 'json' } });
  assert.equal(meta.exports['.'].workerd, './dist/workerd.mjs');
  assert.equal(meta.exports['.'].types, './index.d.ts');
});

test('the packed tarball installs into a fresh project and loads by require and import', () => {
  const { mkdtempSync, rmSync, writeFileSync } = fs;
  const dir = mkdtempSync(join(tmpdir(), 'maestrano-consumer-'));
  try {
    const tgz = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: pkg }).toString().trim().split('\n').pop();
    writeFileSync(join(dir, 'package.json'), '{"name":"consumer","version":"1.0.0","private":true}');
    execFileSync('npm', ['install', '--silent', '--no-audit', '--no-fund', '--offline', join(dir, tgz)], { cwd: dir });
    const cjs = execFileSync(process.execPath, ['-e',
      'const m = require("maestrano"); console.log(m.Config.fromJSON({api: {id: "a"}}).idpUrl())'], { cwd: dir }).toString();
    assert.equal(cjs.trim(), 'https://maestrano.com/api/v1/auth/saml');
    const esm = execFileSync(process.execPath, ['--input-type=module', '-e',
      'import { sso, Config } from "maestrano"; console.log(sso.authnRequest(Config.fromJSON({api: {id: "a"}}), {id: "_x", now: 0}).requestId)'],
    { cwd: dir }).toString();
    assert.equal(esm.trim(), '_x');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
