// Builds the npm package from the Rust workspace: the wasm core (cargo, profile `wasm`),
// wasm-bindgen glue for Node (CommonJS) and Workers (ESM, `--target web`), wasm-opt -Oz, and the
// entry points in dist/. Needs `wasm-bindgen` (the version pinned in Cargo.toml) on PATH.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, rmSync, copyFileSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const pkg = dirname(dirname(fileURLToPath(import.meta.url)));
const root = dirname(pkg);
const target = process.env.CARGO_TARGET_DIR || join(root, 'target');
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });

run('cargo', ['build', '-p', 'maestrano-wasm', '--target', 'wasm32-unknown-unknown', '--profile', 'wasm']);
const raw = join(target, 'wasm32-unknown-unknown', 'wasm', 'maestrano_wasm.wasm');

rmSync(join(pkg, 'wasm'), { recursive: true, force: true });
for (const [flavour, bindgenTarget] of [['node', 'nodejs'], ['web', 'web']]) {
  const out = join(pkg, 'wasm', flavour);
  run('wasm-bindgen', ['--target', bindgenTarget, '--no-typescript', '--remove-name-section', '--out-dir', out, raw]);
  // The nodejs glue is CommonJS; the package itself is "type": "module".
  writeFileSync(join(out, 'package.json'), JSON.stringify({ type: flavour === 'node' ? 'commonjs' : 'module' }) + '\n');
  // `.mjs` so every Workers tool (wrangler, miniflare) reads the web glue as an ES module.
  if (flavour === 'web') renameSync(join(out, 'maestrano_wasm.js'), join(out, 'maestrano_wasm.mjs'));
  const wasm = join(out, 'maestrano_wasm_bg.wasm');
  // binaryen's wasm-opt (npm); MVP features plus what rustc emits by default, which Node 20 and
  // workerd both support. Never --all-features.
  run(join(pkg, 'node_modules', '.bin', 'wasm-opt'),
    ['-Os', '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
     '--enable-mutable-globals', '--enable-multivalue', '--enable-reference-types', wasm, '-o', wasm]);
}

rmSync(join(pkg, 'dist'), { recursive: true, force: true });
mkdirSync(join(pkg, 'dist'), { recursive: true });
const api = readFileSync(join(pkg, 'src', 'api.js'), 'utf8');
writeFileSync(join(pkg, 'dist', 'api.mjs'), api);
writeFileSync(join(pkg, 'dist', 'api.cjs'),
  api.replace('export function create', 'function create') + '\nmodule.exports = { create };\n');
for (const f of ['node.mjs', 'node.cjs', 'workerd.mjs']) copyFileSync(join(pkg, 'src', f), join(pkg, 'dist', f));

const wasmPath = join(pkg, 'wasm', 'web', 'maestrano_wasm_bg.wasm');
const bytes = readFileSync(wasmPath);
console.log(`maestrano wasm: ${statSync(wasmPath).size} bytes, ${gzipSync(bytes, { level: 9 }).length} gzipped`);
