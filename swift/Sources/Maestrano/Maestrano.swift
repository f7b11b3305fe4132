// The Maestrano SDK for Swift.
//
// `import Maestrano` gives the UniFFI-generated API of the Rust core (re-exported from the
// MaestranoFFI module: `Config.fromJson(json:)`, `Presets`, `ReplayCache`, `SsoResult`,
// `MaestranoError`, …) and the Swift layer of this module: `Sso`, `Session`, `Web`,
// `Webhooks` (clock values as `Date`, not epoch milliseconds), `MaestranoError.kind`, and
// `URLSessionTransport` to send the HTTP requests the core builds. All logic stays in the core:
// this module only converts types.
import Foundation
@_exported import MaestranoFFI

/// Milliseconds since the Unix epoch of `date`, rounded down: the core's clock unit.
func epochMillis(_ date: Date) -> Int64 {
    Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
}
