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
            "bills" -> { j -> Bill.from(j) }
            "recurring_bills" -> { j -> RecurringBill.from(j) }
            "users" -> { j -> User.from(j) }
            "groups" -> { j -> Group.from(j) }
            else -> { j -> Reseller.from(j) }
        }
        return if (data.isArray) data.map(parse) else parse(data)
    }

    /** The core's reading of the answer, as a tree. */
    @JvmSynthetic
    internal fun read(resource: String, action: String, response: HttpResponse): JsonNode =
        Json.tree(native(Family.API) { com.maestrano.ffi.accountResponse(resource, action, response.toNative()) })
}

/**
 * One Account API resource of a [Client]: `list` and `retrieve` (blocking), `listAwait` and
 * `retrieveAwait` (suspending). The resources are [Bills], [RecurringBills], [Users], [Groups]
 * and [Resellers].
 */
sealed class AccountResource<T>(
    @get:JvmSynthetic internal val client: Client,
    /** The resource's name in the API (`bills`, `users`, …). */
    val name: String,
    private val parse: (JsonNode) -> T,
) {
    @JvmSynthetic
    internal fun one(action: String, id: String?, params: Map<String, Any?>?): T =
        client.run({ Account.request(client.config, name, action, id, params) }) { parse(Account.read(name, action, it)) }

    @JvmSynthetic
    internal fun <E> many(action: String, id: String?, params: Map<String, Any?>?, element: (JsonNode) -> E): List<E> =
        client.run({ Account.request(client.config, name, action, id, params) }) { Account.read(name, action, it).map(element) }

    @JvmSynthetic
    internal suspend fun oneAwait(action: String, id: String?, params: Map<String, Any?>?): T =
        client.runAwait({ Account.request(client.config, name, action, id, params) }) { parse(Account.read(name, action, it)) }

    @JvmSynthetic
    internal suspend fun <E> manyAwait(action: String, id: String?, params: Map<String, Any?>?, element: (JsonNode) -> E): List<E> =
        client.runAwait({ Account.request(client.config, name, action, id, params) }) { Account.read(name, action, it).map(element) }

    /**
     * All objects, optionally filtered: names are the platform's, a field optionally suffixed
     * `_after`/`_before` and the like (`mapOf("group_id" to "cld-1")`,
     * `mapOf("created_at_after" to Instant.parse(…))`).
     */
    @JvmOverloads
    fun list(filters: Map<String, Any?> = emptyMap()): List<T> = many("list", null, filters.ifEmpty { null }, parse)

    /** One object by id. @throws ApiException `api_invalid_request` when there is none */
    fun retrieve(id: String): T = one("retrieve", id, null)

    /** [list] for coroutines. */
    suspend fun listAwait(filters: Map<String, Any?> = emptyMap()): List<T> = manyAwait("list", null, filters.ifEmpty { null }, parse)

    /** [retrieve] for coroutines. */
    suspend fun retrieveAwait(id: String): T = oneAwait("retrieve", id, null)

    /** `Bills`, `Users`, …. */
    override fun toString(): String = "${javaClass.simpleName}($name)"
}

/**
 * A resource that also creates and cancels: [Bills] and [RecurringBills]. Fields are sent
 * form-encoded (nested maps as `k[sub]`, lists as `k[]`).
 */
sealed class BillingResource<T>(client: Client, name: String, parse: (JsonNode) -> T) : AccountResource<T>(client, name, parse) {
    /** Creates one (e.g. `group_id`, `price_cents`, `currency`, `description`); returns it as stored. */
    fun create(fields: Map<String, Any?>): T = one("create", null, fields)

    /** Cancels one (`DELETE`); returns it with its new `status`. */
    fun cancel(id: String): T = one("cancel", id, null)

    /** [create] for coroutines. */
    suspend fun createAwait(fields: Map<String, Any?>): T = oneAwait("create", null, fields)

    /** [cancel] for coroutines. */
    suspend fun cancelAwait(id: String): T = oneAwait("cancel", id, null)
}

/** `client.bills`: one-off charges to a group (`list`, `retrieve`, `create`, `cancel`). */
class Bills internal constructor(client: Client) : BillingResource<Bill>(client, "bills", { Bill.from(it) })

/** `client.recurringBills`: charges repeated every period (`list`, `retrieve`, `create`, `cancel`). */
class RecurringBills internal constructor(client: Client) : BillingResource<RecurringBill>(client, "recurring_bills", { RecurringBill.from(it) })

/** `client.users`: platform users of the app's groups (`list`, `retrieve`). */
class Users internal constructor(client: Client) : AccountResource<User>(client, "users", { User.from(it) })

/** `client.groups`: customer organisations using the app (`list`, `retrieve`). */
class Groups internal constructor(client: Client) : AccountResource<Group>(client, "groups", { Group.from(it) })

/** `client.resellers`: resellers (`list`, `retrieve`, and the groups of one). */
class Resellers internal constructor(client: Client) : AccountResource<Reseller>(client, "resellers", { Reseller.from(it) }) {
    /** The groups of reseller [id]. */
    fun groups(id: String): List<Group> = many("groups", id, null) { Group.from(it) }

    /** [groups] for coroutines. */
    suspend fun groupsAwait(id: String): List<Group> = manyAwait("groups", id, null) { Group.from(it) }
}
