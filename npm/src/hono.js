// Hono adapter (`maestrano/hono`): SSO, single logout, metadata and the platform's calls as one
// Hono middleware, on Node and in Cloudflare Workers. Hono itself is not imported: the middleware
// works on the context Hono passes (`c.req`, `c.set`, `c.header`) and answers Fetch Responses.
//
//   import { Hono } from 'hono';
//   import { maestrano, currentUser } from 'maestrano/hono';
//
//   const app = new Hono();
//   const mno = maestrano({ config, secret: env.COOKIE_SECRET, onGroupCancelled: (e) => … });
//   app.use(mno);
//   app.get('/', mno.requireUser, (c) => c.text(`Hello ${currentUser(c).firstName}`));
//
// Routes: the init and consume routes at the paths of `config.initUrl()` / `config.consumeUrl()`,
// `GET /maestrano/metadata` (HTTP Basic) and `GET /maestrano/logout`; the account webhooks and
// Connec! notifications at the configured paths (HTTP Basic). Every other request has its
// Maestrano session rechecked when due (single logout).

import { createFlow, dispatch, signInUrl, parseForm, tooLarge, isResponse, clearState, MAX_BODY_BYTES } from './flow.js';

/** The context key of the signed-in user (see `currentUser`). */
export const USER_KEY = 'maestranoUser';

const SIGN_OUT_KEY = 'maestranoSignOut';

// The request body, at most MAX_BODY_BYTES (read once: only the adapter's own routes read it).
async function readBody(c) {
  if (Number(c.req.header('content-length')) > MAX_BODY_BYTES) throw tooLarge();
  const raw = c.req.raw;
  if (raw.body === null) return new Uint8Array();
  if (raw.bodyUsed) return new Uint8Array(await c.req.arrayBuffer());
  const reader = raw.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

const toResponse = (reply, setCookie) => {
  const res = isResponse(reply) ? new Response(reply.body, reply)
    : new Response(reply.body === '' ? null : reply.body, { status: reply.status, headers: reply.headers });
  if (setCookie) res.headers.append('set-cookie', setCookie);
  return res;
};

/**
 * The Hono middleware (see the module docs); options as `createFlow` in flow.js: `config`,
 * `secret` (≥ 32 bytes: signs the state cookie) or `session: (c) => object`, `replay`,
 * `cookie`, `metadataPath`, `logoutPath`, `fetch`, `logger` and the hooks `onSignIn(signIn, c)`
 * (return `false` or a Response to refuse the sign-in), `onGroupCancelled(event, c)`,
 * `onMemberRemoved(event, c)`, `onConnecNotification(event, records, c)`. `sso: false` answers
 * the platform's calls and metadata only. The middleware has `requireUser` (a middleware
 * sending anybody not signed in to SSO, back to the same page after) and `flow`.
 */
export function maestrano(options) {
  const flow = createFlow(options);
  const middleware = async (c, next) => {
    const url = new URL(c.req.url);
    const req = {
      method: c.req.method,
      path: url.pathname,
      query: url.searchParams,
      authorization: c.req.header('authorization') ?? null,
      cookie: c.req.header('cookie') ?? null,
      https: url.protocol === 'https:',
      ctx: c,
      readForm: async () => parseForm(await readBody(c)),
      readBody: () => readBody(c),
    };
    const { reply, setCookie, user } = await dispatch(flow, req);
    if (reply) return toResponse(reply, setCookie);
    let signedOut = false;
    c.set(USER_KEY, user);
    c.set(SIGN_OUT_KEY, () => {
      signedOut = true;
      c.set(USER_KEY, null);
    });
    await next();
    const cookie = signedOut ? clearState(flow, req) : setCookie;
    if (cookie) c.header('Set-Cookie', cookie, { append: true });
  };
  middleware.flow = flow;
  middleware.requireUser = async (c, next) => {
    if (currentUser(c)) return next();
    const url = new URL(c.req.url);
    const get = c.req.method === 'GET' || c.req.method === 'HEAD';
    return c.redirect(get ? signInUrl(flow, url.pathname + url.search) : flow.initPath, 302);
  };
  return middleware;
}

/** The signed-in user (`{uid, realUid, email, firstName, lastName, groupUid, groupName,
 * role}`) of this request, or null. */
export function currentUser(c) {
  return c.get(USER_KEY) ?? null;
}

/** Signs this request's user out of the app (not of the platform; the `logout` route does
 * both): the state is deleted when the response is sent. Needs the middleware mounted. */
export function signOut(c) {
  const signOutNow = c.get(SIGN_OUT_KEY);
  if (typeof signOutNow !== 'function') throw new Error('maestrano/hono: the middleware is not mounted on this route');
  signOutNow();
}
