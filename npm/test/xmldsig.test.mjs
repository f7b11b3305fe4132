// The low-level xmldsig API over the independently signed fixtures of tests/dsig (xmlsec1,
// signxml, xml-crypto): each check of tests/dsig/manifest.json, plus tampering.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MaestranoError, xmldsig } from '../dist/node.mjs';

const dsig = new URL('../../tests/dsig/', import.meta.url);
const read = (p) => readFileSync(new URL(p, dsig), 'utf8');
const manifest = JSON.parse(read('manifest.json'));

for (const fixture of manifest.fixtures) {
  for (const check of fixture.checks) {
    test(`${fixture.file} with ${check.cert}${check.strict ? ' (strict)' : ''} → ${check.expect}`, () => {
      const run = () => xmldsig.verify(read(fixture.file), {
        id: check.id, certificates: read(`certs/${check.cert}`), strictAlgorithms: Boolean(check.strict),
      });
      if (check.expect === 'ok') assert.ok(run().canonicalXml.startsWith('<'));
      else assert.throws(run, (e) => e instanceof MaestranoError && e.kind === check.expect);
    });
  }
}

test('fingerprint trust and tampering', () => {
  const xml = read('signed/xmlsec1-assertion-rsa-sha256-sha256.xml');
  const fp = manifest.fingerprints['idp.pem'].sha256.toUpperCase();
  assert.match(xmldsig.verify(xml, { id: '_assert-1', fingerprints: [fp] }).digestAlgorithm, /sha256$/);
  assert.throws(() => xmldsig.verify(xml.replace('usr-1', 'usr-2'), { id: '_assert-1', fingerprints: fp }), (e) => e.kind === 'digest_mismatch');
  assert.throws(() => xmldsig.verify(xml, { id: '_assert-1', fingerprints: '00'.repeat(32) }), (e) => e.kind === 'untrusted_key');
});
