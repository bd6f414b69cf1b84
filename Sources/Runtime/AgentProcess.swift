import Foundation
import Scenario
import SocialLearning
import ZeroMQ

/// One agent of a distributed run: registers with the coordinator, connects to its
/// neighbours, and runs adapt–share–combine round by round with the core's `AgentState`.
///
/// Everything runs on the calling thread: sockets are created, used and closed here, and the
/// process waits only in `zmq_poll`, with a timeout that keeps heartbeats going.
public final class AgentProcess {
    private let options: AgentOptions
    /// Named by index until the configuration gives the agent its topology id.
    private var log: RuntimeLog
    private let context: Context
    private let control: Socket
    private let data: Socket
    private var outbox: Outbox?
    private let linger: Duration = .milliseconds(500)

    // Set by CONFIG.
    private var scenario: Scenario?
    private var heartbeatInterval = 1.0
    private var creditWindow = 0

    // Protocol state.
    private var credit = Int.max
    private var stopRound: Int?
    private var aborted = false
    private var released = false
    private var linksHeard = Set<Int>()
    private var shares: [Int: [Int: ShareContent]] = [:]
    private var round = 0
    private var lastContact = monotonicSeconds()
    private var lastHeartbeat = 0.0
    private var rejections = RejectionCounter()
    private var snapshots: [Int: (belief: [Double], statistics: AgentStatistics)] = [:]
    private var early: [[[UInt8]]] = []
    /// The round whose shares the agent is waiting for, and since when.
    private var waitingRound = 0
    private var waitingSince = 0.0
    private var waitingReported = false
    /// Agents the coordinator dropped, each with the first round this agent combines
    /// without it: the first round whose share from it had not arrived.
    private var droppedFrom: [Int: Int] = [:]

    private enum Exit: Error {
        case finished
        case abort(String, status: Int32)
    }

    /// Opens the sockets; nothing is sent until `run()`.
    public init(options: AgentOptions) throws {
        self.options = options
        log = RuntimeLog(role: "agent with index \(options.index)")
        do {
            context = try Context()
            control = try Socket(context: context, type: .dealer, linger: linger)
            // The process id makes the routing id unique, so that the HELLO of a second process
            // started with the same index reaches the coordinator, which refuses it.
            try control.setRoutingID(Array("agent-\(options.index)-\(getpid())".utf8))
            try control.connect(options.coordinator)
        } catch {
            throw RuntimeError.socket(error, what: "connecting to \(options.coordinator)")
        }
        let endpoint = options.bind ?? options.defaultBind
        do {
            data = try Socket(context: context, type: .pull, linger: linger)
            try data.setReceiveHighWaterMark(100_000)
        } catch {
            throw RuntimeError.socket(error, what: "opening the data socket")
        }
        do {
            try data.bind(endpoint)
        } catch {
            // The default ipc endpoint is named after the run and the index, so only another
            // agent of this run with the same index can hold it.
            if error.isAddressInUse && options.bind == nil && endpoint.hasPrefix("ipc://") {
                throw RuntimeError.invalidIndex(
                    "agent index \(options.index) of run \(options.run.short) is already taken by "
                        + "another process (\(endpoint) is bound); start each index once")
            }
            throw RuntimeError.bind(error, endpoint: endpoint, what: "binding \(endpoint)")
        }
    }

    /// Runs the agent to the end and returns the process exit status.
    public func run() -> Int32 {
        if let parent = options.parentProcess {
            // Ask for SIGTERM when the launcher dies, then check it did not die already.
            ParentDeathSignal.request(SIGTERM)
            if getppid() != parent {
                log.error("the launching process \(parent) is gone; exiting")
                return 1
            }
        }
        let status: Int32
        do {
            try register()
            try runRounds()
            status = 0
        } catch Exit.finished {
            status = 0
        } catch Exit.abort(let reason, let code) {
            if !reason.isEmpty {
                log.info(reason)
            }
            status = code
        } catch {
            log.error("\(error)")
            sendToCoordinator(.failed, round: round, payload: SimplePayload.text("\(error)"))
            status = 1
        }
        shutdown()
        return status
    }

    // MARK: - Start-up

    private func register() throws {
        let endpoint = try data.lastEndpoint() ?? (options.bind ?? options.defaultBind)
        let hello = HelloPayload(processID: Int(getpid()), dataEndpoint: endpoint)
        sendToCoordinator(.hello, round: 0, payload: hello.encoded())
        try pump(until: { self.scenario != nil }, waiting: "the configuration")
        guard let scenario else { return }
        // Every link announces itself; the agent is ready once it has heard all in-neighbours,
        // so no round-1 share can be lost to a connection still being made.
        guard let outbox else { return }
        for neighbour in scenario.model.weights.outgoing[options.index] {
            try outbox.send(frame(.link, round: 0), to: neighbour)
        }
        let expected = Set(inNeighbours(scenario))
        try pump(until: { self.linksHeard.isSuperset(of: expected) }, waiting: "links")
        sendToCoordinator(.ready, round: 0)
        try pump(until: { self.credit != Int.max || self.released }, waiting: "the start signal")
    }

    private func inNeighbours(_ scenario: Scenario) -> [Int] {
        scenario.model.weights.incoming[options.index].map(\.agent).filter {
            $0 != options.index
        }
    }

    private func configure(_ payload: ConfigPayload) throws {
        guard scenario == nil else { return }
        let parsed: Scenario
        do {
            parsed = try Scenario.parse(
                payload.scenarioText, file: payload.scenarioFile,
                topologyText: payload.topologyText)
        } catch {
            throw RuntimeError.invalidConfiguration("\(error)")
        }
        guard options.index < parsed.model.agentCount,
            payload.endpoints.count == parsed.model.agentCount
        else {
            throw RuntimeError.invalidConfiguration(
                "agent index \(options.index) is outside the \(parsed.model.agentCount) agents")
        }
        var targets: [Int: String] = [:]
        for neighbour in parsed.model.weights.outgoing[options.index] {
            targets[neighbour] = payload.endpoints[neighbour]
        }
        outbox = try Outbox(context: context, endpoints: targets, linger: linger)
        log = RuntimeLog(role: "agent \(parsed.topology.names[options.index])")
        heartbeatInterval = payload.heartbeatInterval
        creditWindow = payload.creditWindow
        scenario = parsed
    }

    // MARK: - Rounds

    private func runRounds() throws {
        guard let scenario, let outbox else { return }
        let model = scenario.model
        let me = options.index
        var agent = AgentState(id: me, model: model)
        var statistics = AgentStatistics(
            hypothesisCount: model.hypothesisCount,
            steadyStateStart: scenario.convergence.steadyStateStart(
                rounds: scenario.rounds, truth: model.truth),
            settings: scenario.convergence)
        var receivers = model.weights.outgoing[me]
        var applied = Set<Int>()
        let fault = scenario.faults.first { $0.agent == me }
        var outcomes: [RoundOutcome] = []
        var firstUnsent = 1
        let flushEvery = creditWindow > 0 ? max(1, min(16, creditWindow / 4)) : 256
        defer {
            // Stopped by the coordinator (another agent failed): hand over the outcomes not yet
            // sent, so that the run records every round this agent completed.
            if aborted, !outcomes.isEmpty {
                let payload = OutcomesPayload(firstRound: firstUnsent, outcomes: outcomes)
                sendToCoordinator(.outcomes, round: round, payload: payload.encoded())
            }
        }

        while round < scenario.rounds {
            let current = round + 1
            if let fault, fault.round == current {
                // Hand over the outcomes of the rounds completed, so that the coordinator
                // records exactly which rounds this agent finished before it fails.
                if !outcomes.isEmpty {
                    let payload = OutcomesPayload(firstRound: firstUnsent, outcomes: outcomes)
                    sendToCoordinator(.outcomes, round: round, payload: payload.encoded())
                }
                inject(fault)
            }
            try pump(until: { self.credit >= current || self.stopRound != nil }, waiting: "credit")
            if let stop = stopRound, stop < current {
                break
            }
            try agent.adapt(round: current, model: model)
            receivers.removeAll { droppedFrom[$0] != nil }
            for receiver in receivers {
                let content = agent.share(to: receiver, round: current, model: model)
                try outbox.send(
                    frame(.share, round: current, payload: SharePayload.encode(content)),
                    to: receiver)
            }
            // Neighbours that received STOP before this round never send its shares.
            let stoppedBefore = { (self.stopRound ?? Int.max) < current }
            waitingRound = current
            waitingSince = monotonicSeconds()
            waitingReported = false
            // A drop that arrives during the wait changes the shares expected: wait again.
            while true {
                for (sender, from) in droppedFrom where from <= current && !applied.contains(sender)
                {
                    agent.drop(sender: sender, model: model)
                    applied.insert(sender)
                }
                let expected = agent.incomingLinks(model).filter { $0.agent != me }.count
                let drops = droppedFrom.count
                try pump(
                    until: {
                        (self.shares[current]?.count ?? 0) >= expected || stoppedBefore()
                            || self.droppedFrom.count != drops
                    },
                    waiting: "shares")
                if droppedFrom.count == drops || stoppedBefore() {
                    break
                }
            }
            waitingRound = 0
            if stoppedBefore() {
                break
            }
            let received = shares.removeValue(forKey: current) ?? [:]
            let messages = agent.incomingLinks(model).map { link in
                received[link.agent] ?? .silent
            }
            try agent.combine(messages: messages, round: current, model: model)
            round = current
            let outcome = statistics.record(
                logBelief: agent.logBelief, round: current,
                truth: model.truth.truth(atRound: current))
            outcomes.append(outcome)
            if creditWindow > 0 && scenario.convergence.stopOnConvergence {
                snapshots[current] = (agent.logBelief, statistics)
                snapshots.removeValue(forKey: current - creditWindow - 2 * flushEvery)
            }
            let reportRound = current % scenario.reportEvery == 0 || current == scenario.rounds
            if reportRound {
                sendToCoordinator(
                    .report, round: current, payload: SimplePayload.beliefs(agent.logBelief))
            }
            if reportRound || outcomes.count >= flushEvery {
                let payload = OutcomesPayload(firstRound: firstUnsent, outcomes: outcomes)
                sendToCoordinator(.outcomes, round: current, payload: payload.encoded())
                firstUnsent = current + 1
                outcomes.removeAll(keepingCapacity: true)
            }
        }
        if !outcomes.isEmpty {
            let payload = OutcomesPayload(firstRound: firstUnsent, outcomes: outcomes)
            sendToCoordinator(.outcomes, round: round, payload: payload.encoded())
        }
        var finalRound = round
        var final = FinalPayload(logBelief: agent.logBelief, statistics: statistics)
        if let stop = stopRound, stop < round, let snapshot = snapshots[stop] {
            finalRound = stop
            final = FinalPayload(logBelief: snapshot.belief, statistics: snapshot.statistics)
        }
        sendToCoordinator(.final, round: finalRound, payload: final.encoded())
        // Wait for the coordinator's acknowledgement: closing right after sending could lose
        // the tail of the queue over ipc, and linger alone does not guarantee delivery.
        try pump(until: { self.released }, waiting: "the coordinator's acknowledgement")
    }

    /// Makes this process fail on purpose, as the scenario's `faults` list requests.
    private func inject(_ fault: Scenario.Fault) -> Never {
        switch fault.action {
        case .exit:
            log.info("exiting at round \(fault.round) as the scenario's faults ask")
            // Exiting at once could lose the tail of the queue over ipc. Closing the sockets
            // first delivers the last round's shares and outcomes (bounded by the linger), so
            // the injected failure happens at exactly the round the scenario names.
            shutdown()
            exit(3)
        case .hang:
            log.info(
                "no longer responding from round \(fault.round), as the scenario's faults request")
            while true {
                sleep(3600)
            }
        }
    }

    // MARK: - Messages

    /// Returns the topology id of the agent with this index, as the coordinator and files name it.
    private func name(_ index: Int) -> String {
        guard let names = scenario?.topology.names, names.indices.contains(index) else {
            return "with index \(index)"
        }
        return names[index]
    }

    private func frame(_ type: MessageType, round: Int, payload: [UInt8] = []) -> [UInt8] {
        Message(type: type, run: options.run, sender: options.index, round: round, payload: payload)
            .encoded()
    }

    /// Sends a heartbeat; while waiting for shares it names the in-neighbours still missing.
    private func sendHeartbeat() {
        var payload = HeartbeatPayload(waitingRound: 0, missing: [])
        if waitingRound > 0, let scenario {
            let received = shares[waitingRound] ?? [:]
            payload = HeartbeatPayload(
                waitingRound: waitingRound,
                missing: inNeighbours(scenario).filter { received[$0] == nil })
            waitingReported = true
        }
        sendToCoordinator(.heartbeat, round: round, payload: payload.encoded())
    }

    private func sendToCoordinator(_ type: MessageType, round: Int, payload: [UInt8] = []) {
        do {
            // DEALER blocks at its high-water mark instead of dropping, so a plain send either
            // queues the message or fails loudly.
            _ = try control.send(frame(type, round: round, payload: payload))
            lastHeartbeat = monotonicSeconds()
        } catch {
            log.error("sending \(type) to the coordinator failed: \(error)")
        }
    }

    /// Polls the sockets until `condition` holds, handling every message that arrives,
    /// sending heartbeats and watching for the coordinator's silence and for signals.
    private func pump(until condition: () -> Bool, waiting what: String) throws {
        var poller = Poller()
        let controlIndex = poller.register(control, for: .readable)
        let dataIndex = poller.register(data, for: .readable)
        while !condition() {
            if let signal = ShutdownSignal.pending {
                throw Exit.abort(
                    "received \(ShutdownSignal.name(signal)); shutting down", status: 128 + signal)
            }
            if aborted {
                throw Exit.abort("stopped by the coordinator at round \(round)", status: 1)
            }
            if released && stopRound == nil && scenario == nil {
                throw Exit.abort("released by the coordinator before the run started", status: 1)
            }
            let now = monotonicSeconds()
            let longWait =
                waitingRound > 0 && !waitingReported
                && now - waitingSince > min(0.2, heartbeatInterval / 4)
            if now - lastHeartbeat >= heartbeatInterval || longWait {
                sendHeartbeat()
            }
            // Before START the coordinator may be busy registering everyone else.
            let started = credit != Int.max || released
            let allowed = 3 * heartbeatInterval + 2
            if now - lastContact > (started ? allowed : max(allowed, options.startupTimeout)) {
                throw Exit.abort(
                    "lost the coordinator: no message for "
                        + "\(String(format: "%.1f", now - lastContact)) s while "
                        + "waiting for \(what) in round \(round + 1); exiting", status: 1)
            }
            let pendingSends = outbox?.hasPending ?? false
            let ready = try poller.poll(
                timeout: pendingSends ? .milliseconds(5) : .milliseconds(100))
            if pendingSends {
                try outbox?.flushAll()
            }
            if ready[controlIndex].contains(.readable) {
                try drainControl()
            }
            if ready[dataIndex].contains(.readable) {
                try drainData()
            }
        }
    }

    private func drainControl() throws {
        while let frames = try control.receive(dontWait: true) {
            guard frames.count == 1 else {
                rejections.reject(
                    "\(frames.count) frames instead of 1", from: "the coordinator", log: log)
                continue
            }
            let message: Message
            do {
                message = try Message.decode(frames[0], run: options.run)
            } catch {
                rejections.reject("\(error)", from: "the coordinator", log: log)
                continue
            }
            lastContact = monotonicSeconds()
            switch message.type {
            case .config:
                try configure(try ConfigPayload(message.payload))
                if !early.isEmpty {
                    try drainData()
                }
            case .start, .credit:
                credit = message.round == 0 ? Int.max - 1 : message.round
            case .stop:
                if message.round == 0 {
                    aborted = true
                } else {
                    stopRound = message.round
                    credit = Int.max - 1
                }
            case .bye:
                released = true
            case .refused:
                let reason = (try? SimplePayload.text(message.payload)) ?? "no reason given"
                throw Exit.abort("the coordinator rejected this agent: \(reason)", status: 2)
            case .drop:
                guard let scenario else { break }
                let lost = try? SimplePayload.agent(
                    message.payload, agentCount: scenario.model.agentCount)
                guard let lost, lost != options.index, droppedFrom[lost] == nil else { break }
                // Shares of the lost agent that already arrived are used; it is dropped from
                // the first round whose share is missing.
                var from = round + 1
                while shares[from]?[lost] != nil {
                    from += 1
                }
                droppedFrom[lost] = from
                log.info(
                    "agent \(scenario.topology.names[lost]) was lost; combining without it from "
                        + "round \(from)")
            case .heartbeat:
                break
            default:
                rejections.reject("unexpected \(message.type)", from: "the coordinator", log: log)
            }
        }
    }

    private func drainData() throws {
        guard let scenario else {
            // A neighbour that got its configuration first may announce its link before ours
            // arrives: keep such frames until we know who our in-neighbours are.
            while let frames = try data.receive(dontWait: true) {
                if early.count < 100_000 {
                    early.append(frames)
                } else {
                    rejections.reject(
                        "too many frames before configuration", from: "a peer", log: log)
                }
            }
            return
        }
        let model = scenario.model
        let inbound = Set(inNeighbours(scenario))
        var waiting = early
        early.removeAll()
        while let frames = waiting.isEmpty
            ? try data.receive(dontWait: true) : waiting.removeFirst()
        {
            guard frames.count == 1 else {
                rejections.reject("\(frames.count) frames instead of 1", from: "a peer", log: log)
                continue
            }
            let message: Message
            do {
                message = try Message.decode(frames[0], run: options.run)
                guard inbound.contains(message.sender) else {
                    throw ProtocolError.invalidValue(
                        "agent \(message.sender) is not an in-neighbour")
                }
            } catch {
                rejections.reject("\(error)", from: "a peer", log: log)
                continue
            }
            switch message.type {
            case .link:
                linksHeard.insert(message.sender)
            case .share:
                if let from = droppedFrom[message.sender], message.round >= from {
                    rejections.reject(
                        "share of round \(message.round) after the sender was dropped",
                        from: "agent \(name(message.sender))", log: log)
                    continue
                }
                guard message.round > round else {
                    rejections.reject(
                        "share of past round \(message.round) from agent \(message.sender)",
                        from: "agent \(name(message.sender))", log: log)
                    continue
                }
                do {
                    let content = try SharePayload.decode(
                        message.payload, hypothesisCount: model.hypothesisCount)
                    // A share for a later round waits for its round; it is never mixed in early.
                    if shares[message.round]?[message.sender] != nil {
                        rejections.reject(
                            "second share of round \(message.round)",
                            from: "agent \(name(message.sender))",
                            log: log)
                        continue
                    }
                    shares[message.round, default: [:]][message.sender] = content
                } catch {
                    rejections.reject("\(error)", from: "agent \(name(message.sender))", log: log)
                }
            default:
                rejections.reject(
                    "unexpected \(message.type)", from: "agent \(name(message.sender))", log: log)
            }
        }
    }

    // MARK: - Shutdown

    private func shutdown() {
        if let outbox {
            for (neighbour, count) in outbox.pending {
                log.info(
                    "\(count) message(s) to agent \(name(neighbour)) were never delivered "
                        + "(no connection to it)")
            }
            outbox.close()
        }
        data.close()
        control.close()
        // Every socket has a bounded linger, so this returns within it.
        context.terminate()
    }
}
