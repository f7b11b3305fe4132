// Builds the npm package from the Rust workspace: the wasm core (cargo, profile `wasm`),
// wasm-bindgen glue for Node (CommonJS) and Workers / the portable entry (ESM, `--target web`),
// wasm-opt -Oz, the entry points in dist/ and the CommonJS typings (`.d.cts`).
// Needs `wasm-bindgen` (the version pinned in Cargo.toml) on PATH.
//
//   node scripts/build.mjs          everything; the glue and wasm-opt are skipped when the
//                                   cargo output, the tools and their flags are unchanged
//   node scripts/build.mjs --js     dist/ only (after editing src/ or the typings, wasm/ built)
//
// `npm pack` runs it (prepack), so a tarball always carries what the sources say.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, rmSync, copyFileSync, renameSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const pkg = dirname(dirname(fileURLToPath(import.meta.url)));
const root = dirname(pkg);
const target = process.env.CARGO_TARGET_DIR || join(root, 'target');
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
const wasmOpt = join(pkg, 'node_modules', '.bin', 'wasm-opt');
// binaryen's wasm-opt (npm): size first, to a fixed point. MVP features plus what rustc emits by
// default, which Node 20 and workerd both support. Never --all-features.
const wasmOptArgs = ['-Oz', '--converge', '--enable-bulk-memory', '--enable-nontrapping-float-to-int',
  '--enable-sign-ext', '--enable-mutable-globals', '--enable-multivalue', '--enable-reference-types'];

if (!process.argv.includes('--js')) {
  // Panic locations name dependency sources relative to the registry and the workspace: no
  // build machine's paths in the published module, and fewer bytes.
  const registry = join(process.env.CARGO_HOME || join(homedir(), '.cargo'), 'registry', 'src');
  const flags = process.env.CARGO_ENCODED_RUSTFLAGS?.split('\x1f')
    ?? (process.env.RUSTFLAGS ?? '').split(' ').filter(Boolean);
  for (const index of existsSync(registry) ? readdirSync(registry) : []) flags.push(`--remap-path-prefix=${join(registry, index)}/=`);
  flags.push(`--remap-path-prefix=${root}/=`);
  run('cargo', ['build', '-p', 'maestrano-wasm', '--target', 'wasm32-unknown-unknown', '--profile', 'wasm'],
    { env: { ...process.env, RUSTFLAGS: undefined, CARGO_ENCODED_RUSTFLAGS: flags.join('\x1f') } });
  const raw = join(target, 'wasm32-unknown-unknown', 'wasm', 'maestrano_wasm.wasm');
  const tool = (cmd) => execFileSync(cmd, ['--version'], { cwd: pkg }).toString().trim();
  // What the glue and the optimised module depend on; equal stamps mean equal outputs.
  const stamp = createHash('sha256')
    .update(readFileSync(raw)).update(tool('wasm-bindgen')).update(tool(wasmOpt))
    .update(JSON.stringify(wasmOptArgs)).update(readFileSync(fileURLToPath(import.meta.url)))
    .digest('hex');
  const stampFile = join(pkg, 'wasm', '.stamp');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
    console.log('maestrano wasm: glue and module up to date');
  } else {
    // Built aside and swapped in at the end, so a failed or concurrent build never leaves a
    // half-written wasm/ for the tests.
    const tmp = join(pkg, `wasm.tmp-${process.pid}`);
    rmSync(tmp, { recursive: true, force: true });
    for (const [flavour, bindgenTarget] of [['node', 'nodejs'], ['web', 'web']]) {
      run('wasm-bindgen', ['--target', bindgenTarget, '--no-typescript', '--remove-name-section', '--out-dir', join(tmp, flavour), raw]);
    }
    // Both targets emit the same module: it is optimised once and shipped once, in web/.
    const node = join(tmp, 'node'), web = join(tmp, 'web');
    if (!readFileSync(join(node, 'maestrano_wasm_bg.wasm')).equals(readFileSync(join(web, 'maestrano_wasm_bg.wasm')))) {
      throw new Error('wasm-bindgen emitted different modules for nodejs and web');
    }
    rmSync(join(node, 'maestrano_wasm_bg.wasm'));
    const wasm = join(web, 'maestrano_wasm_bg.wasm');
    run(wasmOpt, [...wasmOptArgs, wasm, '-o', wasm]);
    const glue = join(node, 'maestrano_wasm.js');
    const from = 'const wasmPath = `${__dirname}/maestrano_wasm_bg.wasm`;';
    const text = readFileSync(glue, 'utf8');
    if (!text.includes(from)) throw new Error('the nodejs glue no longer names its wasm as expected: update build.mjs');
    // The package's one module, or — in an application bundled for Node, where this glue is
    // inlined — `maestrano.wasm` copied next to the bundle.
    writeFileSync(glue, text.replace(from, [
      "const wasmPath = [`${__dirname}/../web/maestrano_wasm_bg.wasm`, `${__dirname}/maestrano.wasm`]",
      "  .find((p) => require('fs').existsSync(p)) ?? `${__dirname}/maestrano.wasm`;",
    ].join('\n')));
    // The nodejs glue is CommonJS; the package itself is "type": "module".
    writeFileSync(join(node, 'package.json'), '{"type":"commonjs"}\n');
    writeFileSync(join(web, 'package.json'), '{"type":"module"}\n');
    // `.mjs` so every Workers tool (wrangler, miniflare) reads the web glue as an ES module.
    renameSync(join(web, 'maestrano_wasm.js'), join(web, 'maestrano_wasm.mjs'));
    writeFileSync(join(tmp, '.stamp'), stamp);
    const old = join(pkg, `wasm.old-${process.pid}`);
    if (existsSync(join(pkg, 'wasm'))) renameSync(join(pkg, 'wasm'), old);
    renameSync(tmp, join(pkg, 'wasm'));
    rmSync(old, { recursive: true, force: true });
  }
}

const outDir = join(pkg, `dist.tmp-${process.pid}`);
rmSync(outDir, { recursive: true, force: true });
mkdirSync(join(outDir, 'types'), { recursive: true });
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
  writeFileSync(join(outDir, `${base}.mjs`), text.replace(/^(import \{[^}]*\} from '\.\/[\w-]+)\.js';$/gm, "$1.mjs';"));
  writeFileSync(join(outDir, `${base}.cjs`), toCommonJs(f, text));
}
// The entry points are written as they ship. The portable one learns the core's version here
// (it has no wasm until `init`); a test checks it against the core's own answer.
const coreVersion = /\[workspace\.package\][^[]*?\nversion = "([^"]+)"/.exec(readFileSync(join(root, 'Cargo.toml'), 'utf8'))?.[1];
if (!coreVersion) throw new Error('no [workspace.package] version in Cargo.toml');
for (const f of ['node.mjs', 'node.cjs', 'workerd.mjs', 'portable.mjs']) {
  writeFileSync(join(outDir, f), readFileSync(join(pkg, 'src', f), 'utf8').replaceAll('__MAESTRANO_CORE_VERSION__', coreVersion));
}

// CommonJS consumers need CommonJS typings (`.d.cts`): in a "type": "module" package a `.d.ts`
// describes an ES module. The declarations are the same; `export default` (the ES entries'
// namespace object) has no CommonJS counterpart and is left out, and relative `.js` imports
// name their `.cjs` siblings.
const toCts = (text) => text
  .replace(/^export default [\w$]+;\n?/gm, '')
  .replace(/(from '\.{1,2}\/[^']+)\.js'/g, "$1.cjs'");
writeFileSync(join(outDir, 'index.d.cts'), toCts(readFileSync(join(pkg, 'index.d.ts'), 'utf8')));
if (existsSync(join(pkg, 'types'))) {
  for (const f of readdirSync(join(pkg, 'types')).filter((n) => n.endsWith('.d.ts'))) {
    writeFileSync(join(outDir, 'types', `${f.slice(0, -'.d.ts'.length)}.d.cts`), toCts(readFileSync(join(pkg, 'types', f), 'utf8')));
  }
}
const oldDist = join(pkg, `dist.old-${process.pid}`);
if (existsSync(join(pkg, 'dist'))) renameSync(join(pkg, 'dist'), oldDist);
renameSync(outDir, join(pkg, 'dist'));
rmSync(oldDist, { recursive: true, force: true });

const bytes = readFileSync(join(pkg, 'wasm', 'web', 'maestrano_wasm_bg.wasm'));
console.log(`maestrano wasm: ${bytes.length} bytes, ${gzipSync(bytes, { level: 9 }).length} gzipped`);
