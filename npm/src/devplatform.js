// Auto-configuration from the developer platform (docs/spec.md D2): the five settings from the
// environment (`MNO_DEVPL_*`) or a settings file, then one request whose reply becomes Presets.

import { ConfigError, call } from './errors.js';
import { send } from './http.js';

// Setting → environment variable, and its name in the core's result.
const SETTINGS = [
  ['host', 'MNO_DEVPL_HOST', 'host'],
  ['apiPath', 'MNO_DEVPL_API_PATH', 'api_path'],
  ['envName', 'MNO_DEVPL_ENV_NAME', 'env_name'],
  ['envKey', 'MNO_DEVPL_ENV_KEY', 'env_key'],
  ['envSecret', 'MNO_DEVPL_ENV_SECRET', 'env_secret'],
];

export function makeDevPlatform({ host, native }, sansIO) {
  // A settings file's text read by the core (docs/spec.md D38); `source` names it in errors.
  const parse = (text, source) => {
    if (typeof text !== 'string') throw new TypeError('the settings file text must be a string');
    let parsed;
    try {
      parsed = JSON.parse(call(() => native.parseSettingsFile(text), ConfigError));
    } catch (e) {
      if (source == null || !(e instanceof ConfigError)) throw e;
      throw new ConfigError(e.kind, `${source}: ${e.message}`, { cause: e });
    }
    return Object.fromEntries(SETTINGS.map(([name, , key]) => [name, parsed[key] ?? null]));
  };

  const fromFile = (file) => {
    if (typeof file !== 'string' || file === '') throw new TypeError('file must be a path');
    if (typeof host.readFile !== 'function') {
      throw new ConfigError('config_invalid', `cannot read ${file}: this runtime has no file system (Workers); pass env, text or settings`);
    }
    let text;
    try {
      text = host.readFile(file);
    } catch (e) {
      throw new ConfigError(e?.code === 'ENOENT' ? 'config_missing' : 'config_invalid',
        `cannot read the developer platform settings file ${file}: ${e?.message ?? e}`, { cause: e });
    }
    return parse(text, file);
  };

  /**
   * The developer platform settings `{host, apiPath, envName, envKey, envSecret}`: each from
   * `env` (`MNO_DEVPL_HOST`, `MNO_DEVPL_API_PATH`, `MNO_DEVPL_ENV_NAME`, `MNO_DEVPL_ENV_KEY`,
   * `MNO_DEVPL_ENV_SECRET`; `process.env` by default where there is one) when set and not
   * empty, else from the settings file: `file` (a path; Node only) or `text` (its content, e.g.
   * in Workers), JSON or the YAML subset of docs/spec.md D38, read by the core, with
   * `dev_platform.host`, `dev_platform.api_path`, `environment.name`, `environment.api_key`,
   * `environment.api_secret` (other keys are ignored). Missing ones are null (the request then
   * names them). A file the core refuses is `ConfigError` (`config_invalid` naming the line, or
   * `input_too_large`).
   */
  function devPlatformSettings({ env, file, text } = {}) {
    const vars = env === undefined ? globalThis.process?.env : env;
    if (file != null && text != null) throw new TypeError('pass either file or text, not both');
    const inFile = file != null ? fromFile(file) : text != null ? parse(text, null) : null;
    const out = {};
    for (const [name, variable] of SETTINGS) {
      const v = vars?.[variable];
      out[name] = typeof v === 'string' && v !== '' ? v : inFile?.[name] ?? null;
    }
    return out;
  }

  /**
   * Fetches this app's marketplaces from the developer platform: `Presets`, one per
   * marketplace. `settings` (as `devPlatformSettings` returns) wins over `env`, `file` and
   * `text`.
   */
  async function autoConfigure({ env, file, text, settings, fetch } = {}) {
    const request = sansIO.devPlatformRequest(settings ?? devPlatformSettings({ env, file, text }));
    return sansIO.devPlatformResponse(await send(request, fetch));
  }

  return { devPlatformSettings, autoConfigure };
}
