package com.maestrano

import com.fasterxml.jackson.databind.JsonNode
import java.time.Instant

/**
 * A validated SSO response (docs/spec.md §3): who signed in, through which group, and what to
 * keep for single logout. Built from the core's JSON result in one crossing.
 *
 * @property nameId the Subject's NameID
 * @property assertionId the assertion's ID (what a [ReplayCache] remembers)
 * @property sessionIndex `AuthnStatement@SessionIndex`
 * @property notOnOrAfter the assertion's end of validity (a replay cache keeps the ID until then)
 * @property issuer the assertion's Issuer
 * @property attributes every attribute: name → values in document order
 * @property user the signed-in user
 * @property group the group (customer organisation) the user signed in through
 * @property membership the user's membership of the group
 * @property session the value to keep in the app's session for single logout ([Session.check]);
 *   `null` when the platform sent no session attributes
 */
data class SsoResult(
    val nameId: String,
    val assertionId: String,
    val sessionIndex: String?,
    val notOnOrAfter: Instant?,
    val issuer: String?,
    val attributes: Map<String, List<String>>,
    val user: SsoUser,
    val group: SsoGroup,
    val membership: SsoMembership,
    val session: String?,
) {
    /** Without the session value (a bearer token). */
    override fun toString(): String =
        "SsoResult(nameId=$nameId, assertionId=$assertionId, issuer=$issuer, user=${user.uid}, group=${group.uid})"

    internal companion object {
        @JvmSynthetic
        internal fun from(j: JsonNode): SsoResult = SsoResult(
            nameId = j.req("name_id"),
            assertionId = j.req("assertion_id"),
            sessionIndex = j.str("session_index"),
            notOnOrAfter = Json.instant(j.get("not_on_or_after")),
            issuer = j.str("issuer"),
            attributes = j.get("attributes")?.properties()?.associate { (name, values) ->
                name to values.mapNotNull { v -> v.takeIf { it.isTextual }?.textValue() }
            } ?: emptyMap(),
            user = SsoUser.from(j.path("user")),
            group = SsoGroup.from(j.path("group")),
            membership = SsoMembership.from(j.path("membership")),
            session = j.str("session"),
        )
    }
}

/**
 * The signed-in user.
 *
 * @property provider always `"maestrano"`
 * @property uid the app's uid for the user: the real uid, or `usr.cld` in virtual mode
 * @property info the profile
 * @property extra both identities, the group and the platform session
 */
data class SsoUser(val provider: String, val uid: String, val info: SsoUserInfo, val extra: SsoUserExtra) {
    internal companion object {
        @JvmSynthetic
        internal fun from(j: JsonNode): SsoUser = SsoUser(j.req("provider"), j.req("uid"), SsoUserInfo.from(j.path("info")), SsoUserExtra.from(j.path("extra")))
    }
}

/**
 * The user's profile.
 *
 * @property email `email` (real mode) or `virtual_email` (virtual mode)
 * @property firstName `name`
 * @property lastName `surname`
 * @property country `country`
 * @property companyName `company_name`
 */
data class SsoUserInfo(val email: String?, val firstName: String?, val lastName: String?, val country: String?, val companyName: String?) {
    internal companion object {
        @JvmSynthetic
        internal fun from(j: JsonNode): SsoUserInfo =
            SsoUserInfo(j.str("email"), j.str("first_name"), j.str("last_name"), j.str("country"), j.str("company_name"))
    }
}

/**
 * The real and virtual identities.
 *
 * @property uid the real platform uid
 * @property virtualUid `virtual_uid`
 * @property realEmail `email`
 * @property virtualEmail `virtual_email`
 * @property group the group the user signed in through
 * @property session the platform session
 */
data class SsoUserExtra(
    val uid: String?,
    val virtualUid: String?,
    val realEmail: String?,
    val virtualEmail: String?,
    val group: SsoUserGroup,
    val session: SsoUserSession,
) {
    internal companion object {
        @JvmSynthetic
        internal fun from(j: JsonNode): SsoUserExtra = SsoUserExtra(
            j.str("uid"), j.str("virtual_uid"), j.str("real_email"), j.str("virtual_email"),
            SsoUserGroup.from(j.path("group")), SsoUserSession.from(j.path("session")),
        )
    }
}

/**
 * The group the user signed in with.
 *
 * @property uid `group_uid`
 * @property name `group_name`
 * @property role `group_role`
 */
data class SsoUserGroup(val uid: String, val name: String?, val role: String?) {
    internal companion object {
        @JvmSynthetic
        internal fun from(j: JsonNode): SsoUserGroup = SsoUserGroup(j.req("uid"), j.str("name"), j.str("role"))
    }
}

/**
 * The platform session, for single logout.
 *
 * @property uid the real uid
 * @property token `mno_session` (a bearer token: never log it)
 * @property recheck `mno_session_recheck`: when the platform must next be asked
 * @property groupUid `group_uid`
 */
data class SsoUserSession(val uid: String?, val token: String?, val recheck: Instant?, val groupUid: String) {
    /** Without the token. */
    override fun toString(): String = "SsoUserSession(uid=$uid, recheck=$recheck, groupUid=$groupUid)"

    internal companion object {
        @JvmSynthetic
        internal fun from(j: JsonNode): SsoUserSession = SsoUserSession(j.str("uid"), j.str("token"), Json.instant(j.get("recheck")), j.req("group_uid"))
    }
}

/**
 * The group (customer organisation).
 *
 * @property provider always `"maestrano"`
 * @property uid `group_uid`
 * @property info its details
 */
data class SsoGroup(val provider: String, val uid: String, val info: SsoGroupInfo) {
    internal companion object {
        @JvmSynthetic
        internal fun from(j: JsonNode): SsoGroup = SsoGroup(j.req("provider"), j.req("uid"), SsoGroupInfo.from(j.path("info")))
    }
}

/**
 * The group's details.
 *
 * @property freeTrialEndAt `group_end_free_trial`
 * @property companyName `company_name`
 * @property hasCreditCard `group_has_credit_card == "true"`
 * @property name `group_name`
 * @property orgUid `group_org_uid`
 * @property email `group_email`
 * @property city `group_city`
 * @property country `group_country`, else the user's `country`
 * @property timezone `group_timezone`
 * @property currency `group_currency`
 */
data class SsoGroupInfo(
    val freeTrialEndAt: Instant?,
    val companyName: String?,
    val hasCreditCard: Boolean,
    val name: String?,
    val orgUid: String?,
    val email: String?,
    val city: String?,
    val country: String?,
    val timezone: String?,
    val currency: String?,
) {
    internal companion object {
        @JvmSynthetic
        internal fun from(j: JsonNode): SsoGroupInfo = SsoGroupInfo(
            Json.instant(j.get("free_trial_end_at")), j.str("company_name"), j.bool("has_credit_card") ?: false,
            j.str("name"), j.str("org_uid"), j.str("email"), j.str("city"), j.str("country"), j.str("timezone"), j.str("currency"),
        )
    }
}

/**
 * The user's membership of the group.
 *
 * @property provider always `"maestrano"`
 * @property groupUid `group_uid`
 * @property userUid the real user uid
 * @property role `group_role`
 */
data class SsoMembership(val provider: String, val groupUid: String, val userUid: String, val role: String?) {
    internal companion object {
        @JvmSynthetic
        internal fun from(j: JsonNode): SsoMembership = SsoMembership(j.req("provider"), j.req("group_uid"), j.req("user_uid"), j.str("role"))
    }
}
