// The package as published: `npm pack` (prepack builds it), then the tarball installed into fresh
// projects and used the ways users use it — Node `require` and `import` of every entry point,
// TypeScript `nodenext` (ESM and CommonJS files, `tsc --noEmit`), an esbuild bundle for Node
// (run), one for Workers (run in workerd by miniflare), the portable entry bundled with no
// runtime conditions (run in Node and in workerd with the wasm handed to `init`), and the
// package linters publint and @arethetypeswrong/cli, which must report nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(pkg, 'node_modules', '.bin', name);
const meta = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
const sh = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const node = (args, cwd) => sh(process.execPath, args, cwd).trim();

let work, tarball, app, installed;
// The subpaths (adapters, stores) whose code the package ships; `.`, the wasm and package.json
// are checked on their own.
let subpaths = [];

before(() => {
  work = mkdtempSync(join(tmpdir(), 'maestrano-pack-'));
  const out = sh('npm', ['pack', '--silent', '--pack-destination', work], pkg).trim().split('\n').pop();
  tarball = join(work, out);
  app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), '{"name":"consumer","version":"1.0.0","private":true}\n');
  // The package has no dependencies: nothing but the tarball is installed.
  sh('npm', ['install', '--no-audit', '--no-fund', '--offline', '--loglevel=error', tarball], app);
  installed = join(app, 'node_modules', 'maestrano');
  subpaths = Object.keys(meta.exports)
    .filter((k) => k.startsWith('./') && !['./package.json', './maestrano.wasm'].includes(k))
    .filter((k) => existsSync(join(installed, meta.exports[k].import)))
    .map((k) => k.slice(2));
});
after(() => rmSync(work, { recursive: true, force: true }));

test('the tarball carries the built code, one wasm module, the typings and the licences, and no sources', () => {
  const files = sh('tar', ['tzf', tarball]).trim().split('\n').map((f) => f.replace(/^package\//, '')).sort();
  for (const f of ['package.json', 'README.md', 'LICENSE-MIT', 'LICENSE-APACHE', 'index.d.ts', 'dist/index.d.cts',
    'dist/node.cjs', 'dist/node.mjs', 'dist/workerd.mjs', 'dist/portable.mjs', 'dist/api.cjs', 'dist/api.mjs',
    'wasm/node/maestrano_wasm.js', 'wasm/web/maestrano_wasm.mjs', 'wasm/web/maestrano_wasm_bg.wasm']) {
    assert.ok(files.includes(f), `the tarball has ${f}`);
  }
  assert.deepEqual(files.filter((f) => f.endsWith('.wasm')), ['wasm/web/maestrano_wasm_bg.wasm']);
  assert.deepEqual(files.filter((f) => /^(src|test|scripts|node_modules)\/|\.stamp$|\.tmp-/.test(f)), []);
  for (const sub of subpaths) {
    for (const f of Object.values(meta.exports[`./${sub}`]).flatMap((v) => (typeof v === 'string' ? [v] : Object.values(v)))) {
      assert.ok(files.includes(f.slice(2)), `./${sub}: the tarball has ${f}`);
    }
  }
});

test('Node require: the entry point and every subpath', () => {
  const out = node(['-e', `
    const m = require('maestrano');
    const c = m.Config.fromJSON({ api: { id: 'a', key: 'k' } });
    const r = m.sso.authnRequest(c, { id: '_cjs', now: 0 });
    for (const s of ${JSON.stringify(subpaths)}) if (Object.keys(require('maestrano/' + s)).length === 0) throw new Error(s);
    console.log(r.requestId, c.toObject().api.lang_version.startsWith('node '), typeof m.init);`], app);
  assert.equal(out, '_cjs true function');
});

test('Node import: the same core as require, and every subpath', () => {
  const out = node(['--input-type=module', '-e', `
    import { createRequire } from 'node:module';
    import * as m from 'maestrano';
    const required = createRequire(process.cwd() + '/x.js')('maestrano');
    for (const s of ${JSON.stringify(subpaths)}) if (Object.keys(await import('maestrano/' + s)).length === 0) throw new Error(s);
    await m.init();
    console.log(m.Config === required.Config, m.default === required, m.version === required.version);`], app);
  assert.equal(out, 'true true true');
});

test('TypeScript nodenext: every public name, from ES modules and CommonJS, type-checks', () => {
  const names = JSON.parse(node(['-p', 'JSON.stringify(Object.keys(require("maestrano")))'], app));
  // `t` qualifies the type names: imported by name in the ES module, through the namespace in CommonJS.
  const uses = (t) => `
    const config = Config.fromJSON({ api: { id: 'a', key: 'k' } });
    const effective: ${t}ConfigObject = config.toObject();
    const metadata: ${t}AppMetadata = config.metadata();
    const host: string | null = effective.api.host;
    const subscriptions: Record<string, boolean> = metadata.webhook.connec.subscriptions;
    const request: ${t}AuthnRequest = sso.authnRequest(config, { id: '_x', now: new Date(0) });
    const check: Promise<void> = new ReplayCache().check(config, {} as ${t}SsoResult);
    const status: number = web.statusFor(new SamlError('replayed', 'seen'));
    const bills: ${t}AccountRecord | ${t}AccountRecord[] = sansIO.accountResponse('bills', 'list', { status: 200, body: '{}' });
    const ready: Promise<void> = init();
    const all = { ${names.join(', ')} };
    export { effective, metadata, host, subscriptions, request, check, status, bills, ready, all };`;
  const types = ['ConfigObject', 'AppMetadata', 'AuthnRequest', 'SsoResult', 'AccountRecord'];
  writeFileSync(join(app, 'esm.mts'), `import { ${names.join(', ')}, ${types.map((n) => `type ${n}`).join(', ')} } from 'maestrano';\n${uses('')}\n${
    subpaths.map((s, i) => `import * as sub${i} from 'maestrano/${s}';\nexport { sub${i} };`).join('\n')}\n`);
  writeFileSync(join(app, 'cjs.cts'), `import maestrano = require('maestrano');\nconst { ${names.join(', ')} } = maestrano;\n${uses('maestrano.')}\n${
    subpaths.map((s, i) => `import sub${i} = require('maestrano/${s}');\nexport { sub${i} };`).join('\n')}\n`);
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: false, types: [] },
    files: ['esm.mts', 'cjs.cts'],
  }));
  // Peer libraries the adapters' typings name, from this package's own dev dependencies.
  for (const dep of ['hono', 'express', '@types/express', 'passport', '@types/passport', 'redis', '@cloudflare/workers-types']) {
    const from = join(pkg, 'node_modules', dep);
    const to = join(app, 'node_modules', dep);
    if (existsSync(from) && !existsSync(to)) {
      mkdirSync(dirname(to), { recursive: true });
      symlinkSync(from, to, 'dir');
    }
  }
  try {
    sh(process.execPath, [join(pkg, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], app);
  } catch (e) {
    assert.fail(`tsc --noEmit:\n${e.stdout}${e.stderr}`);
  }
});

test('an esbuild bundle for Node runs with maestrano.wasm beside it', () => {
  const dir = join(work, 'node-bundle');
  mkdirSync(dir);
  writeFileSync(join(app, 'bundle-entry.cjs'), `
    const { Config, sso } = require('maestrano');
    console.log(sso.authnRequest(Config.fromJSON({ api: { id: 'a' } }), { id: '_bundled', now: 0 }).requestId);`);
  sh(bin('esbuild'), ['bundle-entry.cjs', '--bundle', '--platform=node', '--format=cjs', '--log-level=warning', `--outfile=${join(dir, 'app.cjs')}`], app);
  copyFileSync(join(installed, 'wasm', 'web', 'maestrano_wasm_bg.wasm'), join(dir, 'maestrano.wasm'));
  assert.equal(node([join(dir, 'app.cjs')], dir), '_bundled');
  assert.doesNotMatch(readFileSync(join(dir, 'app.cjs'), 'utf8'), /require\(["']maestrano/, 'the package code is inlined');
});

/** Runs a bundled Worker in workerd; it answers the JSON it computes. */
async function runWorker(dir, script) {
  const mf = new Miniflare({
    modules: true, modulesRoot: dir, scriptPath: join(dir, script),
    modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
    compatibilityDate: '2024-09-23',
  });
  try {
    return await (await mf.dispatchFetch('http://localhost/')).json();
  } finally {
    await mf.dispose();
  }
}

test('an esbuild bundle for Workers (the workerd condition) runs in workerd', async () => {
  const dir = join(work, 'worker-bundle');
  writeFileSync(join(app, 'worker-entry.mjs'), `
    import { Config, sso, version } from 'maestrano';
    export default { fetch() {
      const r = sso.authnRequest(Config.fromJSON({ api: { id: 'a' } }), { id: '_workerd', now: 0 });
      return Response.json({ id: r.requestId, version, lang: Config.fromJSON({}).toObject().api.lang_version });
    } };`);
  sh(bin('esbuild'), ['worker-entry.mjs', '--bundle', '--format=esm', '--platform=neutral', '--conditions=workerd,worker,browser',
    '--loader:.wasm=copy', '--log-level=warning', `--outdir=${dir}`], app);
  assert.deepEqual(await runWorker(dir, 'worker-entry.js'), { id: '_workerd', version: meta.version, lang: 'workerd' });
});

test('the portable entry, bundled with no runtime condition, runs in Node and in workerd once given the wasm', async () => {
  const dir = join(work, 'portable-bundle');
  writeFileSync(join(app, 'portable-entry.mjs'), `
    import { init, Config, sso, version } from 'maestrano';
    export async function run(wasm) {
      let early;
      try { Config.fromJSON({}); } catch (e) { early = e.message; }
      await init(wasm);
      const r = sso.authnRequest(Config.fromJSON({ api: { id: 'a' } }), { id: '_portable', now: 0 });
      return { early, id: r.requestId, version };
    }`);
  writeFileSync(join(app, 'portable-worker.mjs'), `
    import wasm from './node_modules/maestrano/wasm/web/maestrano_wasm_bg.wasm';
    import { run } from './portable-entry.mjs';
    export default { async fetch() { return Response.json(await run(wasm)); } };`);
  const esbuild = (entry) => sh(bin('esbuild'), [entry, '--bundle', '--format=esm', '--platform=neutral', '--loader:.wasm=copy',
    '--log-level=warning', `--outdir=${dir}`], app);
  esbuild('portable-entry.mjs');
  esbuild('portable-worker.mjs');
  const bundle = readFileSync(join(dir, 'portable-entry.js'), 'utf8');
  assert.doesNotMatch(bundle, /createRequire|__dirname|node:fs|require\(/, 'the portable entry needs nothing from Node');
  const expected = { early: 'maestrano: the wasm core is not loaded: call `await init(wasm)` first (portable entry)', id: '_portable', version: meta.version };
  const wasmBytes = readFileSync(join(installed, 'wasm', 'web', 'maestrano_wasm_bg.wasm'));
  const { run } = await import(join(dir, 'portable-entry.js'));
  assert.deepEqual(await run(wasmBytes), expected);
  assert.deepEqual(await runWorker(dir, 'portable-worker.js'), expected);
});

test('publint and @arethetypeswrong/cli find nothing to report', () => {
  let out;
  try {
    out = sh(bin('publint'), ['run', installed, '--pack', 'false', '--level', 'suggestion', '--strict'], app);
  } catch (e) {
    assert.fail(`publint:\n${e.stdout}${e.stderr}`);
  }
  assert.match(out, /All good/, out);
  try {
    sh(bin('attw'), [tarball, '--entrypoints', '.', '--format', 'ascii', '--no-emoji', '--no-color'], app);
  } catch (e) {
    assert.fail(`attw (root, strict):\n${e.stdout}${e.stderr}`);
  }
  try {
    // The wasm module is an asset (for bundlers and `init`), not a module with typings. Profile
    // node16: TypeScript's legacy `node10` resolution knows no subpaths (`maestrano/hono`); the
    // root entry is still checked under it.
    sh(bin('attw'), [tarball, '--profile', 'node16', '--format', 'ascii', '--no-emoji', '--no-color',
      '--exclude-entrypoints', './maestrano.wasm'], app);
  } catch (e) {
    assert.fail(`attw:\n${e.stdout}${e.stderr}`);
  }
});
