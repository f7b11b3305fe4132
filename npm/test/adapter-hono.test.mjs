// maestrano/hono on Node, end to end against the local sandbox (adapter-support.mjs).
import { Hono } from 'hono';
import { ReplayCache } from 'maestrano';
import { maestrano, currentUser, signOut } from 'maestrano/hono';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adapterSuite, haveSandbox, startSandbox, browser } from './adapter-support.mjs';
import { makeApp, SECRET } from './adapter-hono-app.mjs';

adapterSuite('hono (node)', async ({ config }) => {
  const app = makeApp({ Hono, maestrano, currentUser, signOut, config, replay: new ReplayCache() });
  return { send: (path, init) => app.request(path, init), close() {} };
});

const opts = { skip: haveSandbox ? false : 'maestrano-sandbox is not built' };

test('hono: over https the state cookie is Secure; `cookie` options apply', opts, async () => {
  const box = await startSandbox();
  try {
    const app = new Hono();
    app.use(maestrano({ config: box.config, secret: SECRET, cookie: { name: 'mno_state', path: '/', domain: 'app.example' } }));
    const r = await app.request(`https://app.example${new URL(box.config.initUrl()).pathname}`);
    const [cookie] = r.headers.getSetCookie();
    assert.match(cookie, /^mno_state=[\w-]+\.[\w-]+; Max-Age=86400; Path=\/; Domain=app\.example; HttpOnly; SameSite=Lax; Secure$/);
    assert.equal(r.headers.get('cache-control'), 'no-store');
  } finally {
    box.close();
  }
});

test('hono: an expired state cookie counts as none', opts, async () => {
  const box = await startSandbox();
  try {
    const app = new Hono();
    app.use(maestrano({ config: box.config, secret: SECRET, cookie: { maxAge: 1 }, logger: { warn() {} } }));
    const b = browser((p, init) => app.request(p, init));
    const idp = (await b.request(new URL(box.config.initUrl()).pathname)).headers.get('location');
    const saml = await box.saml(idp);
    await new Promise((r) => setTimeout(r, 1100));
    const r = await b.post(new URL(box.config.consumeUrl()).pathname, { SAMLResponse: saml, maestrano_repost: '1' });
    assert.equal(r.status, 403);
    assert.match(await r.text(), /in_response_to_mismatch/);
  } finally {
    box.close();
  }
});
