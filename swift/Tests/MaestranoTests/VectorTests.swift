// The shared vectors of ../../../tests/vectors that concern the Swift layer: the web rules
// (web/web.json) and SAML validation (saml/*.json), through `Sso`, `Web` and
// `MaestranoError.kind`. Runs on macOS with the XCFramework built: `swift test` in swift/.
import Foundation
import XCTest

@testable import Maestrano

final class VectorTests: XCTestCase {
    /// tests/vectors, found from this file's path (swift/Tests/MaestranoTests/…).
    private let vectors = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("tests/vectors")

    private func json(_ path: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: vectors.appendingPathComponent(path)))
    }

    func testWebVectors() throws {
        let cases = try XCTUnwrap(try json("web/web.json") as? [[String: Any]])
        var ran = 0
        for vector in cases {
            let name = vector["name"] as? String ?? "?"
            let input = try XCTUnwrap(vector["input"] as? [String: Any], name)
            let expect = try XCTUnwrap(vector["expect"] as? [String: Any], name)
            switch vector["op"] as? String {
            case "web.return_path":
                let value = try XCTUnwrap(input["value"] as? String, name)
                XCTAssertEqual(Web.safeReturnPath(value), expect["ok"] as? String, name)
            case "web.error_status":
                let kind = try XCTUnwrap(input["kind"] as? String, name)
                XCTAssertEqual(Web.status(forKind: kind), expect["ok"] as? Int, name)
            default:
                continue
            }
            ran += 1
        }
        XCTAssertGreaterThan(ran, 40)
    }

    func testSamlVectors() throws {
        let folder = vectors.appendingPathComponent("saml")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        XCTAssertGreaterThan(files.count, 10)
        let iso = ISO8601DateFormatter()
        for file in files {
            let vector = try XCTUnwrap(try json("saml/" + file) as? [String: Any], file)
            guard vector["op"] as? String == "saml.validate_response" else { continue }
            let configText = String(
                decoding: try JSONSerialization.data(withJSONObject: try XCTUnwrap(vector["config"], file)),
                as: UTF8.self
            )
            let config = try Config.fromJson(json: configText)
            let input = try XCTUnwrap(vector["input"] as? [String: Any], file)
            let now = try XCTUnwrap(iso.date(from: try XCTUnwrap(input["now"] as? String, file)), file)
            let expect = try XCTUnwrap(vector["expect"] as? [String: Any], file)
            do {
                let result = try Sso.validateResponse(
                    config: config,
                    samlResponse: try XCTUnwrap(input["saml_response"] as? String, file),
                    now: now,
                    requestId: input["request_id"] as? String
                )
                let ok = try XCTUnwrap(expect["ok"] as? [String: Any], "\(file): validated, expected an error")
                XCTAssertEqual(result.nameId, ok["name_id"] as? String, file)
                let user = ok["user"] as? [String: Any]
                XCTAssertEqual(result.user.uid, user?["uid"] as? String, file)
            } catch let error as MaestranoError {
                let kind = try XCTUnwrap(expect["error"] as? String, "\(file): \(error.kind), expected success")
                if kind != "*" {
                    XCTAssertEqual(error.kind, kind, file)
                }
                XCTAssertGreaterThanOrEqual(error.status, 400, file)
            }
        }
    }

    func testConfigErrorKind() throws {
        XCTAssertThrowsError(try Config.fromJson(json: "{")) { error in
            XCTAssertEqual((error as? MaestranoError)?.kind, "config_invalid")
        }
    }
}
