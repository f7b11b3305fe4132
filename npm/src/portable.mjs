// Portable entry point (the `default` export condition, and `deno`, `edge-light`): Deno,
// Vercel Edge / Next.js middleware, browsers' bundlers and any other ES module runtime. It uses
// no file system, `createRequire` or `__dirname`: the wasm core is handed to `init` before the
// first call, as a compiled `WebAssembly.Module` (e.g. `import wasm from
// 'maestrano/maestrano.wasm?module'` on Vercel Edge), its bytes, a `Response`, or a URL to fetch
// (by default the `.wasm` next to this package's glue, which bundlers that understand
// `new URL(..., import.meta.url)` emit as an asset). Every export exists from the start; a call
// before `init` has resolved throws.
import * as glue from '../wasm/web/maestrano_wasm.mjs';
import { create } from './api.mjs';

let loading = null;
let ready = false;

const userAgent = globalThis.navigator?.userAgent;
const native = new Proxy({}, {
  get(_, name) {
    // The version is known without the core (the build writes it here; a test compares).
    if (name === 'version') return () => '__MAESTRANO_CORE_VERSION__';
    if (!ready) {
      throw new Error('maestrano: the wasm core is not loaded: call `await init(wasm)` first (portable entry)');
    }
    return glue[name];
  },
});
const api = create(native, { lang: 'javascript', langVersion: userAgent ? `portable (${userAgent})` : 'portable' });

/**
 * Loads the wasm core: `wasm` is a `WebAssembly.Module`, its bytes (`ArrayBuffer`, a typed
 * array), a `Response` or `Promise<Response>`, or a URL; without it, the package's own `.wasm` is
 * fetched. Resolves once loaded; later calls return the same promise. Rejects (and may be called
 * again) when the module cannot be loaded.
 */
export function init(wasm) {
  loading ??= (async () => {
    const input = await wasm;
    if (input instanceof WebAssembly.Module) glue.initSync({ module: input });
    else await glue.default(input === undefined ? undefined : { module_or_path: input });
    ready = true;
  })().catch((e) => {
    loading = null;
    throw e;
  });
  return loading;
}

export const {
  Config, Presets, MaestranoError, ConfigError, SamlError, ApiError, DevPlatformError, SessionError,
  ReplayCache, sso, xmldsig, unmaskUser, version, session, Client, createClient, webhooks,
  INVALID_CREDENTIALS_BODY, devPlatformSettings, autoConfigure, sansIO, web,
} = api;
api.init = init;
export default api;
