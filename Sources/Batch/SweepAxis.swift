/// One dimension of a sweep's grid: a key with a list or range of values, a group of zipped
/// lists that advance together, or a set of named cases.
public struct SweepAxis: Sendable, Equatable {
    /// One position along the axis.
    public struct Point: Sendable, Equatable {
        /// What the run key shows for this position.
        public var parameters: [SweepParameter]
        /// The `key=value` overrides this position applies to the base scenario.
        public var overrides: [String]
    }

    /// The parameter names this axis sets in run keys.
    public var names: [String]
    public var points: [Point]
}
