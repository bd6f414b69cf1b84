import Foundation
import Testing

/// A fresh folder under the system's temporary directory.
struct TemporaryFolder {
    let url: URL

    init(prefix: String = "hearsay-batch-tests") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The URL of `name` inside the folder.
    func url(_ name: String) -> URL {
        url.appendingPathComponent(name)
    }

    /// The path of `name` inside the folder.
    func path(_ name: String) -> String {
        url(name).path
    }

    /// Creates an empty file `name` and returns its URL.
    func createFile(_ name: String) -> URL {
        let file = url(name)
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        return file
    }

    /// Writes `text` to `name` and returns its path.
    @discardableResult
    func write(_ text: String, to name: String) throws -> String {
        try Data(text.utf8).write(to: url(name))
        return path(name)
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// Paths of this target's fixtures.
enum Fixture {
    /// The copied `Fixtures` folder of this test target.
    static var folder: URL {
        get throws {
            try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        }
    }

    /// The absolute path of a fixture, e.g. `sweeps/seeds.yaml`.
    static func path(_ name: String) throws -> String {
        try folder.appendingPathComponent(name).path
    }

    /// The absolute path of a file shipped with the package, e.g. `scripts/plot_sweep.py`.
    static func shipped(_ name: String) -> String {
        Hearsay.packageRoot.appendingPathComponent(name).path
    }
}
