import Foundation
import Testing

/// Paths of the test fixtures and of the files shipped with the package.
enum Fixture {
    /// The copied `Fixtures` folder of this test target.
    static var folder: URL {
        get throws {
            try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        }
    }

    /// The absolute path of a fixture, e.g. `json/gaussian10.json`.
    static func path(_ name: String) throws -> String {
        try folder.appendingPathComponent(name).path
    }

    /// The text of a fixture.
    static func text(_ name: String) throws -> String {
        try String(contentsOfFile: path(name), encoding: .utf8)
    }

    /// The package root, three folders above this source file.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The absolute path of a file shipped with the package, e.g. `scenarios/quickstart.yaml`.
    static func shipped(_ name: String) -> String {
        packageRoot.appendingPathComponent(name).path
    }
}
