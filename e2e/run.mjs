// End-to-end: the local sandbox and each demo app (Hono and Express on the npm package's
// adapters, Flask and Django on the Python package's integrations), driven through SSO in Debian's headless Chromium (playwright-core, no browser
// download). For each app, with a fresh sandbox:
//   1. open the app → sent to the sandbox's user picker → pick a user, then a group → the
//      auto-posted SAMLResponse signs the user in as that user and group;
//   2. bill the group from the app → the bill is in the sandbox;
//   3. "log this user out everywhere" in the sandbox → after the recheck time the app sends the
//      user back to SSO;
//   4. sign in again, cancel the group from the sandbox (account webhook) → the app reacts: the
//      user is signed out and the group is refused at the next sign-in.
// Prints `e2e: N passed, N failed` and exits non-zero on any failure.
//
//   MAESTRANO_SANDBOX  the sandbox binary (default target/debug/maestrano-sandbox)
//   MAESTRANO_PYTHON   a Python with the maestrano wheel, Flask and Django (default python3)
//   CHROMIUM           the browser (default /usr/bin/chromium)
//   E2E_APPS           which apps, comma-separated (default hono,express,flask,django)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SANDBOX = process.env.MAESTRANO_SANDBOX ?? join(root, 'target/debug/maestrano-sandbox');
const PYTHON = process.env.MAESTRANO_PYTHON ?? 'python3';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const RECHECK_SECS = 3;
// Every app is reached as `localhost` while the sandbox is `127.0.0.1`: two sites, so the IdP's
// POST is cross-site and the browser withholds the app's SameSite=Lax cookie (the Python
// session, the JS adapters' state cookie), as in production; the consume route must post the
// form again from its own origin (docs/spec.md D36).
const apps = {
  hono: { cmd: process.execPath, args: () => [join(root, 'examples/hono/server.mjs')], host: 'localhost' },
  express: { cmd: process.execPath, args: () => [join(root, 'examples/express/server.mjs')], host: 'localhost' },
  flask: { cmd: PYTHON, args: () => [join(root, 'examples/flask/app.py')], host: 'localhost' },
  django: {
    cmd: PYTHON,
    args: (port) => [join(root, 'examples/django/manage.py'), 'runserver', `127.0.0.1:${port}`, '--noreload'],
    host: 'localhost',
  },
};

const freePort = () => new Promise((resolve, reject) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  }).on('error', reject);
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts a process; resolves once a line of its output matches `ready` (or rejects on exit). */
function start(name, cmd, args, env, ready) {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const done = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} not ready after 60 s:\n${log}`)), 60_000);
    const onData = (d) => {
      log += d;
      if (ready.test(log)) { clearTimeout(timer); resolve(); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${name} exited (${code}):\n${log}`)); });
  });
  return { child, done, log: () => log };
}

function run(cmd, args) {
  return new Promise((resolve, reject) => {
    const c = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    c.stdout.on('data', (d) => { out += d; });
    c.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} exited ${code}`))));
  });
}

async function json(url, init) {
  const r = await fetch(url, init);
  const text = await r.text();
  if (!r.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: ${r.status} ${text}`);
  return JSON.parse(text);
}

function check(cond, what) {
  if (!cond) throw new Error(`expected: ${what}`);
}

/** Picks `uid` (then `gid` when the group picker shows) on the sandbox and waits for the app. */
async function signIn(page, appUrl, uid, gid) {
  await page.waitForSelector('#user-picker');
  await page.click(`a.pick-user[data-uid="${uid}"]`);
  const next = await Promise.race([
    page.waitForSelector('#group-picker').then(() => 'groups'),
    page.waitForURL((u) => u.href.startsWith(appUrl)).then(() => 'app'),
  ]);
  if (next === 'groups') await page.click(`a.pick-group[data-gid="${gid}"]`);
  await page.waitForURL((u) => u.href.startsWith(appUrl), { timeout: 15_000 });
}

async function scenario(browser, name) {
  const [sandboxPort, appPort] = [await freePort(), await freePort()];
  const data = mkdtempSync(join(tmpdir(), `mno-e2e-${name}-`));
  const appUrl = `http://${apps[name].host ?? '127.0.0.1'}:${appPort}`;
  const sandboxArgs = ['--data-dir', data, '--port', String(sandboxPort), '--app-url', appUrl,
    '--recheck-secs', String(RECHECK_SECS)];
  const creds = JSON.parse(await run(SANDBOX, [...sandboxArgs, '--print-credentials-json']));
  const sandbox = start('sandbox', SANDBOX, sandboxArgs, {}, /Listening on http/);
  let app;
  const context = await browser.newContext();
  try {
    await sandbox.done;
    const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    app = start(name, apps[name].cmd, apps[name].args(appPort), {
      PORT: String(appPort),
      MNO_DEVPL_HOST: creds.devplatform.host,
      MNO_DEVPL_API_PATH: creds.devplatform.api_path,
      MNO_DEVPL_ENV_NAME: creds.devplatform.env_name,
      MNO_DEVPL_ENV_KEY: creds.devplatform.key,
      MNO_DEVPL_ENV_SECRET: creds.devplatform.secret,
    }, /on http:\/\/127\.0\.0\.1/);
    await app.done;
    await sleep(300);
    const page = await context.newPage();

    // 1. SSO through the pickers: usr-1 is in two groups, so the group picker shows.
    await page.goto(`${appUrl}/`);
    await signIn(page, appUrl, 'usr-1', 'cld-2');
    check((await page.textContent('#user-uid')) === 'usr-1', 'signed in as usr-1');
    check((await page.textContent('#group-uid')) === 'cld-2', 'signed in through group cld-2');
    check((await page.textContent('#role')) === 'Member', 'role Member in cld-2');

    // 2. Billing: the bill created from the app is in the sandbox.
    await page.fill('#bill-price', '4200');
    await page.click('#create-bill');
    await page.waitForSelector('#bill-created');
    const billId = (await page.textContent('#bill-created')).match(/bill-\S+/)?.[0];
    const state = await json(`${sandboxUrl}/admin/api/state`);
    const bill = state.bills.find((b) => b.id === billId);
    check(bill && bill.group_id === 'cld-2' && Number(bill.price_cents) === 4200, `bill ${billId} for cld-2 in the sandbox`);
    const admin = await context.newPage();
    await admin.goto(`${sandboxUrl}/`);
    check((await admin.textContent('#bills')).includes(billId), `bill ${billId} on the sandbox's admin page`);
    await admin.close();

    // 3. Single logout: logged out everywhere → after the recheck the app sends the user to SSO.
    await json(`${sandboxUrl}/admin/api/users/usr-1/logout`, { method: 'POST' });
    await sleep((RECHECK_SECS + 1) * 1000);
    await page.goto(`${appUrl}/`);
    await page.waitForSelector('#user-picker');
    check(page.url().startsWith(sandboxUrl), 'sent back to the sandbox after single logout');

    // 4. Group cancelled by the platform: the app answers the webhook and signs the group out.
    await signIn(page, appUrl, 'usr-1', 'cld-1');
    check((await page.textContent('#group-uid')) === 'cld-1', 'signed in again through cld-1');
    const hook = await json(`${sandboxUrl}/admin/api/groups/cld-1/cancel`, { method: 'POST' });
    check(hook.status === 200, `the app accepted the group-cancel webhook (got ${JSON.stringify(hook)})`);
    const events = await json(`${appUrl}/events`);
    check(events.cancelledGroups.includes('cld-1'), 'the app recorded the cancelled group');
    await page.goto(`${appUrl}/`);
    await page.waitForSelector('#user-picker');
    await page.click('a.pick-user[data-uid="usr-1"]');
    await page.click('a.pick-group[data-gid="cld-1"]');
    await page.waitForURL((u) => u.href.startsWith(appUrl));
    check((await page.textContent('h1')) === 'Access refused', 'the cancelled group is refused at sign-in');

    // Bad credentials on a webhook are refused with 401.
    const forged = await fetch(`${appUrl}/maestrano/account/groups/cld-3`, {
      method: 'DELETE', headers: { authorization: `Basic ${btoa('app-sandbox:wrong')}` },
    });
    check(forged.status === 401, 'a forged webhook is refused with 401');
  } catch (e) {
    if (app) e.message += `\n--- ${name} log ---\n${app.log()}`;
    e.message += `\n--- sandbox log (tail) ---\n${sandbox.log().slice(-2000)}`;
    throw e;
  } finally {
    await context.close();
    app?.child.kill();
    sandbox.child.kill();
    rmSync(data, { recursive: true, force: true });
  }
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
let passed = 0;
let failed = 0;
for (const name of (process.env.E2E_APPS ?? 'hono,express,flask,django').split(',').filter(Boolean)) {
  const t = Date.now();
  try {
    await scenario(browser, name);
    passed++;
    console.log(`ok   ${name} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e.message}`);
  }
}
await browser.close();
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
