package com.maestrano

/**
 * Any failure of the SDK. [kind] is the stable error kind of
 * [docs/spec.md §7](https://github.com/maestrano/maestrano-sdk/blob/main/docs/spec.md#7-error-kinds)
 * (e.g. `"config_missing"`, `"signature_invalid"`), the same string in every language; [reason]
 * says why, for people and logs. `message` is `"<kind>: <reason>"`.
 *
 * The subclasses group the kinds by family: [ConfigException], [SamlException],
 * [SessionException], [ApiException] (with [TransportException] for "no usable answer") and
 * [DevPlatformException]. An operation either returns its whole result or throws one of these.
 *
 * ```java
 * try {
 *     Sso.validateResponse(config, form.get("SAMLResponse"));
 * } catch (MaestranoException e) {
 *     log.warn("sign-in refused: {}", e.getKind());
 *     response.setStatus(Web.statusFor(e));
 * }
 * ```
 */
open class MaestranoException @JvmOverloads constructor(
    /** The stable error kind (docs/spec.md §7), e.g. `"config_invalid"`. */
    val kind: String,
    /** Why it failed, without the kind. */
    val reason: String,
    cause: Throwable? = null,
) : RuntimeException("$kind: $reason", cause)

/** A configuration key is missing or invalid (`config_missing`, `config_invalid`). */
open class ConfigException @JvmOverloads constructor(kind: String, reason: String, cause: Throwable? = null) :
    MaestranoException(kind, reason, cause)

/**
 * A SAML message was refused: the parsing, signature, protocol and attribute kinds
 * (`malformed_base64`, `signature_invalid`, `expired`, `replayed`, `missing_attribute`, …), and
 * the kinds of no family of their own raised during SSO (`input_too_large`, `unsupported`,
 * `replay_store_full`).
 */
open class SamlException @JvmOverloads constructor(kind: String, reason: String, cause: Throwable? = null) :
    MaestranoException(kind, reason, cause)

/**
 * A stored Maestrano session value is corrupt or incomplete (`session_invalid`).
 * [Session.check] catches it and reports the session as not valid.
 */
open class SessionException @JvmOverloads constructor(kind: String, reason: String, cause: Throwable? = null) :
    MaestranoException(kind, reason, cause)

/**
 * The platform's API refused or failed a request (`api_*` kinds): `api_authentication` (401:
 * wrong `api.id`/`api.key`), `api_invalid_request` (400/404, or `success: false`: see [param] and
 * [messages]), `api_error` (any other status, or a body that is not the expected JSON: see
 * [status] and [bodyExcerpt]); `api_connection` and oversized answers are [TransportException].
 */
open class ApiException @JvmOverloads constructor(
    kind: String,
    reason: String,
    /** The HTTP status the platform answered; `null` when there was no answer. */
    val status: Int? = null,
    /** The field (or error code) the platform named first, e.g. `"price_cents"`. */
    val param: String? = null,
    /** The platform's messages, e.g. `["price_cents can't be blank"]`. */
    val messages: List<String> = emptyList(),
    /** The start of the body, when it was not the expected JSON. */
    val bodyExcerpt: String? = null,
    cause: Throwable? = null,
) : MaestranoException(kind, reason, cause)

/**
 * The request got no usable answer: refused, dropped, timed out, or a body over the size limit.
 * [kind] is `api_connection` (no complete answer) or `input_too_large` (the answer exceeds
 * [HttpTransport.maxResponseBytes]). The message names the server by its origin
 * (`scheme://host:port`) only, never the path or query, which may carry tokens.
 */
open class TransportException @JvmOverloads constructor(kind: String, reason: String, cause: Throwable? = null) :
    ApiException(kind, reason, cause = cause)

/**
 * The developer platform's configuration reply is unusable (`devplatform_error`), with what it
 * answered.
 */
open class DevPlatformException @JvmOverloads constructor(
    kind: String,
    reason: String,
    /** The HTTP status the developer platform answered. */
    val status: Int? = null,
    /** The field (or error code) it named first. */
    val param: String? = null,
    /** Its messages. */
    val messages: List<String> = emptyList(),
    /** The start of the body, when it was not the expected JSON. */
    val bodyExcerpt: String? = null,
    cause: Throwable? = null,
) : MaestranoException(kind, reason, cause)

/** Which exception a kind of no family of its own becomes, by the operation that raised it. */
internal enum class Family { SAML, API, SESSION, DEVPLATFORM, CONFIG }

/**
 * The one translation of the native error into the facade's exceptions: by kind prefix, then by
 * the operation's [family] for kinds of no family (`input_too_large`, `unsupported`, …).
 */
@JvmSynthetic
internal fun translate(e: com.maestrano.ffi.MaestranoException, family: Family): MaestranoException {
    val failure = e as com.maestrano.ffi.MaestranoException.Failure
    val kind = failure.kind
    val reason = failure.reason
    val http = failure.http
    val status = http?.status?.toInt()
    val messages = http?.messages ?: emptyList()
    return when {
        kind.startsWith("config_") -> ConfigException(kind, reason)
        kind == "session_invalid" -> SessionException(kind, reason)
        kind == "devplatform_error" -> DevPlatformException(kind, reason, status, http?.param, messages, http?.bodyExcerpt)
        kind == "api_connection" -> TransportException(kind, reason)
        kind.startsWith("api_") -> ApiException(kind, reason, status, http?.param, messages, http?.bodyExcerpt)
        else -> when (family) {
            Family.SAML -> SamlException(kind, reason)
            Family.API -> if (kind == "input_too_large") {
                TransportException(kind, reason)
            } else {
                ApiException(kind, reason, status, http?.param, messages, http?.bodyExcerpt)
            }
            Family.SESSION -> SessionException(kind, reason)
            Family.DEVPLATFORM -> DevPlatformException(kind, reason, status, http?.param, messages, http?.bodyExcerpt)
            Family.CONFIG -> ConfigException(kind, reason)
        }
    }
}

/** Runs [block], translating a native error with [translate]. */
@JvmSynthetic
internal inline fun <T> native(family: Family, block: () -> T): T =
    try {
        block()
    } catch (e: com.maestrano.ffi.MaestranoException) {
        throw translate(e, family)
    }
