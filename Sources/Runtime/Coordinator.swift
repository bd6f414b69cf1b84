import Foundation
import Reporting
import Scenario
import SocialLearning
import ZeroMQ

/// Settings of a coordinator.
public struct CoordinatorOptions: Sendable {
    /// The control endpoint to bind (ipc://@… or tcp://HOST:PORT).
    public var bind: String
    public var run: RunID
    /// Seconds allowed for every agent to register and connect.
    public var startupTimeout: Double
    /// Show a live progress line (on a terminal) instead of periodic log lines.
    public var liveProgress: Bool

    public init(bind: String, run: RunID, startupTimeout: Double, liveProgress: Bool) {
        self.bind = bind
        self.run = run
        self.startupTimeout = startupTimeout
        self.liveProgress = liveProgress
    }
}

/// The result of a distributed run.
public struct CoordinatorResult {
    public var outcome: RunOutcome
    /// 0 for a completed run; non-zero with `outcome.failure` saying why.
    public var exitStatus: Int32
}

/// The coordinator of a distributed run: registers agents, hands out the configuration,
/// starts the rounds, gathers beliefs and outcomes, decides convergence with the shared
/// tracker, writes the run folder as results arrive, and stops everyone at the end.
public final class Coordinator {
    private let scenario: Scenario
    private let recorder: RunRecorder
    private let options: CoordinatorOptions
    private let children: ChildProcesses?
    private let log = RuntimeLog(role: "coordinator")
    private let context: Context
    private let control: Socket
    /// The endpoint actually bound (with the real port for tcp://…:*).
    public let endpoint: String
    private let agentCount: Int
    private let heartbeatInterval: Double
    private let creditWindow: Int

    private var identities: [Int: [UInt8]] = [:]
    private var dataEndpoints: [Int: String] = [:]
    private var ready = Set<Int>()
    private var started = false
    private var lastSeen: [Double]
    private var lastRound: [Int]
    private var reports: [Int: [Int: [Double]]] = [:]
    /// The last report round written to beliefs.csv.
    private var lastReportWritten = 0
    /// True while messages are still queued after a drain ran out of time: an agent whose
    /// message waits there is not silent, so no agent is declared lost until the queue is read.
    private var backlog = false
    /// The signal that interrupted the run, if one did.
    private var interrupt: Int32?
    private var outcomeQueues: [[RoundOutcome]]
    private var nextOutcomeRound: [Int]
    private var tracker: ConvergenceTracker
    private var lastLatest: [RoundOutcome]
    private var stopRound: Int?
    private var grantedCredit = 0
    private var finals: [Int: (round: Int, payload: FinalPayload)] = [:]
    private var rejections = RejectionCounter()
    private var lastHeartbeatSent = 0.0
    private var progress: ProgressLine
    /// For each agent waiting for shares: the round and the in-neighbours still missing.
    private var waiting: [Int: HeartbeatPayload] = [:]
    /// An agent whose process ended, reported once its neighbours have had time to say
    /// which round they wait for: (agent, how it ended, when it was seen to end).
    private var pendingLoss: (agent: Int, how: String, since: Double)?

    /// Binds the control socket. `recorder` has already created the run folder.
    public init(
        scenario: Scenario, recorder: RunRecorder, options: CoordinatorOptions,
        children: ChildProcesses? = nil
    ) throws {
        self.scenario = scenario
        self.recorder = recorder
        self.options = options
        self.children = children
        agentCount = scenario.model.agentCount
        heartbeatInterval = scenario.runtime.heartbeatInterval
        // Agents may run ahead of the rounds the coordinator has recorded by at most this
        // many rounds. Without the bound, a coordinator that falls behind (a row every
        // round, many agents) would queue messages without limit and hear of a lost agent
        // late. Stopping on convergence keeps the window short, because agents may run past
        // the stop.
        creditWindow = scenario.convergence.stopOnConvergence ? 64 : 256
        lastSeen = [Double](repeating: monotonicSeconds(), count: agentCount)
        lastRound = [Int](repeating: 0, count: agentCount)
        outcomeQueues = [[RoundOutcome]](repeating: [], count: agentCount)
        nextOutcomeRound = [Int](repeating: 1, count: agentCount)
        lastLatest = [RoundOutcome](
            repeating: RoundOutcome(decision: 0, confident: false), count: agentCount)
        tracker = ConvergenceTracker(
            agentCount: agentCount, settings: scenario.convergence,
            adaptive: scenario.model.isAdaptive, truth: scenario.model.truth)
        progress = ProgressLine(total: scenario.rounds, live: options.liveProgress)
        do {
            context = try Context()
            control = try Socket(context: context, type: .router, linger: .milliseconds(500))
            try control.setRouterMandatory(true)
            try control.setSendHighWaterMark(1_000_000)
            try control.setReceiveHighWaterMark(1_000_000)
        } catch {
            throw RuntimeError.socket(error, what: "opening the coordinator socket")
        }
        do {
            endpoint = try control.bind(options.bind)
        } catch {
            throw RuntimeError.bind(error, endpoint: options.bind, what: "binding \(options.bind)")
        }
    }

    deinit {
        control.close()
        context.terminate()
    }

    // MARK: - Main loop

    /// Runs the whole protocol and returns the outcome; the run folder is complete on return.
    public func run() -> CoordinatorResult {
        log.info(
            "run \(options.run.short): waiting for \(agentCount) agents on \(endpoint)")
        let startedAt = monotonicSeconds()
        var failure: String?
        var status: Int32 = 0
        var poller = Poller()
        let index = poller.register(control, for: .readable)
        var lastReap = 0.0
        while true {
            if let signal = ShutdownSignal.pending {
                // The round is named once the stopped agents have handed over their outcomes.
                interrupt = signal
                failure = "interrupted by \(ShutdownSignal.name(signal))"
                status = 128 + signal
                break
            }
            do {
                let ready = try poller.poll(timeout: .milliseconds(50))
                if ready[index].contains(.readable) {
                    try drain()
                }
            } catch let error as CoordinatorFailure {
                failure = error.message
                status = 1
                break
            } catch {
                failure = "\(error)"
                status = 1
                break
            }
            if (0..<agentCount).allSatisfy({ finals[$0] != nil || isDropped($0) }) {
                break
            }
            let now = monotonicSeconds()
            if let lost = checkLiveness(now: now, startedAt: startedAt, lastReap: &lastReap) {
                if let agent = lost.agent, started, scenario.runtime.onAgentLoss == .drop,
                    drop(agent: agent, because: lost.message)
                {
                    continue
                }
                failure = lost.message
                status = 1
                break
            }
            if now - lastHeartbeatSent >= heartbeatInterval {
                broadcast(.heartbeat, round: tracker.lastRound)
                lastHeartbeatSent = now
            }
            progress.update(
                round: tracker.lastRound, converged: convergedCount(), stopRound: stopRound)
        }
        progress.finish()
        return finish(failure: failure, status: status)
    }

    private struct CoordinatorFailure: Error {
        var message: String
    }

    // MARK: - Lost agents

    private func isDropped(_ agent: Int) -> Bool {
        tracker.droppedFrom[agent] != nil
    }

    /// True when `agent` has no outcome for `round` because it was dropped before it.
    private func isDropped(_ agent: Int, atRound round: Int) -> Bool {
        guard let from = tracker.droppedFrom[agent] else { return false }
        return round >= from
    }

    /// Drops a lost agent and lets the run go on (`runtime.on_agent_loss: drop`); false when
    /// no agent would be left.
    ///
    /// The tracker stops counting it after the last round whose outcome arrived, and every
    /// agent receives DROP, so that its out-neighbours stop waiting for its shares and rescale
    /// their weights. A frozen process is killed, so that it cannot come back.
    private func drop(agent: Int, because message: String) -> Bool {
        let remaining = (0..<agentCount).filter { $0 != agent && !isDropped($0) }
        guard !remaining.isEmpty else { return false }
        let from = nextOutcomeRound[agent]
        log.error(
            "\(message); dropping it from round \(from) on and going on "
                + "(runtime.on_agent_loss: drop)")
        tracker.drop(agent: agent, fromRound: from)
        pendingLoss = nil
        children?.signal(agent: agent, SIGKILL)
        broadcast(.drop, round: from, payload: SimplePayload.agent(agent))
        consumeOutcomes()
        return true
    }

    // MARK: - Messages

    /// Handles the messages waiting on the control socket, for at most 20 ms, so that a
    /// backlog never keeps the main loop from sending heartbeats: agents that hear nothing
    /// from the coordinator for three intervals give up on it.
    private func drain() throws {
        let deadline = monotonicSeconds() + 0.02
        backlog = true
        while true {
            guard monotonicSeconds() < deadline else { return }
            guard let frames = try control.receive(dontWait: true) else { break }
            guard frames.count == 2 else {
                rejections.reject(
                    "\(frames.count) frames instead of identity and message", from: "a peer",
                    log: log)
                continue
            }
            let identity = frames[0]
            let origin = Self.describe(identity: identity)
            let message: Message
            do {
                message = try Message.decode(frames[1], run: options.run)
                guard message.sender >= 0 && message.sender < agentCount else {
                    if message.type == .hello {
                        refuse(
                            identity,
                            "index \(message.sender) is outside this run's agents 0 to "
                                + "\(agentCount - 1)")
                    }
                    throw ProtocolError.invalidValue("agent index \(message.sender)")
                }
            } catch {
                // An agent started with another run's id would wait for a configuration
                // that never comes: tell it, in its own run's terms, why.
                if case .wrongRun = error as? ProtocolError,
                    let stray = try? Message.decode(frames[1], run: nil),
                    stray.type == .hello
                {
                    refuse(
                        identity,
                        "this coordinator runs \(options.run), not \(stray.run); check --run-id",
                        run: stray.run)
                }
                rejections.reject("\(error)", from: origin, log: log)
                continue
            }
            let agent = message.sender
            if message.type == .hello {
                try register(agent: agent, identity: identity, payload: message.payload)
                continue
            }
            guard identities[agent] == identity else {
                rejections.reject(
                    "\(message.type) claims to come from agent \(agent), which registered "
                        + "under another identity", from: origin, log: log)
                continue
            }
            lastSeen[agent] = monotonicSeconds()
            try handle(message, from: agent)
        }
        backlog = false
    }

    private func register(agent: Int, identity: [UInt8], payload: [UInt8]) throws {
        let name = scenario.topology.names[agent]
        if let known = identities[agent] {
            if known != identity {
                let reason = "agent \(name) (index \(agent)) is already taken by another process"
                refuse(identity, reason)
                rejections.reject(reason, from: Self.describe(identity: identity), log: log)
            }
            return
        }
        guard !started else {
            let reason = "the run has already started without agent \(name) (index \(agent))"
            refuse(identity, reason)
            rejections.reject(reason, from: Self.describe(identity: identity), log: log)
            return
        }
        let hello: HelloPayload
        do {
            hello = try HelloPayload(payload)
        } catch {
            rejections.reject("\(error)", from: "agent \(agent)", log: log)
            return
        }
        identities[agent] = identity
        dataEndpoints[agent] = hello.dataEndpoint
        lastSeen[agent] = monotonicSeconds()
        if identities.count == agentCount {
            log.info("all \(agentCount) agents registered; sending the configuration")
            let config = ConfigPayload(
                scenarioFile: "scenario.yaml",
                scenarioText: RunRecorder.resolvedScenarioText(scenario),
                topologyText: RunRecorder.topologyText(scenario),
                endpoints: (0..<agentCount).map { dataEndpoints[$0] ?? "" },
                heartbeatInterval: heartbeatInterval, creditWindow: creditWindow)
            broadcast(.config, round: 0, payload: config.encoded())
        }
    }

    private func handle(_ message: Message, from agent: Int) throws {
        let hypotheses = scenario.model.hypothesisCount
        switch message.type {
        case .ready:
            ready.insert(agent)
            if ready.count == agentCount && !started {
                started = true
                grantedCredit = creditWindow
                log.info("every link is connected; starting round 1")
                broadcast(.start, round: creditWindow)
            }
        case .heartbeat:
            lastRound[agent] = max(lastRound[agent], message.round)
            let payload = try decode { () throws(ProtocolError) in
                try HeartbeatPayload(message.payload, agentCount: agentCount)
            }
            if let payload {
                waiting[agent] = payload.waitingRound > 0 ? payload : nil
            }
        case .report:
            let beliefs = try decode { () throws(ProtocolError) in
                try SimplePayload.beliefs(message.payload, hypothesisCount: hypotheses)
            }
            guard let beliefs else { return }
            reports[message.round, default: [:]][agent] = beliefs
            writeCompleteReports()
        case .outcomes:
            let payload = try decode { () throws(ProtocolError) in
                try OutcomesPayload(message.payload, hypothesisCount: hypotheses)
            }
            guard let payload else { return }
            guard payload.firstRound == nextOutcomeRound[agent] else {
                rejections.reject(
                    "outcomes from round \(payload.firstRound), expected "
                        + "\(nextOutcomeRound[agent])", from: "agent \(agent)", log: log)
                return
            }
            outcomeQueues[agent].append(contentsOf: payload.outcomes)
            nextOutcomeRound[agent] += payload.outcomes.count
            lastRound[agent] = max(lastRound[agent], nextOutcomeRound[agent] - 1)
            consumeOutcomes()
        case .final:
            let payload = try decode { () throws(ProtocolError) in
                try FinalPayload(message.payload, hypothesisCount: hypotheses)
            }
            guard let payload else { return }
            finals[agent] = (message.round, payload)
        case .failed:
            let text = (try? SimplePayload.text(message.payload)) ?? "an unreadable reason"
            throw CoordinatorFailure(
                message: "agent \(scenario.topology.names[agent]) failed in round "
                    + "\(message.round + 1): \(text)")
        default:
            rejections.reject("unexpected \(message.type)", from: "agent \(agent)", log: log)
        }
    }

    /// Tells a process that tried to register why it is not part of the run, so that it
    /// exits at once instead of waiting for a configuration that never comes.
    private func refuse(_ identity: [UInt8], _ reason: String, run: RunID? = nil) {
        let frame = Message(
            type: .refused, run: run ?? options.run, sender: Message.coordinator, round: 0,
            payload: SimplePayload.text(reason)
        ).encoded()
        _ = try? control.send([identity, frame], dontWait: true)
    }

    /// Returns a peer's routing id as text when it is printable (agents use `agent-INDEX-PID`),
    /// else in hexadecimal.
    static func describe(identity: [UInt8]) -> String {
        let printable = identity.allSatisfy { $0 >= 0x20 && $0 < 0x7f }
        if printable, let text = String(bytes: identity, encoding: .ascii) {
            return "peer \(text)"
        }
        return "peer " + identity.prefix(16).map { String($0, radix: 16) }.joined()
    }

    private func decode<T>(_ body: () throws(ProtocolError) -> T) throws -> T? {
        do {
            return try body()
        } catch {
            rejections.reject("\(error)", from: "an agent", log: log)
            return nil
        }
    }

    // MARK: - Results

    /// Feeds the tracker every round for which all agents' outcomes have arrived.
    private func consumeOutcomes() {
        while stopRound == nil {
            let round = tracker.lastRound + 1
            let present = (0..<agentCount).filter { !isDropped($0, atRound: round) }
            guard !present.isEmpty, present.allSatisfy({ !outcomeQueues[$0].isEmpty }) else {
                break
            }
            // The tracker ignores a dropped agent's outcome, so its last one fills the slot.
            var row = lastLatest
            for agent in present {
                row[agent] = outcomeQueues[agent].removeFirst()
            }
            lastLatest = row
            tracker.record(round: round, outcomes: row)
            if tracker.shouldStop && round < scenario.rounds {
                stopRound = round
                log.info("converged; stopping every agent after round \(round)")
                broadcast(.stop, round: round)
            }
        }
        if creditWindow > 0, stopRound == nil,
            tracker.lastRound + creditWindow >= grantedCredit + creditWindow / 4
        {
            grantedCredit = tracker.lastRound + creditWindow
            broadcast(.credit, round: grantedCredit)
        }
        writeCompleteReports()
    }

    /// Writes belief rows that every agent has reported, once the tracker has reached them.
    ///
    /// Report rounds come in order, so only the next one is looked at: sorting every pending
    /// round for each message made a backlog quadratic.
    private func writeCompleteReports() {
        let limit = min(tracker.lastRound, stopRound ?? Int.max)
        while true {
            let every = scenario.reportEvery
            let round = min((lastReportWritten / every + 1) * every, scenario.rounds)
            guard round > lastReportWritten, round <= limit, let rows = reports[round],
                (0..<agentCount).allSatisfy({ rows[$0] != nil || isDropped($0, atRound: round) })
            else { return }
            recorder.record(
                round: round, logBeliefs: (0..<agentCount).map { rows[$0] ?? [] })
            reports.removeValue(forKey: round)
            lastReportWritten = round
        }
    }

    private func convergedCount() -> Int {
        let truth = scenario.model.truth.truth(atRound: max(tracker.lastRound, 1))
        return lastLatest.indices.filter { agent in
            let outcome = lastLatest[agent]
            return !isDropped(agent)
                && (scenario.model.isAdaptive ? outcome.decides(truth) : outcome.confident)
        }.count
    }

    // MARK: - Liveness

    /// Returns the agent lost (nil when the start-up failed) and the message naming it.
    private func checkLiveness(now: Double, startedAt: Double, lastReap: inout Double)
        -> (agent: Int?, message: String)?
    {
        if let children, now - lastReap > 0.1 {
            lastReap = now
            for (agent, how) in children.reap()
            where finals[agent] == nil && pendingLoss == nil && !isDropped(agent) {
                pendingLoss = (agent, how, now)
            }
        }
        if let loss = pendingLoss, now - loss.since > min(0.5, heartbeatInterval) {
            return (loss.agent, lossMessage(agent: loss.agent, reason: "its process \(loss.how)"))
        }
        if !started {
            guard now - startedAt > options.startupTimeout else { return nil }
            let missing = (0..<agentCount).filter { identities[$0] == nil }
            if !missing.isEmpty {
                let names = missing.prefix(20).map { scenario.topology.names[$0] }
                return (
                    nil,
                    "agents \(names.joined(separator: ", ")) did not register within "
                        + "\(Int(options.startupTimeout)) s"
                )
            }
            let waiting = (0..<agentCount).filter { !ready.contains($0) }
                .prefix(20).map { scenario.topology.names[$0] }
            return (
                nil,
                "agents \(waiting.joined(separator: ", ")) did not connect to their "
                    + "neighbours within \(Int(options.startupTimeout)) s"
            )
        }
        for agent in 0..<agentCount where finals[agent] == nil && !isDropped(agent) && !backlog {
            let silence = now - lastSeen[agent]
            if silence > 2 * heartbeatInterval {
                return (
                    agent,
                    lossMessage(
                        agent: agent,
                        reason: "no message for \(String(format: "%.1f", silence)) s")
                )
            }
        }
        return nil
    }

    /// Names a lost agent and the round it was lost in: the latest round it reported, or
    /// later if its out-neighbours are waiting for its share of a later round.
    private func lossMessage(agent: Int, reason: String) -> String {
        var round = lastRound[agent] + 1
        var waitingAgents: [Int] = []
        for (other, payload) in waiting where payload.missing.contains(agent) {
            round = max(round, payload.waitingRound)
            waitingAgents.append(other)
        }
        let names = scenario.topology.names
        var text =
            "agent \(names[agent]) lost at round \(round): \(reason) (last completed round "
            + "\(round - 1))"
        if !waitingAgents.isEmpty {
            let list = waitingAgents.sorted().map { names[$0] }.joined(separator: ", ")
            text += "; agents \(list) were waiting for its share"
        }
        return text
    }

    // MARK: - End

    private func broadcast(_ type: MessageType, round: Int, payload: [UInt8] = []) {
        let frame = Message(
            type: type, run: options.run, sender: Message.coordinator, round: round,
            payload: payload
        ).encoded()
        for (agent, identity) in identities {
            do {
                _ = try control.send([identity, frame], dontWait: true)
            } catch {
                // An agent that died has no route any more; the liveness check reports it.
                if !error.isHostUnreachable {
                    log.error("sending \(type) to agent \(agent) failed: \(error)")
                }
            }
        }
    }

    /// After STOP(0), reads for up to a second the outcomes the stopping agents hand over, so
    /// that a failed run records every round all agents completed.
    private func collectLastOutcomes() {
        let deadline = monotonicSeconds() + 1
        var poller = Poller()
        let index = poller.register(control, for: .readable)
        while monotonicSeconds() < deadline {
            if let children {
                _ = children.reap()
                if children.allEnded {
                    // Messages sent before exiting are already queued here.
                    try? drain()
                    return
                }
            }
            guard let ready = try? poller.poll(timeout: .milliseconds(20)) else { return }
            if ready[index].contains(.readable) {
                do {
                    try drain()
                } catch {
                    // A second failure while stopping changes nothing in what is recorded.
                }
            }
        }
    }

    private func finish(failure: String?, status: Int32) -> CoordinatorResult {
        var failure = failure
        var status = status
        var beliefs: [[Double]] = []
        var statistics: [AgentStatistics] = []
        var rounds = tracker.lastRound
        if failure == nil {
            let finalRounds = Set(finals.values.map(\.round))
            if finalRounds.count == 1, let round = finalRounds.first, round == tracker.lastRound {
                rounds = round
                beliefs = (0..<agentCount).map { finals[$0]?.payload.logBelief ?? [] }
                statistics = (0..<agentCount).compactMap { finals[$0]?.payload.statistics }
                broadcast(.bye, round: round)
            } else {
                failure = "agents ended at different rounds \(finalRounds.sorted())"
                status = 1
            }
        }
        if let reason = failure {
            // A lost agent is reported at once; an interrupt once its round is known.
            if interrupt == nil {
                log.error(reason)
            }
            broadcast(.stop, round: 0)
            collectLastOutcomes()
            rounds = tracker.lastRound
            if let signal = interrupt {
                let text =
                    "interrupted by \(ShutdownSignal.name(signal)) at round \(tracker.lastRound + 1)"
                log.error(text)
                failure = text
            }
        }
        var outcome = RunOutcome(
            rounds: rounds,
            report: tracker.report(finalDecisions: beliefs.map(LogMath.argmax)),
            finalLogBeliefs: beliefs, statistics: statistics,
            stoppedEarly: failure == nil && rounds < scenario.rounds, failure: failure)
        do {
            outcome = try recorder.finish(outcome, theory: TheorySummary(scenario: scenario))
        } catch {
            log.error("\(error)")
            status = status == 0 ? 1 : status
        }
        // Give agents time to read BYE or STOP before the sockets close.
        if let children {
            children.waitAll(timeout: 3)
        } else {
            usleep(200_000)
        }
        return CoordinatorResult(outcome: outcome, exitStatus: status)
    }
}
