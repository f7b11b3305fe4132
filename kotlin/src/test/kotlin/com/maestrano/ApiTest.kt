package com.maestrano

import com.fasterxml.jackson.databind.ObjectMapper
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.util.Base64

/** Focused checks of the Kotlin surface (the generated bindings through the `com.maestrano` names). */
class ApiTest {
    private val mapper = ObjectMapper()
    private val creds = """{"environment": "production", "app": {"host": "https://myapp.example"},
        "api": {"id": "app-1", "key": "s3cr3t-key"}}"""

    @Test
    fun `bad config fails with config_invalid`() {
        val e = assertThrows<MaestranoException> { Config.fromJson("""{"sso": {"creation_mode": "ghost"}}""") }
        assertEquals("config_invalid", e.kind)
        assertTrue(e.reason.isNotEmpty())
        assertTrue(e is com.maestrano.ffi.MaestranoException.Failure)
    }

    @Test
    fun `text that is not JSON fails with config_invalid`() {
        assertEquals("config_invalid", assertThrows<MaestranoException> { Config.fromJson("{nope") }.kind)
        assertEquals("config_invalid", assertThrows<MaestranoException> { Presets.fromJson("[1") }.kind)
    }

    @Test
    fun `absent preset fails with config_missing`() {
        Presets.fromJson("""{"a": $creds}""").use { presets ->
            assertEquals(listOf("a"), presets.names())
            assertEquals("config_missing", assertThrows<MaestranoException> { presets.get("b") }.kind)
            presets.get("a").use { assertEquals("production", it.environment()) }
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
            // The effective configuration does carry it (it is the host's own secret).
            assertTrue(config.toJson().contains("s3cr3t-key"))
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
        }
    }

    @Test
    fun `user masking round trip`() {
        Config.fromJson("""{"sso": {"creation_mode": "virtual"}}""").use { config ->
            val masked = config.maskUser("usr-1", "cld-1")
            assertEquals("usr-1.cld-1", masked)
            assertEquals("usr-1", unmaskUser(masked))
        }
    }

    @Test
    fun `urls and version`() {
        Config.fromJson(creds).use { config ->
            assertEquals("https://myapp.example/maestrano/auth/saml/init", config.initUrl())
            assertEquals("https://maestrano.com/app_logout", config.logoutUrl(null))
        }
        assertTrue(version().isNotEmpty())
    }
}
