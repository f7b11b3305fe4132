package com.maestrano

import com.sun.net.httpserver.HttpExchange
import com.sun.net.httpserver.HttpServer
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.io.File
import java.net.InetSocketAddress
import java.net.ServerSocket
import java.net.http.HttpClient
import java.time.Duration
import java.time.Instant
import java.util.Base64
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.Executors

/**
 * [Client], [HttpTransport] and [Session.check] against a real HTTP server on 127.0.0.1 serving
 * the recorded platform payloads, plus misbehaving routes: slow, redirecting, oversized.
 */
class ClientTest {
    private data class Seen(val method: String, val uri: String, val auth: String?, val contentType: String?, val body: String)

    private val fixtures = File("../tests/fixtures/platform")
    private val seen = CopyOnWriteArrayList<Seen>()
    private lateinit var server: HttpServer
    private lateinit var host: String
    private lateinit var config: Config

    private fun record(ex: HttpExchange) {
        seen.add(
            Seen(
                ex.requestMethod, ex.requestURI.toString(), ex.requestHeaders.getFirst("Authorization"),
                ex.requestHeaders.getFirst("Content-Type"), ex.requestBody.readBytes().toString(Charsets.UTF_8),
            ),
        )
    }

    private fun serve(path: String, status: Int, file: String? = null, body: String = "") {
        server.createContext(path) { ex ->
            record(ex)
            val bytes = (file?.let { File(fixtures, it).readText() } ?: body).toByteArray()
            ex.sendResponseHeaders(status, if (bytes.isEmpty()) -1 else bytes.size.toLong())
            ex.responseBody.use { it.write(bytes) }
        }
    }

    @BeforeEach
    fun start() {
        server = HttpServer.create(InetSocketAddress("127.0.0.1", 0), 0)
        server.executor = Executors.newCachedThreadPool()
        serve("/api/v1/account/bills", 200, "account/sandbox_bill_show.json")
        serve("/api/v1/account/groups", 401, "account/error_401_invalid_token.json")
        serve("/api/v2/cld-1/people", 200, "connec/sandbox_list_people.json")
        serve("/api/v1/auth/saml/usr-1", 200, "sso/session_check_valid.json")
        server.start()
        host = "http://127.0.0.1:${server.address.port}"
        config = Config.fromJson("""{"environment":"sandbox","api":{"id":"app-1","key":"k3y","host":"$host"},"connec":{"host":"$host"}}""")
    }

    @AfterEach
    fun stop() {
        server.stop(0)
        config.close()
    }

    private fun sessionValue(token: String = "tok") = Base64.getEncoder().encodeToString(
        """{"uid":"usr-1","session":"$token","session_recheck":"2016-01-01T00:00:00Z","group_uid":"cld-1","preset":null}""".toByteArray(),
    )

    @Test
    fun `creates a typed bill with a form body and Basic auth`() {
        val bill = Client(config).bills.create(mapOf("group_id" to "cld-1", "price_cents" to 2300, "description" to "A bill"))
        assertEquals("bill-1", bill.id)
        assertEquals(2300L, bill.priceCents)
        assertEquals(1.0, bill.units)
        assertEquals(false, bill.thirdParty)
        assertEquals("account_bill", bill.extra["object"])
        val s = seen.single()
        assertEquals("POST", s.method)
        assertEquals("/api/v1/account/bills", s.uri)
        assertEquals("Basic " + Base64.getEncoder().encodeToString("app-1:k3y".toByteArray()), s.auth)
        val request = Account.request(config, "bills", "list")
        assertFalse(request.headers.toString().contains(s.auth!!.removePrefix("Basic ")), "headers print the credentials")
        assertEquals("application/x-www-form-urlencoded", s.contentType)
        assertEquals("group_id=cld-1&price_cents=2300&description=A%20bill", s.body)
    }

    @Test
    fun `refused credentials are an ApiException with the platform's answer`() {
        val e = assertThrows<ApiException> { Client(config).groups.list() }
        assertEquals("api_authentication", e.kind)
        assertEquals(401, e.status)
        assertEquals(listOf("authentication Invalid API token"), e.messages)
    }

    @Test
    fun `lists Connec records`() {
        val page = Client(config).connec.list("cld-1", "people", ConnecQuery(top = 10))
        assertEquals("people", page.entity)
        assertEquals("John", page.records.single()["first_name"])
        assertEquals("/api/v2/cld-1/people?%24top=10", seen.single().uri)
    }

    @Test
    fun `follows Connec pages on connec host and stops on a loop`() {
        server.createContext("/api/v2/cld-2/items") { ex ->
            record(ex)
            val skip = Regex("skip=(\\d+)").find(ex.requestURI.rawQuery ?: "")?.groupValues?.get(1)?.toInt() ?: 0
            val next = if (skip < 2) """"next":"$host/api/v2/cld-2/items?${'$'}skip=${skip + 1}"""" else """"next":null"""
            val body = """{"items":[{"id":"i-$skip"}],"pagination":{"top":1,"skip":$skip,"total":3,$next}}""".toByteArray()
            ex.sendResponseHeaders(200, body.size.toLong())
            ex.responseBody.use { it.write(body) }
        }
        assertEquals(listOf("i-0", "i-1", "i-2"), Client(config).connec.listAll("cld-2", "items").map { it["id"] })
        server.createContext("/api/v2/cld-3/items") { ex ->
            val body = """{"items":[{"id":"x"}],"pagination":{"next":"$host/api/v2/cld-3/items?${'$'}skip=1"}}""".toByteArray()
            ex.sendResponseHeaders(200, body.size.toLong())
            ex.responseBody.use { it.write(body) }
        }
        assertEquals("api_error", assertThrows<ApiException> { Client(config).connec.listAll("cld-3", "items") }.kind)
    }

    @Test
    fun `suspending variants`() = runBlocking {
        val client = Client(config)
        assertEquals("bill-1", client.bills.retrieveAwait("bill-1").id)
        assertEquals("people", client.connec.listAwait("cld-1", "people").entity)
        assertEquals("api_authentication", assertThrows<ApiException> { runBlocking { client.groups.listAwait() } }.kind)
        val check = Session.checkAwait(config, sessionValue(), Instant.now())
        assertTrue(check.valid)
        assertNotNull(check.value)
    }

    @Test
    fun `a custom Transport is used as given`() {
        val sent = CopyOnWriteArrayList<HttpRequest>()
        val client = Client(config) { request ->
            sent.add(request)
            HttpResponse(200, emptyList(), File(fixtures, "account/sandbox_user_show.json").readBytes())
        }
        val user = client.users.retrieve("usr-1")
        assertEquals("usr-1", user.id)
        assertEquals("GET", sent.single().method)
        assertTrue(seen.isEmpty())
        assertFalse(sent.single().toString().contains("/account"), "toString names the origin only")
    }

    @Test
    fun `session check renews and sends no credentials`() {
        val check = Session.check(config, sessionValue(), Instant.now())
        assertTrue(check.valid)
        assertNotNull(check.value)
        assertNull(check.reason)
        assertEquals(null, seen.single().auth)
        assertEquals("/api/v1/auth/saml/usr-1?session=tok", seen.single().uri)
        assertFalse(check.toString().contains(check.value!!))
    }

    @Test
    fun `a corrupt session value is not valid`() {
        val check = Session.check(config, "not a session", Instant.now())
        assertFalse(check.valid)
        assertEquals("session_invalid", check.reason)
        assertEquals("session_invalid", assertThrows<SessionException> { Session.checkRequest(config, null) }.kind)
    }

    @Test
    fun `an unreachable platform fails closed and the message names only the origin`() {
        val port = ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1")).use { it.localPort } // closed: refused
        val origin = "http://127.0.0.1:$port"
        Config.fromJson("""{"environment":"sandbox","api":{"id":"app-1","key":"k3y","host":"$origin"}}""").use { dead ->
            val check = Session.check(dead, sessionValue("s3cret-t0ken"), Instant.now())
            assertFalse(check.valid)
            assertEquals("api_connection", check.reason)
            val message = check.error!!.message!!
            assertTrue(message.startsWith("api_connection: GET $origin"), message)
            assertFalse(message.contains("s3cret-t0ken"), message)
            assertFalse(message.contains("/api/v1/auth"), message)
            val e = assertThrows<TransportException> { Client(dead).bills.list() }
            assertEquals("api_connection", e.kind)
            assertTrue(e is ApiException)
        }
    }

    @Test
    fun `a slow answer times out, headers or body`() {
        server.createContext("/slow/headers") { ex ->
            Thread.sleep(3000)
            ex.sendResponseHeaders(200, -1)
            ex.close()
        }
        server.createContext("/slow/body") { ex ->
            ex.sendResponseHeaders(200, 10)
            ex.responseBody.write("12345".toByteArray())
            ex.responseBody.flush()
            Thread.sleep(3000)
            ex.close()
        }
        val transport = HttpTransport(maxRequestTimeout = Duration.ofMillis(300))
        for (path in listOf("/slow/headers", "/slow/body")) {
            val started = System.nanoTime()
            val e = assertThrows<TransportException> { transport.send(HttpRequest("GET", "$host$path?session=s3cret", emptyList(), null, 10_000)) }
            val elapsed = Duration.ofNanos(System.nanoTime() - started)
            assertEquals("api_connection", e.kind)
            assertEquals("api_connection: GET $host: no complete answer within 300 ms", e.message)
            assertTrue(elapsed < Duration.ofMillis(2500), "took $elapsed")
            val suspended = assertThrows<TransportException> {
                runBlocking { transport.sendAwait(HttpRequest("GET", "$host$path", emptyList(), null, 10_000)) }
            }
            assertEquals("api_connection: GET $host: no complete answer within 300 ms", suspended.message)
        }
        // The request's own timeout applies when there is no cap.
        val own = assertThrows<TransportException> { HttpTransport().send(HttpRequest("GET", "$host/slow/headers", emptyList(), null, 200)) }
        assertTrue(own.message!!.endsWith("within 200 ms"), own.message)
    }

    @Test
    fun `cancelling a suspended call ends it at once`() = runBlocking {
        server.createContext("/slow/cancel") { ex ->
            Thread.sleep(3000)
            ex.sendResponseHeaders(200, -1)
            ex.close()
        }
        val job = launch { HttpTransport().sendAwait(HttpRequest("GET", "$host/slow/cancel", emptyList(), null, 10_000)) }
        delay(200)
        val started = System.nanoTime()
        job.cancelAndJoin()
        val elapsed = Duration.ofNanos(System.nanoTime() - started)
        assertTrue(job.isCancelled)
        assertTrue(elapsed < Duration.ofMillis(1000), "took $elapsed")
    }

    @Test
    fun `redirects are returned, never followed`() {
        server.removeContext("/api/v1/account/bills")
        server.createContext("/api/v1/account/bills") { ex ->
            record(ex)
            ex.responseHeaders.add("Location", "$host/elsewhere")
            ex.sendResponseHeaders(302, -1)
            ex.close()
        }
        server.createContext("/elsewhere") { ex ->
            record(ex)
            ex.sendResponseHeaders(200, -1)
            ex.close()
        }
        val e = assertThrows<ApiException> { Client(config).bills.list() }
        assertEquals("api_error", e.kind)
        assertEquals(302, e.status)
        assertEquals(listOf("/api/v1/account/bills"), seen.map { it.uri })
        val response = HttpTransport.default.send(HttpRequest("GET", "$host/api/v1/account/bills", emptyList(), null, null))
        assertEquals(302, response.status)
        assertEquals("$host/elsewhere", response.header("location"))
        assertThrows<IllegalArgumentException> {
            HttpTransport.of(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build())
        }
    }

    @Test
    fun `a body over the limit is refused without being read`() {
        val chunk = ByteArray(64 * 1024) { 'x'.code.toByte() }
        for ((path, declared) in listOf("/big/declared" to true, "/big/chunked" to false)) {
            server.createContext(path) { ex ->
                try {
                    ex.sendResponseHeaders(200, if (declared) 4L * 1024 * 1024 else 0) // 0: chunked
                    repeat(64) { ex.responseBody.write(chunk) }
                } catch (_: java.io.IOException) {
                    // the client hung up: expected
                } finally {
                    ex.close()
                }
            }
        }
        val transport = HttpTransport(maxResponseBytes = 1024 * 1024)
        for (path in listOf("/big/declared", "/big/chunked")) {
            val e = assertThrows<TransportException> { transport.send(HttpRequest("GET", "$host$path?token=s3cret", emptyList(), null, 5000)) }
            assertEquals("input_too_large", e.kind)
            assertEquals("input_too_large: GET $host: the response body exceeds the 1048576-byte limit", e.message)
            val suspended = assertThrows<TransportException> { runBlocking { transport.sendAwait(HttpRequest("GET", "$host$path", emptyList(), null, 5000)) } }
            assertEquals("input_too_large", suspended.kind)
        }
        // At the limit is fine.
        server.createContext("/big/exact") { ex ->
            ex.sendResponseHeaders(200, chunk.size.toLong())
            ex.responseBody.use { it.write(chunk) }
        }
        assertEquals(chunk.size, HttpTransport(maxResponseBytes = chunk.size.toLong()).send(HttpRequest("GET", "$host/big/exact", emptyList(), null, 5000)).body.size)
    }

    @Test
    fun `an invalid URL is refused without quoting it`() {
        val e = assertThrows<TransportException> { HttpTransport.default.send(HttpRequest("GET", "http://exa mple.com/p?session=s3cret", emptyList(), null, null)) }
        assertFalse(e.message!!.contains("s3cret"), e.message)
    }
}
