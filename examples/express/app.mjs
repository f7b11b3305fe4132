// A small Express app integrated with Maestrano through the `maestrano` npm package and its
// Express adapter (`maestrano/express`, Express 4 or 5), which does SSO (init and consume, with
// the re-post of D36 when the IdP's cross-site POST comes without the cookie), single logout
// (the Maestrano session rechecked when due), /maestrano/metadata, account webhooks and Connec!
// notifications (HTTP Basic checked). This file adds the app's own part: what to do on those
// events, billing the signed-in user's group and listing its Connec! people. The same app as
// examples/hono, on Express.
import express from 'express';
import { Client, MaestranoError, ReplayCache } from 'maestrano';
import { maestrano, currentUser, signOut } from 'maestrano/express';

const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const page = (title, body) => `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}
.notice{background:#fff3cd;padding:.5rem 1rem}.ok{background:#d1e7dd;padding:.5rem 1rem}</style></head>
<body><h1>${esc(title)}</h1>${body}</body></html>`;

const html = (body, status = 200) => new Response(body, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });

/**
 * The app for one preset (marketplace). `secret` signs the adapter's state cookie (32 bytes or
 * more). Webhook state is in memory (a real app keeps it in its database).
 */
export function createApp({ config, secret, fetch = globalThis.fetch, replay = new ReplayCache() }) {
  const app = express();
  const client = new Client(config, { fetch });
  const cancelledGroups = new Set();
  const removedMembers = new Set();
  const events = [];

  const mno = maestrano({
    config, secret, replay, fetch, logoutPath: '/logout',
    onSignIn: (signIn) => (cancelledGroups.has(signIn.user.groupUid)
      ? html(page('Access refused', `<p class="notice">Group ${esc(signIn.user.groupUid)} has cancelled this app.</p>`), 403)
      : undefined),
    onGroupCancelled: (event) => {
      cancelledGroups.add(event.groupId);
      events.push(`group ${event.groupId} cancelled`);
    },
    onMemberRemoved: (event) => {
      removedMembers.add(event.localUserId);
      events.push(`member ${event.userId} removed from ${event.groupId} (local user ${event.localUserId})`);
    },
    onConnecNotification: (event, records) => {
      for (const [entity, changed] of Object.entries(records)) events.push(`Connec! ${entity}: ${changed.length} record(s) changed`);
    },
  });
  app.use(mno);
  // A group that cancelled the app is signed out at its next request.
  app.use((req, res, next) => {
    if (cancelledGroups.has(currentUser(req)?.groupUid)) signOut(req);
    next();
  });

  app.get('/', mno.requireUser, async (req, res) => {
    const user = currentUser(req);
    let people;
    try {
      const reply = await client.connec.list(user.groupUid, 'people', { top: 20 });
      people = reply.data.map((p) => `<li>${esc(p.first_name)} ${esc(p.last_name)}</li>`).join('') || '<li>none yet</li>';
    } catch (e) {
      people = `<li class="notice">Connec! unavailable: ${esc(e.message)}</li>`;
    }
    const bill = typeof req.query.bill === 'string' ? req.query.bill : '';
    const flash = bill ? `<p class="ok" id="bill-created">Bill ${esc(bill)} created</p>` : '';
    res.type('html').send(page('Demo app', `${flash}
<p id="whoami">Signed in as <b>${esc(user.firstName)} ${esc(user.lastName)}</b>
(<span id="user-uid">${esc(user.uid)}</span>) in group <b id="group-uid">${esc(user.groupUid)}</b>
(${esc(user.groupName)}), role <span id="role">${esc(user.role)}</span>.</p>
<form method="post" action="/bills"><input name="description" value="Demo usage" id="bill-description">
<input name="price_cents" value="1500" id="bill-price"><button id="create-bill">Bill my group</button></form>
<h2>Connec! people</h2><ul id="people">${people}</ul>
<h2>Platform events</h2><ul id="events">${events.map((e) => `<li>${esc(e)}</li>`).join('')}</ul>
<p><a href="/logout">Sign out</a></p>`));
  });

  app.post('/bills', mno.requireUser, express.urlencoded({ extended: false }), async (req, res, next) => {
    try {
      const bill = await client.bills.create({
        group_id: currentUser(req).groupUid, price_cents: Number(req.body.price_cents),
        description: String(req.body.description ?? ''), currency: 'USD',
      });
      res.redirect(302, `/?bill=${encodeURIComponent(bill.id)}`);
    } catch (e) {
      if (!(e instanceof MaestranoError)) return next(e);
      res.status(400).type('html').send(page('Billing failed', `<p class="notice" id="bill-error">${esc(e.kind)}: ${esc(e.message)}</p>`));
    }
    return undefined;
  });

  app.get('/events', (req, res) => {
    res.json({ events, cancelledGroups: [...cancelledGroups], removedMembers: [...removedMembers] });
  });

  return app;
}
