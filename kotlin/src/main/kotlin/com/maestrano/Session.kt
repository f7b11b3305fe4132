package com.maestrano

import java.time.Instant

/**
 * What a stored session value holds.
 *
 * @property uid the platform user's real uid
 * @property session the platform session token (never log it)
 * @property sessionRecheck when the platform must next be asked
 * @property groupUid the group the user signed in through
 * @property preset the preset (marketplace) the user signed in through
 */
data class SessionPayload(val uid: String, val session: String, val sessionRecheck: Instant?, val groupUid: String?, val preset: String?) {
    /** Without the token. */
    override fun toString(): String = "SessionPayload(uid=$uid, sessionRecheck=$sessionRecheck, groupUid=$groupUid, preset=$preset)"
}

/**
 * The outcome of a session check.
 *
 * @property valid whether the session is still valid
 * @property value the value to store from now on when the platform renewed it (`null`: keep the
 *   current value if valid, clear it if not)
 * @property reason `null` when valid; else `"session_invalid"` (the stored value is missing,
 *   corrupt or incomplete), `"api_connection"` (the platform did not answer) or
 *   `"platform_refused"` (it answered, but not with a valid session)
 * @property error the exception behind `session_invalid` and `api_connection`, for logs
 */
data class SessionCheck @JvmOverloads constructor(
    val valid: Boolean,
    val value: String? = null,
    val reason: String? = null,
    val error: MaestranoException? = null,
) {
    /** Without the session value. */
    override fun toString(): String = "SessionCheck(valid=$valid, renewed=${value != null}, reason=$reason)"
}

/**
 * The Maestrano session and single logout (docs/spec.md §4).
 *
 * After SSO, keep [SsoResult.session] in the app's session. On each request, [check] it: until
 * its recheck time it is valid without any request; after that the platform is asked whether the
 * user is still signed in there, and the answer renews the value. Every doubt (a corrupt value,
 * an unreachable, slow or confused platform) ends in "not valid": the check fails closed.
 *
 * ```kotlin
 * val check = Session.check(config, httpSession.getAttribute("maestrano.session") as String?)
 * if (!check.valid) { httpSession.invalidate(); return redirect(config.initUrl()) }
 * check.value?.let { httpSession.setAttribute("maestrano.session", it) }
 * ```
 *
 * The value is not signed: the app's session store must protect its integrity.
 */
object Session {
    /** The payload of a stored value, or `null` when there is none or it is corrupt (never throws). */
    @JvmStatic
    fun read(value: String?): SessionPayload? {
        if (value == null) return null
        val p = com.maestrano.ffi.sessionRead(value) ?: return null
        return SessionPayload(p.uid, p.session, p.sessionRecheck, p.groupUid, p.preset)
    }

    /**
     * The check request to send at [now], or `null` when the session is valid without one (the
     * recheck time has not come, or single logout is off).
     *
     * @throws SessionException `session_invalid` for a missing, corrupt or incomplete value
     */
    @JvmStatic
    @JvmOverloads
    fun checkRequest(config: Config, value: String?, now: Instant = Instant.now()): HttpRequest? =
        native(Family.SESSION) { com.maestrano.ffi.sessionCheckRequest(config.native, value ?: "", now.toEpochMilli()) }
            ?.let(HttpRequest::from)

    /**
     * Reads the platform's answer to the check of [value]: valid only for a 2xx JSON
     * `{"valid": true, "recheck": <time>}`, with the renewed value; anything else is not valid.
     */
    @JvmStatic
    fun checkResponse(config: Config, value: String?, response: HttpResponse): SessionCheck {
        val r = com.maestrano.ffi.sessionCheckResponse(config.native, value ?: "", response.toNative())
        return SessionCheck(r.valid, r.value, if (r.valid) null else "platform_refused")
    }

    /**
     * Checks the stored [value] at [now]: no request before its recheck time, else one `GET` of
     * the session check URL through [transport] (the core allows it 10 s). Never throws for a
     * bad value or a failed check; a configuration error (no `api.host` in a custom environment)
     * still throws [ConfigException].
     */
    @JvmStatic
    @JvmOverloads
    fun check(config: Config, value: String?, now: Instant = Instant.now(), transport: Transport = HttpTransport.default): SessionCheck {
        val response = try {
            val request = checkRequest(config, value, now) ?: return SessionCheck(true)
            transport.send(request)
        } catch (e: MaestranoException) {
            return failed(e)
        }
        return checkResponse(config, value, response)
    }

    /** [check] for coroutines: suspends instead of blocking while the platform answers. */
    suspend fun checkAwait(config: Config, value: String?, now: Instant = Instant.now(), transport: Transport = HttpTransport.default): SessionCheck {
        val response = try {
            val request = checkRequest(config, value, now) ?: return SessionCheck(true)
            transport.sendSuspending(request)
        } catch (e: MaestranoException) {
            return failed(e)
        }
        return checkResponse(config, value, response)
    }

    /** A corrupt value or no usable answer: not valid (an oversized answer is a refusal). */
    private fun failed(e: MaestranoException): SessionCheck = when {
        e is SessionException -> SessionCheck(false, null, "session_invalid", e)
        e is TransportException && e.kind == "api_connection" -> SessionCheck(false, null, "api_connection", e)
        e is TransportException -> SessionCheck(false, null, "platform_refused", e)
        else -> throw e
    }
}
