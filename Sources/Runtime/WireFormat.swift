/// Little-endian encoding of the values that messages carry.
///
/// Doubles travel as their IEEE 754 bit patterns, so a belief arrives with exactly the bits
/// it left with; this is what makes distributed runs bit-identical to in-process ones.
struct WireWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 64) {
        bytes.reserveCapacity(capacity)
    }

    mutating func append(_ value: UInt8) {
        bytes.append(value)
    }

    mutating func append(_ value: UInt16) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ value: Int) {
        append(UInt64(bitPattern: Int64(value)))
    }

    mutating func append(_ value: Double) {
        append(value.bitPattern)
    }

    mutating func append(_ values: [Double]) {
        append(UInt32(values.count))
        for value in values {
            append(value)
        }
    }

    mutating func append(_ text: String) {
        let utf8 = Array(text.utf8)
        append(UInt32(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    mutating func append(raw: [UInt8]) {
        bytes.append(contentsOf: raw)
    }
}

/// Reads what `WireWriter` wrote, checking every length against the bytes left, so that a
/// truncated or forged message throws instead of reading out of bounds.
struct WireReader {
    private let bytes: [UInt8]
    private(set) var offset: Int

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var remaining: Int { bytes.count - offset }

    private mutating func take(_ count: Int) throws(ProtocolError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else {
            throw ProtocolError.truncated(needed: count, available: remaining)
        }
        let slice = bytes[offset..<offset + count]
        offset += count
        return slice
    }

    private mutating func integer<T: FixedWidthInteger>(_ type: T.Type) throws(ProtocolError) -> T {
        let slice = try take(MemoryLayout<T>.size)
        var value: T = 0
        for (shift, byte) in slice.enumerated() {
            value |= T(byte) << (8 * shift)
        }
        return value
    }

    mutating func uint8() throws(ProtocolError) -> UInt8 { try integer(UInt8.self) }
    mutating func uint16() throws(ProtocolError) -> UInt16 { try integer(UInt16.self) }
    mutating func uint32() throws(ProtocolError) -> UInt32 { try integer(UInt32.self) }
    mutating func uint64() throws(ProtocolError) -> UInt64 { try integer(UInt64.self) }

    mutating func int() throws(ProtocolError) -> Int {
        Int(Int64(bitPattern: try uint64()))
    }

    mutating func double() throws(ProtocolError) -> Double {
        Double(bitPattern: try uint64())
    }

    /// Reads a count-prefixed list of doubles, at most `limit` long.
    mutating func doubles(limit: Int) throws(ProtocolError) -> [Double] {
        let count = Int(try uint32())
        guard count <= limit, count * 8 <= remaining else {
            throw ProtocolError.invalidLength(field: "list of numbers", value: count)
        }
        var values: [Double] = []
        values.reserveCapacity(count)
        for _ in 0..<count {
            values.append(try double())
        }
        return values
    }

    mutating func string(limit: Int = 64 << 20) throws(ProtocolError) -> String {
        let count = Int(try uint32())
        guard count <= limit else {
            throw ProtocolError.invalidLength(field: "text", value: count)
        }
        let slice = try take(count)
        guard let text = String(validating: slice, as: UTF8.self) else {
            throw ProtocolError.invalidText
        }
        return text
    }

    mutating func raw(_ count: Int) throws(ProtocolError) -> [UInt8] {
        Array(try take(count))
    }
}
