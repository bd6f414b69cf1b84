import Foundation
import Testing

/// The result of one `hearsay` run.
struct CommandResult {
    /// The exit status, or the signal number when `signalled` is true.
    var status: Int32
    /// True when the process was ended by a signal (a crash or the timeout).
    var signalled: Bool
    var standardOutput: String
    var standardError: String
}

/// Runs the `hearsay` executable that the package builds next to the test bundle.
enum Hearsay {
    /// The package root, three folders above this source file.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Places where the build puts `hearsay`, most specific first.
    static var candidates: [URL] {
        var urls: [URL] = []
        if let main = Bundle.main.executableURL {
            urls.append(main.deletingLastPathComponent().appendingPathComponent("hearsay"))
        }
        let bundleFolder = Bundle.module.bundleURL.deletingLastPathComponent()
        urls.append(bundleFolder.appendingPathComponent("hearsay"))
        for configuration in ["debug", "release"] {
            urls.append(packageRoot.appendingPathComponent(".build/\(configuration)/hearsay"))
        }
        return urls
    }

    /// The executable, or nil (with a recorded issue) when no build has produced it.
    static var executable: URL? {
        let found = candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
        if found == nil {
            let places = candidates.map(\.path).joined(separator: ", ")
            Issue.record("no hearsay executable in \(places); run `swift build` first")
        }
        return found
    }

    /// Runs `hearsay ARGUMENTS…` in `directory` and waits at most `timeout` seconds.
    ///
    /// Output goes to files rather than pipes, so a chatty run cannot fill a pipe and block.
    /// `whileRunning` is called with the process every few milliseconds until it ends.
    static func run(
        _ arguments: [String], in directory: URL, timeout: TimeInterval = 60,
        whileRunning: ((Process) -> Void)? = nil
    ) throws -> CommandResult? {
        guard let executable else { return nil }
        let logs = try TemporaryFolder()
        defer { logs.remove() }
        let outputURL = logs.url.appendingPathComponent("stdout")
        let errorURL = logs.url.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputURL)
        let error = try FileHandle(forWritingTo: errorURL)
        defer {
            try? output.close()
            try? error.close()
        }

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline {
            whileRunning?(process)
            Thread.sleep(forTimeInterval: 0.005)
        }
        if process.isRunning {
            process.terminate()
            Issue.record("hearsay \(arguments.joined(separator: " ")) ran over \(timeout) s")
        }
        process.waitUntilExit()

        return CommandResult(
            status: process.terminationStatus,
            signalled: process.terminationReason == .uncaughtSignal,
            standardOutput: try String(contentsOf: outputURL, encoding: .utf8),
            standardError: try String(contentsOf: errorURL, encoding: .utf8))
    }
}

/// A fresh folder under the system's temporary directory.
struct TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("hearsay-cli-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The path of `name` inside the folder.
    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }

    /// The names of the files and folders inside.
    func contents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// Paths of the test fixtures and of the files shipped with the package.
enum Fixture {
    /// The copied `Fixtures` folder of this test target.
    static var folder: URL {
        get throws {
            try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        }
    }

    /// The absolute path of a fixture, e.g. `broken/topology-empty.edges`.
    static func path(_ name: String) throws -> String {
        try folder.appendingPathComponent(name).path
    }

    /// The absolute path of a file shipped with the package, e.g. `scenarios/quickstart.yaml`.
    static func shipped(_ name: String) -> String {
        Hearsay.packageRoot.appendingPathComponent(name).path
    }
}
