import Foundation

/// SAML single sign-on: the AuthnRequest to redirect to, and the validation of the IdP's answer.
public enum Sso {
    /// Builds the AuthnRequest redirect for `config`. Keep `requestId` of the result (e.g. in the
    /// user's session) and pass it to `validateResponse` to bind the answer to this request.
    ///
    /// - Parameters:
    ///   - config: the marketplace's configuration.
    ///   - now: the request's `IssueInstant`.
    ///   - params: extra query parameters of the redirect URL.
    ///   - groupId: the platform group to sign in to, if known.
    ///   - relayState: the `RelayState` to get back (a return path, see `Web.safeReturnPath`).
    ///   - id: the request ID; a fresh random one by default.
    public static func authnRequest(
        config: Config,
        now: Date = Date(),
        params: [QueryParam] = [],
        groupId: String? = nil,
        relayState: String? = nil,
        id: String? = nil
    ) throws -> AuthnRequest {
        try MaestranoFFI.authnRequest(
            config: config,
            id: id ?? "_" + UUID().uuidString.lowercased(),
            nowMs: epochMillis(now),
            params: params,
            groupId: groupId,
            relayState: relayState
        )
    }

    /// Validates a posted `SAMLResponse` (base64) against `config` at `now`: signature,
    /// conditions, audience, recipient and, when `requestId` is given, `InResponseTo`.
    /// Throws `MaestranoError` (see `kind`). Check the result against a `ReplayCache` before
    /// signing the user in.
    public static func validateResponse(
        config: Config,
        samlResponse: String,
        now: Date = Date(),
        requestId: String? = nil,
        preset: String? = nil
    ) throws -> SsoResult {
        try MaestranoFFI.validateResponse(
            config: config,
            samlResponse: samlResponse,
            nowMs: epochMillis(now),
            requestId: requestId,
            preset: preset
        )
    }
}

extension ReplayCache {
    /// Accepts `result`'s assertion once at `now`; throws `MaestranoError` of kind `replayed`
    /// when it was already used (`replay_store_full` when the cache is full of live entries).
    public func check(config: Config, result: SsoResult, now: Date = Date()) throws {
        try check(config: config, result: result, nowMs: epochMillis(now))
    }
}
