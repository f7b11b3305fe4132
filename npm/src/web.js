// What web integrations share (docs/spec.md §9), from the core so every language answers alike:
// where a finished sign-in may return to (D34), and the HTTP status of each error kind (D37).

import { MaestranoError } from './errors.js';

export function makeWeb({ native }) {
  return {
    /**
     * `value` when it is a same-origin path (`/…`, printable ASCII, no `//` or backslash, at
     * most 2048 bytes) a sign-in may return to, else `fallback` (default `'/'`).
     */
    safeReturnPath(value, fallback = '/') {
      if (typeof value !== 'string') return fallback;
      return native.safeReturnPath(value) ?? fallback;
    },

    /**
     * The HTTP status to answer for `error` (a `MaestranoError`, or an error kind string): 400
     * garbled request, 401 credentials, 403 refused sign-in, 413 too large, 500 configuration,
     * 502 platform failure, 503 replay store full; 500 for anything else.
     */
    statusFor(error) {
      const kind = typeof error === 'string' ? error : error instanceof MaestranoError ? error.kind : null;
      return kind == null ? 500 : native.errorStatus(kind);
    },
  };
}
