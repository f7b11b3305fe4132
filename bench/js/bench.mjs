// Side-by-side benchmark of the maestrano npm package (Rust core in WebAssembly) against
// @node-saml/node-saml (full SAML Response validation) and xml-crypto (XML-DSig only), on the same
// signed SAML Responses with the same pinned certificate. Not part of CI: run `bash bench/run.sh`.
//
//   node bench/js/bench.mjs [--json out.json]
//
// Environment: BENCH_SECONDS (measured seconds per library and document, default 2.5, split in
// BENCH_ROUNDS rounds, default 5; the median round is reported), BENCH_WARMUP_SECONDS (0.5),
// MAESTRANO_NPM (the npm package directory, default ../../npm).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import os from 'node:os';

import { SAML } from '@node-saml/node-saml';
import { SignedXml } from 'xml-crypto';
import { DOMParser } from '@xmldom/xmldom';
import xpath from 'xpath';

import { table } from './report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const npmDir = resolve(process.env.MAESTRANO_NPM || join(root, 'npm'));
const { Config, sso, xmldsig, version } = await import(pathToFileURL(join(npmDir, 'dist', 'node.mjs')).href);

const SECONDS = Number(process.env.BENCH_SECONDS || 2.5);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 5);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS || 0.5);

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
// Ours: default security settings; the pinned certificate replaces the platform's.
const makeConfig = (cert) => Config.fromJSON({
  environment: 'production',
  app: { host: 'http://localhost:3000' },
  api: { id: AUDIENCE, key: 'bench-key' },
  sso: { x509_certificate: cert, idp_entity_id: ISSUER },
});
const config = makeConfig(CERT);

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

let saml = nodeSaml();
const CONTESTANTS = [
  { kind: 'SAML Response', lib: `maestrano ${version} (wasm)`, ours: true, async: false,
    fn: (d) => sso.validateResponse(config, d.b64, { now: NOW }) },
  { kind: 'SAML Response', lib: 'node-saml 5.1.0', async: true, reset: () => { saml = nodeSaml(); },
    fn: (d) => saml.validatePostResponseAsync({ SAMLResponse: d.b64 }) },
  { kind: 'XML-DSig only', lib: `maestrano ${version} (wasm)`, ours: true, async: false,
    fn: (d) => xmldsig.verify(d.xml, { id: ID, certificates: CERT }) },
  { kind: 'XML-DSig only', lib: 'xml-crypto 6.3.2', async: false, fn: (d) => xmlCryptoVerify(d.xml) },
];

// ---- sanity: everyone accepts the genuine document and rejects a forged one -----------------
async function outcome(f) {
  try { await f(); return 'ok'; } catch (e) { return 'rejected'; }
}
const forge = (xml) => xml.replace('>DoeCorp<', '>EvilCorp<');
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

// ---- timing ---------------------------------------------------------------------------------
const nowNs = () => process.hrtime.bigint();

async function runFor(c, d, n) {
  const t0 = nowNs();
  if (c.async) for (let i = 0; i < n; i++) await c.fn(d);
  else for (let i = 0; i < n; i++) c.fn(d);
  return Number(nowNs() - t0);
}

async function measure(c, d) {
  c.reset?.();
  // Warm up (JIT, wasm tier-up, caches) and calibrate the iterations of one round.
  let n = 1, spent = 0, iters = 0;
  const warmNs = WARMUP * 1e9;
  while (spent < warmNs) {
    const t = await runFor(c, d, n);
    spent += t; iters += n;
    if (t < warmNs / 10) n *= 2;
  }
  const perIter = spent / iters;
  const roundN = Math.max(1, Math.round((SECONDS * 1e9) / ROUNDS / perIter));
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) {
    c.reset?.();
    rounds.push((await runFor(c, d, roundN)) / roundN / 1e3);
  }
  rounds.sort((a, b) => a - b);
  return { us: rounds[Math.floor(rounds.length / 2)], min: rounds[0], max: rounds[rounds.length - 1], iterations: roundN * ROUNDS };
}

const results = [];
for (const c of CONTESTANTS) {
  for (const d of DOCS) {
    const m = await measure(c, d);
    results.push({ runtime: `Node ${process.versions.node}`, kind: c.kind, lib: c.lib, ours: !!c.ours, doc: d.label, bytes: d.bytes, ...m });
    console.error(`${c.kind.padEnd(14)} ${c.lib.padEnd(26)} ${d.label.padStart(7)}: ${m.us.toFixed(1).padStart(9)} µs  (rounds ${m.min.toFixed(1)}–${m.max.toFixed(1)}, ${m.iterations} iterations)`);
  }
}

// ---- report ---------------------------------------------------------------------------------
const jsonAt = process.argv.indexOf('--json');
if (jsonAt > 0) {
  writeFileSync(process.argv[jsonAt + 1], JSON.stringify({
    machine: `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores`, results,
  }, null, 1) + '\n');
}
console.log(table(results));
