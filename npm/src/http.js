// HTTP for the requests the core builds, over `fetch` (Node 20+, Workers, or one you inject).
// The core decides what to send and how to read the answer; this only moves bytes, enforces the
// request's timeout and turns transport failures into `ApiError` (`api_connection`).

import { ApiError } from './errors.js';

/** The core refuses bodies above 16 MiB (`input_too_large`); reading stops just past that. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** Bytes from a string, an ArrayBuffer, a typed array or a DataView (Buffer included). */
export function toBytes(body) {
  if (body == null) return new Uint8Array(0);
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  throw new TypeError(`a body must be a string or bytes (Uint8Array, ArrayBuffer), found ${typeof body}`);
}

// The URL without its query (which may carry a session token) for messages.
const where = (method, url) => {
  try {
    const u = new URL(url);
    return `${method} ${u.origin}${u.pathname}`;
  } catch {
    return `${method} (invalid URL)`;
  }
};

// "fetch failed (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9)" and the like.
const describe = (e) => {
  const cause = e?.cause;
  const inner = cause && typeof cause === 'object'
    ? ` (${cause.code ? `${cause.code}: ` : ''}${cause.message ?? String(cause)})` : '';
  return `${e?.message ?? String(e)}${inner}`;
};

const connectionError = (message, cause) => new ApiError('api_connection', message, { cause });

async function readBody(response) {
  const stream = response.body;
  if (stream == null) return new Uint8Array(0);
  if (typeof stream.getReader !== 'function') return new Uint8Array(await response.arrayBuffer());
  const reader = stream.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      // Enough to be refused by the core as too large; do not hold more in memory.
      await reader.cancel().catch(() => {});
      break;
    }
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * Sends one request the core built — `{method, url, headers, body, timeout_ms}` (or
 * `timeoutMs`) — and returns `{status, body: Uint8Array}` once the whole body has arrived.
 * Redirects are not followed (the platform does not redirect these calls; credentials stay on
 * the host the core chose). Every transport failure — no fetch, refused or dropped connection,
 * timeout over the whole exchange — rejects with `ApiError` of kind `api_connection`.
 */
export async function send(request, fetchImpl) {
  const fetchFn = fetchImpl ?? globalThis.fetch;
  const target = where(request.method, request.url);
  if (typeof fetchFn !== 'function') {
    throw connectionError(`cannot send ${target}: no fetch function (pass { fetch })`);
  }
  const timeoutMs = request.timeoutMs ?? request.timeout_ms ?? null;
  const controller = new AbortController();
  let timedOut = false;
  const timer = timeoutMs == null ? null : setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const timeoutMessage = (stage) => `timed out after ${timeoutMs} ms ${stage} ${target}`;
  try {
    let response;
    try {
      response = await fetchFn(request.url, {
        method: request.method,
        headers: request.headers ?? {},
        body: request.body ?? undefined,
        redirect: 'manual',
        signal: controller.signal,
      });
    } catch (e) {
      throw connectionError(timedOut ? timeoutMessage('waiting for')
        : `could not reach ${target}: ${describe(e)}`, e);
    }
    let body;
    try {
      body = await readBody(response);
    } catch (e) {
      throw connectionError(timedOut ? timeoutMessage('reading the response to')
        : `the connection dropped while reading the response to ${target}: ${describe(e)}`, e);
    }
    return { status: response.status, body };
  } finally {
    if (timer !== null) clearTimeout(timer);
  }
}
