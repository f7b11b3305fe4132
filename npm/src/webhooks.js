// The platform's calls to the app (docs/spec.md §5): account webhooks routed by the configured path
// templates (with HTTP Basic credentials checked), and Connec! notification bodies.

import { ApiError, call } from './errors.js';
import { toBytes } from './http.js';

/** What a webhook route answers, with status 401, when the credentials are wrong. */
export const INVALID_CREDENTIALS_BODY = '{"error":"Invalid credentials"}';

// An absolute URL (e.g. a Fetch `Request.url`) → its path and query; a path stays as it is.
const pathOf = (p) => {
  const s = String(p ?? '');
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) return s;
  const u = new URL(s);
  return u.pathname + u.search;
};

export function makeWebhooks({ native, nativeOf }) {
  return {
    INVALID_CREDENTIALS_BODY,

    /**
     * Routes a call: `{method, path, authorization}` (path may be a full URL), a Fetch `Request`
     * (Workers, Hono) or a Node / Express request (`method`, `originalUrl` or `url`, and
     * `headers.authorization`).
     * Returns `{event, groupId, userId, localUserId, tenant}` (`event`: `group_cancelled`,
     * `member_removed` or `connec_notification`; fields an event does not have are null), or
     * `null` when the call is not a webhook route of this config. A webhook route without this
     * app's Basic credentials throws `ApiError` (`api_authentication`): answer 401 with
     * `INVALID_CREDENTIALS_BODY`.
     */
    match(config, incoming) {
      if (incoming === null || typeof incoming !== 'object') {
        throw new TypeError('webhooks.match(config, {method, path, authorization} | request)');
      }
      const { method, headers } = incoming;
      // Express rewrites `path` and `url` below a mount point; `originalUrl` is what was called.
      // A query string is ignored by the core.
      const path = incoming.originalUrl ?? incoming.path ?? incoming.url;
      const authorization = 'authorization' in incoming ? incoming.authorization
        : typeof headers?.get === 'function' ? headers.get('authorization') : headers?.authorization;
      const json = call(() => native.webhookMatch(nativeOf(config), String(method ?? ''), pathOf(path),
        authorization == null ? undefined : String(authorization)), ApiError);
      if (json == null) return null;
      const e = JSON.parse(json);
      return {
        event: e.event, groupId: e.group_id ?? null, userId: e.user_id ?? null,
        localUserId: e.local_user_id ?? null, tenant: e.tenant ?? null,
      };
    },

    /**
     * A Connec! notification body (string or bytes) as `{entity: [records]}`; unknown entities
     * are kept. A body that is not such an object throws `ApiError` (`api_invalid_request`).
     */
    connecNotification(body) {
      const bytes = toBytes(body);
      return JSON.parse(call(() => native.webhookConnecNotification(bytes), ApiError));
    },
  };
}
