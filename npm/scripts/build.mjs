// Builds the npm package from the Rust workspace: the wasm core (cargo, profile `wasm`),
// wasm-bindgen glue for Node (CommonJS) and Workers (ESM, `--target web`), wasm-opt -Oz, and the
// entry points in dist/. Needs `wasm-bindgen` (the version pinned in Cargo.toml) on PATH.
// `node scripts/build.mjs --js` rebuilds dist/ only (after editing src/, with wasm/ built).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync, rmSync, copyFileSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const pkg = dirname(dirname(fileURLToPath(import.meta.url)));
const root = dirname(pkg);
const target = process.env.CARGO_TARGET_DIR || join(root, 'target');
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });

if (!process.argv.includes('--js')) {
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
}

rmSync(join(pkg, 'dist'), { recursive: true, force: true });
mkdirSync(join(pkg, 'dist'), { recursive: true });
// The shared modules (src/*.js) as ES modules (.mjs) and CommonJS (.cjs). They keep to a small
// module syntax that converts line by line: `import { a, b as c } from './x.js';`,
// `import { a, b as c } from 'maestrano';` (the package itself, used by the adapters) and
// `export function|async function|class|const name`. Any other import/export fails the build.
const toCommonJs = (file, text) => {
  const names = [];
  const out = text.split('\n').map((line, i) => {
    let m;
    if ((m = /^import \{([^}]*)\} from '\.\/([\w-]+)\.js';$/.exec(line))) {
      return `const {${m[1].replace(/\bas\b/g, ':')}} = require('./${m[2]}.cjs');`;
    }
    // The adapters load the SDK by its own name, so each runtime's export condition picks the
    // core (Node's CommonJS one here, the Workers one under `workerd`).
    if ((m = /^import \{([^}]*)\} from 'maestrano';$/.exec(line))) {
      return `const {${m[1].replace(/\bas\b/g, ':')}} = require('maestrano');`;
    }
    if ((m = /^export ((?:async )?function\*? ?|class |const )([\w$]+)/.exec(line))) {
      names.push(m[2]);
      return line.slice('export '.length);
    }
    if (/^(?:import|export)\b/.test(line)) throw new Error(`src/${file}:${i + 1}: module syntax the build cannot convert: ${line}`);
    return line;
  });
  return `'use strict';\n${out.join('\n')}\nmodule.exports = { ${names.join(', ')} };\n`;
};
const multiLineImport = /^import \{[^}]*$/m;
for (const f of readdirSync(join(pkg, 'src')).filter((n) => n.endsWith('.js'))) {
  let text = readFileSync(join(pkg, 'src', f), 'utf8');
  // Multi-line `import {\n a,\n b,\n} from` → one line, so both outputs see whole statements.
  text = text.replace(/^import \{([^}]*)\} from/gm, (_, names) => `import {${names.replace(/\s+/g, ' ')}} from`);
  if (multiLineImport.test(text)) throw new Error(`src/${f}: unterminated import`);
  const base = f.slice(0, -3);
  writeFileSync(join(pkg, 'dist', `${base}.mjs`), text.replace(/^(import \{[^}]*\} from '\.\/[\w-]+)\.js';$/gm, "$1.mjs';"));
  writeFileSync(join(pkg, 'dist', `${base}.cjs`), toCommonJs(f, text));
}
for (const f of ['node.mjs', 'node.cjs', 'workerd.mjs']) copyFileSync(join(pkg, 'src', f), join(pkg, 'dist', f));

const wasmPath = join(pkg, 'wasm', 'web', 'maestrano_wasm_bg.wasm');
const bytes = readFileSync(wasmPath);
console.log(`maestrano wasm: ${statSync(wasmPath).size} bytes, ${gzipSync(bytes, { level: 9 }).length} gzipped`);
