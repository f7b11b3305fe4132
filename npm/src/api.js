// The JavaScript API of the `maestrano` package, over the wasm core. Thin by design: it turns
// objects into the JSON the core reads, core errors into `MaestranoError` subclasses, and does
// the HTTP the core describes (with `fetch`). Every rule lives in the Rust core. `create` is
// called once per entry point (Node, Workers) with that entry's initialised wasm module and
// host facts (`lang`, `langVersion`, and `readFile` where there is a file system).

import {
  MaestranoError, ConfigError, SamlError, ApiError, DevPlatformError, SessionError, call,
} from './errors.js';
import { makeSansIO } from './sansio.js';
import { makeSession } from './session.js';
import { makeClient } from './client.js';
import { makeWebhooks, INVALID_CREDENTIALS_BODY } from './webhooks.js';
import { makeDevPlatform } from './devplatform.js';
import { makeWeb } from './web.js';

export function create(native, host) {
  const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

  // Host defaults first, so a value the caller gives (in any spelling) wins. The host's
  // `api.lang_version` goes with its `api.lang` only: when the caller names another language,
  // the configuration is loaded again without it (the caller's own version, if any, stays).
  const withHost = (obj, version = true) => {
    if (!isPlainObject(obj)) {
      throw new ConfigError('config_invalid', `configuration must be an object, found ${Array.isArray(obj) ? 'an array' : typeof obj}`);
    }
    return version ? { 'api.lang': host.lang, 'api.lang_version': host.langVersion, ...obj } : { 'api.lang': host.lang, ...obj };
  };
  const otherLang = (effective) => effective.api?.lang !== host.lang;

  let nativeOf; // Config → its wasm handle, for the functions below (set in Config's static block).

  /** One marketplace's resolved configuration. */
  class Config {
    #native;

    static {
      nativeOf = (config) => {
        if (!(config instanceof Config)) throw new TypeError('expected a maestrano Config (use Config.fromJSON)');
        return config.#native;
      };
    }

    /** @internal Use `Config.fromJSON`. */
    constructor(native) {
      this.#native = native;
    }

    /** Loads a configuration: nested (`{api: {id}}`), dotted (`"api.id"`) or legacy flat keys. */
    static fromJSON(obj) {
      let loaded = call(() => native.Config.fromJson(JSON.stringify(withHost(obj))));
      if (otherLang(JSON.parse(loaded.toJson()))) {
        loaded.free();
        loaded = call(() => native.Config.fromJson(JSON.stringify(withHost(obj, false))));
      }
      return new Config(loaded);
    }

    /** The effective configuration as a plain object (includes `api.key`: keep it private). */
    toObject() {
      return JSON.parse(this.#native.toJson());
    }

    /** The environment name. */
    get environment() {
      return this.#native.environment;
    }

    /** The app's metadata object (never contains secrets). */
    metadata() {
      return JSON.parse(this.#native.metadataJson());
    }

    /** Whether these are this config's credentials (constant-time comparison). */
    authenticate(appId, apiKey) {
      return this.#native.authenticate(String(appId ?? ''), String(apiKey ?? ''));
    }

    /** Whether an `Authorization: Basic ...` header value carries this config's credentials. */
    authenticateHeader(authorization) {
      return typeof authorization === 'string' && this.#native.authenticateHeader(authorization);
    }

    /** The local uid of a user in a group ("usr.cld" in virtual mode, else the real uid). */
    maskUser(userUid, groupUid) {
      return this.#native.maskUser(userUid, groupUid);
    }

    /** The identity provider's SAML endpoint. */
    idpUrl() {
      return call(() => this.#native.idpUrl());
    }

    /** The app's SSO init URL. */
    initUrl() {
      return this.#native.initUrl();
    }

    /** The app's SAML consume (ACS) URL. */
    consumeUrl() {
      return this.#native.consumeUrl();
    }

    /** The platform logout URL, optionally for one user. */
    logoutUrl(userUid) {
      return call(() => this.#native.logoutUrl(userUid ?? undefined));
    }

    /** The platform's "access unauthorized" page. */
    unauthorizedUrl() {
      return call(() => this.#native.unauthorizedUrl());
    }

    /** The single-logout session check URL. */
    sessionCheckUrl(userUid, sessionToken) {
      return call(() => this.#native.sessionCheckUrl(userUid, sessionToken));
    }
  }

  /** Named configurations, one per marketplace. */
  class Presets {
    #native;

    /** @internal Use `Presets.fromJSON`. */
    constructor(native) {
      this.#native = native;
    }

    /** Loads `{"<name>": {config}, ...}`. */
    static fromJSON(obj) {
      if (!isPlainObject(obj)) {
        throw new ConfigError('config_invalid', 'presets must be an object of name → configuration');
      }
      const all = Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, withHost(v)]));
      let loaded = call(() => native.Presets.fromJson(JSON.stringify(all)));
      const others = Object.entries(JSON.parse(loaded.toJson())).filter(([, c]) => otherLang(c));
      if (others.length > 0) {
        loaded.free();
        for (const [name] of others) all[name] = withHost(obj[name], false);
        loaded = call(() => native.Presets.fromJson(JSON.stringify(all)));
      }
      return new Presets(loaded);
    }

    /** Preset names in order. */
    names() {
      return this.#native.names();
    }

    /** Whether a preset of this name exists. */
    has(name) {
      return this.names().includes(name);
    }

    /** The preset `name`; throws `MaestranoError` (`config_missing`) when absent. */
    get(name) {
      return new Config(call(() => this.#native.get(name)));
    }

    /** The name of the preset whose credentials these are, or `null`. */
    findByCredentials(appId, apiKey) {
      return this.#native.findByCredentials(String(appId ?? ''), String(apiKey ?? '')) ?? null;
    }

    /** All presets as `{name: effective config}`. */
    toObject() {
      return JSON.parse(this.#native.toJson());
    }

    *[Symbol.iterator]() {
      for (const name of this.names()) yield [name, this.get(name)];
    }
  }

  /** The real platform uid of a possibly masked uid (the part before the first "."). */
  const unmaskUser = (uid) => native.unmaskUser(uid);

  // `now` may be a Date or milliseconds since the epoch; the host clock by default.
  const millis = (now) => {
    const ms = now == null ? Date.now() : now instanceof Date ? now.getTime() : Number(now);
    if (!Number.isFinite(ms)) throw new TypeError(`now must be a valid Date or milliseconds, found ${String(now)}`);
    return ms;
  };

  // Query parameters from an object, a Map, URLSearchParams or [name, value] pairs, in order.
  const pairs = (params) => {
    if (params == null) return [];
    const entries = typeof params[Symbol.iterator] === 'function' ? [...params] : Object.entries(params);
    return entries.flatMap(([k, v]) => [String(k), v == null ? '' : String(v)]);
  };

  // snake_case → camelCase. The keys converted are the core's own (a fixed set: never the IdP's
  // attribute names), so each is converted once and remembered (at most 256 of them).
  const camelNames = new Map();
  const camel = (k) => {
    let c = camelNames.get(k);
    if (c === undefined) {
      c = k.replace(/_([a-z0-9])/g, (_, ch) => ch.toUpperCase());
      if (camelNames.size < 256) camelNames.set(k, c);
    }
    return c;
  };
  // An own property, even one named `__proto__` (plain assignment would set the prototype).
  const put = (o, k, v) => {
    if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
    else o[k] = v;
  };
  const date = (s) => (s == null ? null : new Date(s));
  // The core's snake_case result → camelCase with Dates, in one walk (plain loops: this runs on
  // every sign-in). `attributes` keeps the IdP's names.
  const camelize = (v) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const out = {};
    for (const k of Object.keys(v)) put(out, camel(k), camelize(v[k]));
    return out;
  };
  const ssoResult = (r) => {
    const out = {};
    for (const k of Object.keys(r)) put(out, camel(k), k === 'attributes' ? r.attributes : camelize(r[k]));
    out.notOnOrAfter = date(r.not_on_or_after);
    out.user.extra.session.recheck = date(r.user.extra.session.recheck);
    out.group.info.freeTrialEndAt = date(r.group.info.free_trial_end_at);
    out.session = r.session ?? null;
    return out;
  };

  /** SAML single sign-on. */
  const sso = {
    /**
     * Builds the AuthnRequest redirect. Keep `requestId` (e.g. in the session) to check
     * `InResponseTo` when the response comes back.
     */
    authnRequest(config, { params, groupId, relayState, id, now } = {}) {
      const r = JSON.parse(call(() => native.authnRequest(nativeOf(config), id ?? `_${crypto.randomUUID()}`,
        millis(now), pairs(params), groupId ?? undefined, relayState ?? undefined)));
      return { url: r.url, requestId: r.request_id, issueInstant: new Date(r.issue_instant), xml: r.xml };
    },

    /**
     * Validates the posted `SAMLResponse` form value (docs/spec.md §3) and returns who signed in,
     * with `session`: the value to keep in the app's session for single logout (`session.check`),
     * null when the platform sent no session. `preset` (a multi-tenant app's preset name) is
     * recorded in that value. Throws `SamlError` (or `ConfigError`) with a precise `kind`.
     */
    validateResponse(config, samlResponse, { requestId, now, preset } = {}) {
      if (typeof samlResponse !== 'string') {
        throw new SamlError('malformed_base64', `expected the SAMLResponse form value as a string, found ${typeof samlResponse}`);
      }
      return ssoResult(JSON.parse(call(() => native.validateResponse(nativeOf(config), samlResponse,
        millis(now), requestId ?? undefined, preset ?? undefined))));
    },
  };

  /**
   * Accepts each assertion once. By default in memory (one process); pass a store shared by all
   * your instances — `{ insertIfAbsent(key, expiresAt: Date, now: Date): boolean | Promise<boolean> }`,
   * atomic (e.g. Redis SET NX PX, a unique key in a database) — to protect a fleet. `key`
   * identifies the assertion by its issuer and ID. The in-memory cache holds at most `capacity`
   * unexpired assertions (default 100000).
   */
  class ReplayCache {
    #memory;
    #store;

    constructor(store, { capacity = 100000 } = {}) {
      if (store == null) this.#memory = new native.MemoryReplayCache(capacity);
      else if (typeof store.insertIfAbsent === 'function') this.#store = store;
      else throw new TypeError('a replay store needs an insertIfAbsent(key, expiresAt, now) method');
    }

    /**
     * Resolves when `result`'s assertion is new; rejects with `SamlError` (`replayed`, or
     * `replay_store_full` when the in-memory cache is full of unexpired entries).
     */
    async check(config, result, { now } = {}) {
      const nowMs = millis(now);
      const notOnOrAfter = result.notOnOrAfter == null ? undefined : result.notOnOrAfter.getTime();
      const issuer = result.issuer ?? undefined;
      if (this.#memory) {
        call(() => this.#memory.check(nativeOf(config), issuer, result.assertionId, notOnOrAfter, nowMs));
        return;
      }
      const expiresAt = new Date(native.replayExpiry(nativeOf(config), notOnOrAfter, nowMs));
      const key = native.replayKey(issuer, result.assertionId);
      if (!(await this.#store.insertIfAbsent(key, expiresAt, new Date(nowMs)))) {
        throw new SamlError('replayed', `assertion ${JSON.stringify(result.assertionId)} was already used (remembered until ${expiresAt.toISOString()})`);
      }
    }
  }

  const list = (v) => (v == null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

  /** The low-level XML-Signature engine (what SSO uses), for signed XML other than SAML. */
  const xmldsig = {
    /**
     * Verifies the enveloped signature of the element whose `ID` is `id`, trusting only the
     * given certificates (PEM or base64 DER) and fingerprints (SHA-1/SHA-256 hex). Returns the
     * exact canonical bytes that were verified: read only from `canonicalXml`.
     */
    verify(xml, { id, certificates, fingerprints, strictAlgorithms = false } = {}) {
      if (typeof xml !== 'string' || typeof id !== 'string') {
        throw new TypeError('xmldsig.verify(xml: string, { id: string, certificates?, fingerprints? })');
      }
      const r = JSON.parse(call(() => native.xmldsigVerify(xml, id, list(certificates), list(fingerprints), Boolean(strictAlgorithms))));
      return { canonicalXml: r.canonical_xml, signatureAlgorithm: r.signature_algorithm, digestAlgorithm: r.digest_algorithm };
    },
  };

  // Presets the core built (from the developer platform) loaded again with the host defaults,
  // so their metadata and User-Agent name this host's language.
  const presetsFromNative = (loaded) => {
    const effective = JSON.parse(loaded.toJson());
    loaded.free();
    for (const c of Object.values(effective)) {
      if (c.api) {
        delete c.api.lang;
        delete c.api.lang_version;
      }
    }
    return Presets.fromJSON(effective);
  };

  const ctx = { native, host, nativeOf, millis };
  const sansIO = makeSansIO({ ...ctx, presetsFromNative });
  const { Client, createClient } = makeClient(ctx, sansIO);
  const { devPlatformSettings, autoConfigure } = makeDevPlatform(ctx, sansIO);

  return {
    Config, Presets, MaestranoError, ConfigError, SamlError, ApiError, DevPlatformError, SessionError,
    ReplayCache, sso, xmldsig, unmaskUser, version: native.version(),
    session: makeSession(ctx), Client, createClient, webhooks: makeWebhooks(ctx), INVALID_CREDENTIALS_BODY,
    devPlatformSettings, autoConfigure, sansIO, web: makeWeb(ctx),
  };
}
