// maestrano/passport: the strategy in an Express 5 app with passport 0.7 login sessions (a small
// in-memory session with regenerate/save, as express-session gives), webhooks and metadata from
// maestrano/express with `sso: false`; end to end against the local sandbox (adapter-support.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import express from 'express';
import { Passport } from 'passport';
import { ReplayCache } from 'maestrano';
import { MaestranoStrategy } from 'maestrano/passport';
import { maestrano } from 'maestrano/express';
import { adapterSuite } from './adapter-support.mjs';
import { SECRET } from './adapter-hono-app.mjs';

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A server-side session keyed by the `sid` cookie, with `regenerate` and `save` (passport ≥ 0.6). */
function memorySession() {
  const sessions = new Map();
  const attach = (req, res, sid) => {
    const session = sessions.get(sid);
    Object.defineProperties(session, {
      regenerate: { configurable: true, value: (cb) => { sessions.delete(sid); attach(req, res, fresh(res)); cb(); } },
      save: { configurable: true, value: (cb) => cb() },
    });
    req.session = session;
  };
  const fresh = (res) => {
    const sid = crypto.randomUUID();
    sessions.set(sid, {});
    // Appended, as express-session does: other cookies of the response stay.
    const prev = res.getHeader('set-cookie') ?? [];
    res.setHeader('set-cookie', [...[prev].flat(), `sid=${sid}; Path=/; HttpOnly; SameSite=Lax`]);
    return sid;
  };
  return (req, res, next) => {
    const sid = /(?:^|; )sid=([\w-]+)/.exec(req.headers.cookie ?? '')?.[1];
    attach(req, res, sid && sessions.has(sid) ? sid : fresh(res));
    next();
  };
}

function makeApp(config) {
  const calls = { signIn: [], groupCancelled: [], memberRemoved: [], connec: [] };
  const passport = new Passport();
  const strategy = new MaestranoStrategy({ config, secret: SECRET, replay: new ReplayCache(), logger: { warn() {} } }, (profile, done) => {
    if (profile.groupUid === 'cld-1') return done(null, false, { message: 'Access refused' });
    assert.equal(profile.result.user.uid, profile.uid);
    calls.signIn.push(profile.uid);
    return done(null, { uid: profile.uid, groupUid: profile.groupUid });
  });
  passport.use(strategy);
  passport.serializeUser((user, done) => done(null, JSON.stringify(user)));
  passport.deserializeUser((text, done) => done(null, JSON.parse(text)));

  const app = express();
  app.use(maestrano({
    config, sso: false, logger: { warn() {} },
    onGroupCancelled: (event) => { calls.groupCancelled.push(event.groupId); },
    onMemberRemoved: (event) => { calls.memberRemoved.push([event.groupId, event.userId]); },
    onConnecNotification: (event, records) => {
      for (const [entity, list] of Object.entries(records)) calls.connec.push([entity, list.length]);
    },
  }));
  app.use(memorySession(), passport.initialize(), passport.session());
  const init = new URL(config.initUrl()).pathname;
  app.get(init, passport.authenticate('maestrano'));
  app.post(new URL(config.consumeUrl()).pathname, express.urlencoded({ extended: false }), (req, res, next) => {
    passport.authenticate('maestrano', (err, user, info, status) => {
      if (err) return next(err);
      if (!user) {
        return res.status(status ?? 403).type('html').send(`<h1>Sign-in refused</h1><p id="sso-error">${esc(info?.message ?? '')}</p>`);
      }
      return req.logIn(user, (e) => (e ? next(e) : res.redirect(req.authInfo?.returnTo ?? info.returnTo)));
    })(req, res, next);
  });
  app.use(strategy.recheck());
  app.get('/maestrano/logout', strategy.logout());
  const requireUser = (req, res, next) => {
    if (req.user) return next();
    return res.redirect(`${init}?${new URLSearchParams({ return_to: req.originalUrl })}`);
  };
  app.get('/', requireUser, (req, res) => { res.type('text').send(`signed in as ${req.user.uid} in ${req.user.groupUid}`); });
  app.get('/x', requireUser, (req, res) => { res.type('text').send('page x'); });
  app.get('/calls', (req, res) => { res.json(calls); });
  app.get('/signout', (req, res, next) => req.logout((e) => (e ? next(e) : res.type('text').send('signed out: true'))));
  return app;
}

adapterSuite('passport', async ({ config }) => {
  const server = makeApp(config).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    send: (path, init) => fetch(base + path, { redirect: 'manual', ...init }),
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  };
});

test('passport: the strategy needs verify and refuses `session`', () => {
  assert.throws(() => new MaestranoStrategy({ secret: SECRET }), /verify/);
  assert.throws(() => new MaestranoStrategy({ session: () => ({}) }, () => {}), /signed cookie/);
});
