// Node entry point (import). It re-exports the CommonJS entry, so `import` and `require` in one
// process see one core, and a bundler (esbuild, webpack) follows it like any other import.
import api from './node.cjs';

export const {
  Config, Presets, MaestranoError, ConfigError, SamlError, ApiError, DevPlatformError, SessionError,
  ReplayCache, sso, xmldsig, unmaskUser, version, session, Client, createClient, webhooks,
  INVALID_CREDENTIALS_BODY, devPlatformSettings, autoConfigure, sansIO, web, init,
} = api;
export default api;
