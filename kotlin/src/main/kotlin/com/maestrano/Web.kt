package com.maestrano

/**
 * What every web integration shares: safe return paths and the HTTP status for an error.
 */
object Web {
    /**
     * [value] when it is a path on the app's own origin (`/…`, printable ASCII, no `//` or
     * backslash, at most 2048 bytes), else [default]: a sign-in never becomes an open redirect.
     */
    @JvmStatic
    @JvmOverloads
    fun safeReturnPath(value: String?, default: String = "/"): String =
        value?.let { com.maestrano.ffi.safeReturnPath(it) } ?: default

    /**
     * The HTTP status to answer for an error [kind]: 400 garbled request, 401 credentials, 403
     * refused sign-in, 413 too large, 500 configuration (and unknown kinds), 502 platform
     * failure, 503 replay store full. The same mapping in every language.
     */
    @JvmStatic
    fun statusFor(kind: String): Int = com.maestrano.ffi.errorStatus(kind).toInt()

    /** [statusFor] of a [MaestranoException]'s kind; 500 for any other exception. */
    @JvmStatic
    fun statusFor(error: Throwable): Int = if (error is MaestranoException) statusFor(error.kind) else 500

    /**
     * A message safe to show the browser: what failed, by kind, without the details (log the
     * exception for those).
     */
    @JvmStatic
    fun publicMessage(error: Throwable): String {
        if (error !is MaestranoException) return "Internal error"
        return when (statusFor(error)) {
            401 -> "Invalid credentials"
            400, 403, 413 -> "Sign-in refused (${error.kind})"
            503 -> "Service temporarily unavailable"
            else -> "The Maestrano integration failed"
        }
    }
}
