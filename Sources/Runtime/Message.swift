/// A random 16-byte identifier shared by every process of one run; frames carrying another
/// run's id are rejected.
public struct RunID: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    /// Draws a new id from the system's random source.
    public static func random() -> RunID {
        var generator = SystemRandomNumberGenerator()
        return RunID(bytes: (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Parses the 32-digit hexadecimal form.
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 32 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: 32, by: 2) {
            guard let high = Self.nibble(digits[index]), let low = Self.nibble(digits[index + 1])
            else { return nil }
            bytes.append(high << 4 | low)
        }
        self.bytes = bytes
    }

    /// The 32-digit hexadecimal form.
    public var description: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 15)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The first 8 hexadecimal digits, for endpoint names and log lines.
    public var short: String { String(description.prefix(8)) }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

/// The kinds of message; docs/protocol.md describes each payload.
public enum MessageType: UInt8, Sendable, CaseIterable {
    case hello = 1
    case config = 2
    case link = 3
    case ready = 4
    case start = 5
    case share = 6
    case report = 7
    case outcomes = 8
    case credit = 9
    case final = 10
    case stop = 11
    case heartbeat = 12
    case bye = 13
    case failed = 14
    /// Coordinator → agents: an agent was lost and is dropped (payload: its index).
    case drop = 15
    /// Coordinator → a process that tried to register: it is not part of the run (payload:
    /// the reason, text). The process exits with status 2.
    case refused = 16
}

/// One protocol frame: a fixed header and a typed payload.
///
/// Header (38 bytes, little-endian): magic `HSAY`, version (1), type (1), run id (16),
/// sender (Int32, −1 for the coordinator), round (UInt64), payload length (UInt32).
public struct Message: Sendable, Equatable {
    public static let headerSize = 38
    static let magic: [UInt8] = Array("HSAY".utf8)
    static let version: UInt8 = 1
    /// The largest payload accepted: a scenario with its topology, with room to spare.
    static let maximumPayload = 256 << 20

    /// The agent index of the coordinator in the sender field.
    public static let coordinator = -1

    public var type: MessageType
    public var run: RunID
    public var sender: Int
    public var round: Int
    public var payload: [UInt8]

    public init(type: MessageType, run: RunID, sender: Int, round: Int, payload: [UInt8] = []) {
        self.type = type
        self.run = run
        self.sender = sender
        self.round = round
        self.payload = payload
    }

    /// The frame as sent on the wire.
    public func encoded() -> [UInt8] {
        var writer = WireWriter(capacity: Self.headerSize + payload.count)
        writer.append(raw: Self.magic)
        writer.append(Self.version)
        writer.append(type.rawValue)
        writer.append(raw: run.bytes)
        writer.append(UInt32(bitPattern: Int32(truncatingIfNeeded: sender)))
        writer.append(UInt64(bitPattern: Int64(round)))
        writer.append(UInt32(payload.count))
        writer.append(raw: payload)
        return writer.bytes
    }

    /// Decodes and checks a frame: size, magic, version, run id, type and payload length.
    public static func decode(_ frame: [UInt8], run expected: RunID?) throws(ProtocolError)
        -> Message
    {
        guard frame.count >= headerSize else { throw .tooShort(length: frame.count) }
        var reader = WireReader(frame)
        guard try reader.raw(4) == magic else { throw .badMagic }
        let version = try reader.uint8()
        guard version == Self.version else { throw .unsupportedVersion(version) }
        let rawType = try reader.uint8()
        let run = RunID(bytes: try reader.raw(16))
        if let expected, run != expected {
            throw .wrongRun(run.short)
        }
        guard let type = MessageType(rawValue: rawType) else { throw .unknownType(rawType) }
        let sender = Int(Int32(bitPattern: try reader.uint32()))
        let round = try reader.uint64()
        guard round <= UInt64(Int64.max) else { throw .invalidValue("round \(round)") }
        let length = Int(try reader.uint32())
        guard length == reader.remaining, length <= maximumPayload else {
            throw .lengthMismatch(declared: length, actual: reader.remaining)
        }
        return Message(
            type: type, run: run, sender: sender, round: Int(round),
            payload: try reader.raw(length))
    }
}
