package com.maestrano

import com.fasterxml.jackson.databind.ObjectMapper
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.io.File
import java.lang.reflect.Modifier
import java.util.Base64

/** Focused checks of the facade: configuration, typed exceptions, authentication, URLs, webhooks. */
class ApiTest {
    private val mapper = ObjectMapper()
    private val creds = """{"environment": "production", "app": {"host": "https://myapp.example"},
        "api": {"id": "app-1", "key": "s3cr3t-key"}}"""

    @Test
    fun `bad config is a ConfigException with kind config_invalid`() {
        val e = assertThrows<ConfigException> { Config.fromJson("""{"sso": {"creation_mode": "ghost"}}""") }
        assertEquals("config_invalid", e.kind)
        assertTrue(e.reason.isNotEmpty())
        assertEquals("config_invalid: ${e.reason}", e.message)
        assertTrue(e is MaestranoException)
    }

    @Test
    fun `text that is not JSON is config_invalid`() {
        assertEquals("config_invalid", assertThrows<ConfigException> { Config.fromJson("{nope") }.kind)
        assertEquals("config_invalid", assertThrows<ConfigException> { Presets.fromJson("[1") }.kind)
        assertEquals("config_invalid", assertThrows<ConfigException> { Config.fromJson("[]") }.kind)
    }

    @Test
    fun `absent preset is config_missing`() {
        Presets.fromJson("""{"a": $creds}""").use { presets ->
            assertEquals(listOf("a"), presets.names)
            assertEquals("config_missing", assertThrows<ConfigException> { presets["b"] }.kind)
            presets["a"].use { assertEquals("production", it.environment) }
            assertEquals("a", presets.findByCredentials("app-1", "s3cr3t-key"))
            assertNull(presets.findByCredentials("app-1", "nope"))
            assertFalse(presets.toString().contains("s3cr3t"))
        }
    }

    @Test
    fun `the host language is java unless the config names one`() {
        Config.fromJson(creds).use {
            val api = mapper.readTree(it.metadataJson())["api"]
            assertEquals("java", api["lang"].textValue())
            assertEquals(Runtime.version().toString(), api["lang_version"].textValue())
        }
        Config.fromJson("""{"api": {"lang": "clojure"}}""").use {
            val api = mapper.readTree(it.metadataJson())["api"]
            assertEquals("clojure", api["lang"].textValue())
            assertTrue(api["lang_version"] == null || api["lang_version"].isNull)
        }
        Config.fromJson("{ }").use { assertEquals("java", mapper.readTree(it.toJson())["api"]["lang"].textValue()) }
        Presets.fromJson("""{"a": {}, "b": {"api.lang": "scala"}}""").use { p ->
            assertEquals("java", mapper.readTree(p["a"].toJson())["api"]["lang"].textValue())
            assertEquals("scala", mapper.readTree(p["b"].toJson())["api"]["lang"].textValue())
        }
    }

    @Test
    fun `fromMap takes nested maps`() {
        Config.fromMap(mapOf("environment" to "sandbox", "api" to mapOf("id" to "app-9", "key" to "k"))).use {
            assertEquals("sandbox", it.environment)
            assertTrue(it.authenticate("app-9", "k"))
        }
    }

    @Test
    fun `metadata never contains the api key`() {
        Config.fromJson(creds).use { config ->
            val metadata = config.metadataJson()
            assertFalse(metadata.contains("s3cr3t-key"), metadata)
            val tree = mapper.readTree(metadata)
            assertEquals("app-1", tree["api"]["id"].textValue())
            assertNull(tree["api"].get("key"))
            assertTrue(config.toJson().contains("s3cr3t-key"))
            assertFalse(config.toString().contains("s3cr3t-key"))
        }
    }

    @Test
    fun `authentication by pair and by Basic header`() {
        Config.fromJson(creds).use { config ->
            assertTrue(config.authenticate("app-1", "s3cr3t-key"))
            assertFalse(config.authenticate("app-1", "wrong"))
            val header = "Basic " + Base64.getEncoder().encodeToString("app-1:s3cr3t-key".toByteArray())
            assertTrue(config.authenticateHeader(header))
            assertFalse(config.authenticateHeader("Basic !!!"))
            assertFalse(config.authenticateHeader(""))
            assertFalse(config.authenticateHeader(null))
        }
    }

    @Test
    fun `user masking round trip`() {
        Config.fromJson("""{"sso": {"creation_mode": "virtual"}}""").use { config ->
            val masked = config.maskUser("usr-1", "cld-1")
            assertEquals("usr-1.cld-1", masked)
            assertEquals("usr-1", Maestrano.unmaskUser(masked))
        }
    }

    @Test
    fun `urls and version`() {
        Config.fromJson(creds).use { config ->
            assertEquals("https://myapp.example/maestrano/auth/saml/init", config.initUrl())
            assertEquals("https://maestrano.com/app_logout", config.logoutUrl())
            assertTrue(config.logoutUrl("usr-1").contains("usr-1"))
        }
        assertTrue(Maestrano.version().isNotEmpty())
    }

    @Test
    fun `webhooks route, authenticate and map`() {
        Config.fromJson("""{"api": {"id": "app-1", "key": "secret"}, "sso": {"creation_mode": "virtual"}}""").use { config ->
            val basic = "Basic " + Base64.getEncoder().encodeToString("app-1:secret".toByteArray())
            val removed = Webhooks.match(config, "DELETE", "/maestrano/account/groups/cld-1/users/usr-1", basic)
            assertEquals(WebhookEvent("member_removed", "cld-1", "usr-1", "usr-1.cld-1", null), removed)
            assertNull(Webhooks.match(config, "GET", "/invoices?page=2"))
            val e = assertThrows<ApiException> { Webhooks.match(config, "DELETE", "/maestrano/account/groups/cld-1", "Basic YXBwLTE6bm9wZQ==") }
            assertEquals("api_authentication", e.kind)
            assertEquals(401, Web.statusFor(e))
        }
        val changes = Webhooks.connecNotification("""{"people": [{"id": "p-1", "age": 7}], "items": {"id": "i-1"}}""".toByteArray())
        assertEquals(listOf(mapOf("id" to "p-1", "age" to 7)), changes["people"])
        assertEquals(listOf(mapOf("id" to "i-1")), changes["items"])
        assertEquals("api_invalid_request", assertThrows<ApiException> { Webhooks.connecNotification("[1]".toByteArray()) }.kind)
    }

    @Test
    fun `web helpers`() {
        assertEquals("/a?b=1", Web.safeReturnPath("/a?b=1"))
        assertEquals("/", Web.safeReturnPath("//evil.example"))
        assertEquals("/home", Web.safeReturnPath(null, "/home"))
        assertEquals(403, Web.statusFor("signature_invalid"))
        assertEquals(500, Web.statusFor("no_such_kind"))
        assertEquals(500, Web.statusFor(IllegalStateException("x")))
        assertEquals("Sign-in refused (expired)", Web.publicMessage(SamlException("expired", "secret detail")))
    }

    @Test
    fun `devplatform settings hide the secret and name what is missing`() {
        val s = DevPlatform.settingsFromEnv(mapOf("MNO_DEVPL_ENV_NAME" to "env", "MNO_DEVPL_ENV_KEY" to "key", "MNO_DEVPL_ENV_SECRET" to "hush"))
        assertFalse(s.toString().contains("hush"))
        val request = DevPlatform.request(s)
        assertTrue(request.url.startsWith("https://developer.maestrano.com/api/config/v1"))
        val e = assertThrows<ConfigException> { DevPlatform.request(DevPlatformSettings()) }
        assertEquals("config_missing", e.kind)
    }

    /**
     * What Java sees of every class of the facade (its compiled classes, listed from the
     * classpath): no public member or constructor whose signature has a type of the generated
     * package, of Jackson or a Kotlin function type, and no unsigned type (whose members Kotlin
     * mangles to `name-xyz`). Kotlin `internal` members are `name$module` or synthetic.
     */
    @Test
    fun `no generated, Jackson, function or unsigned types in what Java sees`() {
        val dir = File(javaClass.classLoader.getResource("com/maestrano/Config.class")!!.toURI()).parentFile
        val classes = dir.listFiles()!!.map { it.name }.filter { it.endsWith(".class") }.map { Class.forName("com.maestrano." + it.removeSuffix(".class")) }
        assertTrue(classes.size > 40, "${classes.size} classes")
        val leaks = mutableListOf<String>()
        val forbidden = Regex("com\\.maestrano\\.ffi|com\\.fasterxml|kotlin\\.jvm\\.functions|\\bkotlin\\.U(Int|Long|Short|Byte)\\b")
        for (c in classes.filter { Modifier.isPublic(it.modifiers) && !it.isSynthetic }) {
            val members = c.declaredMethods.filter { Modifier.isPublic(it.modifiers) && !it.isSynthetic && !it.name.contains('$') }
                .map { m -> "${c.name}.${m.name}" to (m.genericParameterTypes.toList() + m.genericReturnType) } +
                c.declaredConstructors.filter { Modifier.isPublic(it.modifiers) && !it.isSynthetic }
                    .map { k -> "${c.name}.<init>" to k.genericParameterTypes.toList() }
            for ((name, types) in members) {
                if (name.contains('-')) leaks.add("$name (mangled: an unsigned type)")
                types.map { it.typeName }.filter { forbidden.containsMatchIn(it) }.forEach { leaks.add("$name: $it") }
            }
        }
        assertTrue(leaks.isEmpty(), leaks.joinToString("\n"))
    }
}
