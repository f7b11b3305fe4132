/**
 * Kotlin entry points of the Maestrano SDK.
 *
 * The API itself is the UniFFI-generated package `com.maestrano.ffi` (built from
 * `bindings-uniffi/`): [Config] and [Presets] are loaded from JSON text with `fromJson(json)`,
 * structured results (`toJson()`, `metadataJson()`) come back as JSON text, and every failure is a
 * [MaestranoException] whose [kind] is a stable docs/spec.md §7 string such as `"config_invalid"`.
 * This file only re-exports those names under `com.maestrano` and adds accessors; no logic.
 *
 * ```kotlin
 * import com.maestrano.*
 *
 * Config.fromJson(text).use { config ->
 *     if (!config.authenticateHeader(request.header("Authorization") ?: "")) return unauthorized()
 *     respond(config.metadataJson())
 * }
 * ```
 *
 * Objects hold native memory: close them ([Config] and [Presets] are `AutoCloseable`) or let the
 * JNA cleaner free them.
 */
package com.maestrano

/** One marketplace's resolved configuration: `Config.fromJson(json)`. */
typealias Config = com.maestrano.ffi.Config

/** Named configurations, one per marketplace: `Presets.fromJson(json)`. */
typealias Presets = com.maestrano.ffi.Presets

/** The one exception of the SDK; see [kind] and [reason]. */
typealias MaestranoException = com.maestrano.ffi.MaestranoException

/** The stable docs/spec.md §7 error kind, e.g. `"config_missing"`, `"config_invalid"`. */
val MaestranoException.kind: String
    get() = when (this) {
        is com.maestrano.ffi.MaestranoException.Failure -> this.kind
    }

/**
 * The human-readable reason, without the kind. (The Rust field `message` is called `reason` in
 * Kotlin, see `kotlin/uniffi-kotlin.toml`; `message` is the exception's "kind=…, reason=…" summary.)
 */
val MaestranoException.reason: String
    get() = when (this) {
        is com.maestrano.ffi.MaestranoException.Failure -> this.reason
    }

/** The real uid of a possibly masked uid (`"usr-1.cld-2"` → `"usr-1"`). */
fun unmaskUser(uid: String): String = com.maestrano.ffi.unmaskUser(uid)

/** The version of the native library. */
fun version(): String = com.maestrano.ffi.version()
