// Runs docs/spec.md §8 vectors against the JS API. Shared by the Node runner and the workerd
// worker. Vectors arrive as parsed objects (the worker cannot read files).

function runOp(api, v) {
  const input = v.input ?? {};
  const config = () => api.Config.fromJSON(v.config ?? {});
  switch (v.op) {
    case 'config.load': return config().toObject();
    case 'metadata.render': return config().metadata();
    case 'auth.authenticate': return config().authenticate(input.app_id, input.api_key);
    case 'auth.authenticate_header': return config().authenticateHeader(input.authorization);
    case 'user.mask': return config().maskUser(input.user_uid, input.group_uid);
    case 'user.unmask': return api.unmaskUser(input.uid);
    case 'web.return_path': return api.web.safeReturnPath(input.value, null);
    case 'web.error_status': return api.web.statusFor(input.kind);
    case 'presets.find_by_credentials':
      return api.Presets.fromJSON(input.presets).findByCredentials(input.app_id, input.api_key);
    case 'sso.urls': {
      const c = config();
      const out = {
        idp_url: c.idpUrl(), init_url: c.initUrl(), consume_url: c.consumeUrl(),
        logout_url: c.logoutUrl(input.user_uid), unauthorized_url: c.unauthorizedUrl(),
      };
      if (input.user_uid != null && input.session_token != null) {
        out.session_check_url = c.sessionCheckUrl(input.user_uid, input.session_token);
      }
      return out;
    }
    case 'saml.authn_request': {
      const r = api.sso.authnRequest(config(), {
        id: input.id, now: new Date(input.now), params: input.params,
        groupId: input.group_id, relayState: input.relay_state,
      });
      return { url: r.url, request_id: r.requestId, issue_instant: r.issueInstant.toISOString().replace('.000Z', 'Z'), xml: r.xml };
    }
    case 'saml.validate_response': {
      const r = api.sso.validateResponse(config(), input.saml_response,
        { requestId: input.request_id, now: new Date(input.now) });
      delete r.session; // not in the §8 result of this op (see session.from_sso)
      return snake(r);
    }
    case 'saml.replay_sequence': return replaySequence(api, config(), input);
    case 'session.from_sso': {
      const r = api.sso.validateResponse(config(), input.saml_response,
        { requestId: input.request_id, now: new Date(input.now), preset: input.preset });
      return { value: r.session, payload: r.session == null ? null : snake(api.session.read(r.session)) };
    }
    case 'session.check_request':
      return coreRequest(api.session.checkRequest(config(), input.value, { now: new Date(input.now) }));
    case 'session.check_response':
      return api.session.checkResponse(config(), input.value, response(input));
    case 'api.request':
      return coreRequest(api.sansIO.accountRequest(config(), input.resource, input.action,
        { id: input.id, params: input.params }));
    case 'api.response':
      return api.sansIO.accountResponse(input.resource, input.action, response(input));
    case 'connec.request':
      return coreRequest(api.sansIO.connecRequest(config(), input.action, {
        groupId: input.group_id, entity: input.entity, id: input.id, query: input.params, body: input.body,
      }));
    case 'connec.response':
      return api.sansIO.connecResponse(input.action, response(input));
    case 'devplatform.request':
      return coreRequest(api.sansIO.devPlatformRequest({
        host: input.host, apiPath: input.api_path, envName: input.env_name, envKey: input.env_key, envSecret: input.env_secret,
      }));
    case 'devplatform.response':
      return api.sansIO.devPlatformResponse(response(input)).toObject();
    case 'devplatform.settings_file': {
      const s = api.devPlatformSettings({ env: {}, text: input.text });
      return { host: s.host, api_path: s.apiPath, env_name: s.envName, env_key: s.envKey, env_secret: s.envSecret };
    }
    case 'webhook.match':
      return snake(api.webhooks.match(config(), { method: input.method, path: input.path, authorization: input.authorization }));
    case 'webhook.connec_notification':
      return api.webhooks.connecNotification(input.body);
    default: return SKIP;
  }
}

// `saml.replay_sequence`: validates each step's response and passes every valid result to one
// in-memory `ReplayCache` of `input.capacity`; each step's outcome is "ok" or the error kind.
async function replaySequence(api, config, input) {
  const cache = new api.ReplayCache(undefined, { capacity: input.capacity ?? 100000 });
  const outcomes = [];
  for (const step of input.steps ?? []) {
    const now = new Date(step.now);
    try {
      const r = api.sso.validateResponse(config, step.saml_response, { requestId: step.request_id, now });
      await cache.check(config, r, { now });
      outcomes.push('ok');
    } catch (e) {
      if (!(e instanceof api.MaestranoError)) throw e;
      outcomes.push(e.kind);
    }
  }
  return outcomes;
}

// `{status, body}` of a vector (status 0 when absent, as the Rust runner).
const response = (input) => ({ status: input.status ?? 0, body: input.body ?? '' });

// The JS request back in §8 form (`timeout_ms`).
const coreRequest = (r) => (r === null ? null
  : { method: r.method, url: r.url, headers: r.headers, body: r.body, timeout_ms: r.timeoutMs });

const SKIP = Symbol('skip');

// The JS result back in docs/spec.md §8 form: snake_case keys (attribute names untouched), RFC 3339
// times.
function snake(v, key) {
  if (v instanceof Date) return v.toISOString().replace('.000Z', 'Z');
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [
    key === 'attributes' ? k : k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
    key === 'attributes' ? x : snake(x, k),
  ]));
}

/** docs/spec.md §8: objects as subsets, everything else equal. */
export function matches(expected, actual) {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    return actual !== null && typeof actual === 'object' && !Array.isArray(actual)
      && Object.keys(expected).every((k) => k in actual && matches(expected[k], actual[k]));
  }
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && expected.length === actual.length
      && expected.every((e, i) => matches(e, actual[i]));
  }
  return expected === actual;
}

/** Runs vectors; resolves to counts and one message per failure. */
export async function runVectors(api, vectors) {
  let passed = 0, failed = 0, skipped = 0;
  const failures = [];
  for (const v of vectors) {
    let result, error;
    try {
      result = await runOp(api, v);
    } catch (e) {
      if (!(e instanceof api.MaestranoError)) error = { kind: `non-MaestranoError ${e?.name}: ${e?.message}` };
      else error = e;
    }
    if (result === SKIP) { skipped++; continue; }
    const want = v.expect ?? {};
    let why = null;
    if (error) {
      if (!('error' in want)) why = `expected ok, got error ${error.kind}: ${error.message}`;
      else if (want.error !== '*' && want.error !== error.kind) why = `expected error ${want.error}, got ${error.kind}: ${error.message}`;
      else if (want.message != null && !String(error.message).includes(want.message)) {
        why = `expected an error message containing ${JSON.stringify(want.message)}, got ${error.kind}: ${error.message}`;
      }
    } else if ('error' in want) {
      why = `expected error ${want.error}, got ok ${JSON.stringify(result)}`;
    } else if (!('ok' in want)) {
      why = 'vector has no expectation';
    } else if (!matches(want.ok, result)) {
      why = `expected ${JSON.stringify(want.ok)}, got ${JSON.stringify(result)}`;
    }
    if (why) { failed++; failures.push(`FAIL ${v.name}: ${why}`); } else passed++;
  }
  return { passed, failed, skipped, failures };
}
