// A small app integrated with Maestrano through the `maestrano` npm package:
// - SSO: /maestrano/auth/saml/init redirects to the platform, /maestrano/auth/saml/consume
//   validates the posted response and signs the user in;
// - single logout: every page rechecks the Maestrano session when it is due and sends the user
//   back to SSO when the platform says it has ended;
// - account webhooks (group cancelled, member removed) and Connec! notifications;
// - billing the signed-in user's group and listing its Connec! people.
// Configured by auto-configuration (MNO_DEVPL_* settings), e.g. against the local sandbox.
import { Hono } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { Client, MaestranoError, ReplayCache, session, sso, webhooks } from 'maestrano';

const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const page = (title, body) => `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}
.notice{background:#fff3cd;padding:.5rem 1rem}.ok{background:#d1e7dd;padding:.5rem 1rem}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem}</style></head>
<body><h1>${esc(title)}</h1>${body}</body></html>`;

/**
 * The app for one preset (marketplace). `state` is in memory: sessions by cookie, cancelled
 * groups, removed members and the webhook log (a real app keeps these in its database).
 */
export function createApp({ config, fetch = globalThis.fetch, now = () => new Date() }) {
  const app = new Hono();
  const client = new Client(config, { fetch });
  const replay = new ReplayCache();
  const sessions = new Map(); // sid -> { pendingRequestId, user, group, role, maestrano }
  const cancelledGroups = new Set();
  const removedMembers = new Set();
  const events = [];
  const initPath = new URL(config.initUrl()).pathname;
  const consumePath = new URL(config.consumeUrl()).pathname;

  const sid = (c) => {
    let id = getCookie(c, 'sid');
    if (!id || !sessions.has(id)) {
      id = crypto.randomUUID();
      sessions.set(id, {});
      setCookie(c, 'sid', id, { httpOnly: true, sameSite: 'Lax', path: '/' });
    }
    return id;
  };

  // The platform's calls first: webhooks are routed by the configured templates.
  app.use('/maestrano/*', async (c, next) => {
    let event;
    try {
      event = webhooks.match(config, { method: c.req.method, path: new URL(c.req.url).pathname, authorization: c.req.header('authorization') });
    } catch (e) {
      if (e instanceof MaestranoError && e.kind === 'api_authentication') return c.json({ error: 'Invalid credentials' }, 401);
      throw e;
    }
    if (!event) return next();
    if (event.event === 'group_cancelled') {
      cancelledGroups.add(event.groupId);
      for (const [id, s] of sessions) if (s.group?.uid === event.groupId) sessions.delete(id);
      events.push(`group ${event.groupId} cancelled`);
    } else if (event.event === 'member_removed') {
      removedMembers.add(event.localUserId);
      events.push(`member ${event.userId} removed from ${event.groupId} (local user ${event.localUserId})`);
    } else {
      const batches = webhooks.connecNotification(new Uint8Array(await c.req.arrayBuffer()));
      for (const [entity, records] of Object.entries(batches)) events.push(`Connec! ${entity}: ${records.length} record(s) changed`);
    }
    return c.json({ success: true });
  });

  app.get('/maestrano/metadata', (c) => {
    if (!config.authenticateHeader(c.req.header('authorization'))) return c.json({ error: 'Invalid credentials' }, 401);
    return c.json(config.metadata());
  });

  app.get(initPath, (c) => {
    const s = sessions.get(sid(c));
    const params = Object.fromEntries(new URL(c.req.url).searchParams);
    const request = sso.authnRequest(config, { params, groupId: params.group_id, now: now() });
    s.pendingRequestId = request.requestId;
    return c.redirect(request.url, 302);
  });

  app.post(consumePath, async (c) => {
    const id = sid(c);
    const s = sessions.get(id);
    const form = await c.req.parseBody();
    try {
      const result = sso.validateResponse(config, String(form.SAMLResponse ?? ''), { requestId: s.pendingRequestId, now: now() });
      await replay.check(config, result, { now: now() });
      if (cancelledGroups.has(result.group.uid)) {
        return c.html(page('Access refused', `<p class="notice">Group ${esc(result.group.uid)} has cancelled this app.</p>`), 403);
      }
      sessions.set(id, { user: result.user, group: result.group, role: result.membership.role, maestrano: result.session });
      return c.redirect('/', 302);
    } catch (e) {
      if (!(e instanceof MaestranoError)) throw e;
      return c.html(page('Sign-in refused', `<p class="notice" id="sso-error">${esc(e.kind)}: ${esc(e.message)}</p>`), 403);
    }
  });

  // Every other page needs a signed-in user whose Maestrano session is still valid.
  const signedIn = async (c) => {
    const s = sessions.get(sid(c));
    if (!s?.user) return null;
    const check = await session.check(config, s.maestrano, { now: now(), fetch });
    if (!check.valid) {
      sessions.delete(getCookie(c, 'sid'));
      return null;
    }
    if (check.value) s.maestrano = check.value;
    return s;
  };

  app.get('/', async (c) => {
    const s = await signedIn(c);
    if (!s) return c.redirect(initPath, 302);
    let people = '';
    try {
      const reply = await client.connec.list(s.group.uid, 'people', { top: 20 });
      people = reply.data.map((p) => `<li>${esc(p.first_name)} ${esc(p.last_name)}</li>`).join('') || '<li>none yet</li>';
    } catch (e) {
      people = `<li class="notice">Connec! unavailable: ${esc(e.message)}</li>`;
    }
    const flash = c.req.query('bill') ? `<p class="ok" id="bill-created">Bill ${esc(c.req.query('bill'))} created</p>` : '';
    return c.html(page('Demo app', `${flash}
<p id="whoami">Signed in as <b>${esc(s.user.info.firstName)} ${esc(s.user.info.lastName)}</b>
(<span id="user-uid">${esc(s.user.uid)}</span>) in group <b id="group-uid">${esc(s.group.uid)}</b>
(${esc(s.group.info.name)}), role <span id="role">${esc(s.role)}</span>.</p>
<form method="post" action="/bills"><input name="description" value="Demo usage" id="bill-description">
<input name="price_cents" value="1500" id="bill-price"><button id="create-bill">Bill my group</button></form>
<h2>Connec! people</h2><ul id="people">${people}</ul>
<h2>Platform events</h2><ul id="events">${events.map((e) => `<li>${esc(e)}</li>`).join('')}</ul>
<p><a href="/logout">Sign out</a></p>`));
  });

  app.post('/bills', async (c) => {
    const s = await signedIn(c);
    if (!s) return c.redirect(initPath, 302);
    const form = await c.req.parseBody();
    try {
      const bill = await client.bills.create({
        group_id: s.group.uid, price_cents: Number(form.price_cents), description: String(form.description ?? ''), currency: 'USD',
      });
      return c.redirect(`/?bill=${encodeURIComponent(bill.id)}`, 302);
    } catch (e) {
      if (!(e instanceof MaestranoError)) throw e;
      return c.html(page('Billing failed', `<p class="notice" id="bill-error">${esc(e.kind)}: ${esc(e.message)}</p>`), 400);
    }
  });

  app.get('/events', (c) => c.json({ events, cancelledGroups: [...cancelledGroups], removedMembers: [...removedMembers] }));

  app.get('/logout', (c) => {
    const s = sessions.get(getCookie(c, 'sid') ?? '');
    sessions.delete(getCookie(c, 'sid') ?? '');
    deleteCookie(c, 'sid', { path: '/' });
    return c.redirect(config.logoutUrl(s?.user?.extra?.uid), 302);
  });

  return app;
}
