/// Payload fields of the wire protocol, written and read by hand like `TestFrame`: integers
/// little-endian, doubles as their bit patterns, texts as a UInt32 byte count and UTF-8.
struct TestPayload {
    private(set) var bytes: [UInt8] = []

    mutating func append(_ value: UInt32) {
        bytes += (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    mutating func append(_ value: Int64) {
        let pattern = UInt64(bitPattern: value)
        bytes += (0..<8).map { UInt8(truncatingIfNeeded: pattern >> (8 * $0)) }
    }

    mutating func append(_ value: Double) {
        append(Int64(bitPattern: value.bitPattern))
    }

    mutating func append(_ text: String) {
        append(UInt32(text.utf8.count))
        bytes += Array(text.utf8)
    }

    /// Encodes a CONFIG payload: scenario file name, scenario text, topology text, every
    /// agent's data endpoint, the heartbeat interval in seconds and a credit window of 0 (no
    /// limit).
    static func config(
        scenarioText: String, topologyText: String, endpoints: [String],
        heartbeatInterval: Double
    ) -> [UInt8] {
        var payload = TestPayload()
        payload.append("scenario.yaml")
        payload.append(scenarioText)
        payload.append(topologyText)
        payload.append(UInt32(endpoints.count))
        for endpoint in endpoints {
            payload.append(endpoint)
        }
        payload.append(heartbeatInterval)
        payload.append(Int64(0))
        return payload.bytes
    }

    /// Encodes a HELLO payload: the process id and the agent's data endpoint.
    static func hello(processID: Int64, dataEndpoint: String) -> [UInt8] {
        var payload = TestPayload()
        payload.append(processID)
        payload.append(dataEndpoint)
        return payload.bytes
    }

    /// Reads the data endpoint of a HELLO payload; nil when the payload is malformed.
    static func helloEndpoint(_ payload: [UInt8]) -> String? {
        guard payload.count >= 12 else { return nil }
        let length = (0..<4).reduce(0) { $0 | Int(payload[8 + $1]) << (8 * $1) }
        guard payload.count == 12 + length else { return nil }
        return String(validating: payload[12...], as: UTF8.self)
    }
}
