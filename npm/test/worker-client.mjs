// A Worker that uses the package's HTTP features inside workerd against the test's loopback
// server (POSTed as `{url, closedUrl}`), with the runtime's own fetch. It answers one outcome per
// step: `{ok}` or `{error: {name, kind, status, message, isMaestranoError, isApiError}}`.
import {
  Config, Client, ApiError, MaestranoError, session, sso, autoConfigure, devPlatformSettings, webhooks,
} from '../dist/workerd.mjs';

const outcome = async (fn) => {
  try {
    return { ok: await fn() };
  } catch (e) {
    return {
      error: {
        name: e?.name, kind: e?.kind, status: e?.status ?? null, message: e?.message,
        isMaestranoError: e instanceof MaestranoError, isApiError: e instanceof ApiError,
      },
    };
  }
};

export default {
  async fetch(request, env) {
    const { url, closedUrl, sessionValue } = await request.json();
    const config = (host) => Config.fromJSON({
      environment: 'production',
      api: { id: 'app-1', key: 'k3y', host, timeout: 1 },
      connec: { host, timeout: 1 },
      sso: { idp: host },
    });
    const client = new Client(config(url));
    const steps = {
      billsList: () => client.bills.list({ group_id: 'cld-001' }),
      billCreate: () => client.bills.create({ group_id: 'cld-1', price_cents: 2300, description: 'Bill for something' }),
      connecAll: async () => {
        const names = [];
        for await (const p of client.connec.all('cld-dkg601', 'people', { top: 2 })) names.push(p.first_name);
        return names;
      },
      connecBatch: () => client.connec.batch([{ method: 'post', url: '/api/v2/cld-1/people', params: { people: {} } }]),
      unauthorized: () => client.groups.list(),
      timeout: () => client.users.list(),
      dropped: () => client.resellers.list(),
      refused: () => new Client(config(closedUrl)).bills.list(),
      injectedFetch: () => new Client(config('https://hub.example'), {
        fetch: (u) => fetch(u.replace('https://hub.example', url)),
      }).bills.retrieve('bill-1'),
      sessionCheck: () => session.check(config(url), sessionValue, { now: new Date('2026-03-02T00:00:00Z') }),
      sessionUnreachable: async () => {
        const r = await session.check(config(closedUrl), sessionValue, { now: new Date('2026-03-02T00:00:00Z') });
        return { valid: r.valid, value: r.value, errorKind: r.error?.kind };
      },
      autoConfigureFromEnv: async () => (await autoConfigure({ env: { ...env, MNO_DEVPL_HOST: url } })).names(),
      settingsFileRefused: () => devPlatformSettings({ env: {}, file: 'dev_platform.yml' }),
      webhookFromRequest: () => webhooks.match(config(url), new Request('https://app.example/maestrano/account/groups/cld-1', {
        method: 'DELETE', headers: { authorization: `Basic ${btoa('app-1:k3y')}` },
      })),
      ssoStillWorks: () => typeof sso.authnRequest(config(url)).url,
    };
    const results = {};
    for (const [name, step] of Object.entries(steps)) results[name] = await outcome(step);
    return Response.json(results);
  },
};
