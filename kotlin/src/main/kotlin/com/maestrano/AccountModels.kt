package com.maestrano

import com.fasterxml.jackson.databind.JsonNode

// Typed Account API objects (docs/spec.md §5). Every known field is typed; fields the platform
// adds are kept in `extra` under the platform's names, never dropped. Times stay the RFC 3339
// strings the platform sent (sometimes with milliseconds).

/**
 * A one-off charge to a group.
 *
 * @property id `bill-…`
 * @property groupId the charged group (`cld-…`)
 * @property createdAt creation time (RFC 3339)
 * @property updatedAt last update time
 * @property priceCents amount in cents
 * @property status `submitted`, `invoiced` or `cancelled`
 * @property currency ISO 4217 currency (the platform defaults to AUD)
 * @property units quantity (a decimal)
 * @property description what is charged
 * @property periodStartedAt start of the billed period
 * @property periodEndedAt end of the billed period
 * @property thirdParty whether a third party is billed
 * @property extra the fields the platform sent that are not listed above
 */
data class Bill(
    val id: String,
    val groupId: String?,
    val createdAt: String?,
    val updatedAt: String?,
    val priceCents: Long?,
    val status: String?,
    val currency: String?,
    val units: Double?,
    val description: String?,
    val periodStartedAt: String?,
    val periodEndedAt: String?,
    val thirdParty: Boolean?,
    val extra: Map<String, Any?>,
) {
    internal companion object {
        private val KNOWN = setOf(
            "id", "group_id", "created_at", "updated_at", "price_cents", "status", "currency", "units",
            "description", "period_started_at", "period_ended_at", "third_party",
        )

        @JvmSynthetic
        internal fun from(j: JsonNode) = Bill(
            j.req("id"), j.str("group_id"), j.str("created_at"), j.str("updated_at"), j.long("price_cents"), j.str("status"),
            j.str("currency"), j.double("units"), j.str("description"), j.str("period_started_at"), j.str("period_ended_at"),
            j.bool("third_party"), j.extra(KNOWN),
        )
    }
}

/**
 * A charge repeated every period.
 *
 * @property id `rbill-…`
 * @property groupId the charged group
 * @property createdAt creation time
 * @property updatedAt last update time
 * @property priceCents amount per period, in cents
 * @property status `submitted`, `active`, `expired` or `cancelled`
 * @property currency ISO 4217 currency
 * @property description what is charged
 * @property startDate first charge
 * @property period `month`, `day`, `week`, `semimonth` or `year`
 * @property frequency periods between charges
 * @property cycles number of charges (`null`: until cancelled)
 * @property initialCents a one-off amount charged first, in cents
 * @property lastExecutionAt last charge
 * @property nextExecutionAt next charge
 * @property remainingCycles charges left
 * @property extra the fields the platform sent that are not listed above
 */
data class RecurringBill(
    val id: String,
    val groupId: String?,
    val createdAt: String?,
    val updatedAt: String?,
    val priceCents: Long?,
    val status: String?,
    val currency: String?,
    val description: String?,
    val startDate: String?,
    val period: String?,
    val frequency: Long?,
    val cycles: Long?,
    val initialCents: Long?,
    val lastExecutionAt: String?,
    val nextExecutionAt: String?,
    val remainingCycles: Long?,
    val extra: Map<String, Any?>,
) {
    internal companion object {
        private val KNOWN = setOf(
            "id", "group_id", "created_at", "updated_at", "price_cents", "status", "currency", "description", "start_date",
            "period", "frequency", "cycles", "initial_cents", "last_execution_at", "next_execution_at", "remaining_cycles",
        )

        @JvmSynthetic
        internal fun from(j: JsonNode) = RecurringBill(
            j.req("id"), j.str("group_id"), j.str("created_at"), j.str("updated_at"), j.long("price_cents"), j.str("status"),
            j.str("currency"), j.str("description"), j.str("start_date"), j.str("period"), j.long("frequency"), j.long("cycles"),
            j.long("initial_cents"), j.str("last_execution_at"), j.str("next_execution_at"), j.long("remaining_cycles"), j.extra(KNOWN),
        )
    }
}

/**
 * A platform user of one of the app's groups.
 *
 * @property id `usr-…`
 * @property name first name
 * @property surname last name
 * @property email email address
 * @property companyName company name
 * @property country ISO country code
 * @property createdAt creation time
 * @property updatedAt last update time
 * @property extra the fields the platform sent that are not listed above
 */
data class User(
    val id: String,
    val name: String?,
    val surname: String?,
    val email: String?,
    val companyName: String?,
    val country: String?,
    val createdAt: String?,
    val updatedAt: String?,
    val extra: Map<String, Any?>,
) {
    internal companion object {
        private val KNOWN = setOf("id", "name", "surname", "email", "company_name", "country", "created_at", "updated_at")

        @JvmSynthetic
        internal fun from(j: JsonNode) = User(
            j.req("id"), j.str("name"), j.str("surname"), j.str("email"), j.str("company_name"), j.str("country"),
            j.str("created_at"), j.str("updated_at"), j.extra(KNOWN),
        )
    }
}

/**
 * A customer organisation using the app.
 *
 * @property id `cld-…`
 * @property name name
 * @property email contact email
 * @property status subscription status
 * @property hasCreditCard whether a card is on file
 * @property freeTrialEndAt end of the free trial
 * @property currency ISO 4217 currency
 * @property country ISO country code
 * @property city city
 * @property timezone time zone
 * @property createdAt creation time
 * @property updatedAt last update time
 * @property extra the fields the platform sent that are not listed above
 */
data class Group(
    val id: String,
    val name: String?,
    val email: String?,
    val status: String?,
    val hasCreditCard: Boolean?,
    val freeTrialEndAt: String?,
    val currency: String?,
    val country: String?,
    val city: String?,
    val timezone: String?,
    val createdAt: String?,
    val updatedAt: String?,
    val extra: Map<String, Any?>,
) {
    internal companion object {
        private val KNOWN = setOf(
            "id", "name", "email", "status", "has_credit_card", "free_trial_end_at", "currency", "country", "city",
            "timezone", "created_at", "updated_at",
        )

        @JvmSynthetic
        internal fun from(j: JsonNode) = Group(
            j.req("id"), j.str("name"), j.str("email"), j.str("status"), j.bool("has_credit_card"), j.str("free_trial_end_at"),
            j.str("currency"), j.str("country"), j.str("city"), j.str("timezone"), j.str("created_at"), j.str("updated_at"), j.extra(KNOWN),
        )
    }
}

/**
 * A reseller.
 *
 * @property id `rsl-…`
 * @property name name
 * @property code reseller code
 * @property country ISO country code
 * @property createdAt creation time
 * @property updatedAt last update time
 * @property extra the fields the platform sent that are not listed above
 */
data class Reseller(
    val id: String,
    val name: String?,
    val code: String?,
    val country: String?,
    val createdAt: String?,
    val updatedAt: String?,
    val extra: Map<String, Any?>,
) {
    internal companion object {
        private val KNOWN = setOf("id", "name", "code", "country", "created_at", "updated_at")

        @JvmSynthetic
        internal fun from(j: JsonNode) = Reseller(
            j.req("id"), j.str("name"), j.str("code"), j.str("country"), j.str("created_at"), j.str("updated_at"), j.extra(KNOWN),
        )
    }
}
