import Foundation

/// A numeric range in a sweep file, `{from: 0.01, to: 0.1, step: 0.01}` or
/// `{from: 0.001, to: 0.1, count: 5, scale: log}`, expanded into value texts.
struct SweepRange: Equatable {
    enum Scale: String {
        case linear
        case log
    }

    var from: Double
    var to: Double
    var step: Double?
    var count: Int?
    var scale: Scale
    /// True when `from`, `to` and any `step` are written as whole numbers: whole values are
    /// then written without a decimal point, so that integer keys such as `rounds` accept them.
    var integral: Bool

    /// The largest number of values a range may expand to.
    static let maximumCount = 100_000

    /// Returns the values from `from` to `to` inclusive, as texts a scenario key accepts.
    ///
    /// A step range stops at the last value not past `to`, with a tolerance of 1e-9 steps so
    /// that 0.1 + 2 × 0.1 still reaches 0.3. Texts have at most 12 significant digits, which
    /// removes the binary rounding noise of the arithmetic (0.30000000000000004 → 0.3).
    func values() -> [String] {
        var numbers: [Double] = []
        if let step {
            let span = (to - from) / step
            let last = Int((span + 1e-9).rounded(.down))
            numbers = (0...max(last, 0)).map { from + Double($0) * step }
        } else if let count {
            if count == 1 {
                numbers = [from]
            } else if scale == .log {
                let ratio = log(to / from) / Double(count - 1)
                numbers = (0..<count).map { from * exp(ratio * Double($0)) }
                numbers[count - 1] = to
            } else {
                let width = (to - from) / Double(count - 1)
                numbers = (0..<count).map { from + width * Double($0) }
                numbers[count - 1] = to
            }
        }
        return numbers.map(text)
    }

    private func text(_ value: Double) -> String {
        let rounded = Double(String(format: "%.12g", value)) ?? value
        if integral && rounded == rounded.rounded() && abs(rounded) < 1e15 {
            return String(Int(rounded))
        }
        return "\(rounded)"
    }
}
