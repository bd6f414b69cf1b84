import Foundation

/// Paths of the package's files and of the built `hearsay` executable.
enum TestPaths {
    /// The package root, four levels up from this file (Tests/RuntimeTests/Support/…).
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 {
            url.deleteLastPathComponent()
        }
        return url.path
    }()

    static func scenario(_ name: String) -> String {
        packageRoot + "/scenarios/" + name
    }

    static func topology(_ name: String) -> String {
        packageRoot + "/topologies/" + name
    }

    /// The `hearsay` executable that SwiftPM built next to the test bundle.
    ///
    /// Only that folder is searched: a binary elsewhere (an older `.build/debug`) may not
    /// match the sources under test.
    static func hearsay() throws -> String {
        var folders: [URL] = []
        if let executable = Bundle.main.executableURL {
            folders.append(executable.deletingLastPathComponent())
        }
        folders.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        let candidates = folders.map { $0.appendingPathComponent("hearsay").path }
        for path in candidates where FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        throw TestSetupError(
            "the `hearsay` executable was not found in \(candidates.joined(separator: ", ")); "
                + "build it with `swift build --build-tests` before running these tests")
    }
}

/// A test could not set up what it needs; the description says what and how to fix it.
struct TestSetupError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
