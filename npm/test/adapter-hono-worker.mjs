// The Worker of the workerd adapter test: the test app on `maestrano/hono` and Hono, configured
// from the JSON the test posts to `/__setup` (the sandbox's developer-platform settings).
import { Hono } from 'hono';
import { autoConfigure, ReplayCache } from 'maestrano';
import { maestrano, currentUser, signOut } from 'maestrano/hono';
import { makeApp } from './adapter-hono-app.mjs';

let app = null;

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/__setup') {
      const presets = await autoConfigure({ env: await request.json() });
      const config = presets.get(presets.names()[0]);
      app = makeApp({ Hono, maestrano, currentUser, signOut, config, replay: new ReplayCache() });
      return new Response('ready');
    }
    return app ? app.fetch(request) : new Response('not set up', { status: 503 });
  },
};
