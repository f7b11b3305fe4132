package com.maestrano

import com.fasterxml.jackson.core.JsonProcessingException
import com.fasterxml.jackson.core.type.TypeReference
import com.fasterxml.jackson.databind.DeserializationFeature
import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.ObjectMapper
import java.time.Instant
import java.time.OffsetDateTime
import java.time.format.DateTimeParseException

/**
 * Reading the JSON text the core hands over (one crossing per result) into the facade's data
 * classes, and writing parameters for it. Internal: the public API has no Jackson type.
 */
internal object Json {
    /** The one mapper: thread-safe once configured. */
    @get:JvmSynthetic
    val mapper: ObjectMapper = ObjectMapper()
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)

    private val mapType = object : TypeReference<Map<String, Any?>>() {}

    /** JSON text the core wrote → a tree. */
    @JvmSynthetic
    fun tree(text: String): JsonNode = mapper.readTree(text)

    /** A JSON object → a plain `Map` (nested objects `Map`, arrays `List`; integers `Integer`,
     *  `Long` or `BigInteger` by size, decimals `Double`). */
    @JvmSynthetic
    fun toMap(node: JsonNode): Map<String, Any?> = mapper.convertValue(node, mapType)

    /** A JSON value → plain Java values (`Map`, `List`, `String`, `Boolean`, numbers, `null`). */
    @JvmSynthetic
    fun toPlain(node: JsonNode?): Any? = if (node == null || node.isNull || node.isMissingNode) null else mapper.convertValue(node, Any::class.java)

    /**
     * Parameters for the core → JSON text (`null` stays `null`). `Instant`, `OffsetDateTime` and
     * `ZonedDateTime` are written as RFC 3339 UTC, `LocalDate` as `YYYY-MM-DD`.
     */
    @JvmSynthetic
    fun write(value: Any?, refuse: (String) -> MaestranoException = { ApiException("api_invalid_request", it) }): String? {
        if (value == null) return null
        return try {
            mapper.writeValueAsString(plainParams(value))
        } catch (e: JsonProcessingException) {
            throw refuse("the values cannot be written as JSON: ${e.originalMessage}")
        }
    }

    private fun plainParams(v: Any?): Any? = when (v) {
        null -> null
        is Instant -> rfc3339(v)
        is OffsetDateTime -> rfc3339(v.toInstant())
        is java.time.ZonedDateTime -> rfc3339(v.toInstant())
        is java.time.LocalDate -> v.toString()
        is Map<*, *> -> v.entries.associate { (k, value) -> k.toString() to plainParams(value) }
        is Iterable<*> -> v.map(::plainParams)
        is Array<*> -> v.map(::plainParams)
        else -> v
    }

    /** RFC 3339 UTC to the millisecond, the fraction only when not zero (the core's own form). */
    @JvmSynthetic
    fun rfc3339(t: Instant): String = Instant.ofEpochMilli(t.toEpochMilli()).toString()

    /** An RFC 3339 time the core wrote → `Instant`; `null` for JSON null or absent. */
    @JvmSynthetic
    fun instant(node: JsonNode?): Instant? {
        val text = node?.takeIf { it.isTextual }?.textValue() ?: return null
        return try {
            Instant.parse(text)
        } catch (e: DateTimeParseException) {
            OffsetDateTime.parse(text).toInstant()
        }
    }
}

/** `this[key]` as text, `null` when absent, JSON null or not text. */
@JvmSynthetic
internal fun JsonNode.str(key: String): String? = get(key)?.takeIf { it.isTextual }?.textValue()

/** `this[key]` as text, which the core always writes. */
@JvmSynthetic
internal fun JsonNode.req(key: String): String = str(key) ?: ""

/** `this[key]` as a `Long`, `null` when absent or not an integer. */
@JvmSynthetic
internal fun JsonNode.long(key: String): Long? = get(key)?.takeIf { it.isIntegralNumber && it.canConvertToLong() }?.longValue()

/** `this[key]` as a `Double`, `null` when absent or not a number. */
@JvmSynthetic
internal fun JsonNode.double(key: String): Double? = get(key)?.takeIf { it.isNumber }?.doubleValue()

/** `this[key]` as a `Boolean`, `null` when absent or not a boolean. */
@JvmSynthetic
internal fun JsonNode.bool(key: String): Boolean? = get(key)?.takeIf { it.isBoolean }?.booleanValue()

/** The fields of this object whose names are not in [known], as plain values. */
@JvmSynthetic
internal fun JsonNode.extra(known: Set<String>): Map<String, Any?> {
    val out = LinkedHashMap<String, Any?>()
    properties().forEach { (k, v) -> if (k !in known) out[k] = Json.toPlain(v) }
    return out
}
