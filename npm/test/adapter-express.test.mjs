// maestrano/express on Express 5 and Express 4 (the `express4` alias), each a real HTTP server on
// loopback, end to end against the local sandbox (adapter-support.mjs), Express 4 through the
// package's CommonJS copy; and with the state in the app's session object instead of the cookie.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import express5 from 'express';
import express4 from 'express4';
import { ReplayCache } from 'maestrano';
import { createRequire } from 'node:module';
import * as esm from 'maestrano/express';
import { adapterSuite, haveSandbox, startSandbox, browser } from './adapter-support.mjs';
import { SECRET } from './adapter-hono-app.mjs';

// Express 5 apps use the ES module, Express 4 apps the CommonJS copy (`require`).
const cjs = createRequire(import.meta.url)('maestrano/express');
const { maestrano, currentUser } = esm;

/** An Express app on the adapter (see adapterSuite), with `parsers` mounted first when given. */
function makeApp(express, { config, parsers = false, options = {} }) {
  const { maestrano, currentUser, signOut } = express === express4 ? cjs : esm;
  const calls = { signIn: [], groupCancelled: [], memberRemoved: [], connec: [] };
  const app = express();
  if (parsers) app.use(express.urlencoded({ extended: false }), express.json());
  const mno = maestrano({
    config, replay: new ReplayCache(), secret: SECRET, logger: { warn() {} },
    onSignIn(signIn) {
      if (signIn.user.groupUid === 'cld-1') {
        return new Response('<h1>Access refused</h1>', { status: 403, headers: { 'content-type': 'text/html' } });
      }
      calls.signIn.push(signIn.user.uid);
      return undefined;
    },
    onGroupCancelled: (event) => { calls.groupCancelled.push(event.groupId); },
    onMemberRemoved: (event) => { calls.memberRemoved.push([event.groupId, event.userId]); },
    onConnecNotification: (event, records) => {
      for (const [entity, list] of Object.entries(records)) calls.connec.push([entity, list.length]);
    },
    ...options,
  });
  app.use(mno);
  app.get('/', mno.requireUser, (req, res) => { res.type('text').send(`signed in as ${currentUser(req).uid} in ${currentUser(req).groupUid}`); });
  app.get('/x', mno.requireUser, (req, res) => { res.type('text').send('page x'); });
  app.get('/calls', (req, res) => { res.json(calls); });
  app.get('/signout', (req, res) => {
    signOut(req);
    res.type('text').send(`signed out: ${currentUser(req) === null}`);
  });
  return app;
}

async function serve(app) {
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    send: (path, init) => fetch(base + path, { redirect: 'manual', ...init }),
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  };
}

adapterSuite('express 5', async ({ config }) => serve(makeApp(express5, { config })));
adapterSuite('express 4', async ({ config }) => serve(makeApp(express4, { config })));
adapterSuite('express 5, body parsers first', async ({ config }) => serve(makeApp(express5, { config, parsers: true })));
adapterSuite('express 4, body parsers first', async ({ config }) => serve(makeApp(express4, { config, parsers: true })));

const opts = { skip: haveSandbox ? false : 'maestrano-sandbox is not built' };

test('express: with `session`, the state lives in the app\'s session object, regenerated at sign-in', opts, async () => {
  const box = await startSandbox();
  const sessions = new Map();
  const app = express5();
  // A minimal server-side session: the `sid` cookie names an object kept in memory;
  // `regenerate` gives the request a new, empty one under a new sid (as express-session does).
  const fresh = (res) => {
    const sid = crypto.randomUUID();
    sessions.set(sid, {});
    res.setHeader('set-cookie', `sid=${sid}; Path=/; HttpOnly; SameSite=Lax`);
    return sid;
  };
  const attach = (req, res, sid) => {
    req.session = sessions.get(sid);
    Object.defineProperty(req.session, 'regenerate', {
      configurable: true,
      value: (cb) => { sessions.delete(sid); attach(req, res, fresh(res)); cb(); },
    });
  };
  app.use((req, res, next) => {
    const sid = /(?:^|; )sid=([\w-]+)/.exec(req.headers.cookie ?? '')?.[1];
    attach(req, res, sid && sessions.has(sid) ? sid : fresh(res));
    next();
  });
  const mno = maestrano({
    config: box.config, session: (req) => req.session, logger: { warn() {} },
    // Against session fixation: a new session ID once signed in.
    onSignIn: (signIn, req) => new Promise((resolve) => { req.session.regenerate(() => resolve()); }),
  });
  app.use(mno);
  app.get('/', mno.requireUser, (req, res) => { res.send(currentUser(req).uid); });
  const target = await serve(app);
  try {
    const b = browser(target.send);
    const start = await b.request(new URL(box.config.initUrl()).pathname);
    assert.deepEqual([...b.jar.keys()], ['sid']);
    const before = b.jar.get('sid');
    assert.equal(typeof sessions.get(before).maestrano.requestId, 'string');
    const r = await b.post(new URL(box.config.consumeUrl()).pathname, { SAMLResponse: await box.saml(start.headers.get('location')) });
    assert.equal(r.status, 302);
    assert.notEqual(b.jar.get('sid'), before, 'a new session ID');
    assert.equal(sessions.has(before), false);
    assert.equal(await (await b.request('/')).text(), 'usr-2');
    const session = sessions.get(b.jar.get('sid'));
    assert.equal(session.maestrano.user.uid, 'usr-2');
    assert.equal(typeof session.maestrano.session, 'string');
    assert.equal('requestId' in session.maestrano, false, 'the pending request is used up');
  } finally {
    await target.close();
    box.close();
  }
});

test('express: a body over 16 MiB is refused with 413 before it is read whole', opts, async () => {
  const box = await startSandbox();
  const target = await serve(makeApp(express5, { config: box.config }));
  try {
    const { api } = box.config.toObject();
    const r = await target.send('/maestrano/connec/notifications', {
      method: 'POST', body: 'x'.repeat(16 * 1024 * 1024 + 1),
      headers: { authorization: `Basic ${btoa(`${api.id}:${api.key}`)}`, 'content-type': 'application/json' },
    });
    assert.equal(r.status, 413);
  } finally {
    await target.close();
    box.close();
  }
});

test('express: the adapter refuses a missing config or a short secret at mount time', () => {
  assert.throws(() => maestrano({}), /config/);
  assert.throws(() => maestrano({ config: { initUrl() {} }, secret: 'short' }), /32 bytes/);
});

test('every adapter and store subpath exports the same names from import and require', async () => {
  const require = createRequire(import.meta.url);
  for (const name of ['hono', 'express', 'passport', 'redis', 'durable-object']) {
    const fromImport = Object.keys(await import(`maestrano/${name}`)).sort();
    const fromRequire = Object.keys(require(`maestrano/${name}`)).sort();
    assert.deepEqual(fromRequire, fromImport, name);
    assert.ok(fromImport.length > 0, name);
  }
  // The CommonJS copies share the one core with the ES entry (a Config of either works in both).
  assert.equal(require('maestrano').ReplayCache, (await import('maestrano')).ReplayCache);
});
