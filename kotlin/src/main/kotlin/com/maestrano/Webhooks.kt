package com.maestrano

/**
 * A recognised platform call.
 *
 * @property event `group_cancelled`, `member_removed` or `connec_notification`
 * @property groupId the group, for account webhooks
 * @property userId the removed platform user (real uid), for `member_removed`
 * @property localUserId the app's id for that user ([Config.maskUser])
 * @property tenant a trailing path segment after the route's template, for multi-tenant routes
 */
data class WebhookEvent(val event: String, val groupId: String?, val userId: String?, val localUserId: String?, val tenant: String?)

/**
 * The platform's calls to the app: account webhooks and Connec! notifications.
 *
 * The platform `DELETE`s `webhook.account.groups_path` when a group cancels the app and
 * `webhook.account.group_users_path` when a user leaves a group; Connec! `POST`s changed records
 * to `webhook.connec.notifications_path`. Each call carries HTTP Basic `api.id:api.key`.
 *
 * ```java
 * WebhookEvent event;
 * try {
 *     event = Webhooks.match(config, req.getMethod(), req.getRequestURI(), req.getHeader("Authorization"));
 * } catch (ApiException e) {            // api_authentication
 *     res.setStatus(401); res.getWriter().write(Webhooks.INVALID_CREDENTIALS_BODY); return;
 * }
 * ```
 */
object Webhooks {
    /** The body to answer (with status 401) when [match] throws `api_authentication`. */
    const val INVALID_CREDENTIALS_BODY: String = """{"error":"Invalid credentials"}"""

    /**
     * Routes an incoming call by [method] and [path] (a query string is ignored) against the
     * config's webhook routes and checks its [authorization] header.
     *
     * @return `null` when it is not a webhook route of this config (no credentials needed)
     * @throws ApiException `api_authentication` when the route matches but the credentials are
     *   missing or not this config's: answer 401 with [INVALID_CREDENTIALS_BODY]
     */
    @JvmStatic
    @JvmOverloads
    fun match(config: Config, method: String, path: String, authorization: String? = null): WebhookEvent? =
        native(Family.API) { com.maestrano.ffi.webhookMatch(config.native, method, path, authorization) }
            ?.let { WebhookEvent(it.event, it.groupId, it.userId, it.localUserId, it.tenant) }

    /**
     * A Connec! notification body → `{entity: [records]}` (entities the SDK does not know are
     * kept; a single record object becomes a list of one). Records are plain maps.
     *
     * @throws ApiException `api_invalid_request` for a body that is not such a JSON object;
     *   `input_too_large` over 16 MiB
     */
    @JvmStatic
    fun connecNotification(body: ByteArray): Map<String, List<Map<String, Any?>>> {
        val tree = Json.tree(native(Family.API) { com.maestrano.ffi.webhookConnecNotification(body) })
        return tree.properties().associate { (entity, records) -> entity to records.map(Json::toMap) }
    }
}
