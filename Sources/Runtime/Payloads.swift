import SocialLearning

/// HELLO, agent → coordinator: the agent's process id and the endpoint its shares arrive on.
struct HelloPayload: Equatable {
    var processID: Int
    var dataEndpoint: String

    func encoded() -> [UInt8] {
        var writer = WireWriter()
        writer.append(processID)
        writer.append(dataEndpoint)
        return writer.bytes
    }

    init(processID: Int, dataEndpoint: String) {
        self.processID = processID
        self.dataEndpoint = dataEndpoint
    }

    init(_ bytes: [UInt8]) throws(ProtocolError) {
        var reader = WireReader(bytes)
        processID = try reader.int()
        dataEndpoint = try reader.string(limit: 4096)
    }
}

/// CONFIG, coordinator → agent: the resolved scenario, its topology and every data endpoint.
struct ConfigPayload: Equatable {
    var scenarioFile: String
    var scenarioText: String
    var topologyText: String
    var endpoints: [String]
    var heartbeatInterval: Double
    /// Rounds an agent may run ahead of the rounds the coordinator has complete; 0 = no limit.
    var creditWindow: Int

    func encoded() -> [UInt8] {
        var writer = WireWriter(capacity: scenarioText.utf8.count + topologyText.utf8.count + 256)
        writer.append(scenarioFile)
        writer.append(scenarioText)
        writer.append(topologyText)
        writer.append(UInt32(endpoints.count))
        for endpoint in endpoints {
            writer.append(endpoint)
        }
        writer.append(heartbeatInterval)
        writer.append(creditWindow)
        return writer.bytes
    }

    init(
        scenarioFile: String, scenarioText: String, topologyText: String, endpoints: [String],
        heartbeatInterval: Double, creditWindow: Int
    ) {
        self.scenarioFile = scenarioFile
        self.scenarioText = scenarioText
        self.topologyText = topologyText
        self.endpoints = endpoints
        self.heartbeatInterval = heartbeatInterval
        self.creditWindow = creditWindow
    }

    init(_ bytes: [UInt8]) throws(ProtocolError) {
        var reader = WireReader(bytes)
        scenarioFile = try reader.string(limit: 4096)
        scenarioText = try reader.string()
        topologyText = try reader.string()
        let count = Int(try reader.uint32())
        guard count <= 1_000_000 else {
            throw .invalidLength(field: "endpoints", value: count)
        }
        endpoints = []
        for _ in 0..<count {
            endpoints.append(try reader.string(limit: 4096))
        }
        heartbeatInterval = try reader.double()
        creditWindow = try reader.int()
        guard heartbeatInterval > 0, heartbeatInterval.isFinite, creditWindow >= 0 else {
            throw .invalidValue("heartbeat \(heartbeatInterval) or credit \(creditWindow)")
        }
    }
}

/// SHARE, agent → agent: one `ShareContent` for the header's round.
enum SharePayload {
    static func encode(_ content: ShareContent) -> [UInt8] {
        var writer = WireWriter()
        switch content {
        case .full(let values):
            writer.append(UInt8(0))
            writer.append(values)
        case .topic(let topic, let logValue, let logRest):
            writer.append(UInt8(1))
            writer.append(UInt32(topic))
            writer.append(logValue)
            writer.append(logRest)
        case .silent:
            writer.append(UInt8(2))
        }
        return writer.bytes
    }

    static func decode(_ bytes: [UInt8], hypothesisCount: Int) throws(ProtocolError)
        -> ShareContent
    {
        var reader = WireReader(bytes)
        let tag = try reader.uint8()
        let content: ShareContent
        switch tag {
        case 0:
            let values = try reader.doubles(limit: hypothesisCount)
            guard values.count == hypothesisCount else {
                throw .invalidLength(field: "belief", value: values.count)
            }
            content = .full(values)
        case 1:
            let topic = Int(try reader.uint32())
            guard topic < hypothesisCount else { throw .invalidValue("topic \(topic)") }
            content = .topic(topic, logValue: try reader.double(), logRest: try reader.double())
        case 2:
            content = .silent
        default:
            throw .invalidValue("share kind \(tag)")
        }
        guard reader.remaining == 0 else { throw .invalidValue("trailing bytes in a share") }
        return content
    }
}

/// OUTCOMES, agent → coordinator: the decision and confidence of consecutive rounds.
struct OutcomesPayload: Equatable {
    var firstRound: Int
    var outcomes: [RoundOutcome]

    func encoded() -> [UInt8] {
        var writer = WireWriter(capacity: 12 + 3 * outcomes.count)
        writer.append(firstRound)
        writer.append(UInt32(outcomes.count))
        for outcome in outcomes {
            writer.append(UInt16(outcome.decision))
            // Bit 0: confident; bit 1: the largest belief is tied.
            writer.append(UInt8((outcome.confident ? 1 : 0) | (outcome.tied ? 2 : 0)))
        }
        return writer.bytes
    }

    init(firstRound: Int, outcomes: [RoundOutcome]) {
        self.firstRound = firstRound
        self.outcomes = outcomes
    }

    init(_ bytes: [UInt8], hypothesisCount: Int) throws(ProtocolError) {
        var reader = WireReader(bytes)
        firstRound = try reader.int()
        let count = Int(try reader.uint32())
        guard firstRound >= 1, count * 3 == reader.remaining else {
            throw .invalidLength(field: "outcomes", value: count)
        }
        outcomes = []
        outcomes.reserveCapacity(count)
        for _ in 0..<count {
            let decision = Int(try reader.uint16())
            guard decision < hypothesisCount else { throw .invalidValue("decision \(decision)") }
            let flags = try reader.uint8()
            guard flags < 4 else { throw .invalidValue("outcome flags \(flags)") }
            outcomes.append(
                RoundOutcome(decision: decision, confident: flags & 1 != 0, tied: flags & 2 != 0))
        }
    }
}

/// FINAL, agent → coordinator: the belief and statistics at the header's round.
struct FinalPayload {
    var logBelief: [Double]
    var statistics: AgentStatistics

    func encoded() -> [UInt8] {
        var writer = WireWriter()
        writer.append(logBelief)
        writer.append(statistics.count)
        writer.append(statistics.infiniteCount)
        writer.append(statistics.mean)
        writer.append(statistics.squaredDeviations)
        return writer.bytes
    }

    init(logBelief: [Double], statistics: AgentStatistics) {
        self.logBelief = logBelief
        self.statistics = statistics
    }

    init(_ bytes: [UInt8], hypothesisCount: Int) throws(ProtocolError) {
        var reader = WireReader(bytes)
        logBelief = try reader.doubles(limit: hypothesisCount)
        let count = try reader.int()
        let infinite = try reader.int()
        let mean = try reader.doubles(limit: hypothesisCount)
        let squares = try reader.doubles(limit: hypothesisCount)
        guard logBelief.count == hypothesisCount, mean.count == hypothesisCount,
            squares.count == hypothesisCount, count >= 0, infinite >= 0
        else {
            throw .invalidValue("final belief or statistics of the wrong size")
        }
        statistics = AgentStatistics(
            count: count, mean: mean, squaredDeviations: squares, infiniteCount: infinite)
    }
}

/// Encodes and decodes a plain list of doubles (REPORT), a text (FAILED) or an agent index
/// (DROP).
enum SimplePayload {
    static func beliefs(_ values: [Double]) -> [UInt8] {
        var writer = WireWriter()
        writer.append(values)
        return writer.bytes
    }

    static func beliefs(_ bytes: [UInt8], hypothesisCount: Int) throws(ProtocolError) -> [Double] {
        var reader = WireReader(bytes)
        let values = try reader.doubles(limit: hypothesisCount)
        guard values.count == hypothesisCount, reader.remaining == 0 else {
            throw .invalidLength(field: "belief", value: values.count)
        }
        return values
    }

    static func agent(_ index: Int) -> [UInt8] {
        var writer = WireWriter()
        writer.append(UInt32(index))
        return writer.bytes
    }

    static func agent(_ bytes: [UInt8], agentCount: Int) throws(ProtocolError) -> Int {
        var reader = WireReader(bytes)
        let index = Int(try reader.uint32())
        guard reader.remaining == 0, index < agentCount else {
            throw .invalidValue("dropped agent \(index)")
        }
        return index
    }

    static func text(_ text: String) -> [UInt8] {
        var writer = WireWriter()
        writer.append(text)
        return writer.bytes
    }

    static func text(_ bytes: [UInt8]) throws(ProtocolError) -> String {
        var reader = WireReader(bytes)
        return try reader.string(limit: 1 << 20)
    }
}

/// HEARTBEAT, agent → coordinator: while an agent waits for shares, the round it waits for
/// and the in-neighbours whose shares are missing, so that a lost agent's round is known.
struct HeartbeatPayload: Equatable {
    var waitingRound: Int
    var missing: [Int]

    func encoded() -> [UInt8] {
        var writer = WireWriter()
        writer.append(waitingRound)
        writer.append(UInt32(missing.count))
        for agent in missing {
            writer.append(UInt32(agent))
        }
        return writer.bytes
    }

    init(waitingRound: Int, missing: [Int]) {
        self.waitingRound = waitingRound
        self.missing = missing
    }

    init(_ bytes: [UInt8], agentCount: Int) throws(ProtocolError) {
        guard !bytes.isEmpty else {
            waitingRound = 0
            missing = []
            return
        }
        var reader = WireReader(bytes)
        waitingRound = try reader.int()
        let count = Int(try reader.uint32())
        guard count <= agentCount, count * 4 == reader.remaining else {
            throw .invalidLength(field: "missing agents", value: count)
        }
        missing = []
        for _ in 0..<count {
            let agent = Int(try reader.uint32())
            guard agent < agentCount else { throw .invalidValue("agent \(agent)") }
            missing.append(agent)
        }
    }
}
