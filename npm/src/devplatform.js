// Auto-configuration from the developer platform (docs/spec.md D2): the five settings from the
// environment (`MNO_DEVPL_*`) or a settings file, then one request whose reply becomes Presets.

import { ConfigError } from './errors.js';
import { send } from './http.js';
import { parseYamlSubset } from './yaml.js';

// Setting → environment variable, and its place in a settings file.
const SETTINGS = [
  ['host', 'MNO_DEVPL_HOST', ['dev_platform', 'host']],
  ['apiPath', 'MNO_DEVPL_API_PATH', ['dev_platform', 'api_path']],
  ['envName', 'MNO_DEVPL_ENV_NAME', ['environment', 'name']],
  ['envKey', 'MNO_DEVPL_ENV_KEY', ['environment', 'api_key']],
  ['envSecret', 'MNO_DEVPL_ENV_SECRET', ['environment', 'api_secret']],
];

/**
 * A settings file's text as nested objects: JSON when the name ends in `.json` or the text
 * starts with `{`, else the YAML subset of `yaml.js`.
 */
export function parseSettingsFile(text, name = 'settings file') {
  const invalid = (why, cause) => new ConfigError('config_invalid', `${name}: ${why}`, { cause });
  const body = String(text).replace(/^\uFEFF/, '');
  if (/\.json$/i.test(name) || body.trimStart().startsWith('{')) {
    let parsed;
    try {
      parsed = JSON.parse(body);
    } catch (e) {
      throw invalid(`not JSON (${e.message})`, e);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalid('expected a JSON object');
    return parsed;
  }
  return parseYamlSubset(body, (why) => invalid(why));
}

export function makeDevPlatform({ host }, sansIO) {
  const fromFile = (file) => {
    if (typeof file !== 'string' || file === '') throw new TypeError('file must be a path');
    if (typeof host.readFile !== 'function') {
      throw new ConfigError('config_invalid', `cannot read ${file}: this runtime has no file system (Workers); pass env or settings`);
    }
    let text;
    try {
      text = host.readFile(file);
    } catch (e) {
      throw new ConfigError(e?.code === 'ENOENT' ? 'config_missing' : 'config_invalid',
        `cannot read the developer platform settings file ${file}: ${e?.message ?? e}`, { cause: e });
    }
    const parsed = parseSettingsFile(text, file);
    const values = {};
    for (const [name, , path] of SETTINGS) {
      let v = parsed;
      for (const k of path) v = v !== null && typeof v === 'object' && Object.prototype.hasOwnProperty.call(v, k) ? v[k] : undefined;
      if (typeof v === 'number' || typeof v === 'boolean') v = String(v);
      if (v != null && typeof v !== 'string') {
        throw new ConfigError('config_invalid', `${file}: \`${path.join('.')}\` must be a string`);
      }
      values[name] = v ?? null;
    }
    return values;
  };

  /**
   * The developer platform settings `{host, apiPath, envName, envKey, envSecret}`: each from
   * `env` (`MNO_DEVPL_HOST`, `MNO_DEVPL_API_PATH`, `MNO_DEVPL_ENV_NAME`, `MNO_DEVPL_ENV_KEY`,
   * `MNO_DEVPL_ENV_SECRET`; `process.env` by default where there is one) when set and not
   * empty, else from `file` (Node only: JSON, or YAML with `dev_platform.host`,
   * `dev_platform.api_path`, `environment.name`, `environment.api_key`,
   * `environment.api_secret`). Missing ones are null (the request then names them).
   */
  function devPlatformSettings({ env, file } = {}) {
    const vars = env === undefined ? globalThis.process?.env : env;
    const inFile = file == null ? null : fromFile(file);
    const out = {};
    for (const [name, variable] of SETTINGS) {
      const v = vars?.[variable];
      out[name] = typeof v === 'string' && v !== '' ? v : inFile?.[name] ?? null;
    }
    return out;
  }

  /**
   * Fetches this app's marketplaces from the developer platform: `Presets`, one per
   * marketplace. `settings` (as `devPlatformSettings` returns) wins over `env` and `file`.
   */
  async function autoConfigure({ env, file, settings, fetch } = {}) {
    const request = sansIO.devPlatformRequest(settings ?? devPlatformSettings({ env, file }));
    return sansIO.devPlatformResponse(await send(request, fetch));
  }

  return { devPlatformSettings, autoConfigure };
}
