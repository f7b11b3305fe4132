// Generates tests/vectors/saml-request/authn_request.json. Each case's XML is written out here by
// hand (the Ruby gem's AuthnRequest plus ProtocolBinding); the URL comes from the package and is
// checked independently: zlib's raw inflate of SAMLRequest must give back exactly that XML, and
// the remaining query must be exactly the expected parameters. Run: node scripts/gen-authn-vectors.mjs
import { writeFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import assert from 'node:assert/strict';
import { Config, sso } from '../npm/dist/node.mjs';

const P = 'urn:oasis:names:tc:SAML:2.0:protocol';
const A = 'urn:oasis:names:tc:SAML:2.0:assertion';
const xml = ({ id, instant, dest, acs, issuer, format = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent' }) =>
  `<samlp:AuthnRequest xmlns:samlp='${P}' ID='${id}' IssueInstant='${instant}' Version='2.0' Destination='${dest}' ` +
  `ProtocolBinding='urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST' AssertionConsumerServiceURL='${acs}'>` +
  `<saml:Issuer xmlns:saml='${A}'>${issuer}</saml:Issuer>` +
  `<samlp:NameIDPolicy xmlns:samlp='${P}' AllowCreate='true' Format='${format}'/></samlp:AuthnRequest>`;

const id = '_7c9e6679-7425-40de-944b-e07fc1f90ae7';
const cases = [
  {
    name: 'authn-request-production-defaults',
    config: { api: { id: 'app-1' } },
    input: { id, now: '2017-11-22T10:00:00Z' },
    xml: xml({ id, instant: '2017-11-22T10:00:00Z', dest: 'https://maestrano.com/api/v1/auth/saml',
      acs: 'http://localhost:3000/maestrano/auth/saml/consume', issuer: 'app-1' }),
    base: 'https://maestrano.com/api/v1/auth/saml?', rest: '',
  },
  {
    name: 'authn-request-params-group-relay-state',
    config: { environment: 'maestrano-uat', api: { id: 'app-15ds' }, sso: { idm: 'http://localhost:63705', idp: 'https://api-hub-uat.maestrano.io' } },
    input: { id: '_r2', now: '2026-03-01T09:59:59.750Z', params: { tenant: 'maestrano-uat', q: 'a b&c' }, group_id: 'cld-1', relay_state: '/dashboard?tab=1' },
    xml: xml({ id: '_r2', instant: '2026-03-01T09:59:59Z', dest: 'https://api-hub-uat.maestrano.io/api/v1/auth/saml',
      acs: 'http://localhost:63705/maestrano/auth/saml/consume', issuer: 'app-15ds' }),
    base: 'https://api-hub-uat.maestrano.io/api/v1/auth/saml?',
    rest: '&tenant=maestrano-uat&q=a%20b%26c&group_id=cld-1&RelayState=%2Fdashboard%3Ftab%3D1',
  },
  {
    name: 'authn-request-explicit-group-id-param-wins',
    config: { api: { id: 'app-1' } },
    input: { id, now: '2017-11-22T10:00:00Z', params: { group_id: 'cld-2' }, group_id: 'cld-1' },
    xml: xml({ id, instant: '2017-11-22T10:00:00Z', dest: 'https://maestrano.com/api/v1/auth/saml',
      acs: 'http://localhost:3000/maestrano/auth/saml/consume', issuer: 'app-1' }),
    base: 'https://maestrano.com/api/v1/auth/saml?', rest: '&group_id=cld-2',
  },
  {
    name: 'authn-request-values-xml-escaped',
    config: { environment: 'custom', api: { id: "app-<1>&'\"", host: 'https://hub.example' },
      sso: { idm: 'https://sp.example', consume_path: '/consume?a=1&b=2', name_id_format: 'urn:x' } },
    input: { id: '_e', now: '2020-02-29T23:59:59Z' },
    xml: xml({ id: '_e', instant: '2020-02-29T23:59:59Z', dest: 'https://hub.example/api/v1/auth/saml',
      acs: 'https://sp.example/consume?a=1&amp;b=2', issuer: 'app-&lt;1&gt;&amp;&apos;&quot;', format: 'urn:x' }),
    base: 'https://hub.example/api/v1/auth/saml?', rest: '',
  },
];

const out = cases.map((c) => {
  const r = sso.authnRequest(Config.fromJSON(c.config), {
    id: c.input.id, now: new Date(c.input.now), params: c.input.params,
    groupId: c.input.group_id, relayState: c.input.relay_state,
  });
  assert.equal(r.xml, c.xml, c.name);
  assert.ok(r.url.startsWith(c.base + 'SAMLRequest='), c.name);
  const [encoded, ...rest] = r.url.slice(c.base.length + 'SAMLRequest='.length).split('&');
  assert.equal(rest.length ? '&' + rest.join('&') : '', c.rest, c.name);
  assert.match(encoded, /^[A-Za-z0-9%]+$/, 'SAMLRequest is fully percent-encoded standard base64');
  assert.equal(inflateRawSync(Buffer.from(decodeURIComponent(encoded), 'base64')).toString('utf8'), c.xml, c.name);
  const instant = c.input.now.replace(/\.\d+Z$/, 'Z');
  return { name: c.name, op: 'saml.authn_request', config: c.config, input: c.input,
    expect: { ok: { url: r.url, request_id: c.input.id, issue_instant: instant, xml: c.xml } } };
});
writeFileSync(new URL('../tests/vectors/saml-request/authn_request.json', import.meta.url), JSON.stringify(out, null, 1) + '\n');
console.log(`wrote ${out.length} vectors`);
