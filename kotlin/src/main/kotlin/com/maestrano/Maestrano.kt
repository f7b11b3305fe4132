package com.maestrano

/**
 * Facts about the SDK, and helpers of no other home.
 *
 * The API is in package `com.maestrano`: [Config] and [Presets] (configuration), [Sso] and
 * [ReplayCache] (sign-in), [Session] (single logout), [Webhooks], [Client] (the Account API and
 * Connec!) over a [Transport] ([HttpTransport]), [DevPlatform] (auto-configuration) and [Web].
 * Every failure is a [MaestranoException] with a stable [MaestranoException.kind]. The package
 * `com.maestrano.ffi` is the generated binding to the native core: an implementation detail.
 */
object Maestrano {
    /** The version of the native core (and of this SDK). */
    @JvmStatic
    fun version(): String = com.maestrano.ffi.version()

    /** The real platform uid of a possibly masked uid (`"usr-1.cld-2"` → `"usr-1"`). */
    @JvmStatic
    fun unmaskUser(uid: String): String = com.maestrano.ffi.unmaskUser(uid)
}
