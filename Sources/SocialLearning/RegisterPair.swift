extension UnsafePointer where Pointee == Double {
    /// Returns the value at this address and the next one in a register pair (SIMD2).
    @inlinable @inline(__always)
    func loadPair() -> SIMD2<Double> {
        UnsafeRawPointer(self).loadUnaligned(as: SIMD2<Double>.self)
    }
}

extension UnsafeMutablePointer where Pointee == Double {
    /// Returns the value at this address and the next one in a register pair (SIMD2).
    @inlinable @inline(__always)
    func loadPair() -> SIMD2<Double> {
        UnsafePointer(self).loadPair()
    }

    /// Writes the two lanes of `pair` to this address and the next one.
    @inlinable @inline(__always)
    func storePair(_ pair: SIMD2<Double>) {
        UnsafeMutableRawPointer(self).storeBytes(of: pair, as: SIMD2<Double>.self)
    }
}
