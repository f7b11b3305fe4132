package com.maestrano

import com.fasterxml.jackson.databind.ObjectMapper
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assumptions.assumeTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.io.BufferedInputStream
import java.io.File
import java.net.ServerSocket
import java.net.Socket
import java.time.Duration
import java.time.Instant

/**
 * [ReplayCache.shared] on a real `redis-server` (Debian's package, started here on a free port):
 * the README's `SET <key> 1 NX PX <ttl>` store, through two caches with their own connections
 * standing for two processes of one app. Skipped when `redis-server` is not installed.
 */
class RedisReplayStoreTest {
    /** The smallest RESP client: one connection, commands as arrays of bulk strings. */
    private class Redis(port: Int) : AutoCloseable {
        private val socket = Socket("127.0.0.1", port).apply { soTimeout = 5000 }
        private val input = BufferedInputStream(socket.getInputStream())

        fun call(vararg args: String): String? {
            val out = StringBuilder("*${args.size}\r\n")
            args.forEach { out.append("$").append(it.toByteArray().size).append("\r\n").append(it).append("\r\n") }
            socket.getOutputStream().write(out.toString().toByteArray())
            val line = readLine()
            return when (line[0]) {
                '+', ':' -> line.substring(1)
                '$' -> if (line == "$-1") null else String(input.readNBytes(line.substring(1).toInt() + 2)).dropLast(2)
                else -> throw IllegalStateException("redis: $line")
            }
        }

        private fun readLine(): String {
            val b = StringBuilder()
            while (true) {
                val c = input.read()
                check(c >= 0) { "redis closed the connection" }
                if (c == '\n'.code) return b.toString().trimEnd('\r')
                b.append(c.toChar())
            }
        }

        override fun close() = socket.close()
    }

    /** The README's store: `SET maestrano:replay:<key> 1 NX PX <ms until expiresAt, at least 1>`. */
    private class RedisStore(private val redis: Redis) : ReplayStore {
        override fun putIfAbsent(key: String, expiresAt: Instant, now: Instant): Boolean =
            redis.call("SET", "maestrano:replay:$key", "1", "NX", "PX", maxOf(1, Duration.between(now, expiresAt).toMillis()).toString()) == "OK"
    }

    private var server: Process? = null
    private var port = 0

    @BeforeEach
    fun start() {
        val binary = listOf("/usr/bin/redis-server", "/usr/local/bin/redis-server").firstOrNull { File(it).canExecute() }
        assumeTrue(binary != null, "redis-server is not installed")
        port = ServerSocket(0).use { it.localPort }
        server = ProcessBuilder(binary, "--port", "$port", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
        val deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos()
        while (true) {
            val up = runCatching { Redis(port).use { it.call("PING") == "PONG" } }.getOrDefault(false)
            if (up) break
            check(System.nanoTime() < deadline) { "redis-server did not start" }
            Thread.sleep(50)
        }
    }

    @AfterEach
    fun stop() {
        server?.destroy()
        server?.waitFor()
    }

    @Test
    fun `two processes share one record of each assertion`() {
        val vector = ObjectMapper().readTree(File("../tests/vectors/saml/modern-valid-sha256.json"))
        val now = Instant.parse(vector["input"]["now"].textValue())
        Redis(port).use { first ->
            Redis(port).use { second ->
                Config.fromJson(vector["config"].toString()).use { config ->
                    val result = Sso.validateResponse(config, vector["input"]["saml_response"].textValue(), now)
                    ReplayCache.shared(RedisStore(first)).check(config, result, now)
                    val e = assertThrows<SamlException> { ReplayCache.shared(RedisStore(second)).check(config, result, now) }
                    assertEquals("replayed", e.kind)
                    // The entry expires on its own, no earlier than the assertion could still be accepted.
                    val key = first.call("RANDOMKEY")!!
                    assertTrue(key.startsWith("maestrano:replay:") && key.contains(result.assertionId), key)
                    val ttl = first.call("PTTL", key)!!.toLong()
                    assertTrue(ttl >= Duration.between(now, result.notOnOrAfter).toMillis(), "ttl $ttl ms")
                }
            }
        }
    }
}
