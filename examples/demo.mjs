// `make demo` (for now): load a preset, print its metadata JSON, the SSO URLs an app links to and
// the AuthnRequest redirect.
// The local sandbox (a later milestone) turns this into a full sign-in demo.
import { Presets, sso } from '../npm/dist/node.mjs';

const presets = Presets.fromJSON({
  'maestrano-uat': {
    environment: 'maestrano-uat',
    app: { host: 'http://localhost:4000' },
    api: { id: 'app-demo', key: 'demo-key-not-a-secret' },
    webhook: { connec: { subscriptions: { organizations: true, people: true } } },
  },
});

for (const [name, config] of presets) {
  console.log(`preset ${name}`);
  console.log('metadata:', JSON.stringify(config.metadata(), null, 2));
  console.log('SSO init URL:   ', config.initUrl());
  console.log('SSO consume URL:', config.consumeUrl());
  console.log('IdP SAML URL:   ', config.idpUrl());
  console.log('logout URL:     ', config.logoutUrl());
  const request = sso.authnRequest(config, { groupId: 'cld-1' });
  console.log('SSO redirect:   ', request.url);
  console.log('  (request ID', request.requestId, 'to check InResponseTo when the response comes back)');
}
