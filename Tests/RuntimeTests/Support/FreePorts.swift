#if canImport(Glibc)
    import Glibc
#endif

/// Finds tcp ports on 127.0.0.1 that nothing is bound to.
enum FreePorts {
    /// Returns the first of `count` consecutive free ports, drawn from 20000–30000, below
    /// Linux's default ephemeral range (32768–60999) so that wildcard binds of other tests
    /// do not take them in the meantime. Nil when 100 draws found no free range.
    static func range(count: Int) -> Int? {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<100 {
            let first = Int.random(in: 20_000...30_000, using: &generator)
            if (first..<first + count).allSatisfy(isFree) {
                return first
            }
        }
        return nil
    }

    /// True when a tcp socket can bind 127.0.0.1:`port` now (without SO_REUSEADDR, so a
    /// port in TIME_WAIT counts as busy).
    static func isFree(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return result == 0
    }
}
