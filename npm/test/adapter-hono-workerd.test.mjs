// maestrano/hono inside workerd (miniflare), end to end against the local sandbox: the Worker
// reaches the sandbox with the runtime's own fetch. The package is given to workerd as a bundler
// would (`maestrano` → the Workers entry, `maestrano/hono` → the adapter, `hono` → Hono's ESM).

import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import { adapterSuite } from './adapter-support.mjs';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');

const files = (dir, ext) => readdirSync(dir).flatMap((n) => {
  const p = join(dir, n);
  return statSync(p).isDirectory() ? files(p, ext) : ext.some((e) => n.endsWith(e)) ? [p] : [];
});
const alias = (name, target) => ({
  type: 'ESModule', path: join(pkg, name),
  contents: `export * from './${relative(dirname(join(pkg, name)), join(pkg, target))}';`,
});

export function workerdModules(script) {
  return [
    { type: 'ESModule', path: script },
    { type: 'ESModule', path: join(pkg, 'test', 'adapter-hono-app.mjs') },
    // workerd resolves a bare specifier next to the module importing it.
    alias('test/hono', 'node_modules/hono/dist/index.js'),
    alias('test/maestrano', 'dist/workerd.mjs'),
    alias('test/maestrano/hono', 'dist/hono.mjs'),
    alias('dist/maestrano', 'dist/workerd.mjs'),
    ...files(join(pkg, 'node_modules', 'hono', 'dist'), ['.js']).filter((p) => !p.includes('/cjs/'))
      .map((path) => ({ type: 'ESModule', path })),
    ...files(join(pkg, 'dist'), ['.mjs']).map((path) => ({ type: 'ESModule', path })),
    { type: 'ESModule', path: join(pkg, 'wasm', 'web', 'maestrano_wasm.mjs') },
    { type: 'CompiledWasm', path: join(pkg, 'wasm', 'web', 'maestrano_wasm_bg.wasm') },
  ];
}

adapterSuite('hono (workerd)', async ({ config, env }) => {
  const mf = new Miniflare({
    modulesRoot: pkg,
    modules: workerdModules(join(pkg, 'test', 'adapter-hono-worker.mjs')),
    compatibilityDate: '2024-09-23',
  });
  const setup = await mf.dispatchFetch('http://localhost/__setup', { method: 'POST', body: JSON.stringify(env) });
  if (setup.status !== 200) throw new Error(`worker setup: ${setup.status} ${await setup.text()}`);
  return {
    send: (path, init) => mf.dispatchFetch(`http://localhost${path}`, { redirect: 'manual', ...init }),
    close: () => mf.dispose(),
  };
});
