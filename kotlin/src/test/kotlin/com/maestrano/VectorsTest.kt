package com.maestrano

import com.fasterxml.jackson.databind.DeserializationFeature
import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.ObjectMapper
import com.fasterxml.jackson.databind.PropertyNamingStrategies
import com.fasterxml.jackson.databind.node.JsonNodeFactory
import com.fasterxml.jackson.databind.node.MissingNode
import com.fasterxml.jackson.databind.node.ObjectNode
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import java.io.File
import java.time.Instant
import java.time.OffsetDateTime
import java.time.ZoneOffset

/**
 * Runs the shared vectors (`tests/vectors/` and every folder of `MAESTRANO_EXTRA_VECTORS`) through
 * the public facade (`com.maestrano`, never the generated `com.maestrano.ffi`), docs/spec.md §8,
 * exactly like `core/tests/vectors.rs`. A vector the typed API cannot express (e.g. Account API
 * params that are not an object: a compile-time error here) is counted as skipped. Prints one line per
 * failing vector and ends with `kotlin: N passed, N failed, N skipped` (also written to the file
 * named by the `maestrano.report` system property, which `scripts/kotlin.sh` prints).
 */
class VectorsTest {
    private val mapper = ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
    /** Writes the typed results back under the platform's names (`priceCents` → `price_cents`). */
    private val snake = ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
    private val nodes = JsonNodeFactory.instance

    /** What running one vector's op gave. */
    private sealed interface Outcome {
        data class Ok(val value: JsonNode) : Outcome
        data class Err(val kind: String, val reason: String, val text: String) : Outcome
        data object Skipped : Outcome

        /** Anything but a [MaestranoException] (a binding bug): always a failure. */
        data class Crash(val text: String) : Outcome
    }

    private fun JsonNode?.orMissing(): JsonNode = this ?: MissingNode.getInstance()

    /** `input[k]` as a string, `""` when absent or not a string (Rust: `as_str().unwrap_or_default()`). */
    private fun JsonNode.str(key: String): String = strOrNull(key) ?: ""

    private fun JsonNode.strOrNull(key: String): String? = get(key)?.takeIf { it.isTextual }?.textValue()

    /** A node as JSON text; absent → `null` (Rust indexes a missing key as `Value::Null`). */
    private fun JsonNode?.text(): String = if (this == null || isMissingNode) "null" else mapper.writeValueAsString(this)

    private fun parse(text: String): JsonNode = mapper.readTree(text)

    private fun <T> withConfig(vector: JsonNode, block: (Config) -> T): T {
        // `vector.get("config")` is null when absent or when the vector is not an object.
        val text = vector.get("config")?.let { mapper.writeValueAsString(it) } ?: "{}"
        return Config.fromJson(text).use(block)
    }

    @Suppress("UNCHECKED_CAST")
    private fun map(node: JsonNode?): Map<String, Any?>? =
        if (node == null || node.isMissingNode || node.isNull) null else mapper.convertValue(node, Map::class.java) as Map<String, Any?>

    private fun plain(node: JsonNode?): Any? =
        if (node == null || node.isMissingNode || node.isNull) null else mapper.convertValue(node, Any::class.java)

    private fun run(vector: JsonNode): Outcome {
        val op = vector.strOrNull("op") ?: ""
        val input = vector.get("input").orMissing()
        return try {
            val value: JsonNode = when (op) {
                "config.load" -> withConfig(vector) { parse(it.toJson()) }
                "metadata.render" -> withConfig(vector) { parse(it.metadataJson()) }
                "auth.authenticate" -> withConfig(vector) {
                    nodes.booleanNode(it.authenticate(input.str("app_id"), input.str("api_key")))
                }
                "auth.authenticate_header" -> withConfig(vector) {
                    nodes.booleanNode(it.authenticateHeader(input.str("authorization")))
                }
                "user.mask" -> withConfig(vector) {
                    nodes.textNode(it.maskUser(input.str("user_uid"), input.str("group_uid")))
                }
                "user.unmask" -> nodes.textNode(Maestrano.unmaskUser(input.str("uid")))
                "web.return_path" -> {
                    val refused = "\u0000" // not a path: stands for "refused" (the default returned instead)
                    Web.safeReturnPath(input.str("value"), refused).takeIf { it != refused }?.let(nodes::textNode) ?: nodes.nullNode()
                }
                "web.error_status" -> nodes.numberNode(Web.statusFor(MaestranoException(input.str("kind"), "vector")))
                "presets.find_by_credentials" -> Presets.fromJson(input.get("presets").text()).use {
                    it.findByCredentials(input.str("app_id"), input.str("api_key"))
                        ?.let(nodes::textNode) ?: nodes.nullNode()
                }
                "sso.urls" -> withConfig(vector) { urls(it, input) }
                "saml.authn_request" -> withConfig(vector) { authn(it, input) }
                "saml.validate_response" -> withConfig(vector) {
                    sso(Sso.validateResponse(it, input.str("saml_response"), now(input), input.strOrNull("request_id")))
                }
                "saml.replay_sequence" -> withConfig(vector) { replaySequence(it, input) }
                "session.from_sso" -> withConfig(vector) {
                    val r = Sso.validateResponse(it, input.str("saml_response"), now(input), input.strOrNull("request_id"), input.strOrNull("preset"))
                    val value = r.session ?: throw SamlException("missing_attribute", "no session attributes")
                    nodes.objectNode().apply {
                        put("value", value)
                        set<JsonNode>("payload", payload(value))
                    }
                }
                "session.check_request" -> withConfig(vector) {
                    Session.checkRequest(it, input.strOrNull("value"), now(input))?.let(::request) ?: nodes.nullNode()
                }
                "session.check_response" -> withConfig(vector) {
                    val r = Session.checkResponse(it, input.strOrNull("value"), response(input))
                    nodes.objectNode().apply {
                        put("valid", r.valid)
                        put("value", r.value)
                    }
                }
                "api.request" -> {
                    val params = input.get("params")
                    if (params != null && !params.isNull && !params.isObject) return Outcome.Skipped // a Map in this API
                    withConfig(vector) {
                        request(Account.request(it, input.str("resource"), input.str("action"), input.strOrNull("id"), map(params)))
                    }
                }
                "api.response" -> typed(Account.response(input.str("resource"), input.str("action"), response(input)))
                "connec.request" -> withConfig(vector) {
                    request(
                        Connec.request(
                            it, input.str("action"), input.str("group_id"), input.str("entity"), input.strOrNull("id"),
                            query(input.get("params")), plain(input.get("body")),
                        ),
                    )
                }
                "connec.response" -> when (val r = Connec.response(input.str("action"), response(input))) {
                    is ConnecResult -> nodes.objectNode().apply {
                        put("entity", r.entity)
                        set<JsonNode>("data", mapper.valueToTree(r.data))
                        set<JsonNode>("pagination", r.pagination?.let { snake.valueToTree<JsonNode>(it) } ?: nodes.nullNode())
                        if (r.extra.isNotEmpty()) set<JsonNode>("extra", mapper.valueToTree(r.extra))
                    }
                    else -> nodes.objectNode().apply {
                        set<JsonNode>("results", nodes.arrayNode().apply {
                            (r as List<*>).map { it as BatchResult }.forEach { b ->
                                add(nodes.objectNode().apply {
                                    put("status", b.status)
                                    set<JsonNode>("body", mapper.valueToTree(b.body))
                                })
                            }
                        })
                    }
                }
                "devplatform.request" -> request(
                    DevPlatform.request(
                        DevPlatformSettings(
                            input.strOrNull("host"), input.strOrNull("api_path"), input.strOrNull("env_name"),
                            input.strOrNull("env_key"), input.strOrNull("env_secret"),
                        ),
                    ),
                )
                "devplatform.response" -> DevPlatform.response(response(input)).use { parse(it.toJson()) }
                // docs/spec.md D38: the core's settings-file reader, its errors translated as the facade's.
                "devplatform.settings_file" -> DevPlatform.parseSettingsFile(input.str("text")).let { s ->
                    nodes.objectNode().put("host", s.host).put("api_path", s.apiPath).put("env_name", s.envName)
                        .put("env_key", s.envKey).put("env_secret", s.envSecret)
                }
                "webhook.match" -> withConfig(vector) {
                    Webhooks.match(it, input.str("method"), input.str("path"), input.strOrNull("authorization"))?.let(::event)
                        ?: nodes.nullNode()
                }
                "webhook.connec_notification" -> mapper.valueToTree(Webhooks.connecNotification(input.str("body").toByteArray()))
                else -> return Outcome.Skipped
            }
            Outcome.Ok(value)
        } catch (e: MaestranoException) {
            Outcome.Err(e.kind, e.reason, "${e.kind}: ${e.reason}")
        }
    }

    /** `input.params` of a Connec! list as the typed query; other keys or types cannot be expressed. */
    private fun query(node: JsonNode?): ConnecQuery? {
        if (node == null || node.isNull || node.isMissingNode) return null
        fun long(k: String) = node.get(k)?.takeIf { !it.isNull }?.longValue()
        fun text(k: String) = node.get(k)?.takeIf { !it.isNull }?.textValue()
        return ConnecQuery(text("filter"), text("orderby"), long("top"), long("skip"))
    }

    /** A typed Account API result back as the platform's JSON: snake_case fields, `extra` inlined. */
    private fun typed(value: Any): JsonNode {
        if (value is List<*>) return nodes.arrayNode().apply { value.forEach { add(typed(it!!)) } }
        val node = snake.valueToTree<ObjectNode>(value)
        val extra = node.remove("extra")
        if (extra is ObjectNode) node.setAll<JsonNode>(extra)
        return node
    }

    /**
     * `saml.replay_sequence`: validates each step's response and passes every valid result to one
     * in-memory [ReplayCache] of `input.capacity`; each step's outcome is `"ok"` or the error kind.
     */
    private fun replaySequence(c: Config, input: JsonNode): JsonNode {
        val capacity = input.get("capacity")?.takeIf { it.canConvertToInt() }?.asInt() ?: ReplayCache.DEFAULT_CAPACITY
        val outcomes = nodes.arrayNode()
        ReplayCache.inMemory(capacity).use { cache ->
            for (step in input.get("steps")?.toList() ?: emptyList()) {
                val outcome = try {
                    val r = Sso.validateResponse(c, step.str("saml_response"), now(step), step.strOrNull("request_id"))
                    cache.check(c, r, now(step))
                    "ok"
                } catch (e: MaestranoException) {
                    e.kind
                }
                outcomes.add(outcome)
            }
        }
        return outcomes
    }

    /** A node as JSON text, `null` when absent or JSON null (an optional JSON argument). */
    private fun JsonNode?.textOrNull(): String? = if (this == null || isMissingNode || isNull) null else mapper.writeValueAsString(this)

    /** `input.status` and `input.body` as a response. */
    private fun response(input: JsonNode): HttpResponse =
        HttpResponse(input.get("status")?.asInt() ?: 0, emptyList(), input.str("body").toByteArray())

    /** A request as the core's `HttpRequest::to_json`. */
    private fun request(r: HttpRequest): JsonNode = nodes.objectNode().apply {
        put("method", r.method)
        put("url", r.url)
        set<JsonNode>("headers", nodes.objectNode().apply { r.headers.forEach { put(it.name, it.value) } })
        put("body", r.body?.toString(Charsets.UTF_8))
        r.timeoutMs?.let { put("timeout_ms", it) } ?: putNull("timeout_ms")
    }

    private fun payload(value: String): JsonNode {
        val p = Session.read(value) ?: return nodes.nullNode()
        return nodes.objectNode().apply {
            put("uid", p.uid)
            put("session", p.session)
            put("session_recheck", p.sessionRecheck?.let { rfc3339(it.toEpochMilli(), withMillis = false) })
            put("group_uid", p.groupUid)
            put("preset", p.preset)
        }
    }

    private fun event(e: WebhookEvent): JsonNode = nodes.objectNode().apply {
        put("event", e.event)
        e.groupId?.let { put("group_id", it) }
        e.userId?.let { put("user_id", it) }
        e.localUserId?.let { put("local_user_id", it) }
        put("tenant", e.tenant)
    }

    private fun urls(c: Config, input: JsonNode): JsonNode {
        val uid = input.strOrNull("user_uid")
        val out = nodes.objectNode()
        out.put("idp_url", c.idpUrl())
        out.put("init_url", c.initUrl())
        out.put("consume_url", c.consumeUrl())
        out.put("logout_url", c.logoutUrl(uid))
        out.put("unauthorized_url", c.unauthorizedUrl())
        val token = input.strOrNull("session_token")
        if (uid != null && token != null) {
            out.put("session_check_url", c.sessionCheckUrl(uid, token))
        }
        return out
    }

    /** `input.now` (RFC 3339); the epoch when absent or invalid, as the Rust runner. */
    private fun now(input: JsonNode): Instant =
        input.strOrNull("now")?.let { runCatching { OffsetDateTime.parse(it).toInstant() }.getOrNull() } ?: Instant.EPOCH

    /** RFC 3339 UTC, with milliseconds only when not zero (the core's `UnixTime::to_rfc3339`). */
    private fun rfc3339(ms: Long, withMillis: Boolean = true): String {
        val t = Instant.ofEpochMilli(ms).atOffset(ZoneOffset.UTC)
        val whole = "%04d-%02d-%02dT%02d:%02d:%02d".format(t.year, t.monthValue, t.dayOfMonth, t.hour, t.minute, t.second)
        val millis = Math.floorMod(ms, 1000L)
        return if (!withMillis || millis == 0L) "${whole}Z" else "$whole.%03dZ".format(millis)
    }

    private fun time(t: Instant?): JsonNode = t?.let { nodes.textNode(rfc3339(it.toEpochMilli())) } ?: nodes.nullNode()

    private fun authn(c: Config, input: JsonNode): JsonNode {
        val params = LinkedHashMap<String, String?>()
        input.get("params")?.takeIf { it.isObject }?.properties()?.forEach { (k, v) -> params[k] = if (v.isTextual) v.textValue() else "" }
        val r = Sso.authnRequest(c, params, input.strOrNull("group_id"), input.strOrNull("relay_state"), input.str("id"), now(input))
        return nodes.objectNode().apply {
            put("url", r.url)
            put("request_id", r.requestId)
            put("issue_instant", rfc3339(r.issueInstant.toEpochMilli(), withMillis = false))
            put("xml", r.xml)
        }
    }

    /** The validated response as the core's `SsoResult::to_json` (docs/spec.md §3 keys). */
    private fun sso(r: SsoResult): JsonNode = nodes.objectNode().apply {
        put("name_id", r.nameId)
        put("assertion_id", r.assertionId)
        put("session_index", r.sessionIndex)
        set<JsonNode>("not_on_or_after", time(r.notOnOrAfter))
        put("issuer", r.issuer)
        set<JsonNode>("attributes", nodes.objectNode().apply {
            r.attributes.forEach { (name, values) -> set<JsonNode>(name, nodes.arrayNode().apply { values.forEach(::add) }) }
        })
        val u = r.user
        set<JsonNode>("user", nodes.objectNode().apply {
            put("provider", u.provider)
            put("uid", u.uid)
            set<JsonNode>("info", nodes.objectNode().apply {
                put("email", u.info.email)
                put("first_name", u.info.firstName)
                put("last_name", u.info.lastName)
                put("country", u.info.country)
                put("company_name", u.info.companyName)
            })
            set<JsonNode>("extra", nodes.objectNode().apply {
                put("uid", u.extra.uid)
                put("virtual_uid", u.extra.virtualUid)
                put("real_email", u.extra.realEmail)
                put("virtual_email", u.extra.virtualEmail)
                set<JsonNode>("group", nodes.objectNode().apply {
                    put("uid", u.extra.group.uid)
                    put("name", u.extra.group.name)
                    put("role", u.extra.group.role)
                })
                set<JsonNode>("session", nodes.objectNode().apply {
                    put("uid", u.extra.session.uid)
                    put("token", u.extra.session.token)
                    set<JsonNode>("recheck", time(u.extra.session.recheck))
                    put("group_uid", u.extra.session.groupUid)
                })
            })
        })
        val g = r.group
        set<JsonNode>("group", nodes.objectNode().apply {
            put("provider", g.provider)
            put("uid", g.uid)
            set<JsonNode>("info", nodes.objectNode().apply {
                set<JsonNode>("free_trial_end_at", time(g.info.freeTrialEndAt))
                put("company_name", g.info.companyName)
                put("has_credit_card", g.info.hasCreditCard)
                put("name", g.info.name)
                put("org_uid", g.info.orgUid)
                put("email", g.info.email)
                put("city", g.info.city)
                put("country", g.info.country)
                put("timezone", g.info.timezone)
                put("currency", g.info.currency)
            })
        })
        val m = r.membership
        set<JsonNode>("membership", nodes.objectNode().apply {
            put("provider", m.provider)
            put("group_uid", m.groupUid)
            put("user_uid", m.userUid)
            put("role", m.role)
        })
    }

    /** docs/spec.md §8 comparison: objects as subsets, everything else equal (numbers by value). */
    private fun matches(expected: JsonNode, actual: JsonNode): Boolean = when {
        expected.isObject && actual.isObject ->
            expected.properties().all { (k, ev) -> actual.get(k)?.let { matches(ev, it) } ?: false }
        expected.isArray && actual.isArray ->
            expected.size() == actual.size() && (0 until expected.size()).all { matches(expected[it], actual[it]) }
        expected.isNumber && actual.isNumber -> expected.doubleValue() == actual.doubleValue()
        expected.isObject || expected.isArray || expected.isNumber -> false
        else -> expected == actual
    }

    /** `null` when the vector passes, else why it failed. */
    private fun check(vector: JsonNode, outcome: Outcome): String? {
        val expect = vector.get("expect").orMissing()
        val error: JsonNode? = if (expect.isObject) expect.get("error") else null
        val ok: JsonNode? = if (expect.isObject) expect.get("ok") else null
        return when (outcome) {
            is Outcome.Skipped -> null
            is Outcome.Crash -> outcome.text
            is Outcome.Err -> {
                val part = expect.get("message")?.takeIf { it.isTextual }?.textValue()
                when {
                    error == null -> "expected ok, got error ${outcome.text}"
                    !(error.isTextual && (error.textValue() == "*" || error.textValue() == outcome.kind)) ->
                        "expected error ${error.text()}, got ${outcome.text}"
                    part != null && !outcome.reason.contains(part) -> "expected an error message containing \"$part\", got ${outcome.text}"
                    else -> null
                }
            }
            is Outcome.Ok -> when {
                error != null -> "expected error ${error.text()}, got ok ${outcome.value.text()}"
                ok == null -> "vector has no expectation"
                matches(ok, outcome.value) -> null
                else -> "expected ${ok.text()}, got ${outcome.value.text()}"
            }
        }
    }

    private fun collect(dir: File, out: MutableList<File>) {
        val entries = dir.listFiles() ?: return
        for (p in entries.sortedBy { it.name }) {
            if (p.isDirectory) collect(p, out) else if (p.extension == "json") out.add(p)
        }
    }

    @Test
    fun vectors() {
        val roots = mutableListOf(File(System.getProperty("maestrano.vectors") ?: "../tests/vectors"))
        System.getenv("MAESTRANO_EXTRA_VECTORS")?.split(':')?.filter { it.isNotEmpty() }?.forEach { roots.add(File(it)) }
        val files = mutableListOf<File>()
        roots.forEach { collect(it, files) }

        val lines = mutableListOf<String>()
        var passed = 0
        var failed = 0
        var skipped = 0
        for (file in files) {
            val vectors: List<JsonNode> = try {
                val root = mapper.readTree(file.readText())
                if (root == null || root.isMissingNode) throw IllegalArgumentException("empty document")
                if (root.isArray) root.toList() else listOf(root)
            } catch (e: Exception) {
                lines.add("FAIL ${file.path}: not JSON: ${e.message?.lineSequence()?.first()}")
                failed++
                continue
            }
            for (v in vectors) {
                val outcome = try {
                    run(v)
                } catch (e: Exception) {
                    Outcome.Crash("unexpected ${e.javaClass.name}: ${e.message}")
                }
                val why = check(v, outcome)
                when {
                    outcome is Outcome.Skipped -> skipped++
                    why == null -> passed++
                    else -> {
                        failed++
                        lines.add("FAIL ${v.strOrNull("name") ?: "?"}: $why")
                    }
                }
            }
        }
        lines.add("kotlin: $passed passed, $failed failed, $skipped skipped")
        lines.forEach(::println)
        System.getProperty("maestrano.report")?.let { File(it).writeText(lines.joinToString("\n", postfix = "\n")) }
        assertEquals(0, failed, lines.last())
    }
}
