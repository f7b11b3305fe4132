// The Maestrano session and single logout (docs/spec.md §4). After SSO the app keeps
// `result.session` (a string) in its own session; `check` says whether it is still valid, asking
// the platform only when the recheck time has come. Every doubt is "not valid" (fail closed).

import { ApiError, SessionError, call } from './errors.js';
import { send } from './http.js';
import { requestFromCore, responseInput } from './sansio.js';

export function makeSession({ native, nativeOf, millis }) {
  const text = (value) => (typeof value === 'string' ? value : '');

  const session = {
    /**
     * The stored value's payload `{uid, session, sessionRecheck: Date, groupUid, preset}`, or
     * `null` when there is none or it is corrupt.
     */
    read(value) {
      if (typeof value !== 'string') return null;
      const json = native.sessionRead(value);
      if (json == null) return null;
      const p = JSON.parse(json);
      return {
        uid: p.uid, session: p.session, sessionRecheck: new Date(p.session_recheck),
        groupUid: p.group_uid ?? null, preset: p.preset ?? null,
      };
    },

    /**
     * The request to send to check the session at `now`, or `null` when none is needed (the
     * recheck time has not come, or single logout is off: the session is valid as it is).
     * Throws `SessionError` (`session_invalid`) when the value is missing or corrupt.
     */
    checkRequest(config, value, { now } = {}) {
      const json = call(() => native.sessionCheckRequest(nativeOf(config), text(value), millis(now)), ApiError);
      return json == null ? null : requestFromCore(json);
    },

    /**
     * Reads the platform's answer `{status, body}` to the check request: `{valid, value}`, where
     * `value` is the renewed value to store (null: keep the current one if valid, drop it if not).
     */
    checkResponse(config, value, response) {
      const { status, body } = responseInput(response);
      return JSON.parse(native.sessionCheckResponse(nativeOf(config), text(value), status, body));
    },

    /**
     * Checks the session: no request before the recheck time, else asks the platform (with
     * `fetch`, the global one by default). Resolves `{valid, value}` as `checkResponse`; a
     * corrupt value, an unreachable platform, a timeout or a garbled answer resolve
     * `{valid: false, value: null, error}` (`error` says why, for logs). Only a configuration
     * error rejects.
     */
    async check(config, value, { now, fetch } = {}) {
      let request;
      try {
        request = session.checkRequest(config, value, { now });
      } catch (e) {
        if (e instanceof SessionError) return { valid: false, value: null, error: e };
        throw e;
      }
      if (request === null) return { valid: true, value: null };
      let response;
      try {
        response = await send(request, fetch);
      } catch (e) {
        if (e instanceof ApiError) return { valid: false, value: null, error: e };
        throw e;
      }
      return session.checkResponse(config, value, response);
    },
  };
  return session;
}
