import Foundation

extension MaestranoError {
    /// The stable error kind of docs/spec.md §7, e.g. `"config_invalid"`, `"replayed"`,
    /// `"api_connection"`: the value to branch on.
    public var kind: String {
        switch self {
        case let .Failure(kind, _, _):
            return kind
        }
    }

    /// The human-readable reason, without the kind. Never shown to end users by the web layers
    /// (it may name what failed inside a document); log it.
    public var reason: String {
        switch self {
        case let .Failure(_, message, _):
            return message
        }
    }

    /// What the platform answered, when the failure comes from an HTTP response.
    public var httpFailure: HttpFailure? {
        switch self {
        case let .Failure(_, _, http):
            return http
        }
    }

    /// The HTTP status a web app answers with for this error (docs/spec.md D37).
    public var status: Int {
        Web.status(forKind: kind)
    }
}
