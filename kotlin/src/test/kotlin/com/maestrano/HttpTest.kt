package com.maestrano

import com.maestrano.ffi.accountRequest
import com.maestrano.ffi.accountResponse
import com.maestrano.ffi.connecRequest
import com.maestrano.ffi.connecResponse
import com.maestrano.ffi.sessionCheckRequest
import com.maestrano.ffi.sessionCheckResponse
import com.sun.net.httpserver.HttpServer
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.io.File
import java.net.InetSocketAddress
import java.util.Base64
import java.util.concurrent.CopyOnWriteArrayList

/** The core's requests sent with [send] to a real HTTP server on 127.0.0.1, serving recorded payloads. */
class HttpTest {
    private data class Seen(val method: String, val uri: String, val auth: String?, val contentType: String?, val body: String)

    private val fixtures = File("../tests/fixtures/platform")
    private val seen = CopyOnWriteArrayList<Seen>()
    private lateinit var server: HttpServer
    private lateinit var config: Config

    private fun serve(path: String, status: Int, file: String? = null, body: String = "") {
        server.createContext(path) { ex ->
            seen.add(
                Seen(
                    ex.requestMethod, ex.requestURI.toString(), ex.requestHeaders.getFirst("Authorization"),
                    ex.requestHeaders.getFirst("Content-Type"), ex.requestBody.readBytes().toString(Charsets.UTF_8),
                ),
            )
            val bytes = (file?.let { File(fixtures, it).readText() } ?: body).toByteArray()
            ex.sendResponseHeaders(status, if (bytes.isEmpty()) -1 else bytes.size.toLong())
            ex.responseBody.use { it.write(bytes) }
        }
    }

    @BeforeEach
    fun start() {
        server = HttpServer.create(InetSocketAddress("127.0.0.1", 0), 0)
        serve("/api/v1/account/bills", 200, "account/sandbox_bill_show.json")
        serve("/api/v1/account/groups", 401, "account/error_401_invalid_token.json")
        serve("/api/v2/cld-1/people", 200, "connec/sandbox_list_people.json")
        serve("/api/v1/auth/saml/usr-1", 200, "sso/session_check_valid.json")
        server.start()
        val host = "http://127.0.0.1:${server.address.port}"
        config = Config.fromJson("""{"environment":"sandbox","api":{"id":"app-1","key":"k3y","host":"$host"},"connec":{"host":"$host"}}""")
    }

    @AfterEach
    fun stop() {
        server.stop(0)
        config.close()
    }

    @Test
    fun createsABillWithFormBodyAndBasicAuth() {
        val req = accountRequest(config, "bills", "create", null, """{"group_id":"cld-1","price_cents":2300,"description":"A bill"}""")
        val data = accountResponse("bills", "create", req.send())
        assertTrue(data.contains("\"id\":\"bill-1\""), data)
        val s = seen.single()
        assertEquals("POST", s.method)
        assertEquals("/api/v1/account/bills", s.uri)
        assertEquals("Basic " + Base64.getEncoder().encodeToString("app-1:k3y".toByteArray()), s.auth)
        assertEquals("application/x-www-form-urlencoded", s.contentType)
        assertEquals("group_id=cld-1&price_cents=2300&description=A%20bill", s.body)
    }

    @Test
    fun refusedCredentialsAreApiAuthentication() {
        val e = assertThrows<MaestranoException> { accountResponse("groups", "list", accountRequest(config, "groups", "list", null, null).send()) }
        assertEquals("api_authentication", e.kind)
        val failure = (e as com.maestrano.ffi.MaestranoException.Failure).http
        assertNotNull(failure)
        assertEquals(401, failure!!.status.toInt())
        assertEquals(listOf("authentication Invalid API token"), failure.messages)
    }

    @Test
    fun listsConnecRecords() {
        val reply = connecResponse("list", connecRequest(config, "list", "cld-1", "people", null, """{"top":10}""", null).send())
        assertTrue(reply.contains("\"entity\":\"people\""), reply)
        assertEquals("/api/v2/cld-1/people?%24top=10", seen.single().uri)
    }

    @Test
    fun sessionCheckRenewsAndSendsNoCredentials() {
        val payload = """{"uid":"usr-1","session":"tok","session_recheck":"2016-01-01T00:00:00Z","group_uid":"cld-1","preset":null}"""
        val value = Base64.getEncoder().encodeToString(payload.toByteArray())
        val req = sessionCheckRequest(config, value, System.currentTimeMillis())
        assertNotNull(req)
        val check = sessionCheckResponse(config, value, req!!.send())
        assertTrue(check.valid)
        assertNotNull(check.value)
        assertEquals(null, seen.single().auth)
        assertEquals("/api/v1/auth/saml/usr-1?session=tok", seen.single().uri)
    }

    @Test
    fun unreachableServerIsApiConnectionAndSessionFailsClosed() {
        server.stop(0)
        val e = assertThrows<MaestranoException> { accountRequest(config, "bills", "list", null, null).send() }
        assertEquals("api_connection", e.kind)
        val value = Base64.getEncoder().encodeToString(
            """{"uid":"usr-1","session":"tok","session_recheck":"2016-01-01T00:00:00Z"}""".toByteArray(),
        )
        val response = runCatching { sessionCheckRequest(config, value, System.currentTimeMillis())!!.send() }
            .getOrElse { HttpResponse(0u, emptyList(), ByteArray(0)) }
        assertFalse(sessionCheckResponse(config, value, response).valid)
    }
}
