// Node entry point (import). Shares the CommonJS wasm instance, so `import` and `require` in one
// process see one core.
import { createRequire } from 'node:module';

const api = createRequire(import.meta.url)('./node.cjs');

export const { Config, Presets, MaestranoError, ReplayCache, sso, xmldsig, unmaskUser, version } = api;
export default api;
