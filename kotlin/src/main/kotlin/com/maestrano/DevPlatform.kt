package com.maestrano

import com.fasterxml.jackson.databind.node.ObjectNode
import java.nio.ByteBuffer
import java.nio.charset.CharacterCodingException
import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.NoSuchFileException
import java.nio.file.Path

/**
 * The five developer-platform settings (`null`: not given; the core applies the defaults and
 * names what is missing). [toString] never shows [envSecret].
 *
 * @property host `MNO_DEVPL_HOST` (default `https://developer.maestrano.com`)
 * @property apiPath `MNO_DEVPL_API_PATH` (default `/api/config/v1`)
 * @property envName `MNO_DEVPL_ENV_NAME` (required)
 * @property envKey `MNO_DEVPL_ENV_KEY` (required)
 * @property envSecret `MNO_DEVPL_ENV_SECRET` (required)
 */
data class DevPlatformSettings @JvmOverloads constructor(
    val host: String? = null,
    val apiPath: String? = null,
    val envName: String? = null,
    val envKey: String? = null,
    val envSecret: String? = null,
) {
    /** Without the secret. */
    override fun toString(): String =
        "DevPlatformSettings(host=$host, apiPath=$apiPath, envName=$envName, envKey=$envKey, envSecret=${envSecret?.let { "<redacted>" }})"

    internal fun toNative() = com.maestrano.ffi.DevPlatformSettings(host, apiPath, envName, envKey, envSecret)
}

/**
 * Auto-configuration from the Maestrano developer platform (docs/spec.md D2): given the app
 * environment's credentials, fetch one configuration per marketplace the app is sold on.
 *
 * ```java
 * try (Presets presets = DevPlatform.autoConfigure()) {        // MNO_DEVPL_* variables
 *     Config config = presets.get("maestrano-uat");
 * }
 * ```
 */
object DevPlatform {
    /** Environment variable → setting. */
    @JvmField
    val ENV_VARS: List<String> = listOf("MNO_DEVPL_HOST", "MNO_DEVPL_API_PATH", "MNO_DEVPL_ENV_NAME", "MNO_DEVPL_ENV_KEY", "MNO_DEVPL_ENV_SECRET")

    /**
     * The settings from [env] (default: the process environment; empty values count as absent),
     * each missing one taken from the settings [file] when one is given (see [readSettingsFile]).
     */
    @JvmStatic
    @JvmOverloads
    fun settingsFromEnv(env: Map<String, String> = System.getenv(), file: Path? = null): DevPlatformSettings {
        val f = file?.let(::readSettingsFile) ?: DevPlatformSettings()
        fun v(name: String, fallback: String?) = env[name]?.takeIf { it.isNotEmpty() } ?: fallback
        return DevPlatformSettings(
            v("MNO_DEVPL_HOST", f.host), v("MNO_DEVPL_API_PATH", f.apiPath), v("MNO_DEVPL_ENV_NAME", f.envName),
            v("MNO_DEVPL_ENV_KEY", f.envKey), v("MNO_DEVPL_ENV_SECRET", f.envSecret),
        )
    }

    /**
     * A settings file's content as the five settings, read by the core the same way in every
     * language (docs/spec.md D38): JSON when it starts with `{`, otherwise a strict YAML subset
     * (nested mappings indented with spaces, plain and quoted scalars, always strings; `#`
     * comments; one document). Keys: `dev_platform.host`, `dev_platform.api_path`,
     * `environment.name`, `environment.api_key`, `environment.api_secret`.
     *
     * @throws ConfigException `config_invalid` naming the line; `input_too_large` beyond 64 KiB,
     *   4096 lines or 16 levels of nesting
     */
    @JvmStatic
    fun parseSettingsFile(text: String): DevPlatformSettings {
        val s = native(Family.CONFIG) { com.maestrano.ffi.parseSettingsFile(text) }
        return DevPlatformSettings(s.host, s.apiPath, s.envName, s.envKey, s.envSecret)
    }

    /**
     * The settings of the file at [path] ([parseSettingsFile]); at most 64 KiB are read.
     *
     * @throws ConfigException `config_missing` when it does not exist, `config_invalid` when it
     *   is not UTF-8 or not a settings file, `input_too_large` when it is too large
     * @throws java.io.IOException when it cannot be read
     */
    @JvmStatic
    fun readSettingsFile(path: Path): DevPlatformSettings {
        val bytes = try {
            Files.newInputStream(path).use { it.readNBytes(SETTINGS_FILE_LIMIT + 1) }
        } catch (e: NoSuchFileException) {
            throw ConfigException("config_missing", "the settings file '${path.fileName}' does not exist")
        }
        if (bytes.size > SETTINGS_FILE_LIMIT) {
            throw ConfigException("input_too_large", "the settings file '${path.fileName}' exceeds $SETTINGS_FILE_LIMIT bytes")
        }
        val text = try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString()
        } catch (e: CharacterCodingException) {
            throw ConfigException("config_invalid", "${path.fileName}: the settings file is not UTF-8")
        }
        return try {
            parseSettingsFile(text)
        } catch (e: ConfigException) {
            throw ConfigException(e.kind, "${path.fileName}: ${e.reason}")
        }
    }

    /** The most a settings file may hold (the core's limit), in bytes. */
    private const val SETTINGS_FILE_LIMIT = 64 * 1024

    /**
     * The marketplaces request: `GET host + apiPath` (`/marketplaces` appended unless present)
     * with HTTP Basic `envKey:envSecret`.
     *
     * @throws ConfigException `config_missing` naming the missing settings, `config_invalid`
     *   for a host that is not an http(s) URL
     */
    @JvmStatic
    fun request(settings: DevPlatformSettings): HttpRequest =
        HttpRequest.from(native(Family.DEVPLATFORM) { com.maestrano.ffi.devplatformRequest(settings.toNative()) })

    /**
     * The developer platform's answer as [Presets], one per marketplace (named by its
     * `marketplace` field), with this host's `api.lang` defaults.
     *
     * @throws DevPlatformException `devplatform_error` (with [DevPlatformException.status] and
     *   [DevPlatformException.bodyExcerpt]) for a non-2xx status, an `error` key, a body that is
     *   not JSON, no `marketplaces` or an unusable marketplace
     */
    @JvmStatic
    fun response(response: HttpResponse): Presets {
        val json = native(Family.DEVPLATFORM) { com.maestrano.ffi.devplatformResponse(response.toNative()) }.use { it.toJson() }
        // The core filled in its own host language; this JVM is the host.
        val presets = Json.tree(json)
        presets.properties().forEach { (_, config) -> (config.get("api") as? ObjectNode)?.apply { remove("lang"); remove("lang_version") } }
        return Presets.fromJson(Json.mapper.writeValueAsString(presets))
    }

    /**
     * Fetches the app's marketplaces → [Presets].
     *
     * @param settings default: [settingsFromEnv]
     * @param transport default: [HttpTransport.default] (the core allows 30 s)
     * @throws ConfigException settings; [TransportException] no answer; [DevPlatformException] the answer
     */
    @JvmStatic
    @JvmOverloads
    fun autoConfigure(settings: DevPlatformSettings = settingsFromEnv(), transport: Transport = HttpTransport.default): Presets =
        response(transport.send(request(settings)))

    /** [autoConfigure] for coroutines. */
    suspend fun autoConfigureAwait(settings: DevPlatformSettings = settingsFromEnv(), transport: Transport = HttpTransport.default): Presets =
        response(transport.sendSuspending(request(settings)))
}
