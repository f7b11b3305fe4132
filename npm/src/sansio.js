// The platform calls as data (docs/spec.md §5 and D2): build the request, send it with any HTTP
// client, read the reply. `Client` and `autoConfigure` are these plus `fetch`; apps with their own
// HTTP stack (proxies, retries, tracing) can use these directly.

import { ApiError, DevPlatformError, call } from './errors.js';
import { toBytes } from './http.js';

/** RFC 3339 UTC, without milliseconds when they are zero. */
export const rfc3339 = (d) => d.toISOString().replace('.000Z', 'Z');

// JSON text of caller data for the core (`undefined`: none). Dates become RFC 3339.
export const toJsonText = (value) => (value == null ? undefined
  : JSON.stringify(value, function replacer(key, v) {
    const raw = this[key];
    return raw instanceof Date ? rfc3339(raw) : v;
  }));

/** The core's request JSON text as the JS request `{method, url, headers, body, timeoutMs}`. */
export const requestFromCore = (json) => {
  const r = JSON.parse(json);
  return { method: r.method, url: r.url, headers: r.headers, body: r.body, timeoutMs: r.timeout_ms ?? null };
};

/** `{status, body}` (body a string or bytes) checked, with the body as bytes. */
export const responseInput = (response) => {
  const status = response?.status;
  if (!Number.isInteger(status) || status < 0 || status > 65535) {
    throw new TypeError(`a response needs a numeric status, found ${String(status)}`);
  }
  return { status, body: toBytes(response.body) };
};

const opt = (v) => (v == null ? undefined : String(v));

// Filters given as URLSearchParams or a Map, as an object (JSON would drop them silently).
const asObject = (p) => (p instanceof URLSearchParams || p instanceof Map ? Object.fromEntries(p) : p);

export function makeSansIO({ native, nativeOf, presetsFromNative }) {
  return {
    /**
     * The Account API request for `action` (`list`, `create`, `retrieve`, `cancel`, `groups`) on
     * `resource` (`bills`, `recurring_bills`, `users`, `groups`, `resellers`).
     */
    accountRequest(config, resource, action, { id, params } = {}) {
      return requestFromCore(call(() => native.accountRequest(nativeOf(config), String(resource),
        String(action), opt(id), toJsonText(asObject(params))), ApiError));
    },

    /** The typed data of an Account API reply, or the mapped `ApiError`. */
    accountResponse(resource, action, response) {
      const { status, body } = responseInput(response);
      return JSON.parse(call(() => native.accountResponse(String(resource), String(action), status, body), ApiError));
    },

    /** The Connec! request for `action` (`list`, `get`, `create`, `update`, `batch`). */
    connecRequest(config, action, { groupId, entity, id, query, body } = {}) {
      return requestFromCore(call(() => native.connecRequest(nativeOf(config), String(action),
        String(groupId ?? ''), String(entity ?? ''), opt(id), toJsonText(query), toJsonText(body)), ApiError));
    },

    /** The request for a list reply's `pagination.next` (refused unless on `connec.host`). */
    connecNextPageRequest(config, next) {
      return requestFromCore(call(() => native.connecNextPageRequest(nativeOf(config), String(next)), ApiError));
    },

    /** A Connec! reply: `{entity, data, pagination}` (or `{results}` for a batch). */
    connecResponse(action, response) {
      const { status, body } = responseInput(response);
      return JSON.parse(call(() => native.connecResponse(String(action), status, body), ApiError));
    },

    /** The developer platform's marketplaces request, from `{host, apiPath, envName, envKey, envSecret}`. */
    devPlatformRequest(settings = {}) {
      const s = settings ?? {};
      return requestFromCore(call(() => native.devplatformRequest(opt(s.host), opt(s.apiPath),
        opt(s.envName), opt(s.envKey), opt(s.envSecret)), DevPlatformError));
    },

    /** The developer platform's reply as `Presets`, one per marketplace. */
    devPlatformResponse(response) {
      const { status, body } = responseInput(response);
      return presetsFromNative(call(() => native.devplatformResponse(status, body), DevPlatformError));
    },
  };
}
