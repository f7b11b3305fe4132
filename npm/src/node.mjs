// Node entry point (import). Shares the CommonJS wasm instance, so `import` and `require` in one
// process see one core.
import { createRequire } from 'node:module';

const api = createRequire(import.meta.url)('./node.cjs');

export const {
  Config, Presets, MaestranoError, ConfigError, SamlError, ApiError, DevPlatformError, SessionError,
  ReplayCache, sso, xmldsig, unmaskUser, version, session, Client, createClient, webhooks,
  INVALID_CREDENTIALS_BODY, devPlatformSettings, autoConfigure, sansIO, web,
} = api;
export default api;
