import Foundation
import Testing
import ZeroMQ

#if canImport(Glibc)
    import Glibc
#endif

extension RuntimeSuite {
    /// An agent with shares queued for a neighbour that never started must not hang when a
    /// signal stops it, because its sockets have a bounded linger. It logs what it could not
    /// deliver.
    @Suite("Hang on exit")
    struct HangOnExitTests {
        /// The linger of every runtime socket, as docs/protocol.md states it.
        static let runtimeLinger: Duration = .milliseconds(500)

        /// Agent 2 of a five-agent graph is started by hand. The test plays the coordinator,
        /// agent 1 (its in-neighbour) and agent 3 (an out-neighbour). Agent 5, its other
        /// out-neighbour, never starts. Once agent 2 has sent its round-1 share and waits for
        /// agent 1's, it gets SIGTERM.
        @Test("SIGTERM with a neighbour that never started")
        func sigtermWithMissingNeighbour() async throws {
            let sandbox = try Sandbox("hang-on-exit")
            defer { sandbox.cleanUp() }
            let run = randomRunID()
            let harness = try await onDedicatedThread { try AgentHarness(run: run) }

            let agent = try sandbox.start(
                [
                    "agent", "--coordinator", harness.controlEndpoint, "--run-id", run,
                    "--index", "1",
                ], label: "agent-2")
            let progress: HarnessProgress
            do {
                progress = try await onDedicatedThread { try harness.driveToFirstRound() }
            } catch {
                Issue.record("\(error); the agent's log: \(agent.standardError)")
                try await onDedicatedThread { harness.close() }
                return
            }
            #expect(progress.missingInNeighbours == [0], "agent 2 waits for agent 1 only")

            let clock = ContinuousClock()
            let signalled = clock.now
            #expect(agent.send(SIGTERM))
            let termination = await agent.wait(timeout: .seconds(5))
            let elapsed = clock.now - signalled
            try await onDedicatedThread { harness.close() }

            #expect(termination == .exited(128 + SIGTERM), "\(agent.standardError)")
            #expect(
                elapsed < Self.runtimeLinger + .milliseconds(500),
                "the agent took \(elapsed) to exit after SIGTERM")
            // The agent's log names neighbours by topology id. Its LINK and its round-1 share
            // to agent 5 never left; the frames to agent 3 did.
            let log = agent.standardError
            #expect(log.contains("received SIGTERM"), "\(log)")
            #expect(log.contains("2 message(s) to agent 5 were never delivered"), "\(log)")
            #expect(!log.contains("to agent 3 were never delivered"), "\(log)")
        }

        /// The runtime's PUSH sockets (ZMQ_IMMEDIATE, bounded linger) towards a neighbour that
        /// never binds: nothing is queued inside libzmq, the options read back as set, and
        /// closing does not wait longer than the linger.
        @Test("PUSH to missing neighbour, options read back")
        func pushToMissingNeighbour() async throws {
            let observed = try await onDedicatedThread {
                () throws -> (linger: Duration?, immediate: Bool, queued: Bool, close: Duration)
                in
                let context = try Context()
                let push = try Socket(context: context, type: .push, linger: Self.runtimeLinger)
                try push.setImmediate(true)
                try push.connect("ipc://@hearsay-test-\(randomRunID())-never-started")
                let queued = try push.send(Array("share".utf8), dontWait: true)
                let linger = try push.linger()
                let immediate = try push.isImmediate()
                let clock = ContinuousClock()
                let start = clock.now
                push.close()
                context.terminate()
                return (linger, immediate, queued, clock.now - start)
            }
            #expect(observed.linger == Self.runtimeLinger)
            #expect(observed.immediate)
            #expect(!observed.queued, "libzmq took a frame without a connection")
            #expect(observed.close < Self.runtimeLinger + .milliseconds(500))
        }
    }
}

/// How far the agent under test got.
private struct HarnessProgress: Sendable {
    /// The in-neighbours (0-based) that the agent's waiting heartbeat lists as missing.
    var missingInNeighbours: [Int]
}

/// A stand-in for the coordinator and two neighbours of agent 2 (index 1), so that one
/// `hearsay agent` process can be driven to a chosen point of the protocol.
///
/// The topology is the directed ring 1 → 2 → 3 → 4 → 5 → 1 plus the edge 2 → 5. The harness
/// binds the coordinator's ROUTER and agent 3's PULL, and connects a PUSH to agent 2 in agent
/// 1's place. Agent 5's endpoint is never bound.
///
/// ZeroMQ sockets may move between threads when a full memory barrier separates the uses;
/// each method runs on one dedicated thread at a time, and the continuation that hands the
/// result back provides the barrier. Hence `@unchecked Sendable`.
private final class AgentHarness: @unchecked Sendable {
    static let topologyText = """
        agents: 5
        directed: true
        weights: uniform
        self_loops: implied

        1 2
        2 3
        3 4
        4 5
        5 1
        2 5

        """

    static let scenarioText = """
        name: hang-on-exit
        topology: topology.edges
        hypotheses: [a, b]
        truth: a
        likelihood:
          family: gaussian
          means: [0, 1]
          std: 1
        rounds: 10
        seed: 1

        """

    let run: [UInt8]
    let controlEndpoint: String
    let sinkEndpoint: String
    let missingEndpoint: String
    private let endpointPrefix: String
    private let context: Context
    private let control: Socket
    private let sink: Socket
    private let feeder: Socket
    private let timeout: Duration = .seconds(10)

    init(run hex: String) throws {
        run = TestFrame.runBytes(hex: hex)
        endpointPrefix = "ipc://@hearsay-test-\(hex.prefix(8))"
        context = try Context()
        control = try Socket(context: context, type: .router, linger: .zero)
        controlEndpoint = try control.bind(endpointPrefix + "-coordinator")
        sink = try Socket(context: context, type: .pull, linger: .zero)
        sinkEndpoint = try sink.bind(endpointPrefix + "-agent-2")
        feeder = try Socket(context: context, type: .push, linger: .zero)
        missingEndpoint = endpointPrefix + "-agent-4"
        for socket in [control, sink] {
            try socket.setReceiveTimeout(.milliseconds(100))
        }
    }

    /// Registers the agent, links it, starts the run and returns once the agent has sent
    /// its round-1 share and reports that it waits for agent 1's.
    func driveToFirstRound() throws -> HarnessProgress {
        let (identity, hello) = try receiveControl(.hello, "HELLO")
        guard let agentEndpoint = TestPayload.helloEndpoint(hello.payload) else {
            throw TestSetupError("malformed HELLO payload \(hello.payload)")
        }
        let endpoints = [
            endpointPrefix + "-unused-agent-0", agentEndpoint, sinkEndpoint,
            endpointPrefix + "-unused-agent-3", missingEndpoint,
        ]
        let config = TestPayload.config(
            scenarioText: Self.scenarioText, topologyText: Self.topologyText,
            endpoints: endpoints, heartbeatInterval: 1)
        try sendControl(identity, TestFrame(.config, run: run, sender: -1, payload: config))

        _ = try receiveSink(.link, round: 0, "LINK from agent 2")
        try feeder.connect(agentEndpoint)
        guard try feeder.send(TestFrame(.link, run: run, sender: 0).encoded()) else {
            throw TestSetupError("could not send LINK to agent 2")
        }
        _ = try receiveControl(.ready, "READY")
        try sendControl(identity, TestFrame(.start, run: run, sender: -1, round: 0))
        _ = try receiveSink(.share, round: 1, "round-1 SHARE from agent 2")

        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let (_, heartbeat) = try receiveControl(.heartbeat, "a HEARTBEAT")
            if let missing = Self.missingAgents(heartbeat.payload, waitingRound: 1) {
                return HarnessProgress(missingInNeighbours: missing)
            }
        }
        throw TestSetupError("agent 2 never reported waiting for round 1")
    }

    func close() {
        for socket in [control, sink, feeder] {
            socket.close()
        }
        context.terminate()
    }

    private func sendControl(_ identity: [UInt8], _ frame: TestFrame) throws {
        guard try control.send([identity, frame.encoded()]) else {
            throw TestSetupError("could not send message type \(frame.type) to agent 2")
        }
    }

    /// Receives control messages until one of `kind` arrives; other kinds (heartbeats) are
    /// skipped.
    private func receiveControl(_ kind: TestFrame.Kind, _ expected: String) throws
        -> (identity: [UInt8], frame: TestFrame)
    {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard let frames = try control.receive(), frames.count == 2,
                let frame = TestFrame.decode(frames[1]), frame.type == kind.rawValue
            else { continue }
            return (frames[0], frame)
        }
        throw TestSetupError("no \(expected) from agent 2 within \(timeout)")
    }

    private func receiveSink(_ kind: TestFrame.Kind, round: UInt64, _ expected: String) throws
        -> TestFrame
    {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard let frames = try sink.receive(), frames.count == 1,
                let frame = TestFrame.decode(frames[0])
            else { continue }
            guard frame.type == kind.rawValue, frame.round == round, frame.sender == 1 else {
                throw TestSetupError(
                    "expected \(expected), got type \(frame.type) of round \(frame.round) from "
                        + "\(frame.sender)")
            }
            return frame
        }
        throw TestSetupError("no \(expected) within \(timeout)")
    }

    /// Decodes an agent's HEARTBEAT payload (round waited for, Int64; count and UInt32
    /// indices of the missing in-neighbours); nil unless it waits for `waitingRound`.
    static func missingAgents(_ payload: [UInt8], waitingRound: Int64) -> [Int]? {
        func integer(_ offset: Int, _ size: Int) -> UInt64 {
            (0..<size).reduce(UInt64(0)) { $0 | UInt64(payload[offset + $1]) << (8 * $1) }
        }
        guard payload.count >= 12, Int64(bitPattern: integer(0, 8)) == waitingRound else {
            return nil
        }
        let count = Int(integer(8, 4))
        guard payload.count == 12 + 4 * count else { return nil }
        return (0..<count).map { Int(integer(12 + 4 * $0, 4)) }
    }
}
