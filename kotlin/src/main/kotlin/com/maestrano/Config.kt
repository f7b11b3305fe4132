package com.maestrano

import com.fasterxml.jackson.databind.JsonNode

/**
 * One marketplace's resolved configuration: the values given, the environment's defaults, then
 * the SDK's defaults (docs/spec.md §1). Load it with [fromJson] or [fromMap]; it is immutable and
 * safe to share between threads.
 *
 * It holds native memory: [close] it when done (or keep one for the life of the app; the JNA
 * cleaner frees it once unreachable).
 *
 * ```java
 * Config config = Config.fromJson("{\"environment\": \"production\", \"app\": {\"host\": \"https://myapp.example\"},"
 *     + " \"api\": {\"id\": \"app-1\", \"key\": \"...\"}}");
 * String metadata = config.metadataJson();   // the app's metadata, no secrets
 * ```
 */
class Config private constructor(@get:JvmSynthetic internal val native: com.maestrano.ffi.Config) : AutoCloseable {
    companion object {
        /** Wraps a native configuration (the facade's own use). */
        @JvmSynthetic
        internal fun wrap(native: com.maestrano.ffi.Config): Config = Config(native)

        /**
         * Loads a configuration from JSON text: nested (`{"api": {"id": …}}`), dotted
         * (`{"api.id": …}`) or legacy flat keys. `api.lang` defaults to `java` and
         * `api.lang_version` to this JVM's version unless the text sets `api.lang`.
         *
         * @throws ConfigException `config_invalid` (not JSON, a wrong value) or `config_missing`.
         */
        @JvmStatic
        fun fromJson(json: String): Config = Config(native(Family.CONFIG) { com.maestrano.ffi.Config.fromJson(HostDefaults.apply(json)) })

        /**
         * Loads a configuration from a map (as [fromJson], with nested maps, lists, strings,
         * numbers and booleans), e.g. from a framework's property binding.
         */
        @JvmStatic
        fun fromMap(values: Map<String, Any?>): Config =
            fromJson(Json.write(values, ::configInvalid) ?: throw configInvalid("configuration must be an object"))
    }

    /** The environment name (`production`, `sandbox`, `uat`, …, or a custom one). */
    val environment: String get() = native.environment()

    /** The effective configuration as JSON text. It contains `api.key`: keep it private. */
    fun toJson(): String = native.toJson()

    /** The app's metadata JSON text (the platform reads it; never contains secrets). */
    fun metadataJson(): String = native.metadataJson()

    /** Whether `(appId, apiKey)` are this config's credentials (constant-time comparison). */
    fun authenticate(appId: String, apiKey: String): Boolean = native.authenticate(appId, apiKey)

    /** Whether an `Authorization: Basic …` header value carries this config's credentials (`null`: no). */
    fun authenticateHeader(authorization: String?): Boolean = authorization != null && native.authenticateHeader(authorization)

    /** The local uid of a user in a group (`"usr.cld"` in virtual mode, else the real uid). */
    fun maskUser(userUid: String, groupUid: String): String = native.maskUser(userUid, groupUid)

    /** The identity provider's SAML endpoint. @throws ConfigException when it cannot be built. */
    fun idpUrl(): String = native(Family.CONFIG) { native.idpUrl() }

    /** The app's SSO init URL (where users start signing in). */
    fun initUrl(): String = native.initUrl()

    /** The app's SAML consume (ACS) URL. */
    fun consumeUrl(): String = native.consumeUrl()

    /** The platform logout URL, optionally for one user. @throws ConfigException when it cannot be built. */
    @JvmOverloads
    fun logoutUrl(userUid: String? = null): String = native(Family.CONFIG) { native.logoutUrl(userUid) }

    /** The platform's "access unauthorized" page. @throws ConfigException when it cannot be built. */
    fun unauthorizedUrl(): String = native(Family.CONFIG) { native.unauthorizedUrl() }

    /** The single-logout session check URL (carries the session token: never log it). */
    fun sessionCheckUrl(userUid: String, sessionToken: String): String =
        native(Family.CONFIG) { native.sessionCheckUrl(userUid, sessionToken) }

    /** Frees the native configuration; the object must not be used afterwards. */
    override fun close() = native.close()

    /** `Config(environment=…)`: never the credentials. */
    override fun toString(): String = "Config(environment=$environment)"
}

/**
 * Named configurations, one per marketplace the app is sold on, e.g. from
 * [DevPlatform.autoConfigure] or `{ "<name>": {config}, … }` JSON. Immutable, thread-safe;
 * [close] it when done.
 */
class Presets private constructor(@get:JvmSynthetic internal val native: com.maestrano.ffi.Presets) : AutoCloseable {
    companion object {
        /**
         * Loads `{ "<name>": {config}, … }` from JSON text (each config as in [Config.fromJson],
         * with the same `api.lang` default).
         *
         * @throws ConfigException `config_invalid` or `config_missing`.
         */
        @JvmStatic
        fun fromJson(json: String): Presets = Presets(native(Family.CONFIG) { com.maestrano.ffi.Presets.fromJson(HostDefaults.applyEach(json)) })

        /** Loads presets from a map of name → configuration map. */
        @JvmStatic
        fun fromMap(values: Map<String, Map<String, Any?>>): Presets =
            fromJson(Json.write(values, ::configInvalid) ?: throw configInvalid("presets must be an object"))
    }

    /** The preset names, in order. */
    val names: List<String> get() = native.names()

    /** The preset [name]. @throws ConfigException `config_missing` when there is none. */
    operator fun get(name: String): Config = Config.wrap(native(Family.CONFIG) { native.get(name) })

    /** The name of the preset whose credentials these are, or `null`. */
    fun findByCredentials(appId: String, apiKey: String): String? = native.findByCredentials(appId, apiKey)

    /** All presets as JSON text `{name: effective config}` (contains the API keys: keep it private). */
    fun toJson(): String = native.toJson()

    /** Frees the native presets. */
    override fun close() = native.close()

    /** `Presets(names=[…])`: never the credentials. */
    override fun toString(): String = "Presets(names=$names)"
}

/** `config_invalid` for a configuration that cannot be written as JSON. */
@JvmSynthetic
internal fun configInvalid(reason: String) = ConfigException("config_invalid", reason)

/**
 * The host's defaults `api.lang` = `java` and `api.lang_version` = the JVM's version, added to a
 * configuration's JSON text unless it names `api.lang` (in any spelling) itself. The text is
 * otherwise passed on unchanged (the core reads it and reports its errors), so the defaults are
 * spliced in as text rather than by re-serialising.
 */
internal object HostDefaults {
    private val version: String = Runtime.version().toString()
    private val prefix = """"api.lang":"java","api.lang_version":${Json.mapper.writeValueAsString(version)}"""

    private fun setsLang(obj: JsonNode): Boolean {
        val api = obj.get("api")
        return obj.has("api.lang") || obj.has("apiLang") || (api != null && api.isObject && api.has("lang"))
    }

    /** One configuration's text with the defaults (unchanged when it is not a JSON object). */
    fun apply(json: String): String {
        val tree = try {
            Json.tree(json)
        } catch (e: Exception) {
            return json
        }
        if (tree == null || !tree.isObject || setsLang(tree)) return json
        return splice(json)
    }

    /** Each preset's text with the defaults: rewritten only when every value is an object. */
    fun applyEach(json: String): String {
        val tree = try {
            Json.tree(json)
        } catch (e: Exception) {
            return json
        }
        if (tree == null || !tree.isObject) return json
        val out = Json.mapper.createObjectNode()
        for ((name, config) in tree.properties()) {
            if (!config.isObject) return json
            out.set<JsonNode>(name, if (setsLang(config)) config else splice(config.deepCopy()))
        }
        return Json.mapper.writeValueAsString(out)
    }

    private fun splice(obj: com.fasterxml.jackson.databind.node.ObjectNode): JsonNode {
        val out = Json.mapper.createObjectNode()
        out.put("api.lang", "java")
        out.put("api.lang_version", version)
        out.setAll<JsonNode>(obj)
        return out
    }

    private fun splice(json: String): String {
        val open = json.indexOf('{')
        val rest = json.substring(open + 1)
        val separator = if (rest.trimStart().startsWith("}")) "" else ","
        return json.substring(0, open + 1) + prefix + separator + rest
    }
}
