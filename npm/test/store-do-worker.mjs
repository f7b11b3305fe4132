// An app Worker of the Durable Object store test (two of them run, in two isolates, bound to one
// namespace): `/setup` auto-configures from the sandbox, `/consume` validates a SAMLResponse and
// consumes its assertion through ReplayCache(DurableObjectStore), `/insert` inserts a raw key.
import { autoConfigure, ReplayCache, sso, MaestranoError } from 'maestrano';
import { DurableObjectStore } from 'maestrano/durable-object';

let config = null;

export default {
  async fetch(request, env) {
    const path = new URL(request.url).pathname;
    const body = await request.json();
    const store = new DurableObjectStore(env.REPLAY, { shards: body.shards ?? 1 });
    if (path === '/setup') {
      const presets = await autoConfigure({ env: body });
      config = presets.get(presets.names()[0]);
      return Response.json({ ok: true });
    }
    if (path === '/insert') {
      const now = new Date();
      return Response.json({ inserted: await store.insertIfAbsent(body.key, new Date(now.getTime() + body.ttl), now) });
    }
    const result = sso.validateResponse(config, body.saml, { requestId: body.requestId });
    try {
      await new ReplayCache(store).check(config, result);
      return Response.json({ result: 'won' });
    } catch (e) {
      return Response.json({ result: e instanceof MaestranoError ? e.kind : `error ${e.message}` });
    }
  },
};
