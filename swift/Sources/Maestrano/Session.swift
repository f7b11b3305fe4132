import Foundation

/// The single-logout session check: is the platform session behind a signed-in user still open?
public enum Session {
    /// Reads a stored session value (what the sign-in stored for the user), `nil` when it is
    /// corrupt.
    public static func read(_ value: String) -> SessionPayload? {
        MaestranoFFI.sessionRead(value: value)
    }

    /// The request that rechecks `value` with the platform at `now`, or `nil` when the session
    /// is valid without one (checked recently enough). Throws `session_invalid` for a corrupt
    /// value.
    public static func checkRequest(config: Config, value: String, now: Date = Date()) throws -> HttpRequest? {
        try MaestranoFFI.sessionCheckRequest(config: config, value: value, nowMs: epochMillis(now))
    }

    /// What the platform's answer to `checkRequest` means: still valid (with the value to store
    /// from now on), or signed out.
    public static func checkResponse(config: Config, value: String, response: HttpResponse) -> SessionCheck {
        MaestranoFFI.sessionCheckResponse(config: config, value: value, response: response)
    }

    /// Checks `value` end to end through `transport`: `valid == true` without a call when it
    /// was checked recently (then `value` is `nil`: keep the stored one).
    public static func check(
        config: Config,
        value: String,
        now: Date = Date(),
        transport: URLSessionTransport = .shared
    ) async throws -> SessionCheck {
        guard let request = try checkRequest(config: config, value: value, now: now) else {
            return SessionCheck(valid: true, value: nil)
        }
        let response = try await transport.send(request)
        return checkResponse(config: config, value: value, response: response)
    }
}
