// Type declarations of the `maestrano` package (Node 20+ and Cloudflare Workers).

/** The stable error kinds (docs/spec.md §7), identical in every language. */
export type ErrorKind =
  | 'config_missing' | 'config_invalid' | 'input_too_large' | 'malformed_base64' | 'malformed_xml'
  | 'dtd_forbidden' | 'duplicate_id' | 'unexpected_structure' | 'unsupported' | 'signature_missing'
  | 'signature_invalid' | 'digest_mismatch' | 'untrusted_key' | 'algorithm_forbidden'
  | 'status_not_success' | 'not_yet_valid' | 'expired' | 'audience_mismatch' | 'destination_mismatch'
  | 'recipient_mismatch' | 'in_response_to_mismatch' | 'issuer_mismatch' | 'replayed'
  | 'missing_attribute' | 'invalid_attribute' | 'api_authentication' | 'api_invalid_request'
  | 'api_error' | 'devplatform_error' | 'session_invalid' | 'api_connection' | 'replay_store_full';

/**
 * Any failure of the SDK. Each failure is an instance of one subclass, chosen by `kind`:
 * `ConfigError` (`config_*`), `ApiError` (`api_*`), `DevPlatformError` (`devplatform_error`),
 * `SessionError` (`session_invalid`), `SamlError` (the SAML and XML-Signature kinds).
 * `input_too_large` and `unsupported` take the class of the operation that failed (`ApiError`
 * for API calls, `SamlError` for SSO).
 */
export class MaestranoError extends Error {
  constructor(kind: ErrorKind, message: string, options?: { cause?: unknown });
  /** The class name: `'MaestranoError'`, `'ConfigError'`, `'ApiError'`, ... */
  readonly name: string;
  /** The stable error kind. */
  readonly kind: ErrorKind;
}

/** A configuration key is missing or invalid (`config_missing`, `config_invalid`). */
export class ConfigError extends MaestranoError {}

/** A SAML message or signed XML document was refused (parsing, signature and protocol kinds). */
export class SamlError extends MaestranoError {}

/** A stored session value is corrupt or incomplete (`session_invalid`): the session is not valid. */
export class SessionError extends MaestranoError {}

/** What the platform answered, on errors caused by an HTTP reply. */
export interface HttpFailureOptions {
  cause?: unknown;
  status?: number | null;
  param?: string | null;
  messages?: string[];
  bodyExcerpt?: string | null;
}

/**
 * The platform refused or failed a call (`api_authentication`, `api_invalid_request`,
 * `api_error`) or could not be reached (`api_connection`: refused or dropped connection,
 * timeout; the original failure is in `cause`).
 */
export class ApiError extends MaestranoError {
  constructor(kind: ErrorKind, message: string, options?: HttpFailureOptions);
  /** The HTTP status of the platform's answer, or null (e.g. `api_connection`). */
  readonly status: number | null;
  /** The first field the platform named (Account API) or the first error code (Connec!). */
  readonly param: string | null;
  /** The platform's error messages (`"<field> <message>"` for the Account API). */
  readonly messages: string[];
  /** The start of an unexpected body, for logs. */
  readonly bodyExcerpt: string | null;
}

/** The developer platform's configuration reply is unusable (`devplatform_error`). */
export class DevPlatformError extends MaestranoError {
  constructor(kind: ErrorKind, message: string, options?: HttpFailureOptions);
  readonly status: number | null;
  readonly param: string | null;
  readonly messages: string[];
  readonly bodyExcerpt: string | null;
}

/**
 * Configuration input: nested (`{api: {id: 'app-1'}}`), dotted (`{'api.id': 'app-1'}`), or the
 * Ruby gem's legacy flat names (`{app_id: 'app-1'}`). See README for every key.
 */
export type ConfigInput = Record<string, unknown>;

/** How users are identified: their platform uid, or one per group (`usr.cld`). */
export type CreationMode = 'real' | 'virtual';

/** The effective configuration, as `Config.toObject` returns it (docs/spec.md §1). */
export interface ConfigObject {
  environment: string;
  nid: string | null;
  app: {
    host: string; synchronization_start_path: string | null; synchronization_toggle_path: string | null;
    synchronization_status_path: string | null;
  };
  /** `key` is the app's API secret: keep this object private. */
  api: { id: string | null; key: string | null; host: string | null; base: string; lang: string; lang_version: string | null; timeout: number };
  sso: {
    enabled: boolean; slo_enabled: boolean; creation_mode: CreationMode; init_path: string; consume_path: string;
    idm: string; idp: string | null; name_id_format: string; x509_certificate: string[]; x509_fingerprint: string[];
    clock_skew: number; audiences: string[]; idp_entity_id: string | null; require_in_response_to: boolean;
    strict_algorithms: boolean; max_response_size: number; max_depth: number; max_attributes: number;
    max_elements: number; max_nodes: number; max_namespace_declarations: number; max_prefix_list: number;
  };
  connec: { enabled: boolean; host: string | null; base_path: string; timeout: number };
  webhook: {
    account: { groups_path: string; group_users_path: string };
    connec: { notifications_path: string; subscriptions: Record<string, boolean>; external_ids: boolean };
  };
}

/** The app's metadata (docs/spec.md D3), as `Config.metadata` returns it: no secrets. */
export interface AppMetadata {
  environment: string;
  app: { host: string };
  api: { id: string | null; version: string; lang: string; lang_version: string | null; host: string | null; base: string };
  sso: {
    enabled: boolean; slo_enabled: boolean; init_path: string; consume_path: string; creation_mode: CreationMode;
    idm: string; idp: string | null; name_id_format: string;
    /** One value, a list when several are configured, null for none. */
    x509_fingerprint: string | string[] | null;
    x509_certificate: string | string[] | null;
  };
  connec: { host: string | null; base_path: string };
  webhook: {
    account: { groups_path: string; group_users_path: string };
    connec: { notifications_path: string; subscriptions: Record<string, boolean> };
  };
}

/** One marketplace's resolved configuration. */
export class Config {
  private constructor();
  /** Loads and resolves a configuration; throws `MaestranoError` (`config_invalid`). */
  static fromJSON(obj: ConfigInput): Config;
  /** The effective configuration (includes `api.key`: keep it private). */
  toObject(): ConfigObject;
  /** The environment name. */
  readonly environment: string;
  /** The app's metadata object (never contains secrets). */
  metadata(): AppMetadata;
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
  toObject(): Record<string, ConfigObject>;
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

/** The signed-in user (docs/spec.md §3 `user` view). */
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

/** The group the user signed in through (docs/spec.md §3 `group` view). */
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
  /**
   * The value to keep in the app's session for single logout (`session.check`), or null when
   * the platform sent no session attributes. Base64 JSON, readable by the Ruby SDK; not signed:
   * store it where the rest of the session is (integrity is the session store's job).
   */
  session: string | null;
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
  /**
   * Validates the posted `SAMLResponse` (base64 form value); throws `SamlError` (or
   * `ConfigError`). `preset` (multi-tenant apps) is recorded in `result.session`.
   */
  validateResponse(config: Config, samlResponse: string, options?: { requestId?: string | null; now?: Date | number; preset?: string | null }): SsoResult;
};

/** A host store of seen assertions; `insertIfAbsent` must be atomic. */
export interface ReplayStore {
  /**
   * Record `key` (the assertion's issuer and ID) until `expiresAt` and return true, unless it
   * is recorded and unexpired at `now`.
   */
  insertIfAbsent(key: string, expiresAt: Date, now: Date): boolean | Promise<boolean>;
}

/** Accepts each assertion once (in memory by default, or over your shared store). */
export class ReplayCache {
  /** `capacity`: the most unexpired assertions the in-memory cache holds (default 100000). */
  constructor(store?: ReplayStore, options?: { capacity?: number });
  /**
   * Resolves when the assertion is new; rejects with `SamlError` (`replayed`, or
   * `replay_store_full` when the in-memory cache is full of unexpired entries).
   */
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

/** What `init` accepts: the compiled core, its bytes, a response carrying them, or their URL. */
export type WasmSource = WebAssembly.Module | BufferSource | Response | URL | string;

/**
 * Loads the wasm core. Needed once, before any other call, with the portable entry (the
 * `default`, `deno` and `edge-light` export conditions: Deno, Vercel Edge, bundlers); without an
 * argument that entry fetches the package's own `maestrano.wasm`. The Node, Bun and Workers
 * entries load the core on import: there it resolves at once and ignores `wasm`.
 */
export function init(wasm?: WasmSource | Promise<WasmSource>): Promise<void>;

// ---------------------------------------------------------------------------------------------
// HTTP as data (docs/spec.md §5). The core builds requests; `Client`, `session.check` and
// `autoConfigure` send them with `fetch`; `sansIO` lets an app use its own HTTP client.

/** A `fetch`-compatible function (the global one by default). It is called as a plain function. */
export type FetchLike = (url: string, init: {
  method: string; headers: Record<string, string>; body?: string; redirect: 'manual'; signal: AbortSignal;
}) => Promise<Response>;

/** A request to send. Header names are lower case. */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Absolute URL, query included. */
  url: string;
  headers: Record<string, string>;
  /** The body text (form-encoded or JSON), or null. */
  body: string | null;
  /** How long to wait for the whole response, in milliseconds. */
  timeoutMs: number | null;
}

/** A response to hand back to the core: the status and the whole body. */
export interface HttpResponseInput {
  status: number;
  body: string | Uint8Array | ArrayBuffer | ArrayBufferView;
}

// ---------------------------------------------------------------------------------------------
// Sessions and single logout (docs/spec.md §4).

/** What a stored session value holds. */
export interface SessionPayload {
  /** The platform user's real uid. */
  uid: string;
  /** The platform session token. */
  session: string;
  /** When the platform must next be asked. */
  sessionRecheck: Date;
  groupUid: string | null;
  /** The preset (marketplace) the user signed in through. */
  preset: string | null;
}

/** The outcome of a session check. */
export interface SessionCheck {
  valid: boolean;
  /** The renewed value to store; null: keep the current one if valid, drop it if not. */
  value: string | null;
  /** Why the check failed without an answer from the platform (corrupt value, transport). */
  error?: SessionError | ApiError;
}

/** Single logout: is the user still signed in on the platform? */
export const session: {
  /** The payload of a stored value, or null when there is none or it is corrupt. */
  read(value: string | null | undefined): SessionPayload | null;
  /** The check request at `now`, or null when none is needed; throws `SessionError` on a corrupt value. */
  checkRequest(config: Config, value: string | null | undefined, options?: { now?: Date | number }): HttpRequest | null;
  /** Reads the platform's answer (fails closed). */
  checkResponse(config: Config, value: string | null | undefined, response: HttpResponseInput): SessionCheck;
  /**
   * Checks the session: no request before the recheck time; invalid on a corrupt value, an
   * unreachable platform, a timeout or a garbled answer. Rejects only on configuration errors.
   */
  check(config: Config, value: string | null | undefined, options?: { now?: Date | number; fetch?: FetchLike }): Promise<SessionCheck>;
};

// ---------------------------------------------------------------------------------------------
// Account API and Connec! records. They are the platform's records: its field names
// (snake_case), times as the RFC 3339 strings it sent, and every field it adds kept.

/** Fields the platform adds beyond the typed ones are kept. */
export interface PlatformRecord { [field: string]: unknown }

export interface Bill extends PlatformRecord {
  id: string; group_id?: string | null; created_at?: string | null; updated_at?: string | null;
  price_cents?: number | null; status?: string | null; currency?: string | null; units?: number | null;
  description?: string | null; period_started_at?: string | null; period_ended_at?: string | null;
  third_party?: boolean | null;
}

export interface RecurringBill extends PlatformRecord {
  id: string; group_id?: string | null; created_at?: string | null; updated_at?: string | null;
  price_cents?: number | null; status?: string | null; currency?: string | null; description?: string | null;
  start_date?: string | null; period?: string | null; frequency?: number | null; cycles?: number | null;
  initial_cents?: number | null; last_execution_at?: string | null; next_execution_at?: string | null;
  remaining_cycles?: number | null;
}

export interface AccountUser extends PlatformRecord {
  id: string; name?: string | null; surname?: string | null; email?: string | null; company_name?: string | null;
  country?: string | null; created_at?: string | null; updated_at?: string | null;
}

export interface AccountGroup extends PlatformRecord {
  id: string; name?: string | null; email?: string | null; status?: string | null; has_credit_card?: boolean | null;
  free_trial_end_at?: string | null; currency?: string | null; country?: string | null; city?: string | null;
  timezone?: string | null; created_at?: string | null; updated_at?: string | null;
}

export interface Reseller extends PlatformRecord {
  id: string; name?: string | null; code?: string | null; country?: string | null;
  created_at?: string | null; updated_at?: string | null;
}

/** Any Account API record. */
export type AccountRecord = Bill | RecurringBill | AccountUser | AccountGroup | Reseller;

/** Query filters or fields, form-encoded (nested `k[sub]`, arrays `k[]`, Dates as RFC 3339). */
export type AccountParams = Record<string, unknown>;

/** A collection with the actions the platform offers on it. */
export interface BillsApi<T> {
  list(filters?: AccountParams): Promise<T[]>;
  create(fields: AccountParams): Promise<T>;
  retrieve(id: string): Promise<T>;
  /** `DELETE`: the cancelled record. */
  cancel(id: string): Promise<T>;
}

export interface ReadOnlyApi<T> {
  list(filters?: AccountParams): Promise<T[]>;
  retrieve(id: string): Promise<T>;
}

export interface ResellersApi extends ReadOnlyApi<Reseller> {
  /** The groups of a reseller. */
  groups(id: string): Promise<AccountGroup[]>;
}

/** Connec! list options. */
export interface ConnecListOptions {
  /** `$filter`, e.g. `"updated_at gt '2016-06-28T08:00:00Z'"`. */
  filter?: string;
  /** `$orderby`, e.g. `'created_at desc'`. */
  orderby?: string;
  /** `$top`: page size. */
  top?: number;
  /** `$skip`. */
  skip?: number;
}

export interface ConnecPagination {
  top: number | null; skip: number | null; total: number | null;
  /** Absolute URL of the next page; absent on the last page. */
  next: string | null;
}

/** A Connec! reply keyed by entity. */
export interface ConnecReply<D = PlatformRecord | PlatformRecord[]> {
  /** The reply's entity key (`people`, `company`, ...); null for an empty body. */
  entity: string | null;
  data: D | null;
  pagination: ConnecPagination | null;
  /** Other top-level keys of the reply, when there are any. */
  extra?: Record<string, unknown>;
}

/** One batch operation, as Connec! takes it. */
export interface ConnecBatchOp {
  method: 'post' | 'put' | string;
  /** `/api/v2/<group>/<entity>[/<id>]`. */
  url: string;
  params: Record<string, unknown>;
}

export interface ConnecBatchReply {
  results: Array<{ status: number; body: unknown }>;
}

export interface ConnecApi {
  /** One page of records. */
  list(groupId: string, entity: string, options?: ConnecListOptions): Promise<ConnecReply<PlatformRecord[]>>;
  /** Every record, following `pagination.next` (only on `connec.host`); a failing page rejects there. */
  all(groupId: string, entity: string, options?: ConnecListOptions): AsyncIterableIterator<PlatformRecord>;
  get(groupId: string, entity: string, id: string): Promise<ConnecReply<PlatformRecord>>;
  /** Sent as `{"<entity>": record}`. */
  create(groupId: string, entity: string, record: Record<string, unknown>): Promise<ConnecReply<PlatformRecord>>;
  /** `PUT`, sent as `{"<entity>": record}`. */
  update(groupId: string, entity: string, id: string, record: Record<string, unknown>): Promise<ConnecReply<PlatformRecord>>;
  /** `POST connec.host/batch`: the ops (sent with `sequential: true`) or the whole body. */
  batch(ops: ConnecBatchOp[] | { sequential?: boolean; ops: ConnecBatchOp[] }): Promise<ConnecBatchReply>;
}

/**
 * The Account API and Connec! for one marketplace, over `fetch`. Every method resolves with
 * complete data or rejects with one `MaestranoError` (`ApiError` for the platform's refusals and
 * for `api_connection`; `ConfigError` when a key is missing).
 */
export class Client {
  constructor(config: Config, options?: { fetch?: FetchLike });
  readonly config: Config;
  readonly bills: BillsApi<Bill>;
  readonly recurringBills: BillsApi<RecurringBill>;
  readonly users: ReadOnlyApi<AccountUser>;
  readonly groups: ReadOnlyApi<AccountGroup>;
  readonly resellers: ResellersApi;
  readonly connec: ConnecApi;
}

/** `new Client(config, options)`. */
export function createClient(config: Config, options?: { fetch?: FetchLike }): Client;

// ---------------------------------------------------------------------------------------------
// Webhooks (platform → app).

/** The body to answer with status 401 when `webhooks.match` throws `api_authentication`. */
export const INVALID_CREDENTIALS_BODY: '{"error":"Invalid credentials"}';

/** A recognised platform call. Fields the event does not have are null. */
export interface WebhookEvent {
  event: 'group_cancelled' | 'member_removed' | 'connec_notification';
  groupId: string | null;
  /** The platform user (real uid), for `member_removed`. */
  userId: string | null;
  /** The app's id for that user (`config.maskUser(userId, groupId)`). */
  localUserId: string | null;
  /** The tenant suffix of the path (multi-tenant routes). */
  tenant: string | null;
}

export const webhooks: {
  readonly INVALID_CREDENTIALS_BODY: '{"error":"Invalid credentials"}';
  /**
   * Routes a call by the config's webhook templates and checks its HTTP Basic credentials:
   * the event, or null when it is not a webhook route. Throws `ApiError` (`api_authentication`)
   * on a webhook route without this app's credentials. `path` may be a full URL. A Fetch
   * `Request` or a Node / Express request (`originalUrl` or `url`, `headers.authorization`)
   * can be passed as it is.
   */
  match(config: Config, call:
    | { method: string; path: string; authorization?: string | null }
    | Request
    | { method?: string; url?: string; originalUrl?: string; headers: Record<string, string | string[] | undefined> }): WebhookEvent | null;
  /** A Connec! notification body as `{entity: [records]}`; throws `ApiError` (`api_invalid_request`). */
  connecNotification(body: string | Uint8Array | ArrayBuffer | ArrayBufferView): Record<string, PlatformRecord[]>;
};

// ---------------------------------------------------------------------------------------------
// Developer-platform auto-configuration (docs/spec.md D2).

/** The five developer-platform settings; null when not given. */
export interface DevPlatformSettings {
  /** `MNO_DEVPL_HOST` / `dev_platform.host` (default `https://developer.maestrano.com`). */
  host?: string | null;
  /** `MNO_DEVPL_API_PATH` / `dev_platform.api_path` (default `/api/config/v1`). */
  apiPath?: string | null;
  /** `MNO_DEVPL_ENV_NAME` / `environment.name` (required). */
  envName?: string | null;
  /** `MNO_DEVPL_ENV_KEY` / `environment.api_key` (required). */
  envKey?: string | null;
  /** `MNO_DEVPL_ENV_SECRET` / `environment.api_secret` (required; a secret). */
  envSecret?: string | null;
}

/**
 * The settings from `env` (`process.env` by default where there is one; `null` for none) and,
 * for the ones not set there, from the settings file: `file` (a path; Node only) or `text` (its
 * content), JSON or the YAML subset of docs/spec.md D38, read by the core. Throws `ConfigError`
 * for an unreadable or refused file (`config_invalid` naming the line, `input_too_large`).
 */
export function devPlatformSettings(options?: { env?: Record<string, unknown> | null; file?: string; text?: string }): Required<DevPlatformSettings>;

/**
 * Fetches the app's marketplaces from the developer platform: `Presets`, one per marketplace.
 * `settings` wins over `env` and `file`. Rejects with `ConfigError` (missing settings),
 * `DevPlatformError` (refused or unusable reply) or `ApiError` (`api_connection`).
 */
export function autoConfigure(options?: {
  env?: Record<string, unknown> | null; file?: string; text?: string; settings?: DevPlatformSettings; fetch?: FetchLike;
}): Promise<Presets>;

// ---------------------------------------------------------------------------------------------

/**
 * The platform calls as data, for apps that do their own HTTP: each `*Request` builds what to
 * send, each `*Response` reads what came back (throwing the same errors as `Client`).
 */
export const sansIO: {
  accountRequest(config: Config, resource: 'bills' | 'recurring_bills' | 'users' | 'groups' | 'resellers',
    action: 'list' | 'create' | 'retrieve' | 'cancel' | 'groups', options?: { id?: string | null; params?: AccountParams | null }): HttpRequest;
  /** The record (`create`, `retrieve`, `cancel`) or records (`list`, `groups`) of the reply. */
  accountResponse(resource: string, action: string, response: HttpResponseInput): AccountRecord | AccountRecord[];
  connecRequest(config: Config, action: 'list' | 'get' | 'create' | 'update' | 'batch', options?: {
    groupId?: string; entity?: string; id?: string | null; query?: ConnecListOptions | null; body?: unknown;
  }): HttpRequest;
  /** The request for `pagination.next`; throws `ApiError` (`api_error`) when it is not on `connec.host`. */
  connecNextPageRequest(config: Config, next: string): HttpRequest;
  connecResponse(action: string, response: HttpResponseInput): ConnecReply | ConnecBatchReply;
  devPlatformRequest(settings: DevPlatformSettings): HttpRequest;
  devPlatformResponse(response: HttpResponseInput): Presets;
};

/**
 * What web integrations share (docs/spec.md §9), decided by the core so every language answers
 * alike.
 */
export const web: {
  /**
   * `value` when it is a path on the app's own origin (`/…`, printable ASCII, no `//` or
   * backslash, at most 2048 bytes) that a finished sign-in may return to, else `fallback`
   * (default `'/'`).
   */
  safeReturnPath<F = string>(value: unknown, fallback?: F): string | F;
  /**
   * The HTTP status to answer for `error` (a {@link MaestranoError} or an error kind): 400 garbled
   * request, 401 credentials, 403 refused sign-in, 413 too large, 500 configuration, 502 platform
   * failure, 503 replay store full; 500 for anything else.
   */
  statusFor(error: unknown): number;
};

declare const api: {
  Config: typeof Config;
  Presets: typeof Presets;
  MaestranoError: typeof MaestranoError;
  ConfigError: typeof ConfigError;
  SamlError: typeof SamlError;
  ApiError: typeof ApiError;
  DevPlatformError: typeof DevPlatformError;
  SessionError: typeof SessionError;
  ReplayCache: typeof ReplayCache;
  sso: typeof sso;
  xmldsig: typeof xmldsig;
  unmaskUser: typeof unmaskUser;
  version: string;
  session: typeof session;
  Client: typeof Client;
  createClient: typeof createClient;
  webhooks: typeof webhooks;
  INVALID_CREDENTIALS_BODY: typeof INVALID_CREDENTIALS_BODY;
  devPlatformSettings: typeof devPlatformSettings;
  autoConfigure: typeof autoConfigure;
  sansIO: typeof sansIO;
  web: typeof web;
  init: typeof init;
};
export default api;
