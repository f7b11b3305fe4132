// A passport strategy for Maestrano SSO (`maestrano/passport`), for apps already on passport
// (e.g. moving from passport-saml). passport itself is not imported: passport accepts any object
// with `name` and `authenticate`, and adds `success`, `fail`, `redirect` and `error` to it.
//
//   import passport from 'passport';
//   import { MaestranoStrategy } from 'maestrano/passport';
//   import { maestrano } from 'maestrano/express';
//
//   const strategy = new MaestranoStrategy({ config, secret: process.env.COOKIE_SECRET },
//     (profile, done) => done(null, profile));          // or find/create the local user
//   passport.use(strategy);
//   app.use(maestrano({ config, sso: false, onGroupCancelled })); // webhooks + metadata
//   app.get('/maestrano/auth/saml/init', passport.authenticate('maestrano'));
//   app.post('/maestrano/auth/saml/consume', express.urlencoded({ extended: false }),
//     passport.authenticate('maestrano'), (req, res) => res.redirect(req.authInfo.returnTo));
//   app.use(strategy.recheck());                       // single logout
//   app.get('/maestrano/logout', strategy.logout());
//
// A GET starts the sign-in (the AuthnRequest redirect; `?return_to=` or `?next=` kept when a
// same-origin path); a POST consumes the response (InResponseTo, replay check, D36 re-post when
// the cross-site POST came without the state cookie). The request ID and the single-logout value
// live in the adapter's signed state cookie (`secret`), not in `req.session`: passport
// regenerates the session at login. Refusals call `fail({message}, status)` with the status of
// `web.statusFor` and a message without internals.

import { MaestranoError, web } from 'maestrano';
import {
  createFlow, loadState, saveState, beginSignIn, needsRepost, repostPage, finishSignIn, recheck,
  signOutState, publicMessage,
} from './flow.js';
import { readForm, appendCookie, sendReply } from './express.js';

const urlOf = (req) => new URL(req.originalUrl ?? req.url, 'http://localhost');
const stateReq = (req) => ({ cookie: req.headers.cookie ?? null, https: req.secure === true || req.socket?.encrypted === true, ctx: req });

/** Calls passport's `req.logout` (0.5: synchronous; 0.6 and later: with a callback). */
function logOut(req, done) {
  if (typeof req.logout !== 'function') return done();
  if (req.logout.length === 0) {
    req.logout();
    return done();
  }
  return req.logout((err) => done(err));
}

/**
 * `new MaestranoStrategy(options, verify)`. `options`: those of the adapters' flow (`config`,
 * `secret`, `replay`, `requestIds`, `cookie`, `fetch`, `logger`) plus `name` (default `maestrano`) and
 * `passReqToCallback`. `verify(profile, done)` (or `(req, profile, done)`) receives the
 * profile `{uid, realUid, email, firstName, lastName, groupUid, groupName, role, result}`
 * (`result`: the whole SSO result) and calls `done(err, user, info)`; a falsy `user` refuses
 * the sign-in (403). On success, `info.returnTo` is the same-origin path to redirect to.
 */
export class MaestranoStrategy {
  constructor(options, verify) {
    if (typeof verify !== 'function') throw new TypeError('MaestranoStrategy(options, verify): verify must be a function');
    const { session, ...rest } = options ?? {};
    if (session != null) throw new TypeError('MaestranoStrategy keeps its state in the signed cookie: pass `secret`, not `session`');
    this.name = options.name ?? 'maestrano';
    this._flow = createFlow({ ...rest, sso: true });
    this._verify = verify;
    this._passReqToCallback = Boolean(options.passReqToCallback);
  }

  /** passport's entry point: GET starts the sign-in, POST consumes the response. */
  authenticate(req) {
    this._authenticate(req).catch((e) => this.error(e));
  }

  async _authenticate(req) {
    const flow = this._flow;
    const loaded = await loadState(flow, stateReq(req));
    const { state } = loaded;
    const save = async () => {
      const cookie = await saveState(flow, stateReq(req), loaded);
      if (cookie) appendCookie(req.res, cookie);
    };
    if (req.method !== 'POST') {
      const url = urlOf(req);
      const returnTo = url.searchParams.get('return_to') || url.searchParams.get('next') || undefined;
      const location = beginSignIn(flow.config, state, { params: Object.fromEntries(url.searchParams), returnTo });
      await save();
      return this.redirect(location);
    }
    let signIn;
    try {
      const form = await readForm(req);
      if (needsRepost(state, form)) {
        // The identity provider's cross-site POST came without the SameSite=Lax cookie.
        return sendReply(req.res, {
          status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
          body: repostPage(urlOf(req).pathname, form),
        });
      }
      signIn = await finishSignIn(flow.config, state, form.SAMLResponse, flow.replay, flow);
    } catch (e) {
      if (!(e instanceof MaestranoError)) throw e;
      flow.logger.warn(`maestrano: sign-in refused: ${e.message}`);
      await save();
      return this.fail({ message: publicMessage(e) }, web.statusFor(e));
    }
    const profile = { ...signIn.user, result: signIn.result };
    const done = (err, user, info) => {
      (async () => {
        if (err) return this.error(err);
        if (!user) {
          signOutState(state);
          await save();
          return this.fail(info ?? { message: 'Sign-in refused' }, 403);
        }
        await save();
        return this.success(user, { ...info, returnTo: signIn.returnTo });
      })().catch((e) => this.error(e));
    };
    if (this._passReqToCallback) this._verify(req, profile, done);
    else this._verify(profile, done);
    return undefined;
  }

  /**
   * Express middleware of single logout: when the recheck time has come, asks the platform
   * whether the user signed in through this strategy is still signed in there; when not, clears
   * the state and calls `req.logout()`.
   */
  recheck() {
    return (req, res, next) => {
      (async () => {
        const loaded = await loadState(this._flow, stateReq(req));
        if (!loaded.state.user) return next();
        const valid = await recheck(this._flow.config, loaded.state, { fetch: this._flow.fetch });
        const cookie = await saveState(this._flow, stateReq(req), loaded);
        if (cookie) appendCookie(res, cookie);
        if (valid) return next();
        return logOut(req, next);
      })().catch(next);
    };
  }

  /** Express route: signs the user out of the app (state and `req.logout()`) and redirects to
   * the platform's logout. */
  logout() {
    return (req, res, next) => {
      (async () => {
        const loaded = await loadState(this._flow, stateReq(req));
        const realUid = loaded.state.user?.realUid;
        signOutState(loaded.state);
        const cookie = await saveState(this._flow, stateReq(req), loaded);
        if (cookie) appendCookie(res, cookie);
        logOut(req, (err) => {
          if (err) return next(err);
          res.statusCode = 302;
          res.setHeader('location', this._flow.config.logoutUrl(realUid));
          return res.end();
        });
      })().catch(next);
    };
  }
}
