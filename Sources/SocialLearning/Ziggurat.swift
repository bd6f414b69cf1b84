#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Standard normal draws by the ziggurat method of Marsaglia and Tsang ("The Ziggurat Method
/// for Generating Random Variables", Journal of Statistical Software 5(8), 2000).
///
/// The area under f(x) = e^(−x²/2) for x ≥ 0 is covered by 256 layers of equal area v: 255
/// rectangles stacked on a base layer, which is a rectangle of width r plus the tail beyond r.
/// A draw picks a layer and a point x along its width. When x lies under the layer above, the
/// point is under the curve and x is returned. That takes one 64-bit number, a multiplication
/// and a comparison, and happens in 98.5 % of draws (the inner rectangles' share of the area).
/// The rest test the part of the layer that sticks out of the curve, or sample the tail, and
/// may start again. The result has the normal distribution exactly, up to the rounding of the
/// tables.
///
/// The first try reads number 0 of the stream in the round, and each further uniform that
/// the slow path needs reads the next number.
public enum Ziggurat {
    /// The number of layers.
    static let layerCount = 256

    /// r, where the tail starts. The bisection gives 3.6541528853610092, one ulp above the
    /// 3.6541528853610088 in the 256-layer table of David Bateman's ziggurat code.
    public static var tailStart: Double { table.tailStart }

    /// The layers' right edges x_0 > x_1 = r > … > x_255 > x_256 = 0, and f at each edge.
    ///
    /// x_0 = v / f(r) is the width that gives the base layer the area v, and each edge above
    /// solves f(x_(i+1)) = f(x_i) + v / x_i.
    @usableFromInline
    static let table = Table()

    @usableFromInline
    struct Table: Sendable {
        @usableFromInline let edges: [Double]
        @usableFromInline let heights: [Double]
        /// r, where the tail starts.
        @usableFromInline let tailStart: Double

        init() {
            // r makes the top layer's area v, and bisection finds it. With r too large the
            // layers are too thin, so the top one is too large. With r too small the top one
            // is too small or never reached.
            var low = 3.0
            var high = 4.0
            for _ in 0..<200 {
                let middle = (low + high) / 2
                guard middle > low, middle < high else { break }
                if let mismatch = Self.edges(tailStart: middle)?.mismatch, mismatch > 0 {
                    high = middle
                } else {
                    low = middle
                }
            }
            let layers = Self.edges(tailStart: high)
            edges = layers?.edges ?? []
            heights = edges.map { exp(-0.5 * $0 * $0) }
            tailStart = high
        }

        /// Returns the edges that start with r and the top layer's area minus v, or nil when
        /// the layers reach the top of the curve too early.
        static func edges(tailStart r: Double) -> (edges: [Double], mismatch: Double)? {
            let f = exp(-0.5 * r * r)
            // The area of the tail beyond r, ∫ f = √(π/2) · erfc(r / √2).
            let area = r * f + (Double.pi / 2).squareRoot() * erfc(r / 2.0.squareRoot())
            var edges = [area / f, r]
            for _ in 2..<layerCount {
                let last = edges[edges.count - 1]
                let height = exp(-0.5 * last * last) + area / last
                guard height < 1 else { return nil }
                edges.append((-2 * log(height)).squareRoot())
            }
            let top = edges[edges.count - 1]
            edges.append(0)
            return (edges, top * (1 - exp(-0.5 * top * top)) - area)
        }
    }

    /// Returns a standard normal number from `stream` in `round`.
    @inlinable
    public static func standardNormal(stream: RandomStream, round: Int) -> Double {
        let bits = stream.bits(round: round, index: 0)
        let (layer, x) = point(bits)
        guard x < table.edges[layer &+ 1] else {
            return slowPath(from: bits, stream: stream, round: round)
        }
        return signed(x, by: bits)
    }

    /// Returns the layer that `bits` picks (its low 8 bits) and the point x along the layer's
    /// width, from u in [0, 1) in its top 53 bits.
    @inlinable @inline(__always)
    static func point(_ bits: UInt64) -> (layer: Int, x: Double) {
        let layer = Int(truncatingIfNeeded: bits & 0xFF)
        return (layer, Double(bits >> 11) * 0x1p-53 * table.edges[layer])
    }

    /// Returns x with the sign that bit 8 of `bits` picks.
    ///
    /// The bit is moved to the sign bit, because a branch on a random bit would be
    /// mispredicted half the time.
    @inlinable @inline(__always)
    static func signed(_ x: Double, by bits: UInt64) -> Double {
        Double(bitPattern: x.bitPattern ^ (bits & 0x100) << 55)
    }

    /// Continues a draw whose first try, number 0 of the stream (`first`), fell outside the
    /// layers' inner rectangles.
    @usableFromInline @inline(never)
    static func slowPath(from first: UInt64, stream: RandomStream, round: Int) -> Double {
        var bits = first
        var index = 0
        // Returns the next uniform number in (0, 1).
        func uniform() -> Double {
            index += 1
            return stream.uniform(round: round, index: index)
        }
        while true {
            let (layer, x) = point(bits)
            if x < table.edges[layer + 1] {
                return signed(x, by: bits)
            }
            if layer == 0 {
                return signed(tail(beyond: table.tailStart, uniform: uniform), by: bits)
            }
            // The part of the layer outside the one above: a point at height y between the
            // layer's floor f(x_i) and ceiling f(x_(i+1)), kept when it is under the curve.
            let floor = table.heights[layer]
            let y = floor + uniform() * (table.heights[layer + 1] - floor)
            if y < exp(-0.5 * x * x) {
                return signed(x, by: bits)
            }
            index += 1
            bits = stream.bits(round: round, index: index)
        }
    }

    /// Returns a draw of the standard normal distribution conditioned on being above r, by
    /// the method in Marsaglia and Tsang's paper: r + a with a exponential of rate r, kept
    /// with probability e^(−a²/2).
    public static func tail(beyond r: Double, uniform: () -> Double) -> Double {
        while true {
            let a = -log(uniform()) / r
            let b = -log(uniform())
            if 2 * b > a * a {
                return r + a
            }
        }
    }
}
