package com.maestrano

import com.fasterxml.jackson.databind.JsonNode

/**
 * The query of a Connec! list: `$filter`, `$orderby`, `$top` (page size), `$skip`.
 *
 * @property filter e.g. `updated_at gt '2016-06-28T08:00:00Z'`
 * @property orderby e.g. `created_at desc`
 * @property top the page size
 * @property skip records to skip
 */
data class ConnecQuery @JvmOverloads constructor(
    val filter: String? = null,
    val orderby: String? = null,
    val top: Long? = null,
    val skip: Long? = null,
) {
    internal fun toParams(): Map<String, Any?>? =
        linkedMapOf<String, Any?>("filter" to filter, "orderby" to orderby, "top" to top, "skip" to skip)
            .filterValues { it != null }.ifEmpty { null }
}

/**
 * Paging of a list reply.
 *
 * @property top the page size
 * @property skip records skipped
 * @property total records in all pages
 * @property next the absolute URL of the next page (`null` on the last)
 */
data class Pagination(val top: Long?, val skip: Long?, val total: Long?, val next: String?)

/**
 * A Connec! reply keyed by entity.
 *
 * @property entity the reply's key (`people`, `company`, …; `null` for an empty body)
 * @property data the records as sent: a `List` of maps for `list`, one `Map` for `get`, `create`
 *   and `update`, `null` for an empty body (see [records] and [record])
 * @property pagination the paging of a list, or `null`
 * @property extra any other top-level keys of the reply
 */
data class ConnecResult(
    val entity: String?,
    val data: Any?,
    val pagination: Pagination?,
    val extra: Map<String, Any?>,
) {
    /** The records as a list: one record is a list of one; no data, an empty list. */
    @Suppress("UNCHECKED_CAST")
    val records: List<Map<String, Any?>>
        get() = when (data) {
            null -> emptyList()
            is List<*> -> data.filterIsInstance<Map<*, *>>() as List<Map<String, Any?>>
            is Map<*, *> -> listOf(data as Map<String, Any?>)
            else -> emptyList()
        }

    /** The one record of a `get`, `create` or `update` (the first of a list), or `null`. */
    val record: Map<String, Any?>? get() = records.firstOrNull()

    internal companion object {
        @JvmSynthetic
        internal fun from(j: JsonNode): ConnecResult {
            val p = j.get("pagination")?.takeIf { it.isObject }
            val pagination = p?.let { Pagination(it.long("top"), it.long("skip"), it.long("total"), it.str("next")) }
            val extra = j.get("extra")?.takeIf { it.isObject }?.let(Json::toMap) ?: emptyMap()
            return ConnecResult(j.str("entity"), Json.toPlain(j.get("data")), pagination, extra)
        }
    }
}

/**
 * One operation's outcome in a batch: its HTTP [status] and [body] (records keyed by entity, or
 * an error list, as plain maps and lists). A batch succeeds as a whole even when some operations
 * failed: check each [ok].
 */
data class BatchResult(val status: Int, val body: Any?) {
    /** Whether this operation's status is 2xx. */
    val ok: Boolean get() = status in 200..299
}

/**
 * Connec!, the platform's data-sharing API: records of a group keyed by entity. Use it as
 * `client.connec` (blocking methods, and `…Await` for coroutines); the static [request] /
 * [response] pair is for apps that do the HTTP themselves.
 *
 * ```kotlin
 * val page = client.connec.list("cld-1", "people", ConnecQuery(top = 100))
 * val everyone = client.connec.listAll("cld-1", "people")
 * ```
 */
class Connec internal constructor(private val client: Client) {
    companion object {
        /**
         * The Connec! request for [action] (`list`, `get`, `create`, `update`, `batch`). [body]:
         * the record for `create`/`update`, the operations for `batch` (maps and lists).
         */
        @JvmStatic
        @JvmOverloads
        fun request(
            config: Config,
            action: String,
            groupId: String,
            entity: String,
            id: String? = null,
            query: ConnecQuery? = null,
            body: Any? = null,
        ): HttpRequest = HttpRequest.from(
            native(Family.API) {
                com.maestrano.ffi.connecRequest(config.native, action, groupId, entity, id, Json.write(query?.toParams()), Json.write(body))
            },
        )

        /** The request for a reply's `pagination.next`; `api_error` unless it is on `connec.host`. */
        @JvmStatic
        fun nextPageRequest(config: Config, next: String): HttpRequest =
            HttpRequest.from(native(Family.API) { com.maestrano.ffi.connecNextPageRequest(config.native, next) })

        /**
         * Reads a Connec! reply: a [ConnecResult], or for `batch` a `List` of [BatchResult].
         *
         * @throws ApiException `api_authentication`, `api_invalid_request` (with the platform's
         *   [ApiException.param] and [ApiException.messages]) or `api_error`
         */
        @JvmStatic
        fun response(action: String, response: HttpResponse): Any {
            val reply = Json.tree(native(Family.API) { com.maestrano.ffi.connecResponse(action, response.toNative()) })
            val results = reply.get("results")
            if (results != null && results.isArray && !reply.has("entity")) {
                return results.map { BatchResult(it.get("status")?.asInt() ?: 0, Json.toPlain(it.get("body"))) }
            }
            return ConnecResult.from(reply)
        }

        @JvmSynthetic
        internal fun readPage(action: String, r: HttpResponse) = response(action, r) as ConnecResult

        @Suppress("UNCHECKED_CAST")
        @JvmSynthetic
        internal fun readBatch(r: HttpResponse) = response("batch", r) as List<BatchResult>
    }

    private fun call(action: String, groupId: String, entity: String, id: String?, query: ConnecQuery?, body: Any?): ConnecResult =
        client.run({ request(client.config, action, groupId, entity, id, query, body) }) { readPage(action, it) }

    private suspend fun callAwait(action: String, groupId: String, entity: String, id: String?, query: ConnecQuery?, body: Any?): ConnecResult =
        client.runAwait({ request(client.config, action, groupId, entity, id, query, body) }) { readPage(action, it) }

    /** One page of [entity] records of [groupId]; follow it with [nextPage] or use [listAll]. */
    @JvmOverloads
    fun list(groupId: String, entity: String, query: ConnecQuery = ConnecQuery()): ConnecResult =
        call("list", groupId, entity, null, query, null)

    /** The page after [page] (`null` when it was the last). The next URL must be on `connec.host`. */
    fun nextPage(page: ConnecResult): ConnecResult? {
        val next = page.pagination?.next ?: return null
        return client.run({ nextPageRequest(client.config, next) }) { readPage("list", it) }
    }

    /** Every record of every page (all or nothing), following `pagination.next`. */
    @JvmOverloads
    fun listAll(groupId: String, entity: String, query: ConnecQuery = ConnecQuery()): List<Map<String, Any?>> {
        val out = ArrayList<Map<String, Any?>>()
        val seen = HashSet<String>()
        var page: ConnecResult? = list(groupId, entity, query)
        while (page != null) {
            out.addAll(page.records)
            if (!hasNext(seen, page)) break
            page = nextPage(page)
        }
        return out
    }

    /** One record: [ConnecResult.record]. */
    fun get(groupId: String, entity: String, id: String): ConnecResult = call("get", groupId, entity, id, null, null)

    /** Creates a record (sent as `{"<entity>": record}`); [ConnecResult.record] is the stored one. */
    fun create(groupId: String, entity: String, record: Map<String, Any?>): ConnecResult = call("create", groupId, entity, null, null, record)

    /** Updates a record (`PUT`); [ConnecResult.record] is the merged one. */
    fun update(groupId: String, entity: String, id: String, record: Map<String, Any?>): ConnecResult =
        call("update", groupId, entity, id, null, record)

    /**
     * Several operations in one call (`POST connec.host/batch`): a list of `{method, url,
     * params}` maps (sent with `sequential: true`) or the whole body `{sequential, ops}`.
     */
    fun batch(ops: Any): List<BatchResult> = client.run({ request(client.config, "batch", "", "", null, null, ops) }, ::readBatch)

    /** [list] for coroutines. */
    suspend fun listAwait(groupId: String, entity: String, query: ConnecQuery = ConnecQuery()): ConnecResult =
        callAwait("list", groupId, entity, null, query, null)

    /** [nextPage] for coroutines. */
    suspend fun nextPageAwait(page: ConnecResult): ConnecResult? {
        val next = page.pagination?.next ?: return null
        return client.runAwait({ nextPageRequest(client.config, next) }) { readPage("list", it) }
    }

    /** [listAll] for coroutines. */
    suspend fun listAllAwait(groupId: String, entity: String, query: ConnecQuery = ConnecQuery()): List<Map<String, Any?>> {
        val out = ArrayList<Map<String, Any?>>()
        val seen = HashSet<String>()
        var page: ConnecResult? = listAwait(groupId, entity, query)
        while (page != null) {
            out.addAll(page.records)
            if (!hasNext(seen, page)) break
            page = nextPageAwait(page)
        }
        return out
    }

    /** [get] for coroutines. */
    suspend fun getAwait(groupId: String, entity: String, id: String): ConnecResult = callAwait("get", groupId, entity, id, null, null)

    /** [create] for coroutines. */
    suspend fun createAwait(groupId: String, entity: String, record: Map<String, Any?>): ConnecResult =
        callAwait("create", groupId, entity, null, null, record)

    /** [update] for coroutines. */
    suspend fun updateAwait(groupId: String, entity: String, id: String, record: Map<String, Any?>): ConnecResult =
        callAwait("update", groupId, entity, id, null, record)

    /** [batch] for coroutines. */
    suspend fun batchAwait(ops: Any): List<BatchResult> = client.runAwait({ request(client.config, "batch", "", "", null, null, ops) }, ::readBatch)

    /** Whether to follow [page]'s next link; a link already followed is a loop (`api_error`). */
    private fun hasNext(seen: MutableSet<String>, page: ConnecResult): Boolean {
        val next = page.pagination?.next
        if (next.isNullOrEmpty() || page.records.isEmpty()) return false
        if (!seen.add(next)) throw ApiException("api_error", "Connec! `pagination.next` points back to a page already read; stopping")
        return true
    }
}
