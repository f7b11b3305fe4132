// Side-by-side benchmark of the maestrano npm package (Rust core in WebAssembly) against
// @node-saml/node-saml (full SAML Response validation) and xml-crypto (XML-DSig only), on the same
// signed SAML Responses with the same pinned certificate. Not part of CI: run `bash bench/run.sh`.
//
//   node bench/js/bench.mjs [--json out.json]
//   node bench/js/bench.mjs --crossing                   (only the breakdown of ours: call, parse, object)
//   node --expose-gc bench/js/bench.mjs --memory LIB     (one child of the peak-memory measurement)
//
// Times are the CPU time of the process (`process.cpuUsage()`, user + system, every thread: the
// garbage collector's and the compiler's too), steady when other jobs share the cores; the
// wall-clock time of the same rounds is recorded too. Peak memory: for each library a fresh
// child process imports it, warms it up on the 7.5 KB response, collects garbage, then validates
// the 109 KB response BENCH_MEMORY_RUNS times and reports its peak RSS (VmHWM, reset before the
// runs; `process.resourceUsage().maxRSS` where /proc is missing) above the RSS after the warm-up.
//
// Environment: BENCH_SECONDS (measured seconds per library and document, default 2.5, split in
// BENCH_ROUNDS rounds, default 5; the median round is reported), BENCH_WARMUP_SECONDS (0.5),
// BENCH_MEMORY_RUNS (20), BENCH_CROSSING_SECONDS (1.0, per part of the crossing breakdown),
// MAESTRANO_NPM (the npm package directory, default ../../npm).
import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import os from 'node:os';

import { table } from './report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const npmDir = resolve(process.env.MAESTRANO_NPM || join(root, 'npm'));

const SECONDS = Number(process.env.BENCH_SECONDS || 2.5);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 5);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS || 0.5);
const MEMORY_RUNS = Number(process.env.BENCH_MEMORY_RUNS || 20);
const CROSSING_SECONDS = Number(process.env.BENCH_CROSSING_SECONDS || 1.0);

// ---- the documents and the trust -----------------------------------------------------------
// Fixtures from tests/dsig (xmlsec1, RSA-2048 / SHA-256, Assertion `_assert-1` signed). Their
// SAML facts (tests/dsig/generate.py): Issuer https://idp.maestrano.test, Audience app-1,
// Destination/Recipient http://localhost:3000/maestrano/auth/saml/consume, InResponseTo _req-1,
// valid 2024-05-01T09:55:00Z ≤ t < 10:05:00Z.
const DOCS = [
  { label: '7.5 KB', file: 'xmlsec1-bench-7k.xml' },
  { label: '109 KB', file: 'xmlsec1-bench-109k.xml' },
].map((d) => {
  const xml = readFileSync(join(root, 'tests', 'dsig', 'signed', d.file), 'utf8');
  return { ...d, xml, bytes: Buffer.byteLength(xml), b64: Buffer.from(xml, 'utf8').toString('base64') };
});
const CERT = readFileSync(join(root, 'tests', 'dsig', 'certs', 'idp.pem'), 'utf8');
const ATTACKER_CERT = readFileSync(join(root, 'tests', 'dsig', 'certs', 'attacker.pem'), 'utf8');
const NOW = new Date('2024-05-01T10:00:00Z');
const ISSUER = 'https://idp.maestrano.test';
const AUDIENCE = 'app-1';
const ACS = 'http://localhost:3000/maestrano/auth/saml/consume';
const ID = '_assert-1';

// ---- the contestants ------------------------------------------------------------------------
// Each library is imported by its loader, so that a memory child loads only the one it measures.
let Config, sso, xmldsig, version, config, SAML, SignedXml, DOMParser, xpath;

async function loadOurs() {
  ({ Config, sso, xmldsig, version } = await import(pathToFileURL(join(npmDir, 'dist', 'node.mjs')).href));
  config = makeConfig(CERT);
}
async function loadNodeSaml() {
  ({ SAML } = await import('@node-saml/node-saml'));
  saml = nodeSaml();
}
async function loadXmlCrypto() {
  ({ SignedXml } = await import('xml-crypto'));
  ({ DOMParser } = await import('@xmldom/xmldom'));
  xpath = (await import('xpath')).default;
}

// Ours: default security settings; the pinned certificate replaces the platform's.
const makeConfig = (cert) => Config.fromJSON({
  environment: 'production',
  app: { host: 'http://localhost:3000' },
  api: { id: AUDIENCE, key: 'bench-key' },
  sso: { x509_certificate: cert, idp_entity_id: ISSUER },
});

// node-saml reads the wall clock (`new Date()`); the fixtures' window is in 2024. The skew is set
// so that node-saml's "now" lands on NOW (the window still gets checked, both bounds), and is
// recomputed before every round so a long run stays inside the 10-minute window.
const nodeSaml = (cert = CERT) => new SAML({
  callbackUrl: ACS,
  issuer: AUDIENCE,          // our entity ID (used for AuthnRequests)
  audience: AUDIENCE,        // checked against AudienceRestriction
  idpIssuer: ISSUER,
  idpCert: cert,             // pinned: node-saml never trusts KeyInfo
  wantAssertionsSigned: true,
  wantAuthnResponseSigned: false, // the fixtures sign the Assertion only (as the platform does)
  acceptedClockSkewMs: Date.now() - NOW.getTime(),
  validateInResponseTo: 'never', // request-less, like ours (no requestId passed)
});

const xmlCryptoVerify = (xml, cert = CERT) => {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const sigs = xpath.select(
    "/*[local-name()='Response']/*[local-name()='Assertion']/*[local-name()='Signature' and namespace-uri()='http://www.w3.org/2000/09/xmldsig#']",
    doc);
  if (sigs.length !== 1) throw new Error('expected one Assertion signature');
  const sig = new SignedXml({ publicCert: cert }); // getCertFromKeyInfo: noop by default (pinned)
  sig.loadSignature(sigs[0]);
  if (!sig.checkSignature(xml)) throw new Error('xml-crypto: invalid signature');
  const refs = sig.getSignedReferences();
  if (refs.length !== 1) throw new Error('xml-crypto: expected one signed reference');
  return refs[0];
};

let saml;
const CONTESTANTS = {
  'ours-sso': { kind: 'SAML Response', lib: () => `maestrano ${version} (wasm)`, ours: true, async: false, load: loadOurs,
    fn: (d) => sso.validateResponse(config, d.b64, { now: NOW }) },
  'node-saml': { kind: 'SAML Response', lib: () => 'node-saml 5.1.0', async: true, load: loadNodeSaml,
    reset: () => { saml = nodeSaml(); },
    fn: (d) => saml.validatePostResponseAsync({ SAMLResponse: d.b64 }) },
  'ours-dsig': { kind: 'XML-DSig only', lib: () => `maestrano ${version} (wasm)`, ours: true, async: false, load: loadOurs,
    fn: (d) => xmldsig.verify(d.xml, { id: ID, certificates: CERT }) },
  'xml-crypto': { kind: 'XML-DSig only', lib: () => 'xml-crypto 6.3.2', async: false, load: loadXmlCrypto,
    fn: (d) => xmlCryptoVerify(d.xml) },
};

// ---- sanity: everyone accepts the genuine document and rejects a forged one -----------------
async function outcome(f) {
  try { await f(); return 'ok'; } catch (e) { return 'rejected'; }
}
const forge = (xml) => xml.replace('>DoeCorp<', '>EvilCorp<');

async function sanity() {
  for (const d of DOCS) {
    if (!d.xml.includes('>DoeCorp<')) throw new Error('fixture changed: cannot forge');
    const bad = forge(d.xml);
    const bad64 = Buffer.from(bad).toString('base64');
    const checks = [
      ['maestrano sso accepts', () => sso.validateResponse(config, d.b64, { now: NOW }), 'ok'],
      ['maestrano sso rejects forged', () => sso.validateResponse(config, bad64, { now: NOW }), 'rejected'],
      ['maestrano sso rejects other cert', () => sso.validateResponse(makeConfig(ATTACKER_CERT), d.b64, { now: NOW }), 'rejected'],
      ['node-saml accepts', () => nodeSaml().validatePostResponseAsync({ SAMLResponse: d.b64 }), 'ok'],
      ['node-saml rejects forged', () => nodeSaml().validatePostResponseAsync({ SAMLResponse: bad64 }), 'rejected'],
      ['node-saml rejects other cert', () => nodeSaml(ATTACKER_CERT).validatePostResponseAsync({ SAMLResponse: d.b64 }), 'rejected'],
      ['maestrano xmldsig accepts', () => xmldsig.verify(d.xml, { id: ID, certificates: CERT }), 'ok'],
      ['maestrano xmldsig rejects forged', () => xmldsig.verify(bad, { id: ID, certificates: CERT }), 'rejected'],
      ['maestrano xmldsig rejects other cert', () => xmldsig.verify(d.xml, { id: ID, certificates: ATTACKER_CERT }), 'rejected'],
      ['xml-crypto accepts', () => xmlCryptoVerify(d.xml), 'ok'],
      ['xml-crypto rejects forged', () => xmlCryptoVerify(bad), 'rejected'],
      ['xml-crypto rejects other cert', () => xmlCryptoVerify(d.xml, ATTACKER_CERT), 'rejected'],
    ];
    for (const [what, f, want] of checks) {
      const got = await outcome(f);
      if (got !== want) throw new Error(`sanity check failed on ${d.label}: ${what} → ${got}`);
    }
    const r = await nodeSaml().validatePostResponseAsync({ SAMLResponse: d.b64 });
    const ours = sso.validateResponse(config, d.b64, { now: NOW });
    if (r.profile.nameID !== ours.nameId) throw new Error('node-saml and maestrano disagree on NameID');
  }
  console.error('sanity checks passed: every library accepts both documents and rejects a forged one / a wrong certificate');
}

// ---- timing ---------------------------------------------------------------------------------
const cpuUs = () => { const u = process.cpuUsage(); return u.user + u.system; };
const wallNs = () => process.hrtime.bigint();

// CPU and wall-clock µs of n calls.
async function runFor(fn, isAsync, arg, n) {
  const c0 = cpuUs(), w0 = wallNs();
  if (isAsync) for (let i = 0; i < n; i++) await fn(arg);
  else for (let i = 0; i < n; i++) fn(arg);
  return [cpuUs() - c0, Number(wallNs() - w0) / 1e3];
}

// CPU µs per call: the median of `rounds` rounds (and the wall-clock µs of that round).
async function measure(fn, arg, { isAsync = false, reset, seconds = SECONDS, rounds = ROUNDS } = {}) {
  reset?.();
  // Warm up (JIT, wasm tier-up, caches) and calibrate the iterations of one round.
  let n = 1, spent = 0, iters = 0;
  const warmUs = WARMUP * 1e6;
  while (spent < warmUs) {
    const [t] = await runFor(fn, isAsync, arg, n);
    spent += t; iters += n;
    if (t < warmUs / 10) n *= 2;
  }
  const perIter = Math.max(spent / iters, 0.01);
  const roundN = Math.max(1, Math.round((seconds * 1e6) / rounds / perIter));
  const rs = [];
  for (let r = 0; r < rounds; r++) {
    reset?.();
    const [c, w] = await runFor(fn, isAsync, arg, roundN);
    rs.push([c / roundN, w / roundN]);
  }
  rs.sort((a, b) => a[0] - b[0]);
  const mid = rs[Math.floor(rs.length / 2)];
  return { us: mid[0], min: rs[0][0], max: rs[rs.length - 1][0], wall_us: mid[1], iterations: roundN * rounds, clock: 'cpu' };
}

// CPU µs per call of each [fn, arg], measured in alternation (7 rounds, each running every part
// for about seconds/7), so that a change of load hits all parts alike: the median per part.
async function interleaved(parts, seconds) {
  const ns = [];
  for (const [fn, arg] of parts) {
    let n = 1, t = 0;
    for (let i = 0; i < 3; i++) await runFor(fn, false, arg, 10); // warm-up
    while ((t = (await runFor(fn, false, arg, n))[0]) < 20_000) n *= 2;
    ns.push(Math.max(1, Math.round((n * seconds * 1e6) / 7 / t)));
  }
  const rounds = parts.map(() => []);
  for (let r = 0; r < 7; r++) {
    for (let k = 0; k < parts.length; k++) {
      rounds[k].push((await runFor(parts[k][0], false, parts[k][1], ns[k]))[0] / ns[k]);
    }
  }
  return rounds.map((v) => v.sort((a, b) => a - b)[3]);
}

// Where ours spends a SAML validation: the wasm call (the core, plus the argument copy into wasm
// memory and the result text out of it), JSON.parse of that text, and the rest of the wrapper
// (the result object: camelCase keys, Dates), which is the full call minus the other two.
async function crossing() {
  const native = createRequire(join(npmDir, 'dist', 'node.cjs'))('../wasm/node/maestrano_wasm.js');
  const handle = native.Config.fromJson(JSON.stringify({
    environment: 'production', 'api.lang': 'javascript',
    app: { host: 'http://localhost:3000' }, api: { id: AUDIENCE, key: 'bench-key' },
    sso: { x509_certificate: CERT, idp_entity_id: ISSUER },
  }));
  const out = [];
  for (const d of DOCS) {
    const text = native.validateResponse(handle, d.b64, NOW.getTime(), undefined, undefined);
    const parts = [
      ['full sso.validateResponse', (a) => sso.validateResponse(config, a, { now: NOW }), d.b64],
      ['wasm call (native.validateResponse)', (a) => native.validateResponse(handle, a, NOW.getTime(), undefined, undefined), d.b64],
      ['JSON.parse of the result text', (a) => JSON.parse(a), text],
      ['an empty wasm call (native.version)', () => native.version(), null],
    ];
    const row = { doc: d.label, json_bytes: Buffer.byteLength(text), parts: [] };
    const us = await interleaved(parts.map(([, fn, arg]) => [fn, arg]), CROSSING_SECONDS);
    parts.forEach(([part], k) => {
      row.parts.push({ part, us: us[k] });
      console.error(`crossing ${d.label.padStart(7)}  ${part.padEnd(40)} ${us[k].toFixed(1).padStart(9)} µs`);
    });
    const [full, call, parse] = row.parts.map((p) => p.us);
    row.parts.push({ part: 'the result object (full − wasm call − JSON.parse)', us: full - call - parse });
    console.error(`crossing ${d.label.padStart(7)}  ${'the result object (the rest)'.padEnd(40)} ${(full - call - parse).toFixed(1).padStart(9)} µs`);
    out.push(row);
  }
  return out;
}

// ---- peak memory ----------------------------------------------------------------------------
const statusKb = (field) => {
  const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
  if (!line) throw new Error(`no ${field} in /proc/self/status`);
  return Number(line.split(/\s+/)[1]);
};
const resetPeakRss = () => {
  try { writeFileSync('/proc/self/clear_refs', '5'); return true; } catch { return false; }
};

// One library in this (fresh) process: its peak RSS over MEMORY_RUNS validations of the 109 KB
// response, above the RSS after the import and a warm-up on the 7.5 KB one. Prints one JSON line.
async function memoryChild(key) {
  const c = CONTESTANTS[key];
  if (!c) throw new Error(`unknown library ${key}`);
  await c.load();
  c.reset?.();
  for (let i = 0; i < 3; i++) await c.fn(DOCS[0]);
  globalThis.gc?.();
  const linux = process.platform === 'linux';
  let base = linux ? statusKb('VmRSS') : process.resourceUsage().maxRSS;
  const reset = linux && resetPeakRss();
  if (linux && !reset) base = statusKb('VmRSS');
  const d = DOCS[DOCS.length - 1];
  for (let i = 0; i < MEMORY_RUNS; i++) await c.fn(d);
  const peak = reset ? statusKb('VmHWM') : process.resourceUsage().maxRSS;
  console.log(JSON.stringify({
    key, doc: d.label, runs: MEMORY_RUNS, base_rss_kb: base, peak_rss_kb: peak, rss_kb: Math.max(0, peak - base),
    heap_used_kb: Math.round(process.memoryUsage().heapUsed / 1024), gc: typeof globalThis.gc === 'function',
    method: reset ? 'VmHWM reset' : 'maxRSS',
  }));
}

function memoryAll() {
  const out = {};
  for (const key of Object.keys(CONTESTANTS)) {
    const stdout = execFileSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--memory', key],
      { encoding: 'utf8', env: process.env, timeout: 300_000 });
    const m = JSON.parse(stdout.trim().split('\n').pop());
    out[key] = m;
    console.error(`memory  ${key.padEnd(12)} 109 KB x${m.runs}: peak RSS +${String(m.rss_kb).padStart(6)} KB (base ${m.base_rss_kb} KB)`);
  }
  return out;
}

// ---- main -----------------------------------------------------------------------------------
const memAt = process.argv.indexOf('--memory');
if (memAt > 0) {
  await memoryChild(process.argv[memAt + 1]);
} else if (process.argv.includes('--crossing')) {
  await loadOurs();
  await crossing();
} else {
  await loadOurs(); await loadNodeSaml(); await loadXmlCrypto();
  await sanity();
  const results = [];
  for (const [key, c] of Object.entries(CONTESTANTS)) {
    for (const d of DOCS) {
      const m = await measure(c.fn, d, { isAsync: c.async, reset: c.reset });
      const lib = c.lib();
      results.push({ runtime: `Node ${process.versions.node}`, kind: c.kind, lib, key, ours: !!c.ours, doc: d.label, bytes: d.bytes, ...m });
      console.error(`${c.kind.padEnd(14)} ${lib.padEnd(26)} ${d.label.padStart(7)}: ${m.us.toFixed(1).padStart(9)} µs CPU (rounds ${m.min.toFixed(1)}–${m.max.toFixed(1)}; wall ${m.wall_us.toFixed(1)}; ${m.iterations} iterations)`);
    }
  }
  const cross = await crossing();
  const memory = memoryAll();
  for (const r of results) if (r.doc === DOCS[DOCS.length - 1].label) r.memory = memory[r.key];

  const jsonAt = process.argv.indexOf('--json');
  if (jsonAt > 0) {
    writeFileSync(process.argv[jsonAt + 1], JSON.stringify({
      machine: `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores`,
      load_average: os.loadavg(), results, crossing: cross,
    }, null, 1) + '\n');
  }
  console.log(table(results));
}
