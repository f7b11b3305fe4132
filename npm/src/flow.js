// The sign-in flow every framework adapter shares (maestrano/hono, maestrano/express,
// maestrano/passport), framework-neutral, as `maestrano.web` is for the Python integrations
// (docs/spec.md D34–D37). The adapters only translate requests and replies; the steps are here:
//
// 1. `beginSignIn`: the AuthnRequest redirect; its ID and the page to return to (a same-origin
//    path only) are kept in the sign-in state.
// 2. `needsRepost` / `repostPage`: the identity provider posts the response from another site,
//    and browsers do not send a SameSite=Lax cookie with a cross-site POST; the consume route then
//    answers a page that posts the same form again from the app's own origin (D36).
//    `finishSignIn`: validates the posted SAMLResponse against the pending request ID
//    (InResponseTo), refuses a replayed assertion (`ReplayCache`, any store) and keeps who signed
//    in and the single-logout value.
// 3. `recheck`: asks the platform, when due, whether the user is still signed in there (single
//    logout) and signs the user out of the app when not (fail closed).
// 4. `platformCall`: routes and authenticates the platform's webhook calls.
//
// The sign-in state is a plain object `{requestId, returnTo, user, session}` kept either in a
// signed cookie (`StateCookie`: HMAC-SHA-256 with the app's secret, verified in constant time,
// HttpOnly, SameSite=Lax, Secure on https) or in the app's own session object.

import { ReplayCache, SamlError, MaestranoError, sso, session as maestranoSession, web, webhooks } from 'maestrano';
import { StateCookie, DEFAULT_MAX_AGE } from './state-cookie.js';

/** Form field marking the consume form posted again from the app's own origin. */
export const REPOST_FIELD = 'maestrano_repost';

/** Key of the sign-in state inside an app's session object (`session` option). */
export const SESSION_KEY = 'maestrano';

/** Largest form or webhook body an adapter reads (16 MiB, the core's own limit). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A message safe to show the browser for `error`: what failed, by kind, without details. */
export function publicMessage(error) {
  if (!(error instanceof MaestranoError)) return 'Internal error';
  const status = web.statusFor(error);
  if (status === 401) return 'Invalid credentials';
  if (status === 400 || status === 403 || status === 413) return `Sign-in refused (${error.kind})`;
  if (status === 503) return 'Service temporarily unavailable';
  return 'The Maestrano integration failed';
}

/** Who signed in, as kept in the state: the app's `uid` (masked in virtual mode), `realUid`,
 * `email`, `firstName`, `lastName`, `groupUid`, `groupName` and `role`. */
export function userOf(result) {
  const { user, group } = result;
  return {
    uid: user.uid, realUid: user.extra.uid, email: user.info.email, firstName: user.info.firstName,
    lastName: user.info.lastName, groupUid: group.uid, groupName: group.info.name, role: result.membership.role,
  };
}

/** Starts a sign-in: keeps the request ID and `returnTo` (when a same-origin path) in `state`;
 * returns the identity provider URL to redirect to. `params` (the init route's query) travel to
 * the platform; their `group_id` selects the group. */
export function beginSignIn(config, state, { params = {}, returnTo } = {}) {
  const request = sso.authnRequest(config, { params, groupId: params.group_id });
  state.requestId = request.requestId;
  state.returnTo = web.safeReturnPath(returnTo);
  return request.url;
}

/** Whether the consume route must answer `repostPage` instead of validating: nothing pending in
 * `state` (the cookie did not come with the cross-site POST) and not posted again yet. */
export function needsRepost(state, form) {
  return typeof state.requestId !== 'string' && !form[REPOST_FIELD];
}

/** A page posting `SAMLResponse` and `RelayState` of `form` to `action` again, from the app's
 * own origin (a script submits it at once; a button when scripts are off). Values are escaped. */
export function repostPage(action, form) {
  const fields = [[REPOST_FIELD, '1']];
  for (const name of ['SAMLResponse', 'RelayState']) {
    if (typeof form[name] === 'string') fields.push([name, form[name]]);
  }
  const inputs = fields.map(([n, v]) => `<input type="hidden" name="${esc(n)}" value="${esc(v)}">`).join('');
  return '<!doctype html><html><head><meta charset="utf-8"><title>Signing in</title></head>'
    + '<body onload="document.forms[0].submit()">'
    + `<form method="post" action="${esc(action)}">${inputs}`
    + '<noscript><button type="submit">Continue</button></noscript></form></body></html>';
}

/** Forgets the Maestrano sign-in in `state` (user, single-logout value, pending request). */
export function signOutState(state) {
  for (const key of ['user', 'session', 'requestId', 'returnTo']) delete state[key];
}

/**
 * Validates the posted `samlResponse` (its InResponseTo must be `state`'s pending request),
 * accepts its assertion once through `replay` (awaited: any store) and signs the user in.
 * `requestIds` (a store like the replay stores) also accepts each pending request once, for
 * `requestTtlMs` (default one day).
 * Resolves `{result, user, returnTo}`; rejects with `MaestranoError`. The pending request is used
 * up either way; a response with none pending is refused as unsolicited.
 */
export async function finishSignIn(config, state, samlResponse, replay, { requestIds, requestTtlMs = DEFAULT_MAX_AGE * 1000 } = {}) {
  const requestId = state.requestId;
  delete state.requestId;
  if (typeof requestId !== 'string') {
    throw new SamlError('in_response_to_mismatch', 'no sign-in was started in this session (unsolicited response)');
  }
  if (typeof samlResponse !== 'string' || samlResponse === '') {
    throw new SamlError('malformed_base64', 'the request carries no SAMLResponse form value');
  }
  const result = sso.validateResponse(config, samlResponse, { requestId });
  if (requestIds) {
    // A state cookie cannot be used up on the server: the shared store makes the pending
    // request single-use across the fleet, as popping it from a server-side session does.
    const now = new Date();
    if (!(await requestIds.insertIfAbsent(`request:${requestId}`, new Date(now.getTime() + requestTtlMs), now))) {
      throw new SamlError('replayed', `the sign-in request ${JSON.stringify(requestId)} was already used`);
    }
  }
  await replay.check(config, result);
  const returnTo = web.safeReturnPath(state.returnTo);
  signOutState(state); // a new sign-in replaces whatever the state held
  const user = userOf(result);
  state.user = user;
  state.session = result.session;
  return { result, user, returnTo };
}

/** Whether `state`'s user is still signed in; asks the platform when the recheck time has come
 * (with `fetch`), keeps the renewed value, signs the user out when not valid (fail closed). */
export async function recheck(config, state, { fetch } = {}) {
  if (!isUser(state.user)) return false;
  const check = await maestranoSession.check(config, state.session, { fetch });
  if (!check.valid) {
    signOutState(state);
    return false;
  }
  if (check.value) state.session = check.value;
  return true;
}

const isUser = (u) => u !== null && typeof u === 'object' && typeof u.uid === 'string';

/**
 * The platform's call a request is, or null (route it as usual): `{event, notification}` where
 * `notification` is a Connec! notification's records by entity (else null). `readBody` (async,
 * bytes or string) is called only for a Connec! notification. Throws `ApiError`
 * (`api_authentication`, 401; `api_invalid_request`, 400).
 */
export async function platformCall(config, { method, path, authorization }, readBody) {
  const event = webhooks.match(config, { method, path, authorization: authorization ?? null });
  if (event === null) return null;
  let notification = null;
  if (event.event === 'connec_notification') notification = webhooks.connecNotification(await readBody());
  return { event, notification };
}

// ---- the dispatcher the adapters share --------------------------------------------------------

const pathOf = (url) => new URL(url).pathname;
const noStore = { 'cache-control': 'no-store' };
const page = (title, body, status) => ({
  status,
  headers: { 'content-type': 'text/html; charset=utf-8', ...noStore },
  body: `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head><body><h1>${esc(title)}</h1>${body}</body></html>`,
});
const json = (value, status = 200) => ({ status, headers: { 'content-type': 'application/json', ...noStore }, body: JSON.stringify(value) });
const redirect = (location) => ({ status: 302, headers: { location, ...noStore }, body: '' });

/**
 * The options of every adapter, checked once: `config` (a `Config`), `secret` (signs the state
 * cookie) or `session` (`(ctx) => object`: the app's session, e.g. `(req) => req.session`),
 * `replay` (a `ReplayCache`; in memory by default: one process only), `requestIds` (a shared
 * store, e.g. a `RedisStore`: each pending request accepted once fleet-wide), `cookie` (`name`,
 * `maxAge` seconds, `path`, `domain`, `secure`: true, false or 'auto'), `metadataPath`,
 * `logoutPath`, `fetch` (for the session check), `logger` (`warn`), and the hooks `onSignIn`,
 * `onGroupCancelled`, `onMemberRemoved`, `onConnecNotification`.
 */
export function createFlow(options = {}) {
  const { config } = options;
  if (config === null || typeof config !== 'object' || typeof config.initUrl !== 'function') {
    throw new TypeError('maestrano adapter: `config` must be a maestrano Config');
  }
  const replay = options.replay ?? new ReplayCache();
  const { requestIds } = options;
  if (requestIds != null && typeof requestIds.insertIfAbsent !== 'function') {
    throw new TypeError('maestrano adapter: `requestIds` must be a store with insertIfAbsent(key, expiresAt, now)');
  }
  if (typeof replay.check !== 'function') throw new TypeError('maestrano adapter: `replay` must be a ReplayCache');
  const sso = options.sso !== false;
  const sessionOf = options.session;
  if (sessionOf != null && typeof sessionOf !== 'function') throw new TypeError('maestrano adapter: `session` must be a function (ctx) => session object');
  const cookie = sso && sessionOf == null ? new StateCookie(options.secret, options.cookie) : null;
  for (const hook of ['onSignIn', 'onGroupCancelled', 'onMemberRemoved', 'onConnecNotification']) {
    if (options[hook] != null && typeof options[hook] !== 'function') throw new TypeError(`maestrano adapter: \`${hook}\` must be a function`);
  }
  return {
    config,
    sso,
    replay,
    requestIds,
    requestTtlMs: (cookie ? cookie.maxAge : DEFAULT_MAX_AGE) * 1000,
    cookie,
    sessionOf,
    initPath: pathOf(config.initUrl()),
    consumePath: pathOf(config.consumeUrl()),
    metadataPath: options.metadataPath ?? '/maestrano/metadata',
    logoutPath: options.logoutPath ?? '/maestrano/logout',
    fetch: options.fetch,
    logger: options.logger ?? console,
    hooks: options,
  };
}

/** The URL of the init route that returns to `returnTo` after signing in. */
export function signInUrl(flow, returnTo) {
  return `${flow.initPath}?${new URLSearchParams({ return_to: returnTo })}`;
}

/** The sign-in state of a request (`{state, session, before}`): the app's session object's, or
 * the state cookie's (`req.cookie`: the Cookie header). Save it with `saveState`. */
export async function loadState(flow, req) {
  if (flow.cookie) {
    const state = await flow.cookie.read(req.cookie);
    return { state, session: null, before: JSON.stringify(state) };
  }
  const session = flow.sessionOf(req.ctx);
  if (session === null || typeof session !== 'object') {
    throw new TypeError('maestrano adapter: the `session` option returned no session object (is the session middleware mounted first?)');
  }
  const kept = session[SESSION_KEY];
  const state = kept !== null && typeof kept === 'object' ? { ...kept } : {};
  return { state, session, before: JSON.stringify(state) };
}

/** Stores a state of `loadState` when it changed: resolves the Set-Cookie value to add (cookie
 * mode; `req.https` sets Secure), or null. */
export async function saveState(flow, req, loaded) {
  const { state, before } = loaded;
  if (JSON.stringify(state) === before) return null;
  if (loaded.session) {
    // Asked again: `onSignIn` may have regenerated the session (against fixation).
    const current = flow.sessionOf(req.ctx);
    const session = current !== null && typeof current === 'object' ? current : loaded.session;
    if (Object.keys(state).length === 0) delete session[SESSION_KEY];
    else session[SESSION_KEY] = state;
    return null;
  }
  return flow.cookie.write(state, req.https);
}

/** Signs the user of a request out of the app (not of the platform): deletes the state from the
 * app's session, or returns the `Set-Cookie` value deleting the state cookie. */
export function clearState(flow, req) {
  if (flow.cookie) return flow.cookie.clear(req.https);
  const session = flow.sessionOf(req.ctx);
  if (session !== null && typeof session === 'object') delete session[SESSION_KEY];
  return null;
}

/**
 * Handles one request. `req`: `{method, path, query: URLSearchParams, authorization, cookie,
 * https, ctx, readForm(): Promise<object>, readBody(): Promise<Uint8Array|string>}`. Resolves
 * `{reply, setCookie, user}`: `reply` (`{status, headers, body}` or a Fetch `Response` from a
 * hook) when the request was the adapter's, else null (the app handles it; `user` is who is
 * signed in, after the single-logout recheck). `setCookie`: a header value to add, or null.
 */
export async function dispatch(flow, req) {
  const { config, hooks } = flow;
  // The platform's calls first: they carry no cookie and need no state.
  let call;
  try {
    call = await platformCall(config, req, req.readBody);
  } catch (e) {
    if (!(e instanceof MaestranoError)) throw e;
    flow.logger.warn(`maestrano: platform call refused: ${e.message}`);
    const status = web.statusFor(e);
    return { reply: json({ error: status === 401 ? 'Invalid credentials' : `Invalid request (${e.kind})` }, status), setCookie: null, user: null };
  }
  if (call !== null) {
    const { event, notification } = call;
    if (notification !== null) await hooks.onConnecNotification?.(event, notification, req.ctx);
    else if (event.event === 'group_cancelled') await hooks.onGroupCancelled?.(event, req.ctx);
    else if (event.event === 'member_removed') await hooks.onMemberRemoved?.(event, req.ctx);
    return { reply: json({ success: true }), setCookie: null, user: null };
  }
  const get = req.method === 'GET' || req.method === 'HEAD';
  if (get && req.path === flow.metadataPath) {
    const reply = config.authenticateHeader(req.authorization ?? undefined)
      ? json(config.metadata()) : json({ error: 'Invalid credentials' }, 401);
    return { reply, setCookie: null, user: null };
  }
  if (!flow.sso) return { reply: null, setCookie: null, user: null };
  const ours = (get && (req.path === flow.initPath || req.path === flow.logoutPath))
    || (req.method === 'POST' && req.path === flow.consumePath);
  const loaded = await loadState(flow, req);
  const { state } = loaded;
  let reply = null;
  let user = null;
  if (!ours) {
    if (await recheck(config, state, { fetch: flow.fetch })) user = state.user;
  } else if (req.path === flow.initPath) {
    const params = Object.fromEntries(req.query);
    const returnTo = req.query.get('return_to') || req.query.get('next') || undefined;
    reply = redirect(beginSignIn(config, state, { params, returnTo }));
  } else if (req.path === flow.logoutPath) {
    const realUid = isUser(state.user) ? state.user.realUid : undefined;
    signOutState(state);
    reply = redirect(config.logoutUrl(realUid));
  } else {
    reply = await consume(flow, req, state);
  }
  return { reply, setCookie: await saveState(flow, req, loaded), user };
}

async function consume(flow, req, state) {
  let signIn;
  try {
    const form = await req.readForm();
    if (needsRepost(state, form)) {
      // The identity provider's cross-site POST came without the SameSite=Lax cookie.
      return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', ...noStore }, body: repostPage(req.path, form) };
    }
    signIn = await finishSignIn(flow.config, state, form.SAMLResponse, flow.replay, flow);
  } catch (e) {
    if (!(e instanceof MaestranoError)) throw e;
    flow.logger.warn(`maestrano: sign-in refused: ${e.message}`);
    return page('Sign-in refused', `<p id="sso-error">${esc(publicMessage(e))}</p>`, web.statusFor(e));
  }
  if (flow.hooks.onSignIn) {
    let answer;
    try {
      answer = await flow.hooks.onSignIn(signIn, req.ctx);
    } catch (e) {
      signOutState(state);
      throw e;
    }
    if (answer === false) {
      signOutState(state);
      return page('Sign-in refused', '<p id="sso-error">Sign-in refused</p>', 403);
    }
    if (isResponse(answer)) {
      signOutState(state);
      return answer;
    }
  }
  return redirect(signIn.returnTo);
}

/** The error for a request body over `MAX_BODY_BYTES` (answered 413). */
export function tooLarge() {
  return new MaestranoError('input_too_large', `the request body is larger than ${MAX_BODY_BYTES} bytes`);
}

/** Whether `r` is a Fetch `Response` (what a hook may answer). */
export function isResponse(r) {
  return r !== null && typeof r === 'object' && typeof r.status === 'number' && typeof r.headers?.get === 'function';
}

/** A form body (urlencoded, string or bytes) as `{name: first value}`. */
export function parseForm(body) {
  const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
  const out = {};
  for (const [k, v] of new URLSearchParams(text)) if (!(k in out)) out[k] = v;
  return out;
}
