package com.maestrano

import com.fasterxml.jackson.databind.JsonNode

/**
 * The Account API as requests and responses, for apps that do the HTTP themselves; [Client]
 * sends them for you (`client.bills.list(…)`).
 */
object Account {
    /**
     * The Account API request for [action] (`list`, `create`, `retrieve`, `cancel`, `groups`) on
     * [resource] (`bills`, `recurring_bills`, `users`, `groups`, `resellers`). [params]: list
     * filters or the new object's fields (`Instant`s are sent as RFC 3339 UTC).
     *
     * @throws ApiException `api_invalid_request` for an unknown resource, action or bad params;
     *   [ConfigException] for a config without API credentials or host
     */
    @JvmStatic
    @JvmOverloads
    fun request(config: Config, resource: String, action: String, id: String? = null, params: Map<String, Any?>? = null): HttpRequest =
        HttpRequest.from(native(Family.API) { com.maestrano.ffi.accountRequest(config.native, resource, action, id, Json.write(params)) })

    /**
     * Reads an Account API answer: the typed data ([Bill], [RecurringBill], [User], [Group],
     * [Reseller], or a `List` of them for `list` and `groups`).
     *
     * @throws ApiException `api_authentication` (401), `api_invalid_request` (400, 404,
     *   `success: false`; see [ApiException.param] and [ApiException.messages]) or `api_error`
     *   (any other status, a body that is not the platform's envelope)
     */
    @JvmStatic
    fun response(resource: String, action: String, response: HttpResponse): Any {
        val data = read(resource, action, response)
        val parse: (JsonNode) -> Any = when (if (action == "groups") "groups" else resource) {
            "bills" -> Bill::from
            "recurring_bills" -> RecurringBill::from
            "users" -> User::from
            "groups" -> Group::from
            else -> Reseller::from
        }
        return if (data.isArray) data.map(parse) else parse(data)
    }

    /** The core's reading of the answer, as a tree. */
    internal fun read(resource: String, action: String, response: HttpResponse): JsonNode =
        Json.tree(native(Family.API) { com.maestrano.ffi.accountResponse(resource, action, response.toNative()) })
}

/**
 * One Account API resource of a [Client]: `list` and `retrieve` (blocking), `listAwait` and
 * `retrieveAwait` (suspending).
 */
open class AccountResource<T> internal constructor(
    internal val client: Client,
    /** The resource's name in the API (`bills`, `users`, …). */
    val name: String,
    private val parse: (JsonNode) -> T,
) {
    internal fun one(action: String, id: String?, params: Map<String, Any?>?): T =
        client.run({ Account.request(client.config, name, action, id, params) }) { parse(Account.read(name, action, it)) }

    internal fun many(action: String, id: String?, params: Map<String, Any?>?, element: (JsonNode) -> Any? = parse): List<Any?> =
        client.run({ Account.request(client.config, name, action, id, params) }) { Account.read(name, action, it).map(element) }

    internal suspend fun oneAwait(action: String, id: String?, params: Map<String, Any?>?): T =
        client.runAwait({ Account.request(client.config, name, action, id, params) }) { parse(Account.read(name, action, it)) }

    internal suspend fun manyAwait(action: String, id: String?, params: Map<String, Any?>?, element: (JsonNode) -> Any? = parse): List<Any?> =
        client.runAwait({ Account.request(client.config, name, action, id, params) }) { Account.read(name, action, it).map(element) }

    /**
     * All objects, optionally filtered: names are the platform's, a field optionally suffixed
     * `_after`/`_before` and the like (`mapOf("group_id" to "cld-1")`,
     * `mapOf("created_at_after" to Instant.parse(…))`).
     */
    @Suppress("UNCHECKED_CAST")
    @JvmOverloads
    fun list(filters: Map<String, Any?> = emptyMap()): List<T> = many("list", null, filters.ifEmpty { null }) as List<T>

    /** One object by id. @throws ApiException `api_invalid_request` when there is none */
    fun retrieve(id: String): T = one("retrieve", id, null)

    /** [list] for coroutines. */
    @Suppress("UNCHECKED_CAST")
    suspend fun listAwait(filters: Map<String, Any?> = emptyMap()): List<T> = manyAwait("list", null, filters.ifEmpty { null }) as List<T>

    /** [retrieve] for coroutines. */
    suspend fun retrieveAwait(id: String): T = oneAwait("retrieve", id, null)

    /** `AccountResource(bills)`. */
    override fun toString(): String = "AccountResource($name)"
}

/**
 * A resource that also creates and cancels: `client.bills` and `client.recurringBills`.
 * Fields are sent form-encoded (nested maps as `k[sub]`, lists as `k[]`).
 */
class BillingResource<T> internal constructor(client: Client, name: String, parse: (JsonNode) -> T) :
    AccountResource<T>(client, name, parse) {
    /** Creates one (e.g. `group_id`, `price_cents`, `currency`, `description`); returns it as stored. */
    fun create(fields: Map<String, Any?>): T = one("create", null, fields)

    /** Cancels one (`DELETE`); returns it with its new `status`. */
    fun cancel(id: String): T = one("cancel", id, null)

    /** [create] for coroutines. */
    suspend fun createAwait(fields: Map<String, Any?>): T = oneAwait("create", null, fields)

    /** [cancel] for coroutines. */
    suspend fun cancelAwait(id: String): T = oneAwait("cancel", id, null)
}

/** `client.resellers`: `list`, `retrieve`, and the groups of one reseller. */
class ResellerResource internal constructor(client: Client) : AccountResource<Reseller>(client, "resellers", Reseller::from) {
    /** The groups of reseller [id]. */
    @Suppress("UNCHECKED_CAST")
    fun groups(id: String): List<Group> = many("groups", id, null, Group::from) as List<Group>

    /** [groups] for coroutines. */
    @Suppress("UNCHECKED_CAST")
    suspend fun groupsAwait(id: String): List<Group> = manyAwait("groups", id, null, Group::from) as List<Group>
}
