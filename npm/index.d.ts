// Type declarations of the `maestrano` package (Node 20+ and Cloudflare Workers).

/** The stable error kinds (SPEC §7), identical in every language. */
export type ErrorKind =
  | 'config_missing' | 'config_invalid' | 'input_too_large' | 'malformed_base64' | 'malformed_xml'
  | 'dtd_forbidden' | 'duplicate_id' | 'unexpected_structure' | 'unsupported' | 'signature_missing'
  | 'signature_invalid' | 'digest_mismatch' | 'untrusted_key' | 'algorithm_forbidden'
  | 'status_not_success' | 'not_yet_valid' | 'expired' | 'audience_mismatch' | 'destination_mismatch'
  | 'recipient_mismatch' | 'in_response_to_mismatch' | 'issuer_mismatch' | 'replayed'
  | 'missing_attribute' | 'invalid_attribute' | 'api_authentication' | 'api_invalid_request'
  | 'api_error' | 'devplatform_error';

/** Any failure of the SDK. */
export class MaestranoError extends Error {
  readonly name: 'MaestranoError';
  /** The stable error kind. */
  readonly kind: ErrorKind;
}

/**
 * Configuration input: nested (`{api: {id: 'app-1'}}`), dotted (`{'api.id': 'app-1'}`), or the
 * Ruby gem's legacy flat names (`{app_id: 'app-1'}`). See README for every key.
 */
export type ConfigInput = Record<string, unknown>;

/** One marketplace's resolved configuration. */
export class Config {
  private constructor();
  /** Loads and resolves a configuration; throws `MaestranoError` (`config_invalid`). */
  static fromJSON(obj: ConfigInput): Config;
  /** The effective configuration (includes `api.key`: keep it private). */
  toObject(): Record<string, any>;
  /** The environment name. */
  readonly environment: string;
  /** The app's metadata object (never contains secrets). */
  metadata(): Record<string, any>;
  /** Whether these are this config's credentials (constant-time comparison). */
  authenticate(appId: string, apiKey: string): boolean;
  /** Whether an `Authorization: Basic ...` header value carries this config's credentials. */
  authenticateHeader(authorization: string | null | undefined): boolean;
  /** The local uid of a user in a group ("usr.cld" in virtual mode, else the real uid). */
  maskUser(userUid: string, groupUid: string): string;
  /** The identity provider's SAML endpoint; throws `config_missing` without `sso.idp`/`api.host`. */
  idpUrl(): string;
  /** The app's SSO init URL. */
  initUrl(): string;
  /** The app's SAML consume (ACS) URL. */
  consumeUrl(): string;
  /** The platform logout URL, optionally for one user. */
  logoutUrl(userUid?: string | null): string;
  /** The platform's "access unauthorized" page. */
  unauthorizedUrl(): string;
  /** The single-logout session check URL. */
  sessionCheckUrl(userUid: string, sessionToken: string): string;
}

/** Named configurations, one per marketplace. */
export class Presets implements Iterable<[string, Config]> {
  private constructor();
  /** Loads `{"<name>": {config}, ...}`. */
  static fromJSON(obj: Record<string, ConfigInput>): Presets;
  /** Preset names in order. */
  names(): string[];
  /** Whether a preset of this name exists. */
  has(name: string): boolean;
  /** The preset `name`; throws `MaestranoError` (`config_missing`) when absent. */
  get(name: string): Config;
  /** The name of the preset whose credentials these are, or `null`. */
  findByCredentials(appId: string, apiKey: string): string | null;
  /** All presets as `{name: effective config}`. */
  toObject(): Record<string, Record<string, any>>;
  [Symbol.iterator](): Iterator<[string, Config]>;
}

/** Options of `sso.authnRequest`. */
export interface AuthnRequestOptions {
  /** Extra query parameters, passed through in order after `SAMLRequest`. */
  params?: Record<string, string> | Iterable<[string, string]>;
  /** The group the user last used; added as `group_id` unless `params` has one. */
  groupId?: string | null;
  /** `RelayState`, added last. */
  relayState?: string | null;
  /** The request ID; `"_" + crypto.randomUUID()` by default. */
  id?: string;
  /** The clock; `Date.now()` by default. */
  now?: Date | number;
}

/** A built AuthnRequest. */
export interface AuthnRequest {
  /** Where to redirect the user. */
  url: string;
  /** The request ID: keep it to check `InResponseTo`. */
  requestId: string;
  /** `IssueInstant` (whole seconds). */
  issueInstant: Date;
  /** The AuthnRequest XML. */
  xml: string;
}

/** The signed-in user (SPEC §3 `user` view). */
export interface SsoUser {
  provider: 'maestrano';
  /** `uid` in real creation mode, `virtual_uid` in virtual mode. */
  uid: string;
  info: { email: string | null; firstName: string | null; lastName: string | null; country: string | null; companyName: string | null };
  extra: {
    uid: string | null; virtualUid: string | null; realEmail: string | null; virtualEmail: string | null;
    group: { uid: string; name: string | null; role: string | null };
    /** The platform session, for single logout. */
    session: { uid: string | null; token: string | null; recheck: Date | null; groupUid: string };
  };
}

/** The group the user signed in through (SPEC §3 `group` view). */
export interface SsoGroup {
  provider: 'maestrano';
  uid: string;
  info: {
    freeTrialEndAt: Date | null; companyName: string | null; hasCreditCard: boolean; name: string | null;
    orgUid: string | null; email: string | null; city: string | null; country: string | null;
    timezone: string | null; currency: string | null;
  };
}

/** The user's membership of the group. */
export interface SsoMembership {
  provider: 'maestrano'; groupUid: string; userUid: string; role: string | null;
}

/** A validated SSO response. */
export interface SsoResult {
  nameId: string;
  /** For a replay cache: keep it until `notOnOrAfter`. */
  assertionId: string;
  sessionIndex: string | null;
  notOnOrAfter: Date | null;
  issuer: string | null;
  /** Attribute name → values, in document order. */
  attributes: Record<string, string[]>;
  user: SsoUser;
  group: SsoGroup;
  membership: SsoMembership;
}

/** SAML single sign-on. */
export const sso: {
  /** Builds the AuthnRequest redirect (HTTP-Redirect binding). */
  authnRequest(config: Config, options?: AuthnRequestOptions): AuthnRequest;
  /** Validates the posted `SAMLResponse` (base64 form value); throws `MaestranoError`. */
  validateResponse(config: Config, samlResponse: string, options?: { requestId?: string | null; now?: Date | number }): SsoResult;
};

/** A host store of seen assertion IDs; `insertIfAbsent` must be atomic. */
export interface ReplayStore {
  /** Record `id` until `expiresAt` and return true, unless it is recorded and unexpired at `now`. */
  insertIfAbsent(id: string, expiresAt: Date, now: Date): boolean | Promise<boolean>;
}

/** Accepts each assertion once (in memory by default, or over your shared store). */
export class ReplayCache {
  constructor(store?: ReplayStore);
  /** Resolves when the assertion is new; rejects with `MaestranoError` (`replayed`). */
  check(config: Config, result: SsoResult, options?: { now?: Date | number }): Promise<void>;
}

/** What a verified XML signature covers. */
export interface VerifiedXml {
  /** The exclusive canonical form of the signed element, signature removed: read only this. */
  canonicalXml: string;
  signatureAlgorithm: string;
  digestAlgorithm: string;
}

/** The low-level XML-Signature engine. */
export const xmldsig: {
  /** Verifies the enveloped signature of the element with this `ID`, with pinned keys only. */
  verify(xml: string, options: { id: string; certificates?: string | string[]; fingerprints?: string | string[]; strictAlgorithms?: boolean }): VerifiedXml;
};

/** The real platform uid of a possibly masked uid (the part before the first "."). */
export function unmaskUser(uid: string): string;

/** The library version. */
export const version: string;

declare const api: {
  Config: typeof Config;
  Presets: typeof Presets;
  MaestranoError: typeof MaestranoError;
  ReplayCache: typeof ReplayCache;
  sso: typeof sso;
  xmldsig: typeof xmldsig;
  unmaskUser: typeof unmaskUser;
  version: string;
};
export default api;
