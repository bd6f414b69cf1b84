#if canImport(Glibc)
    import Glibc
#endif

/// Asks Linux to send a signal to this process when its parent dies (prctl PR_SET_PDEATHSIG).
///
/// prctl is variadic in C, so Swift cannot import it; the function is looked up with dlsym
/// and called through a fixed five-argument signature, as the kernel's ABI takes it.
enum ParentDeathSignal {
    private typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
    /// PR_SET_PDEATHSIG from <linux/prctl.h>.
    private static let setParentDeathSignal: Int32 = 1

    /// Requests `signal` on parent death; returns false when the call is unavailable or fails.
    @discardableResult
    static func request(_ signal: Int32) -> Bool {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "prctl") else {
            return false
        }
        let prctl = unsafeBitCast(symbol, to: Prctl.self)
        return prctl(setParentDeathSignal, UInt(signal), 0, 0, 0) == 0
    }
}
