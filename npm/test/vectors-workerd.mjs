// workerd vector runner: starts the real Workers runtime (miniflare) with the package's Workers
// entry point and runs every vector inside it. `workerd: N passed, N failed, N skipped`.
import { Miniflare } from 'miniflare';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadVectors, report } from './load-vectors.mjs';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const mf = new Miniflare({
  modules: true,
  modulesRoot: pkg,
  scriptPath: join(pkg, 'test', 'worker.mjs'),
  modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
  compatibilityDate: '2024-09-23',
});
try {
  const { vectors, broken } = loadVectors();
  const res = await mf.dispatchFetch('http://localhost/', { method: 'POST', body: JSON.stringify(vectors) });
  if (!res.ok) throw new Error(`worker answered ${res.status}: ${await res.text()}`);
  report('workerd', await res.json(), broken);
} finally {
  await mf.dispose();
}
