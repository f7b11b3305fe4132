import Foundation

/// Sends the HTTP requests the core builds (`HttpRequest`) with `URLSession` and hands back what
/// the server answered (`HttpResponse`, any status: the core decides what a status means).
///
/// Never follows a redirect (a 3xx is returned as is: a redirect would carry the app's
/// credentials elsewhere), reads at most `maxBodyBytes` of a body (one more than the core
/// accepts, so an oversized answer is refused by the core without being held in memory), and
/// gives up after the request's `timeoutMs` (`defaultTimeout` when it has none). When no answer
/// comes, throws `MaestranoError` of kind `api_connection` whose message names the method and the
/// origin only (never the path or query, which may carry a session token).
public final class URLSessionTransport: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    /// The most body bytes read: 16 MiB (the core's limit) plus one.
    public static let maxBodyBytes = 16 * 1024 * 1024 + 1
    /// Seconds to wait when a request carries no `timeoutMs`.
    public static let defaultTimeout: TimeInterval = 30

    /// One transport shared by calls that are given none.
    public static let shared = URLSessionTransport()

    private let session: URLSession

    /// A transport over a session of `configuration` (ephemeral by default: no cookies, no
    /// cache shared with the app).
    public init(configuration: URLSessionConfiguration = .ephemeral) {
        session = URLSession(configuration: configuration)
        super.init()
    }

    /// Sends `request` and returns the response, whatever its status.
    public func send(_ request: HttpRequest) async throws -> HttpResponse {
        guard let url = URL(string: request.url),
              let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http"
        else {
            throw Self.failure(request, "not an http(s) URL")
        }
        let timeout = request.timeoutMs.map { TimeInterval($0) / 1000 } ?? Self.defaultTimeout
        let deadline = Date().addingTimeInterval(timeout)
        var urlRequest = URLRequest(url: url)
        urlRequest.httpMethod = request.method
        urlRequest.timeoutInterval = timeout
        urlRequest.httpShouldHandleCookies = false
        for header in request.headers {
            urlRequest.addValue(header.value, forHTTPHeaderField: header.name)
        }
        urlRequest.httpBody = request.body

        let answer: (URLSession.AsyncBytes, URLResponse)
        do {
            answer = try await session.bytes(for: urlRequest, delegate: self)
        } catch {
            throw Self.failure(request, "no answer")
        }
        let (bytes, response) = answer
        guard let http = response as? HTTPURLResponse else {
            throw Self.failure(request, "not an HTTP response")
        }
        var body = Data()
        do {
            for try await byte in bytes {
                body.append(byte)
                if body.count >= Self.maxBodyBytes { break }
                if body.count % 65_536 == 0 && Date() > deadline {
                    throw Self.failure(request, "timed out")
                }
            }
        } catch let error as MaestranoError {
            throw error
        } catch {
            throw Self.failure(request, "connection dropped")
        }
        if Date() > deadline {
            throw Self.failure(request, "timed out")
        }
        var headers: [HttpHeader] = []
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String {
                headers.append(HttpHeader(name: name.lowercased(), value: value))
            }
        }
        return HttpResponse(status: UInt16(clamping: http.statusCode), headers: headers, body: body)
    }

    /// Refuses every redirect: the 3xx response itself is what `send` returns.
    public func urlSession(
        _ session: URLSession,
        task: URLSessionTask,
        willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest
    ) async -> URLRequest? {
        nil
    }

    /// The `api_connection` error for `request`, naming its method and origin only.
    private static func failure(_ request: HttpRequest, _ why: String) -> MaestranoError {
        MaestranoError.Failure(
            kind: "api_connection",
            message: "\(request.method) \(origin(of: request.url)): \(why)",
            http: nil
        )
    }

    /// `scheme://host[:port]` of `url`, or a placeholder when it has none.
    private static func origin(of url: String) -> String {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme, let host = parts.host else {
            return "(invalid URL)"
        }
        return parts.port.map { "\(scheme)://\(host):\($0)" } ?? "\(scheme)://\(host)"
    }
}
