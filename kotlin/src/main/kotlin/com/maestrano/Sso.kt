package com.maestrano

import java.time.Instant
import java.util.UUID

/**
 * A built AuthnRequest: redirect the user to [url] and keep [requestId] (in the user's session)
 * to check the response's `InResponseTo` with [Sso.validateResponse].
 *
 * @property url where to redirect the user (HTTP-Redirect binding)
 * @property requestId the request's ID
 * @property issueInstant its `IssueInstant` (to the second)
 * @property xml the AuthnRequest XML
 */
data class AuthnRequest(val url: String, val requestId: String, val issueInstant: Instant, val xml: String)

/**
 * SAML single sign-on (docs/spec.md §3): the AuthnRequest redirect, and validation of the
 * `SAMLResponse` the identity provider posts back.
 *
 * ```java
 * AuthnRequest request = Sso.authnRequest(config);
 * session.setAttribute("maestrano.request_id", request.getRequestId());
 * response.sendRedirect(request.getUrl());
 * // … then, on the consume URL:
 * SsoResult result = Sso.validateResponse(config, form.get("SAMLResponse"), Instant.now(),
 *     (String) session.getAttribute("maestrano.request_id"));
 * replay.check(config, result);
 * String uid = result.getUser().getUid();
 * ```
 */
object Sso {
    /**
     * Builds the AuthnRequest redirect for [config].
     *
     * @param params extra query parameters of the redirect, in order
     * @param groupId the group to sign in to, if the app knows it
     * @param relayState the `RelayState` to carry through
     * @param id the request ID (default: `_` and a random UUID)
     * @param now the `IssueInstant` (default: the clock)
     * @throws ConfigException when the config has no usable SSO settings
     */
    @JvmStatic
    @JvmOverloads
    fun authnRequest(
        config: Config,
        params: Map<String, String?> = emptyMap(),
        groupId: String? = null,
        relayState: String? = null,
        id: String = "_${UUID.randomUUID()}",
        now: Instant = Instant.now(),
    ): AuthnRequest {
        val query = params.map { (k, v) -> com.maestrano.ffi.QueryParam(k, v ?: "") }
        val r = native(Family.SAML) { com.maestrano.ffi.authnRequest(config.native, id, now.toEpochMilli(), query, groupId, relayState) }
        return AuthnRequest(r.url, r.requestId, Instant.ofEpochMilli(r.issueInstantMs), r.xml)
    }

    /**
     * Validates the posted `SAMLResponse` form value (base64) for [config] at [now], against the
     * kept [requestId] (`InResponseTo`) when given, and returns who signed in. Check the result
     * with a [ReplayCache] before signing the user in.
     *
     * @param preset the preset (marketplace) name to record in the result's session value
     * @throws SamlException with the precise kind (`signature_invalid`, `expired`,
     *   `audience_mismatch`, `in_response_to_mismatch`, …) or [ConfigException]
     */
    @JvmStatic
    @JvmOverloads
    fun validateResponse(
        config: Config,
        samlResponse: String,
        now: Instant = Instant.now(),
        requestId: String? = null,
        preset: String? = null,
    ): SsoResult {
        val json = native(Family.SAML) {
            com.maestrano.ffi.validateResponseJson(config.native, samlResponse, now.toEpochMilli(), requestId, preset)
        }
        return SsoResult.from(Json.tree(json))
    }
}
