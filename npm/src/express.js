// Express adapter (`maestrano/express`, Express 4 and 5): SSO, single logout, metadata and the
// platform's calls as one middleware. Express itself is not imported: the middleware uses the
// Node request and response (and `req.secure` when Express sets it).
//
//   import express from 'express';
//   import { maestrano, currentUser } from 'maestrano/express';
//
//   const app = express();
//   const mno = maestrano({ config, secret: process.env.COOKIE_SECRET, onGroupCancelled: (e) => … });
//   app.use(mno);                       // before body parsers (or after: both work)
//   app.get('/', mno.requireUser, (req, res) => res.send(`Hello ${currentUser(req).firstName}`));
//
// Routes are those of `maestrano/hono`. With `session: (req) => req.session` the sign-in state
// lives in the app's session (express-session, cookie-session) instead of the signed cookie.

import { createFlow, dispatch, signInUrl, parseForm, tooLarge, isResponse, clearState, MAX_BODY_BYTES } from './flow.js';

// The raw body, at most MAX_BODY_BYTES; empty when a parser already read it.
function readStream(req) {
  if (Number(req.headers['content-length']) > MAX_BODY_BYTES) return Promise.reject(tooLarge());
  if (req.readableEnded || typeof req.on !== 'function') return Promise.resolve(new Uint8Array());
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    const onData = (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.off('data', onData);
        req.resume(); // drain and drop the rest
        reject(tooLarge());
      } else {
        chunks.push(chunk);
      }
    };
    req.on('data', onData);
    req.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

const isBytes = (b) => b instanceof Uint8Array;
// A parser (express.urlencoded, express.json) read the stream into the object `req.body`.
const parsed = (req) => req.readableEnded === true && req.body !== null && typeof req.body === 'object' && !isBytes(req.body);

/** The posted form as `{name: first value}` (from `req.body` when a parser read it). */
export async function readForm(req) {
  if (parsed(req)) {
    const out = {};
    for (const [k, v] of Object.entries(req.body)) {
      const first = Array.isArray(v) ? v[0] : v;
      if (typeof first === 'string') out[k] = first;
    }
    return out;
  }
  if (isBytes(req.body) || typeof req.body === 'string') return parseForm(req.body);
  return parseForm(await readStream(req));
}

/** The request body as bytes or text (a JSON body a parser read is serialised again). */
export async function readBody(req) {
  if (isBytes(req.body) || typeof req.body === 'string') return req.body;
  if (parsed(req)) return JSON.stringify(req.body);
  return readStream(req);
}

/** Adds a `Set-Cookie` header to `res`, keeping those already set except one of the same name. */
export function appendCookie(res, value) {
  const prev = res.getHeader('set-cookie');
  const name = value.slice(0, value.indexOf('=') + 1);
  const kept = (prev == null ? [] : Array.isArray(prev) ? prev : [String(prev)]).filter((c) => !c.startsWith(name));
  res.setHeader('set-cookie', [...kept, value]);
}

/** Writes a flow reply (`{status, headers, body}` or a Fetch Response) to `res`. */
export async function sendReply(res, reply) {
  res.statusCode = reply.status;
  if (isResponse(reply)) {
    for (const [k, v] of reply.headers) if (k !== 'set-cookie') res.setHeader(k, v);
    for (const c of reply.headers.getSetCookie?.() ?? []) appendCookie(res, c);
    res.end(Buffer.from(await reply.arrayBuffer()));
    return;
  }
  for (const [k, v] of Object.entries(reply.headers)) res.setHeader(k, v);
  res.end(reply.body);
}

const urlOf = (req) => new URL(req.originalUrl ?? req.url, 'http://localhost');

/**
 * The Express middleware; options as in `maestrano/hono` (hooks receive `req`; `session` is
 * `(req) => object`). Errors of hooks go to `next(error)`. `requireUser` sends anybody not
 * signed in to SSO (back to the same page after); `flow` is the shared flow.
 */
export function maestrano(options) {
  const flow = createFlow(options);
  const run = async (req, res, next) => {
    const url = urlOf(req);
    const info = {
      method: req.method,
      path: url.pathname,
      query: url.searchParams,
      authorization: req.headers.authorization ?? null,
      cookie: req.headers.cookie ?? null,
      https: req.secure === true || req.socket?.encrypted === true,
      ctx: req,
      readForm: () => readForm(req),
      readBody: () => readBody(req),
    };
    const { reply, setCookie, user } = await dispatch(flow, info);
    if (setCookie) appendCookie(res, setCookie);
    if (reply) return sendReply(res, reply);
    req.maestranoUser = user;
    req.maestranoSignOut = () => {
      req.maestranoUser = null;
      const cookie = clearState(flow, info);
      if (cookie) appendCookie(res, cookie);
    };
    return next();
  };
  const middleware = (req, res, next) => {
    run(req, res, next).catch(next);
  };
  middleware.flow = flow;
  middleware.requireUser = (req, res, next) => {
    if (currentUser(req)) return next();
    const url = urlOf(req);
    const get = req.method === 'GET' || req.method === 'HEAD';
    res.statusCode = 302;
    res.setHeader('location', get ? signInUrl(flow, url.pathname + url.search) : flow.initPath);
    return res.end();
  };
  return middleware;
}

/** The signed-in user of this request (see `maestrano/hono`'s `currentUser`), or null. */
export function currentUser(req) {
  return req.maestranoUser ?? null;
}

/** Signs this request's user out of the app (not of the platform; the `logout` route does
 * both). Needs the middleware mounted. */
export function signOut(req) {
  if (typeof req.maestranoSignOut !== 'function') throw new Error('maestrano/express: the middleware is not mounted on this route');
  req.maestranoSignOut();
}
