/**
 * Sending the requests the core builds with the JDK's `java.net.http.HttpClient`.
 *
 * The core is sans-IO: `accountRequest`, `connecRequest`, `sessionCheckRequest` and
 * `devplatformRequest` return an [HttpRequest]; send it with [send] and hand the [HttpResponse]
 * to the matching `…Response` function, which returns the typed data (JSON text) or throws a
 * [MaestranoException] with a docs/spec.md §7 kind. Any HTTP client works; this one needs nothing
 * beyond the JDK.
 *
 * ```kotlin
 * val bills = accountResponse("bills", "list",
 *     accountRequest(config, "bills", "list", null, """{"group_id":"cld-1"}""").send())
 * ```
 */
package com.maestrano

import java.io.IOException
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpTimeoutException
import java.time.Duration

/** A request for the host to send (built by the core). */
typealias HttpRequest = com.maestrano.ffi.HttpRequest

/** A response handed back to the core. */
typealias HttpResponse = com.maestrano.ffi.HttpResponse

private val defaultClient: HttpClient = HttpClient.newBuilder()
    .connectTimeout(Duration.ofSeconds(30))
    .followRedirects(HttpClient.Redirect.NEVER)
    .build()

/**
 * Sends this request and returns the response, whatever its status. A connection refused or
 * dropped, or no answer within the request's `timeoutMs`, is a [MaestranoException] of kind
 * `api_connection`.
 */
fun HttpRequest.send(client: HttpClient = defaultClient): HttpResponse {
    val builder = java.net.http.HttpRequest.newBuilder(URI.create(url))
    timeoutMs?.let { builder.timeout(Duration.ofMillis(it.toLong())) }
    // The JDK sets these itself and refuses them as request headers.
    headers.filter { it.name !in setOf("host", "content-length", "connection") }
        .forEach { builder.header(it.name, it.value) }
    val publisher = body?.let { java.net.http.HttpRequest.BodyPublishers.ofByteArray(it) }
        ?: java.net.http.HttpRequest.BodyPublishers.noBody()
    builder.method(method, publisher)
    val response = try {
        client.send(builder.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray())
    } catch (e: HttpTimeoutException) {
        throw connectionFailure("no answer from $url within ${timeoutMs ?: 0} ms")
    } catch (e: IOException) {
        throw connectionFailure("could not reach $url: ${e.message ?: e.javaClass.simpleName}")
    }
    val headers = response.headers().map().flatMap { (name, values) ->
        values.map { com.maestrano.ffi.HttpHeader(name, it) }
    }
    return HttpResponse(response.statusCode().toUShort(), headers, response.body())
}

private fun connectionFailure(reason: String): MaestranoException =
    com.maestrano.ffi.MaestranoException.Failure("api_connection", reason, null)
