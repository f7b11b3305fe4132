// Starts the demo app: auto-configures from the developer platform (MNO_DEVPL_* variables, or
// the file named by MNO_DEVPL_FILE), then serves on PORT (default 3000) on 127.0.0.1.
import { serve } from '@hono/node-server';
import { autoConfigure } from 'maestrano';
import { createApp } from './app.mjs';

const presets = await autoConfigure({ env: process.env, file: process.env.MNO_DEVPL_FILE });
const name = process.env.MNO_PRESET ?? presets.names()[0];
const config = presets.get(name);
const port = Number(process.env.PORT ?? 3000);
serve({ fetch: createApp({ config }).fetch, port, hostname: '127.0.0.1' }, () => {
  console.log(`demo app (Hono) for preset ${name} on http://127.0.0.1:${port}/`);
});
