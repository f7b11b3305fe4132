package com.maestrano

import com.fasterxml.jackson.databind.ObjectMapper
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.io.File
import java.time.Instant
import java.util.Base64

/**
 * The Kotlin twin of `java-consumer/` (the plain Java consumer): run by failsafe against the
 * packaged jar, with no `jna.library.path`, through the public API only. Loads a configuration,
 * validates a signed response from a shared vector at its fixed time, and refuses its replay and
 * a tampered copy with typed exceptions.
 */
class KotlinConsumerIT {
    @Test
    fun `validates a signed response and refuses a tampered one`() {
        assertNull(System.getProperty("jna.library.path"))
        val vector = ObjectMapper().readTree(File("../tests/vectors/saml/modern-valid-sha256.json"))
        val samlResponse = vector["input"]["saml_response"].textValue()
        val now = Instant.parse(vector["input"]["now"].textValue())
        val nameId = vector["expect"]["ok"]["name_id"].textValue()

        Config.fromJson(vector["config"].toString()).use { config ->
            ReplayCache.inMemory().use { replay ->
                val result = Sso.validateResponse(config, samlResponse, now)
                assertEquals(nameId, result.nameId)
                replay.check(config, result, now)
                println("kotlin consumer: nameId=${result.nameId} user=${result.user.uid} group=${result.group.uid}")
                assertEquals("replayed", assertThrows<SamlException> { replay.check(config, result, now) }.kind)
            }
            val xml = String(Base64.getMimeDecoder().decode(samlResponse))
            val forged = Base64.getEncoder().encodeToString(xml.replace(">$nameId<", ">${nameId}x<").toByteArray())
            val e = assertThrows<MaestranoException> { Sso.validateResponse(config, forged, now) }
            assertEquals(SamlException::class, e::class)
            assertEquals("digest_mismatch", e.kind)
            assertEquals(403, Web.statusFor(e))
        }
        assertEquals("config_invalid", assertThrows<ConfigException> { Config.fromJson("""{"sso": {"creation_mode": "ghost"}}""") }.kind)
    }
}
