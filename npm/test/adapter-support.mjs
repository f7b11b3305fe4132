// What the adapter tests share: the local sandbox (a fresh `maestrano-sandbox` on a free port,
// stopped after; skipped when not built: `cargo build -p maestrano-sandbox`), the browser's part
// of SSO over HTTP (the user picker answered by `user_uid`, the auto-posted form read), a small
// cookie jar, and the suite every adapter passes (`adapterSuite`).
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { autoConfigure } from 'maestrano';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SANDBOX = process.env.MAESTRANO_SANDBOX
  ?? join(process.env.CARGO_TARGET_DIR ?? join(root, 'target'), 'debug', 'maestrano-sandbox');
export const haveSandbox = existsSync(SANDBOX);

/** Starts a sandbox for an app at `appUrl`; `{url, credentials, env, config(), saml(), logoutEverywhere(), close()}`. */
export async function startSandbox({ appUrl = 'http://localhost:3000', recheckSecs = 180 } = {}) {
  const data = mkdtempSync(join(tmpdir(), 'mno-adapter-'));
  const args = ['--data-dir', data, '--port', '0', '--app-url', appUrl, '--recheck-secs', String(recheckSecs)];
  const credentials = JSON.parse(execFileSync(SANDBOX, [...args, '--print-credentials-json'], { encoding: 'utf8' }));
  const child = spawn(SANDBOX, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sandbox not ready:\n${log}`)), 60_000);
    const onData = (d) => {
      log += d;
      const m = /Listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`sandbox exited ${code}:\n${log}`)); });
  });
  const d = credentials.devplatform;
  const env = {
    MNO_DEVPL_HOST: url, MNO_DEVPL_API_PATH: d.api_path, MNO_DEVPL_ENV_NAME: d.env_name,
    MNO_DEVPL_ENV_KEY: d.key, MNO_DEVPL_ENV_SECRET: d.secret,
  };
  const presets = await autoConfigure({ env });
  const config = presets.get(presets.names()[0]);
  return {
    url, credentials, env, config,
    /** What the browser would post back after the app's redirect `idpRedirect`. */
    async saml(idpRedirect, { user = 'usr-2', group } = {}) {
      const u = new URL(idpRedirect);
      u.searchParams.set('user_uid', user);
      if (group) u.searchParams.set('group_id', group);
      const page = await (await fetch(u)).text();
      const m = /name="SAMLResponse" value="([^"]*)"/.exec(page);
      if (!m) throw new Error(`no SAMLResponse in the IdP page:\n${page.slice(0, 2000)}`);
      return unescapeHtml(m[1]);
    },
    /** Ends the user's platform session: the next session check answers "not valid". */
    async logoutEverywhere(uid) {
      const r = await fetch(`${url}/admin/api/users/${uid}/logout`, { method: 'POST' });
      assert.equal(r.status, 200);
    },
    close() {
      child.kill();
      rmSync(data, { recursive: true, force: true });
    },
  };
}

export const unescapeHtml = (s) => s.replace(/&#(\d+);|&#x([0-9a-f]+);|&(amp|lt|gt|quot|apos);/gi, (_, d, h, n) => (d
  ? String.fromCharCode(Number(d)) : h ? String.fromCharCode(parseInt(h, 16))
    : { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[n.toLowerCase()]));

/** The hidden fields of the consume route's re-post page. */
export function repostFields(page) {
  assert.match(page, /name="maestrano_repost"/);
  return Object.fromEntries([...page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)]
    .map(([, n, v]) => [n, unescapeHtml(v)]));
}

/** `Authorization: Basic` of `id:key`. */
export const basic = (id, key) => `Basic ${btoa(`${id}:${key}`)}`;

/**
 * A browser: `request(path, init)` → Response through `send` (a fetch-like function taking a
 * path), with a cookie jar (`jar`: name → value) and no redirects followed.
 */
export function browser(send) {
  const jar = new Map();
  return {
    jar,
    async request(path, init = {}) {
      const headers = new Headers(init.headers);
      if (jar.size) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
      const res = await send(path, { ...init, headers, redirect: 'manual' });
      for (const c of res.headers.getSetCookie()) {
        const [pair, ...attrs] = c.split(';');
        const i = pair.indexOf('=');
        const [name, value] = [pair.slice(0, i).trim(), pair.slice(i + 1).trim()];
        if (attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '') jar.delete(name);
        else jar.set(name, value);
      }
      return res;
    },
    post(path, form) {
      return this.request(path, {
        method: 'POST', body: new URLSearchParams(form).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    },
  };
}

const pathOf = (url) => new URL(url).pathname;

/**
 * The end-to-end suite of one adapter. `makeTarget({config})` resolves `{send(path, init) →
 * Response, close()}` for an app mounted with the adapter: `GET /` (requireUser; answers
 * `signed in as <uid> in <group>`), `GET /x` (requireUser; `page x`), `GET /signout` (signs
 * out of the app; `signed out: true`) and `GET /calls` (the
 * hooks' calls as JSON: `{signIn: [uid], groupCancelled: [gid], memberRemoved: [[gid, uid]],
 * connec: [[entity, count]]}`), a group `cld-refused` refused by onSignIn.
 */
export function adapterSuite(name, makeTarget) {
  let box;
  let target;
  let config;
  const opts = { skip: haveSandbox ? false : 'maestrano-sandbox is not built (cargo build -p maestrano-sandbox)' };
  before(async () => {
    if (!haveSandbox) return;
    box = await startSandbox({ recheckSecs: 2 });
    config = box.config;
    target = await makeTarget({ config, env: box.env });
  });
  after(async () => {
    await target?.close();
    box?.close();
  });
  const newBrowser = () => browser((p, init) => target.send(p, init));
  const init = (query = '') => pathOf(config.initUrl()) + query;
  const consume = () => pathOf(config.consumeUrl());
  const start = async (b, query = '') => {
    const r = await b.request(init(query));
    assert.equal(r.status, 302);
    return r.headers.get('location');
  };
  const signIn = async (b, query = '', who = {}) => b.post(consume(), { SAMLResponse: await box.saml(await start(b, query), who) });
  const calls = async () => (await target.send('/calls')).json();
  const auth = () => {
    const { api } = config.toObject();
    return basic(api.id, api.key);
  };

  test(`${name}: SSO signs the user in, the state cookie is HttpOnly and SameSite=Lax`, opts, async () => {
    const b = newBrowser();
    const first = await b.request(init());
    const cookie = first.headers.getSetCookie().find((c) => c.startsWith('maestrano='));
    assert.ok(cookie, 'the state cookie is set');
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.doesNotMatch(cookie, /Secure/); // http
    assert.ok(first.headers.get('location').startsWith(`${box.url}/`), 'sent to the IdP');
    const r = await b.post(consume(), { SAMLResponse: await box.saml(first.headers.get('location')) });
    assert.equal(r.status, 302);
    assert.equal(r.headers.get('location'), '/');
    const page = await b.request('/');
    assert.equal(page.status, 200);
    assert.equal(await page.text(), 'signed in as usr-2 in cld-2');
    assert.ok((await calls()).signIn.includes('usr-2'));
  });

  test(`${name}: a replayed response is refused with 403, without details`, opts, async () => {
    const first = newBrowser();
    const saml = await box.saml(await start(first));
    // A second browser holding the same pending request: only the replay store stops it.
    const second = newBrowser();
    for (const [k, v] of first.jar) second.jar.set(k, v);
    assert.equal((await first.post(consume(), { SAMLResponse: saml })).status, 302);
    const r = await second.post(consume(), { SAMLResponse: saml });
    assert.equal(r.status, 403);
    const body = await r.text();
    assert.match(body, /id="sso-error">Sign-in refused \(replayed\)/);
    assert.doesNotMatch(body, /already used/);
    assert.equal((await second.request('/')).status, 302);
  });

  test(`${name}: an unsolicited response is posted again, then refused with 403`, opts, async () => {
    const saml = await box.saml(await start(newBrowser()));
    const stranger = newBrowser();
    const page = await stranger.post(consume(), { SAMLResponse: saml });
    assert.equal(page.status, 200);
    const r = await stranger.post(consume(), repostFields(await page.text()));
    assert.equal(r.status, 403);
    assert.match(await r.text(), /in_response_to_mismatch/);
  });

  test(`${name}: the cross-site POST without the cookie is posted again from the app's origin (D36)`, opts, async () => {
    const b = newBrowser();
    const saml = await box.saml(await start(b));
    const crossSite = await newBrowser().post(consume(), { SAMLResponse: saml, RelayState: '<x>' });
    const text = await crossSite.text();
    assert.doesNotMatch(text, /<x>/);
    const fields = repostFields(text);
    assert.deepEqual(fields, { maestrano_repost: '1', SAMLResponse: saml, RelayState: '<x>' });
    const r = await b.post(consume(), fields);
    assert.equal(r.status, 302);
    assert.equal(await (await b.request('/')).text(), 'signed in as usr-2 in cld-2');
  });

  test(`${name}: a forged state cookie counts as none`, opts, async () => {
    const b = newBrowser();
    const saml = await box.saml(await start(b));
    const value = b.jar.get('maestrano');
    b.jar.set('maestrano', `${value.slice(0, -2)}${value.endsWith('AA') ? 'BB' : 'AA'}`);
    const r = await b.post(consume(), { SAMLResponse: saml, maestrano_repost: '1' });
    assert.equal(r.status, 403);
    assert.match(await r.text(), /in_response_to_mismatch/);
  });

  test(`${name}: a missing SAMLResponse is refused with 400`, opts, async () => {
    const b = newBrowser();
    await start(b);
    assert.equal((await b.post(consume(), {})).status, 400);
  });

  for (const [query, location] of [
    ['?return_to=/x', '/x'], ['?next=/x%3Fa%3D1', '/x?a=1'], ['?return_to=//evil.com', '/'],
    ['?return_to=https://evil.com', '/'], ['?return_to=/%5Cevil.com', '/'],
  ]) {
    test(`${name}: return_to ${query} → ${location}`, opts, async () => {
      const r = await signIn(newBrowser(), query);
      assert.equal(r.status, 302);
      assert.equal(r.headers.get('location'), location);
    });
  }

  test(`${name}: requireUser sends to SSO and back to the page`, opts, async () => {
    const b = newBrowser();
    const r = await b.request('/x?a=1');
    assert.equal(r.status, 302);
    const location = new URL(r.headers.get('location'), 'http://app');
    assert.equal(location.pathname, pathOf(config.initUrl()));
    assert.equal(location.searchParams.get('return_to'), '/x?a=1');
    const done = await signIn(b, location.search);
    assert.equal(done.headers.get('location'), '/x?a=1');
    assert.equal(await (await b.request('/x?a=1')).text(), 'page x');
  });

  test(`${name}: onSignIn may refuse (the user stays signed out)`, opts, async () => {
    const b = newBrowser();
    const r = await signIn(b, '', { user: 'usr-1', group: 'cld-1' });
    assert.equal(r.status, 403);
    assert.match(await r.text(), /Access refused/);
    assert.equal((await b.request('/')).status, 302);
  });

  test(`${name}: single logout: after the recheck time the platform's logout signs the user out`, opts, async () => {
    const b = newBrowser();
    await signIn(b, '', { user: 'usr-3' });
    assert.equal((await b.request('/')).status, 200);
    await box.logoutEverywhere('usr-3');
    await new Promise((r) => setTimeout(r, 2500));
    const r = await b.request('/');
    assert.equal(r.status, 302);
    assert.equal(new URL(r.headers.get('location'), 'http://app').pathname, pathOf(config.initUrl()));
    assert.equal(b.jar.has('maestrano'), false, 'the state cookie is cleared');
  });

  test(`${name}: logout route signs out and sends to the platform's logout`, opts, async () => {
    const b = newBrowser();
    await signIn(b);
    const r = await b.request('/maestrano/logout');
    assert.equal(r.status, 302);
    assert.equal(r.headers.get('location'), config.logoutUrl('usr-2'));
    assert.equal((await b.request('/')).status, 302);
  });

  test(`${name}: signOut signs out of the app only`, opts, async () => {
    const b = newBrowser();
    await signIn(b);
    const r = await b.request('/signout');
    assert.equal(await r.text(), 'signed out: true');
    assert.equal((await b.request('/')).status, 302);
  });

  test(`${name}: metadata with good and forged credentials`, opts, async () => {
    const good = await target.send('/maestrano/metadata', { headers: { authorization: auth() } });
    assert.equal(good.status, 200);
    const metadata = await good.json();
    const expected = config.metadata();
    // The app's runtime names itself (`node v…` or `workerd`); the rest is the config's.
    assert.match(metadata.api.lang_version, /^(node v|workerd)/);
    metadata.api.lang_version = expected.api.lang_version;
    assert.deepEqual(metadata, expected);
    assert.doesNotMatch(JSON.stringify(metadata), new RegExp(config.toObject().api.key));
    const { api } = config.toObject();
    for (const authorization of [basic(api.id, 'wrong'), basic('other', api.key), 'Bearer x', null]) {
      const r = await target.send('/maestrano/metadata', { headers: authorization ? { authorization } : {} });
      assert.equal(r.status, 401);
      assert.deepEqual(await r.json(), { error: 'Invalid credentials' });
    }
  });

  test(`${name}: account webhooks and Connec! notifications with good and forged credentials`, opts, async () => {
    const { api } = config.toObject();
    const forged = await target.send('/maestrano/account/groups/cld-9', {
      method: 'DELETE', headers: { authorization: basic(api.id, 'wrong') },
    });
    assert.equal(forged.status, 401);
    assert.deepEqual(await forged.json(), { error: 'Invalid credentials' });
    const none = await target.send('/maestrano/account/groups/cld-9', { method: 'DELETE' });
    assert.equal(none.status, 401);
    assert.equal((await calls()).groupCancelled.includes('cld-9'), false);

    const cancel = await target.send('/maestrano/account/groups/cld-9', { method: 'DELETE', headers: { authorization: auth() } });
    assert.equal(cancel.status, 200);
    assert.deepEqual(await cancel.json(), { success: true });
    const removed = await target.send('/maestrano/account/groups/cld-9/users/usr-7', { method: 'DELETE', headers: { authorization: auth() } });
    assert.equal(removed.status, 200);

    const body = JSON.stringify({ people: [{ id: 'p1' }, { id: 'p2' }] });
    const notif = await target.send('/maestrano/connec/notifications', {
      method: 'POST', body, headers: { authorization: auth(), 'content-type': 'application/json' },
    });
    assert.equal(notif.status, 200);
    const bad = await target.send('/maestrano/connec/notifications', {
      method: 'POST', body: '[1]', headers: { authorization: auth(), 'content-type': 'application/json' },
    });
    assert.equal(bad.status, 400);
    const forgedNotif = await target.send('/maestrano/connec/notifications', {
      method: 'POST', body, headers: { authorization: basic(api.id, 'nope'), 'content-type': 'application/json' },
    });
    assert.equal(forgedNotif.status, 401);

    const c = await calls();
    assert.deepEqual(c.groupCancelled, ['cld-9']);
    assert.deepEqual(c.memberRemoved, [['cld-9', 'usr-7']]);
    assert.deepEqual(c.connec, [['people', 2]]);
  });
}
