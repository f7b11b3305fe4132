// Cold start of the npm package: a fresh `node` that requires `maestrano` and validates one
// signed SAML response (tests/vectors/saml/modern-valid-sha256.json), against a fresh `node`
// that does nothing. Runs are interleaved so machine load hits both alike; prints the medians
// and the wasm module's gzipped size.
//
//   node bench/js/coldstart.mjs [runs=25] [package dir=npm/]
//
// Uses the package as built in npm/ (`cd npm && node scripts/build.mjs`), or another build of it
// (e.g. an older commit's, to compare in one run).
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const runs = Number(process.argv[2] ?? 25);
const npm = process.argv[3] ?? join(root, 'npm');
const vector = join(root, 'tests', 'vectors', 'saml', 'modern-valid-sha256.json');

const bare = ['-e', '0'];
const sdk = ['-e', `
  const { Config, sso } = require(${JSON.stringify(npm)});
  const v = require(${JSON.stringify(vector)});
  const r = sso.validateResponse(Config.fromJSON(v.config), v.input.saml_response, { now: new Date(v.input.now) });
  if (!r.user.uid) process.exit(1);
`];

const time = (args) => {
  const start = process.hrtime.bigint();
  execFileSync(process.execPath, args, { stdio: 'inherit' });
  return Number(process.hrtime.bigint() - start) / 1e6;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

time(sdk); // warm the file cache
const a = [];
const b = [];
for (let i = 0; i < runs; i++) {
  a.push(time(bare));
  b.push(time(sdk));
}
const wasmDir = join(npm, 'wasm');
const wasmFile = readdirSync(wasmDir, { recursive: true }).find((f) => String(f).endsWith('.wasm'));
const gz = gzipSync(readFileSync(join(wasmDir, String(wasmFile))), { level: 9 }).length;
console.log(`bare node: ${median(a).toFixed(1)} ms; require('maestrano') + one validation: ` +
  `${median(b).toFixed(1)} ms (+${(median(b) - median(a)).toFixed(1)} ms), median of ${runs}`);
console.log(`wasm: ${gz} bytes gzipped (${String(wasmFile)})`);
