/// Why a received frame was rejected. Rejected frames are logged and dropped, never fatal.
public enum ProtocolError: Error, Equatable, CustomStringConvertible {
    case tooShort(length: Int)
    case badMagic
    case unsupportedVersion(UInt8)
    case wrongRun(String)
    case unknownType(UInt8)
    case lengthMismatch(declared: Int, actual: Int)
    case truncated(needed: Int, available: Int)
    case invalidLength(field: String, value: Int)
    case invalidText
    case invalidValue(String)

    public var description: String {
        switch self {
        case .tooShort(let length):
            return "frame of \(length) bytes is shorter than the \(Message.headerSize)-byte header"
        case .badMagic: return "frame does not start with the Hearsay magic bytes"
        case .unsupportedVersion(let version): return "unsupported protocol version \(version)"
        case .wrongRun(let run): return "frame belongs to another run (\(run))"
        case .unknownType(let type): return "unknown message type \(type)"
        case .lengthMismatch(let declared, let actual):
            return "payload length \(declared) does not match the \(actual) bytes received"
        case .truncated(let needed, let available):
            return "payload ends early: needed \(needed) bytes, \(available) left"
        case .invalidLength(let field, let value): return "invalid length \(value) for \(field)"
        case .invalidText: return "text field is not valid UTF-8"
        case .invalidValue(let detail): return "invalid value: \(detail)"
        }
    }
}
