package com.maestrano

import com.fasterxml.jackson.databind.ObjectMapper
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.io.File
import java.nio.file.Files
import java.time.Duration
import java.time.Instant
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

/** SSO through the facade: typed results, exceptions by family, replay caches in memory and shared. */
class SsoTest {
    private val vector = ObjectMapper().readTree(File("../tests/vectors/saml/modern-valid-sha256.json"))
    private val samlResponse: String = vector["input"]["saml_response"].textValue()
    private val now: Instant = Instant.parse(vector["input"]["now"].textValue())
    private fun config() = Config.fromJson(vector["config"].toString())

    @Test
    fun `a valid response gives a typed result`() {
        config().use { config ->
            val r = Sso.validateResponse(config, samlResponse, now, null)
            assertEquals("usr-1", r.nameId)
            assertEquals("usr-1", r.user.uid)
            assertEquals("maestrano", r.user.provider)
            assertEquals("john.doe@example.com", r.user.info.email)
            assertEquals("cld-1", r.group.uid)
            assertEquals("US", r.group.info.country)
            assertEquals("Admin", r.membership.role)
            assertNotNull(r.notOnOrAfter)
            assertTrue(r.notOnOrAfter!! > now)
            assertTrue(r.attributes.isNotEmpty())
            val session = r.session
            if (session != null) {
                assertFalse(r.toString().contains(session), "toString leaks the session value")
                assertEquals(r.user.extra.session.token, Session.read(session)?.session)
            }
        }
    }

    @Test
    fun `failures are SamlException with the precise kind`() {
        config().use { config ->
            assertEquals("expired", assertThrows<SamlException> { Sso.validateResponse(config, samlResponse, now.plus(Duration.ofDays(1))) }.kind)
            assertEquals("malformed_base64", assertThrows<SamlException> { Sso.validateResponse(config, "%%%", now) }.kind)
            val e = assertThrows<SamlException> { Sso.validateResponse(config, samlResponse, now, "_not-the-request") }
            assertEquals("in_response_to_mismatch", e.kind)
            assertEquals(403, Web.statusFor(e))
        }
    }

    @Test
    fun `authn request`() {
        config().use { config ->
            val r = Sso.authnRequest(config, mapOf("a" to "1"), groupId = "cld-1", id = "_fixed", now = now)
            assertEquals("_fixed", r.requestId)
            assertEquals(now, r.issueInstant)
            assertTrue(r.url.contains("SAMLRequest="), r.url)
            assertTrue(r.xml.contains("_fixed"), r.xml)
            assertTrue(Sso.authnRequest(config).requestId.startsWith("_"))
        }
    }

    @Test
    fun `in-memory replay cache refuses a second use and a full cache`() {
        config().use { config ->
            val r = Sso.validateResponse(config, samlResponse, now)
            ReplayCache.inMemory().use { cache ->
                cache.check(config, r, now)
                assertEquals("replayed", assertThrows<SamlException> { cache.check(config, r, now) }.kind)
            }
            // Another valid assertion, once the one place is taken: refused rather than unrecorded.
            val other = ObjectMapper().readTree(File("../tests/vectors/saml/virtual-mode-valid.json"))
            Config.fromJson(other["config"].toString()).use { config2 ->
                val r2 = Sso.validateResponse(config2, other["input"]["saml_response"].textValue(), Instant.parse(other["input"]["now"].textValue()))
                ReplayCache.inMemory(1).use { small ->
                    small.check(config, r, now)
                    val e = assertThrows<SamlException> { small.check(config2, r2, now) }
                    assertEquals("replay_store_full", e.kind)
                    assertEquals(503, Web.statusFor(e))
                }
            }
        }
    }

    @Test
    fun `a shared store accepts each assertion once across threads`() {
        val entries = ConcurrentHashMap<String, Instant>()
        val store = ReplayStore { key, expiresAt, at ->
            assertTrue(expiresAt > at, "expires $expiresAt at $at")
            entries.putIfAbsent(key, expiresAt) == null
        }
        config().use { config ->
            val r = Sso.validateResponse(config, samlResponse, now)
            val cache = ReplayCache.shared(store)
            val accepted = AtomicInteger()
            val replayed = AtomicInteger()
            val start = CountDownLatch(1)
            val pool = Executors.newFixedThreadPool(8)
            repeat(16) {
                pool.execute {
                    start.await()
                    try {
                        cache.check(config, r, now)
                        accepted.incrementAndGet()
                    } catch (e: SamlException) {
                        if (e.kind == "replayed") replayed.incrementAndGet()
                    }
                }
            }
            start.countDown()
            pool.shutdown()
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS))
            assertEquals(1, accepted.get())
            assertEquals(15, replayed.get())
            val (key, expiresAt) = entries.entries.single().toPair()
            assertTrue(key.contains(r.assertionId), key)
            assertTrue(expiresAt >= r.notOnOrAfter!!, "kept until $expiresAt, valid until ${r.notOnOrAfter}")
        }
    }

    @Test
    fun `a store failure propagates`() {
        config().use { config ->
            val r = Sso.validateResponse(config, samlResponse, now)
            val cache = ReplayCache.shared { _, _, _ -> throw IllegalStateException("store down") }
            assertEquals("store down", assertThrows<IllegalStateException> { cache.check(config, r, now) }.message)
        }
    }

    @Test
    fun `xmldsig verifies the signed assertion with the pinned certificate only`() {
        val xml = String(java.util.Base64.getMimeDecoder().decode(samlResponse))
        val id = Regex("<(?:saml2?:)?Assertion[^>]*\\bID=\"([^\"]+)\"").find(xml)!!.groupValues[1]
        val cert = vector["config"]["sso"]["x509_certificate"].textValue()
        val verified = XmlDsig.verify(xml, id, listOf(cert))
        assertTrue(verified.canonicalXml.contains("usr-1"))
        assertTrue(verified.signatureAlgorithm.startsWith("http://"))
        assertEquals("signature_missing", assertThrows<SamlException> { XmlDsig.verify("<doc ID=\"d1\"><total>25</total></doc>", "d1", fingerprints = listOf("3f".repeat(32))) }.kind)
        assertEquals("config_invalid", assertThrows<ConfigException> { XmlDsig.verify("<doc ID=\"d1\"/>", "d1") }.kind)
    }

    @Test
    fun `settings files are read by the core`() {
        val dir = Files.createTempDirectory("maestrano")
        try {
            val file = dir.resolve("dev_platform.yml")
            Files.writeString(file, "environment:\n  name: env-1\n  api_key: key-1\n  api_secret: 's3cret'\n")
            val s = DevPlatform.settingsFromEnv(mapOf("MNO_DEVPL_ENV_NAME" to "from-env"), file)
            assertEquals(DevPlatformSettings(null, null, "from-env", "key-1", "s3cret"), s)
            assertEquals("config_missing", assertThrows<ConfigException> { DevPlatform.readSettingsFile(dir.resolve("nope.yml")) }.kind)
            Files.writeString(file, "environment:\n  - list\n")
            val e = assertThrows<ConfigException> { DevPlatform.readSettingsFile(file) }
            assertEquals("config_invalid", e.kind)
            assertTrue(e.reason.startsWith("dev_platform.yml: "), e.reason)
            Files.write(file, ByteArray(70 * 1024) { 'a'.code.toByte() })
            assertEquals("input_too_large", assertThrows<ConfigException> { DevPlatform.readSettingsFile(file) }.kind)
        } finally {
            dir.toFile().deleteRecursively()
        }
    }
}
