// `make demo` (for now): load a preset, print its metadata JSON and the SSO URLs an app links to.
// The local sandbox (a later milestone) turns this into a full sign-in demo.
import { Presets } from '../npm/dist/node.mjs';

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
}
