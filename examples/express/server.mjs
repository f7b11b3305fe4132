// Starts the Express demo app: auto-configures from the developer platform (MNO_DEVPL_*
// variables, or the file named by MNO_DEVPL_FILE), then serves on PORT (default 3000) on
// 127.0.0.1. COOKIE_SECRET signs the sign-in state cookie (a random one per start when unset).
import { randomBytes } from 'node:crypto';
import { autoConfigure } from 'maestrano';
import { createApp } from './app.mjs';

const presets = await autoConfigure({ env: process.env, file: process.env.MNO_DEVPL_FILE });
const name = process.env.MNO_PRESET ?? presets.names()[0];
const config = presets.get(name);
const port = Number(process.env.PORT ?? 3000);
const secret = process.env.COOKIE_SECRET ?? randomBytes(32).toString('hex');
createApp({ config, secret }).listen(port, '127.0.0.1', () => {
  console.log(`demo app (Express) for preset ${name} on http://127.0.0.1:${port}/`);
});
