package com.maestrano

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.future.await
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import java.io.ByteArrayOutputStream
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpConnectTimeoutException
import java.net.http.HttpTimeoutException
import java.nio.ByteBuffer
import java.time.Duration
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import java.util.concurrent.ExecutionException
import java.util.concurrent.Flow
import java.util.concurrent.TimeUnit
import java.util.concurrent.TimeoutException
import java.net.http.HttpRequest as JdkRequest
import java.net.http.HttpResponse as JdkResponse

/**
 * The default [Transport]: the JDK's `java.net.http.HttpClient`, nothing else needed.
 *
 * - **Timeouts**: [connectTimeout] for the connection; each request's own `timeoutMs` (set by
 *   the core from the configuration: 10 s for a session check, `api.timeout`/`connec.timeout`
 *   for the APIs), or 30 s when it has none, bounds the whole exchange, body included.
 *   [maxRequestTimeout], when given, caps it.
 * - **No redirects**: a 3xx is returned as the response (the core refuses it); following it
 *   would send the app's credentials to another place.
 * - **A response-size limit**: a body over [maxResponseBytes] (default 16 MiB, the core's own
 *   limit) is not read further: [TransportException] of kind `input_too_large`.
 * - **Messages name the origin only** (`GET https://api-hub.maestrano.com:443: …`), never the path
 *   or query: a session check's URL carries the user's session token.
 *
 * Thread-safe; one instance can serve the whole app ([default]). [send] blocks; [sendAwait] is
 * its suspending form.
 */
class HttpTransport private constructor(
    private val client: HttpClient,
    /** The connection timeout. */
    val connectTimeout: Duration,
    /** A cap on every request's timeout, or `null` for the request's own (30 s when it has none). */
    val maxRequestTimeout: Duration?,
    /** The largest body read, in bytes; a larger one is `input_too_large`. */
    val maxResponseBytes: Long,
) : Transport {
    /**
     * A transport on a new `HttpClient` with [connectTimeout] (default 10 s), redirects never
     * followed, each request's timeout capped by [maxRequestTimeout] when given, and bodies
     * limited to [maxResponseBytes] (default 16 MiB).
     */
    @JvmOverloads
    constructor(
        connectTimeout: Duration = Duration.ofSeconds(10),
        maxRequestTimeout: Duration? = null,
        maxResponseBytes: Long = DEFAULT_MAX_RESPONSE_BYTES,
    ) : this(
        HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build(),
        connectTimeout,
        maxRequestTimeout,
        maxResponseBytes,
    )

    init {
        require(maxResponseBytes > 0) { "maxResponseBytes must be positive" }
        require(maxRequestTimeout == null || !maxRequestTimeout.isNegative && !maxRequestTimeout.isZero) {
            "maxRequestTimeout must be positive"
        }
    }

    companion object {
        /** The default body limit: 16 MiB, the most the core reads. */
        const val DEFAULT_MAX_RESPONSE_BYTES: Long = 16L * 1024 * 1024

        /** The timeout of a request that carries none. */
        @JvmField
        val DEFAULT_REQUEST_TIMEOUT: Duration = Duration.ofSeconds(30)

        /** A transport with the defaults, shared by calls that are given none. */
        @JvmStatic
        val default: HttpTransport by lazy { HttpTransport() }

        /**
         * A transport on your own [client] (proxy, TLS context, executor…). It must not follow
         * redirects (`HttpClient.Redirect.NEVER`, the builder's default).
         */
        @JvmStatic
        @JvmOverloads
        fun of(client: HttpClient, maxRequestTimeout: Duration? = null, maxResponseBytes: Long = DEFAULT_MAX_RESPONSE_BYTES): HttpTransport {
            require(client.followRedirects() == HttpClient.Redirect.NEVER) {
                "the HttpClient must not follow redirects (HttpClient.Redirect.NEVER)"
            }
            return HttpTransport(client, client.connectTimeout().orElse(Duration.ZERO), maxRequestTimeout, maxResponseBytes)
        }

        /** Headers the JDK sets itself and refuses from callers. */
        private val RESTRICTED = setOf("connection", "content-length", "expect", "host", "upgrade")
    }

    /** Sends [request] and waits for the whole response (any status). */
    override fun send(request: HttpRequest): HttpResponse {
        val timeout = timeoutOf(request)
        val future = client.sendAsync(build(request, timeout), handler(request))
        val response = try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS)
        } catch (e: TimeoutException) {
            future.cancel(true)
            throw timedOut(request, timeout)
        } catch (e: ExecutionException) {
            throw failure(request, e.cause ?: e, timeout)
        } catch (e: InterruptedException) {
            future.cancel(true)
            Thread.currentThread().interrupt()
            throw TransportException("api_connection", "${request.method} ${Origin.of(request.url)}: interrupted")
        }
        return convert(response)
    }

    /** [send] for coroutines: suspends instead of blocking; cancelling the caller cancels the exchange. */
    suspend fun sendAwait(request: HttpRequest): HttpResponse {
        val timeout = timeoutOf(request)
        val future = client.sendAsync(build(request, timeout), handler(request))
        val response = try {
            withTimeout(timeout.toMillis()) { future.await() }
        } catch (e: TimeoutCancellationException) {
            future.cancel(true)
            throw timedOut(request, timeout)
        } catch (e: CancellationException) {
            future.cancel(true)
            throw e
        } catch (e: Exception) {
            throw failure(request, e, timeout)
        }
        return convert(response)
    }

    private fun timeoutOf(request: HttpRequest): Duration {
        val own = request.timeoutMs?.takeIf { it > 0 }?.let(Duration::ofMillis) ?: DEFAULT_REQUEST_TIMEOUT
        return if (maxRequestTimeout != null && maxRequestTimeout < own) maxRequestTimeout else own
    }

    private fun build(request: HttpRequest, timeout: Duration): JdkRequest {
        val origin = Origin.of(request.url)
        return try {
            val builder = JdkRequest.newBuilder(URI(request.url)).timeout(timeout)
            request.headers.filter { it.name.lowercase() !in RESTRICTED }.forEach { builder.header(it.name, it.value) }
            val body = request.body?.let { JdkRequest.BodyPublishers.ofByteArray(it) } ?: JdkRequest.BodyPublishers.noBody()
            builder.method(request.method, body).build()
        } catch (e: Exception) {
            // URISyntaxException and IllegalArgumentException quote the URL: not their text.
            throw TransportException("api_connection", "${request.method} $origin: the request cannot be sent (invalid URL, method or header)")
        }
    }

    private fun handler(request: HttpRequest): JdkResponse.BodyHandler<ByteArray> = JdkResponse.BodyHandler { info ->
        val declared = info.headers().firstValueAsLong("content-length")
        val tooLarge = declared.isPresent && declared.asLong > maxResponseBytes
        BoundedBody(maxResponseBytes, tooLarge) { tooLarge(request) }
    }

    private fun tooLarge(request: HttpRequest) = TransportException(
        "input_too_large",
        "${request.method} ${Origin.of(request.url)}: the response body exceeds the $maxResponseBytes-byte limit",
    )

    private fun timedOut(request: HttpRequest, timeout: Duration) =
        TransportException("api_connection", "${request.method} ${Origin.of(request.url)}: no complete answer within ${timeout.toMillis()} ms")

    /** The exception for what the JDK threw: the origin and the failure's type, never the URL. */
    private fun failure(request: HttpRequest, cause: Throwable, timeout: Duration): TransportException {
        generateSequence(cause) { it.cause }.filterIsInstance<TransportException>().firstOrNull()?.let { return it }
        val origin = Origin.of(request.url)
        return when (cause) {
            is HttpConnectTimeoutException ->
                TransportException("api_connection", "${request.method} $origin: no connection within ${connectTimeout.toMillis()} ms")
            is HttpTimeoutException -> timedOut(request, timeout)
            else -> TransportException("api_connection", "${request.method} $origin: ${describe(cause, request.url)}")
        }
    }

    /** The failure's type and message, the message left out when it quotes the URL's path or query. */
    private fun describe(cause: Throwable, url: String): String {
        val type = cause.javaClass.simpleName
        val message = cause.message ?: return type
        val uri = runCatching { URI(url) }.getOrNull()
        val secret = listOfNotNull(uri?.rawQuery, uri?.rawPath?.takeIf { it.length > 1 }, url)
        return if (secret.any { message.contains(it) }) type else "$type: $message"
    }

    private fun convert(r: JdkResponse<ByteArray>): HttpResponse = HttpResponse(
        r.statusCode(),
        r.headers().map().flatMap { (name, values) -> values.map { HttpHeader(name, it) } },
        r.body() ?: ByteArray(0),
    )

    /** `HttpTransport(connectTimeout=…, maxRequestTimeout=…, maxResponseBytes=…)`. */
    override fun toString(): String =
        "HttpTransport(connectTimeout=$connectTimeout, maxRequestTimeout=$maxRequestTimeout, maxResponseBytes=$maxResponseBytes)"
}

/**
 * Sends [request] without blocking the caller's thread: [HttpTransport.sendAwait], or any other
 * [Transport]'s blocking `send` on the IO dispatcher.
 */
@JvmSynthetic
internal suspend fun Transport.sendSuspending(request: HttpRequest): HttpResponse =
    if (this is HttpTransport) sendAwait(request) else withContext(Dispatchers.IO) { send(request) }

/**
 * Collects a body up to [max] bytes; past it (or when the declared length already is), cancels
 * the stream and fails with [tooLarge], so an oversized answer is never held in memory.
 */
private class BoundedBody(
    private val max: Long,
    private val rejectAtOnce: Boolean,
    private val tooLarge: () -> TransportException,
) : JdkResponse.BodySubscriber<ByteArray> {
    private val result = CompletableFuture<ByteArray>()
    private val out = ByteArrayOutputStream()
    private var size = 0L
    private var subscription: Flow.Subscription? = null

    override fun getBody(): CompletionStage<ByteArray> = result

    override fun onSubscribe(s: Flow.Subscription) {
        subscription = s
        if (rejectAtOnce) {
            s.cancel()
            result.completeExceptionally(tooLarge())
        } else {
            s.request(1)
        }
    }

    override fun onNext(items: List<ByteBuffer>) {
        if (result.isDone) return
        for (b in items) {
            size += b.remaining()
            if (size > max) {
                subscription?.cancel()
                result.completeExceptionally(tooLarge())
                return
            }
            val chunk = ByteArray(b.remaining())
            b.get(chunk)
            out.write(chunk)
        }
        subscription?.request(1)
    }

    override fun onError(t: Throwable) {
        result.completeExceptionally(t)
    }

    override fun onComplete() {
        result.complete(out.toByteArray())
    }
}
