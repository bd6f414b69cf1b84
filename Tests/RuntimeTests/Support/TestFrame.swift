/// Frames of the Hearsay wire protocol, encoded here by hand so that the tests check the
/// layout instead of trusting the code under test.
///
/// The header is 38 bytes, little-endian: magic `HSAY`, version (1 byte), type (1 byte),
/// run id (16 bytes), sender (Int32, −1 for the coordinator), round (UInt64) and payload
/// length (UInt32); the payload follows.
struct TestFrame: Equatable {
    static let headerSize = 38

    /// Message types used by the tests.
    enum Kind: UInt8 {
        case hello = 1
        case config = 2
        case link = 3
        case ready = 4
        case start = 5
        case share = 6
        case report = 7
        case heartbeat = 12
    }

    var type: UInt8
    var run: [UInt8]
    var sender: Int32
    var round: UInt64
    var payload: [UInt8]

    init(_ kind: Kind, run: [UInt8], sender: Int32, round: UInt64 = 0, payload: [UInt8] = []) {
        self.init(type: kind.rawValue, run: run, sender: sender, round: round, payload: payload)
    }

    init(type: UInt8, run: [UInt8], sender: Int32, round: UInt64, payload: [UInt8]) {
        self.type = type
        self.run = run
        self.sender = sender
        self.round = round
        self.payload = payload
    }

    /// The bytes on the wire; `version` and `declaredLength` can be forged.
    func encoded(version: UInt8 = 1, declaredLength: UInt32? = nil) -> [UInt8] {
        var bytes = Array("HSAY".utf8)
        bytes.append(version)
        bytes.append(type)
        bytes += run
        bytes += littleEndian(UInt32(bitPattern: sender))
        bytes += littleEndian(round)
        bytes += littleEndian(declaredLength ?? UInt32(payload.count))
        bytes += payload
        return bytes
    }

    /// Decodes a frame whose header is well formed; nil otherwise.
    static func decode(_ bytes: [UInt8]) -> TestFrame? {
        guard bytes.count >= headerSize, Array(bytes[0..<4]) == Array("HSAY".utf8),
            bytes[4] == 1
        else { return nil }
        let length = Int(integer(bytes[34..<38], as: UInt32.self))
        guard bytes.count == headerSize + length else { return nil }
        return TestFrame(
            type: bytes[5], run: Array(bytes[6..<22]),
            sender: Int32(bitPattern: integer(bytes[22..<26], as: UInt32.self)),
            round: integer(bytes[26..<34], as: UInt64.self), payload: Array(bytes[38...]))
    }

    /// Parses 32 hexadecimal digits into the 16 bytes of a run id.
    static func runBytes(hex: String) -> [UInt8] {
        let digits = Array(hex)
        return stride(from: 0, to: digits.count - 1, by: 2).compactMap {
            UInt8(String(digits[$0...$0 + 1]), radix: 16)
        }
    }

    private func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        (0..<MemoryLayout<T>.size).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    private static func integer<T: FixedWidthInteger>(_ bytes: ArraySlice<UInt8>, as: T.Type)
        -> T
    {
        bytes.enumerated().reduce(T(0)) { value, element in
            value | T(element.element) << (8 * element.offset)
        }
    }
}
