import Foundation
import Testing
import ZeroMQ

extension RuntimeSuite {
    /// A stray peer sends malformed frames, frames of another run and frames that
    /// impersonate an agent to the coordinator's tcp port. Each one is rejected with a log
    /// line, and the run completes with the files of `simulate`.
    @Suite("Garbage frames")
    struct GarbageFrameTests {
        static let scenario = TestPaths.scenario("ring8-faults.yaml")
        static let overrides = ["faults=[]", "rounds=2000"]

        @Test("garbage to the coordinator's port")
        func garbageToCoordinator() async throws {
            let sandbox = try Sandbox("garbage")
            defer { sandbox.cleanUp() }
            guard
                let lone = try await LoneCoordinator.start(
                    in: sandbox, scenario: Self.scenario,
                    arguments: ["--output", sandbox.path("run"), "--startup-timeout", "30"]
                        + Self.overrides)
            else { return }
            let (coordinator, endpoint, run) = (lone.process, lone.endpoint, lone.run)

            let peer = try await onDedicatedThread { try StrayPeer(endpoint: endpoint, run: run) }
            let before = StrayPeer.framesBeforeStart(run: run)
            try await onDedicatedThread { try peer.send(before) }
            let rejectedBefore = await waitUntil(timeout: .seconds(10)) {
                rejectionCount(coordinator.standardError) >= before.count
            }
            #expect(rejectedBefore, "\(coordinator.standardError)")

            let agents = try (0..<8).map { index in
                try sandbox.start(
                    ["agent", "--coordinator", endpoint, "--run-id", run, "--index", "\(index)"],
                    label: "agent-\(index)")
            }
            let started = await waitForLog(
                "every link is connected", of: coordinator, timeout: .seconds(20))
            #expect(started != nil, "\(coordinator.standardError)")
            let during = StrayPeer.framesDuringRun(run: run)
            try await onDedicatedThread { try peer.send(during) }

            let termination = await coordinator.wait(timeout: .seconds(60))
            try await onDedicatedThread { peer.close() }
            let log = coordinator.standardError
            #expect(termination == .exited(0), "\(log)")
            let count = rejectionCount(log)
            #expect(count == before.count + during.count, "\(log)")
            for reason in StrayPeer.expectedReasons {
                #expect(log.contains(reason), "no rejection saying `\(reason)`: \(log)")
            }
            for (index, agent) in agents.enumerated() {
                let status = await agent.wait(timeout: .seconds(5))
                #expect(status == .exited(0), "agent index \(index): \(agent.standardError)")
            }

            let reference = try await sandbox.simulate(
                Self.scenario, output: "simulate", overrides: Self.overrides)
            let folder = RunFolder(sandbox.path("run"))
            #expect(firstDifference(folder.beliefs, reference.beliefs) == nil, "beliefs.csv")
            #expect(firstDifference(folder.summary, reference.summary) == nil, "summary.json")
        }
    }
}

/// Counts the coordinator's "rejected a frame" log lines.
private func rejectionCount(_ log: String) -> Int {
    log.split(separator: "\n").filter { $0.contains("rejected a frame from") }.count
}

/// A DEALER socket that is no agent of the run, with the routing id `stray`.
///
/// Used from one dedicated thread at a time; the continuation that hands back each result is
/// the memory barrier that ZeroMQ requires when a socket moves between threads. Hence
/// `@unchecked Sendable`.
private final class StrayPeer: @unchecked Sendable {
    private let context: Context
    private let socket: Socket

    init(endpoint: String, run: String) throws {
        context = try Context()
        socket = try Socket(context: context, type: .dealer, linger: .milliseconds(500))
        try socket.setRoutingID(Array("stray".utf8))
        try socket.setSendTimeout(.seconds(5))
        try socket.connect(endpoint)
    }

    /// Sends each message (a list of frames) and throws if one cannot be queued.
    func send(_ messages: [[[UInt8]]]) throws {
        for message in messages {
            guard try socket.send(message) else {
                throw TestSetupError("could not queue a frame to the coordinator within 5 s")
            }
        }
    }

    func close() {
        socket.close()
        context.terminate()
    }

    /// A HELLO payload that would be valid from a real agent.
    static let hello = TestPayload.hello(processID: 1, dataEndpoint: "tcp://127.0.0.1:1")

    /// Sent before any agent registers: none may register the stray peer as an agent.
    static func framesBeforeStart(run hex: String) -> [[[UInt8]]] {
        let run = TestFrame.runBytes(hex: hex)
        var other = run
        other[0] ^= 0xff
        let shortFrame = Array("HSAY".utf8) + [1, TestFrame.Kind.hello.rawValue, 0, 0, 0, 0]
        return [
            [[UInt8](repeating: 0xab, count: 64)],
            [shortFrame],
            [TestFrame(.hello, run: other, sender: 0, payload: hello).encoded()],
            [TestFrame(.hello, run: run, sender: 0, payload: hello).encoded(version: 2)],
            [TestFrame(.hello, run: run, sender: 0, payload: hello).encoded(declaredLength: 1000)],
            [TestFrame(type: 99, run: run, sender: 0, round: 0, payload: []).encoded()],
            [TestFrame(.hello, run: run, sender: 99, payload: hello).encoded()],
            [
                TestFrame(.hello, run: run, sender: 1, payload: hello).encoded(),
                TestFrame(.hello, run: run, sender: 2, payload: hello).encoded(),
            ],
        ]
    }

    /// Sent once the run has started: well-formed frames of this run that claim to come
    /// from agents already registered under other routing ids.
    static func framesDuringRun(run hex: String) -> [[[UInt8]]] {
        let run = TestFrame.runBytes(hex: hex)
        var belief = TestPayload()
        belief.append(UInt32(2))
        belief.append(-0.5)
        belief.append(-1.0)
        return [
            [TestFrame(.report, run: run, sender: 0, round: 1, payload: belief.bytes).encoded()],
            [TestFrame(.hello, run: run, sender: 3, payload: hello).encoded()],
        ]
    }

    /// One phrase of the coordinator's log line for each frame above.
    static let expectedReasons = [
        "does not start with the Hearsay magic bytes",
        "frame of 10 bytes is shorter than the 38-byte header",
        "frame belongs to another run",
        "unsupported protocol version 2",
        "payload length 1000 does not match",
        "unknown message type 99",
        "agent index 99",
        "3 frames instead of identity and message",
        "registered under another identity",
        "agent 4 (index 3) is already taken by another process",
    ]
}
