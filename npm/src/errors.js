// The error classes of the package. Every failure is a `MaestranoError` with a stable `kind`
// (docs/spec.md §7); the subclass is chosen by the kind, so `catch` can be as wide or as narrow as
// needed.

/** Any failure of the SDK. `kind` is the stable error kind (e.g. "config_missing"). */
export class MaestranoError extends Error {
  constructor(kind, message, options) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
  }
}

/** A configuration key is missing or invalid (`config_missing`, `config_invalid`). */
export class ConfigError extends MaestranoError {}

/** A SAML message (or a signed XML document) was refused: parsing, signature and protocol kinds. */
export class SamlError extends MaestranoError {}

/** A stored session value is corrupt or incomplete (`session_invalid`): the session is not valid. */
export class SessionError extends MaestranoError {}

// What the platform answered, when an error comes from an HTTP reply (null when it does not).
const withHttp = (self, options) => {
  self.status = options?.status ?? null;
  self.param = options?.param ?? null;
  self.messages = Array.isArray(options?.messages) ? options.messages : [];
  self.bodyExcerpt = options?.bodyExcerpt ?? null;
};

/**
 * The platform refused or failed a call (`api_authentication`, `api_invalid_request`,
 * `api_error`), or could not be reached (`api_connection`). `status`, `param`, `messages` and
 * `bodyExcerpt` describe the platform's answer when there was one.
 */
export class ApiError extends MaestranoError {
  constructor(kind, message, options) {
    super(kind, message, options);
    withHttp(this, options);
  }
}

/** The developer platform's configuration reply is unusable (`devplatform_error`). */
export class DevPlatformError extends MaestranoError {
  constructor(kind, message, options) {
    super(kind, message, options);
    withHttp(this, options);
  }
}

for (const cls of [MaestranoError, ConfigError, SamlError, SessionError, ApiError, DevPlatformError]) {
  Object.defineProperty(cls.prototype, 'name', { value: cls.name, writable: true, configurable: true });
}

/**
 * The class for a kind. `input_too_large` and `unsupported` are not tied to one area: they take
 * the class of the operation that failed (`fallback`: ApiError for API calls, SamlError for SSO).
 */
export function errorClass(kind, fallback = SamlError) {
  if (kind.startsWith('config_')) return ConfigError;
  if (kind.startsWith('api_')) return ApiError;
  if (kind === 'devplatform_error') return DevPlatformError;
  if (kind === 'session_invalid') return SessionError;
  if (kind === 'input_too_large' || kind === 'unsupported') return fallback;
  return SamlError;
}

// The core's errors are plain `Error`s named "MaestranoError" with a `kind`, and an `http`
// property (JSON text) when the platform's answer caused them.
const isNative = (e) => e !== null && typeof e === 'object' && e.name === 'MaestranoError'
  && typeof e.kind === 'string' && !(e instanceof MaestranoError);

/** The core's error `e` as our class; anything else unchanged. */
export function fromNative(e, fallback) {
  if (!isNative(e)) return e;
  let http = null;
  if (typeof e.http === 'string') {
    try { http = JSON.parse(e.http); } catch { /* not set by this binding: ignore */ }
  }
  const Cls = errorClass(e.kind, fallback);
  return new Cls(e.kind, e.message, http && {
    status: http.status, param: http.param, messages: http.messages, bodyExcerpt: http.body_excerpt,
  });
}

/** Runs `fn`, re-throwing the core's errors as our classes. */
export function call(fn, fallback) {
  try {
    return fn();
  } catch (e) {
    throw fromNative(e, fallback);
  }
}
