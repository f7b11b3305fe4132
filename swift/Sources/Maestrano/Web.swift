import Foundation

/// Rules shared by web integrations (docs/spec.md §9).
public enum Web {
    /// `value` when it is a same-origin path (`/…`, not `//…` nor `/\…`), else `nil`: where to
    /// send the user back after sign-in (docs/spec.md D34).
    public static func safeReturnPath(_ value: String) -> String? {
        MaestranoFFI.safeReturnPath(value: value)
    }

    /// The HTTP status for an error kind (400, 401, 403, 413, 502, … ; 500 for an unknown
    /// kind) (docs/spec.md D37).
    public static func status(forKind kind: String) -> Int {
        Int(MaestranoFFI.errorStatus(kind: kind))
    }
}

/// Platform webhooks: account events and Connec! notifications.
public enum Webhooks {
    /// The webhook that `method` + `path` + `authorization` is, `nil` when the path is not a
    /// webhook route. Throws `MaestranoError` of kind `api_authentication` when the credentials
    /// are not `config`'s (answer 401).
    public static func match(
        config: Config,
        method: String,
        path: String,
        authorization: String?
    ) throws -> WebhookEvent? {
        try MaestranoFFI.webhookMatch(config: config, method: method, path: path, authorization: authorization)
    }

    /// The entities of a Connec! notification body, as JSON text `{entity: [records]}`.
    public static func connecNotification(body: Data) throws -> String {
        try MaestranoFFI.webhookConnecNotification(body: body)
    }
}
