import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// How a child process ended, with what it printed.
struct CommandResult {
    /// The exit status, or the signal number when `signalled` is true.
    var status: Int32
    /// True when a signal ended the process.
    var signalled: Bool
    var standardOutput: String
    var standardError: String
}

/// A running child process (`hearsay`, `bash` or `python3`) whose output goes to files, so
/// that a chatty child cannot block on a full pipe.
final class Command {
    let process = Process()
    let description: String
    private let logs: TemporaryFolder

    /// Starts `executable ARGUMENTS…` in `directory`, with `environment` added to this
    /// process's environment.
    init(
        _ executable: String, _ arguments: [String], in directory: URL,
        environment: [String: String] = [:]
    ) throws {
        description = ([executable] + arguments).joined(separator: " ")
        logs = try TemporaryFolder(prefix: "hearsay-batch-logs")
        let output = try FileHandle(forWritingTo: logs.createFile("stdout"))
        let error = try FileHandle(forWritingTo: logs.createFile("stderr"))
        defer {
            try? output.close()
            try? error.close()
        }
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = error
        try process.run()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        logs.remove()
    }

    /// Sends `signal` to the child.
    func send(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits up to `timeout` seconds for the child to end; a child still running then is
    /// killed and the overrun recorded as a test issue.
    func wait(timeout: TimeInterval = 120) throws -> CommandResult {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.005)
        }
        if process.isRunning {
            Issue.record("`\(description)` ran over \(timeout) s; killed")
            send(SIGKILL)
        }
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus,
            signalled: process.terminationReason == .uncaughtSignal,
            standardOutput: try String(contentsOf: logs.url("stdout"), encoding: .utf8),
            standardError: try String(contentsOf: logs.url("stderr"), encoding: .utf8))
    }

    /// Runs `executable ARGUMENTS…` to its end.
    static func run(
        _ executable: String, _ arguments: [String], in directory: URL,
        environment: [String: String] = [:], timeout: TimeInterval = 120
    ) throws -> CommandResult {
        try Command(executable, arguments, in: directory, environment: environment)
            .wait(timeout: timeout)
    }
}

/// The `hearsay` executable that the package builds next to the test bundle.
enum Hearsay {
    /// The package root, three folders above this source file's folder.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Places where the build puts `hearsay`, most specific first.
    static var candidates: [URL] {
        var urls = [
            Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("hearsay")
        ]
        for configuration in ["debug", "release"] {
            urls.append(packageRoot.appendingPathComponent(".build/\(configuration)/hearsay"))
        }
        return urls
    }

    /// The path of the executable.
    static var path: String {
        get throws {
            let found = candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
            let places = candidates.map(\.path).joined(separator: ", ")
            return try #require(found, "no hearsay executable in \(places); run swift build").path
        }
    }

    /// Starts `hearsay ARGUMENTS…` in `directory`.
    static func start(_ arguments: [String], in directory: URL) throws -> Command {
        try Command(try path, arguments, in: directory)
    }

    /// Runs `hearsay ARGUMENTS…` in `directory` to its end.
    static func run(
        _ arguments: [String], in directory: URL, timeout: TimeInterval = 120
    ) throws -> CommandResult {
        try start(arguments, in: directory).wait(timeout: timeout)
    }
}
