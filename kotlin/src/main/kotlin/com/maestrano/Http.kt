package com.maestrano

/**
 * One HTTP header.
 *
 * @property name the header name (lower case in the requests the core builds)
 * @property value its value
 */
data class HttpHeader(val name: String, val value: String) {
    /** `name: value`, the value hidden for credentials (`authorization`, cookies). */
    override fun toString(): String = if (name.lowercase() in SECRET) "$name: <redacted>" else "$name: $value"

    private companion object {
        val SECRET = setOf("authorization", "proxy-authorization", "cookie", "set-cookie")
    }
}

/**
 * A request the core built for the host to send: the SDK never opens a socket itself. Send it
 * with a [Transport] ([HttpTransport] by default) and hand the [HttpResponse] back to the
 * matching reader ([Session.checkResponse], [Account.response], [Connec.response],
 * [DevPlatform.response]).
 *
 * @property method `GET`, `POST`, `PUT` or `DELETE`
 * @property url the absolute URL (may carry a session token in its query: never log it)
 * @property headers the headers in sending order (may carry the app's credentials)
 * @property body the body bytes, if any
 * @property timeoutMs how long to wait for the whole response, in milliseconds, if the core says
 */
class HttpRequest(
    val method: String,
    val url: String,
    val headers: List<HttpHeader>,
    val body: ByteArray?,
    val timeoutMs: Long?,
) {
    /** The first header named [name] (case-insensitive), or `null`. */
    fun header(name: String): String? = headers.firstOrNull { it.name.equals(name, ignoreCase = true) }?.value

    /** `HttpRequest(GET https://host:port)`: the origin only, never the path, query or headers. */
    override fun toString(): String = "HttpRequest($method ${Origin.of(url)})"

    internal companion object {
        @JvmSynthetic
        internal fun from(r: com.maestrano.ffi.HttpRequest): HttpRequest = HttpRequest(
            r.method,
            r.url,
            r.headers.map { HttpHeader(it.name, it.value) },
            r.body,
            r.timeoutMs?.let { if (it > Long.MAX_VALUE.toULong()) Long.MAX_VALUE else it.toLong() },
        )
    }
}

/**
 * A response for the core: whatever the server answered, any status. `status` 0 stands for "no
 * response" (a network failure) where a reader accepts it ([Session.checkResponse] fails closed).
 *
 * @property status the HTTP status
 * @property headers the headers as received
 * @property body the body bytes
 */
class HttpResponse @JvmOverloads constructor(
    val status: Int,
    val headers: List<HttpHeader> = emptyList(),
    val body: ByteArray = ByteArray(0),
) {
    /** The first header named [name] (case-insensitive), or `null`. */
    fun header(name: String): String? = headers.firstOrNull { it.name.equals(name, ignoreCase = true) }?.value

    /** `HttpResponse(200, N bytes)`. */
    override fun toString(): String = "HttpResponse($status, ${body.size} bytes)"

    /** The record the core reads (a status outside 0..65535 becomes 0: no valid answer). */
    @JvmSynthetic
    internal fun toNative(): com.maestrano.ffi.HttpResponse = com.maestrano.ffi.HttpResponse(
        (if (status in 0..0xFFFF) status else 0).toUShort(),
        headers.map { com.maestrano.ffi.HttpHeader(it.name, it.value) },
        body,
    )
}

/**
 * Sends the core's requests. [HttpTransport] (the JDK `HttpClient`) is the default; implement
 * this to use another client, add a proxy or record calls in tests. An implementation returns
 * every answer as a response, whatever its status, never follows redirects (they would carry the
 * app's credentials elsewhere), and throws [TransportException] (`api_connection`) only when
 * there is no answer; its messages must not contain the URL's path or query.
 */
fun interface Transport {
    /** Sends [request] and returns what the server answered. */
    fun send(request: HttpRequest): HttpResponse
}

/** `scheme://host[:port]` of a URL: what messages may name (paths and queries may hold tokens). */
internal object Origin {
    fun of(url: String): String = try {
        val uri = java.net.URI(url)
        val scheme = uri.scheme
        val host = uri.host
        if (scheme == null || host == null) "(invalid URL)" else "$scheme://$host${if (uri.port >= 0) ":${uri.port}" else ""}"
    } catch (e: java.net.URISyntaxException) {
        "(invalid URL)"
    }
}
