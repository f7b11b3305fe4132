// Cloudflare Workers (workerd) entry point. Workers cannot compile wasm from bytes at run time,
// so the module is imported pre-compiled (wrangler and miniflare do this for `.wasm` imports).
// There is no file system: developer-platform settings come from `env` (e.g. the Worker's env
// bindings) or `settings`.
import wasmModule from '../wasm/web/maestrano_wasm_bg.wasm';
import * as native from '../wasm/web/maestrano_wasm.mjs';
import { create } from './api.mjs';

native.initSync({ module: wasmModule });
const api = create(native, { lang: 'javascript', langVersion: 'workerd' });
// Loaded above; `init` is here so code written for the portable entry runs unchanged.
api.init = () => Promise.resolve();

export const {
  Config, Presets, MaestranoError, ConfigError, SamlError, ApiError, DevPlatformError, SessionError,
  ReplayCache, sso, xmldsig, unmaskUser, version, session, Client, createClient, webhooks,
  INVALID_CREDENTIALS_BODY, devPlatformSettings, autoConfigure, sansIO, web, init,
} = api;
export default api;
