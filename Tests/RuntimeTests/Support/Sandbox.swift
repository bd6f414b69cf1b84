import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A test's own temporary folder and the processes it started.
///
/// `cleanUp()`, called from a `defer`, kills every process still running, together with the
/// agents that a `hearsay run` among them launched, and removes the folder. Every test calls
/// it, so a failing test leaves nothing behind.
final class Sandbox {
    let folder: String
    let hearsay: String
    private var children: [ChildProcess] = []
    private var runIDs: [String] = []

    init(_ label: String) throws {
        hearsay = try TestPaths.hearsay()
        folder =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("hearsay-runtime-\(label)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true)
    }

    /// A path inside the folder.
    func path(_ name: String) -> String {
        folder + "/" + name
    }

    /// Starts `hearsay ARGUMENTS…`; `label` names its output files in the folder.
    func start(
        _ arguments: [String], label: String, ownProcessGroup: Bool = false
    ) throws -> ChildProcess {
        let child = try ChildProcess(
            executable: hearsay, arguments: arguments, outputPrefix: path(label),
            ownProcessGroup: ownProcessGroup)
        children.append(child)
        if let position = arguments.firstIndex(of: "--run-id"), position + 1 < arguments.count {
            runIDs.append(arguments[position + 1])
        }
        return child
    }

    /// Starts `hearsay run SCENARIO --output FOLDER/OUTPUT` with the given transport.
    func startRun(
        _ scenario: String, output: String, transport: String = "ipc", port: Int? = nil,
        overrides: [String] = [], ownProcessGroup: Bool = false
    ) throws -> ChildProcess {
        var arguments = ["run", scenario, "--output", path(output), "--transport", transport]
        if let port {
            arguments += ["--port", "\(port)"]
        }
        return try start(
            arguments + overrides, label: output, ownProcessGroup: ownProcessGroup)
    }

    /// Runs `hearsay simulate` to completion and returns its run folder; throws unless it
    /// exits with `expectedStatus`.
    func simulate(
        _ scenario: String, output: String, overrides: [String] = [],
        expectedStatus: Int32 = 0
    ) async throws -> RunFolder {
        let child = try start(
            ["simulate", scenario, "--output", path(output)] + overrides, label: output)
        let termination = await child.wait(timeout: .seconds(60))
        guard termination == .exited(expectedStatus) else {
            child.stop()
            throw TestSetupError(
                "hearsay simulate \(overrides.joined(separator: " ")) ended with "
                    + "\(termination.map { "\($0)" } ?? "no exit within 60 s"): "
                    + child.standardError)
        }
        return RunFolder(path(output))
    }

    /// Live agents that the `hearsay run` process `launcher` started.
    func agents(launchedBy launcher: ChildProcess) -> [ProcessEntry] {
        ProcessTable.agents(executable: hearsay, launchedBy: launcher.pid)
    }

    /// Kills everything this sandbox started and removes the folder.
    func cleanUp() {
        for child in children {
            // Look the launched agents up first: the launcher's death does not change their
            // command lines, but it is easier to reason about a live parent.
            let launched = agents(launchedBy: child)
            child.stop()
            for agent in launched {
                kill(agent.pid, SIGKILL)
            }
        }
        for run in runIDs {
            for agent in ProcessTable.agents(executable: hearsay, option: "--run-id", value: run) {
                kill(agent.pid, SIGKILL)
            }
        }
        try? FileManager.default.removeItem(atPath: folder)
    }
}

/// Polls `condition` every 10 ms until it holds or `timeout` passes; returns whether it held.
func waitUntil(timeout: Duration, _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        if ContinuousClock.now >= deadline {
            return false
        }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return true
}

/// Returns 16 random bytes as 32 hexadecimal digits, the form `--run-id` takes.
func randomRunID() -> String {
    var generator = SystemRandomNumberGenerator()
    return (0..<16).map { _ in
        String(format: "%02x", UInt8.random(in: 0...255, using: &generator))
    }.joined()
}

/// Returns the 8-digit run id that `hearsay run` logs ("run 1a2b3c4d: waiting …").
func shortRunID(inLog log: String) -> String? {
    guard let range = log.range(of: "coordinator: run ") else { return nil }
    let id = log[range.upperBound...].prefix(8)
    return id.count == 8 ? String(id) : nil
}

/// A `hearsay coordinator` started alone on a free tcp port, waiting for its agents.
struct LoneCoordinator {
    let process: ChildProcess
    let endpoint: String
    let run: String

    /// Starts the coordinator of `scenario` (8 agents) and waits until it listens; records
    /// an issue and returns nil when there is no free port or it does not start.
    static func start(
        in sandbox: Sandbox, scenario: String, arguments: [String]
    ) async throws -> LoneCoordinator? {
        guard let port = FreePorts.range(count: 1) else {
            Issue.record("no free tcp port in 20000–30000")
            return nil
        }
        let run = randomRunID()
        let endpoint = "tcp://127.0.0.1:\(port)"
        let process = try sandbox.start(
            ["coordinator", scenario, "--bind", endpoint, "--run-id", run] + arguments,
            label: "coordinator")
        guard
            await waitForLog("waiting for 8 agents", of: process, timeout: .seconds(20)) != nil
        else {
            Issue.record("the coordinator did not start: \(process.standardError)")
            return nil
        }
        return LoneCoordinator(process: process, endpoint: endpoint, run: run)
    }
}
