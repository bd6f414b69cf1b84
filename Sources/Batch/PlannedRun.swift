/// One run of a sweep: a grid point and a repetition, with everything needed to run it alone.
public struct PlannedRun: Sendable, Equatable {
    /// Position in the sweep, from 1; repetitions vary slowest, so that an interrupted sweep
    /// has covered the whole grid a few times rather than part of it many times.
    public var index: Int
    /// Repetition number, from 1.
    public var repetition: Int
    /// The canonical text of the grid point and repetition, e.g.
    /// `sharing=topic update.step_size=0.05 rep=3`: parameters sorted by name, then `rep`.
    public var key: String
    /// The swept settings of this run, sorted by name.
    public var parameters: [SweepParameter]
    /// The scenario seed, derived from the sweep's base seed and `key`.
    public var seed: UInt64
    /// The `key=value` overrides applied to the base scenario, ending with `seed=…`.
    public var overrides: [String]
    /// The run folder relative to the batch folder, e.g. `runs/update.step_size=0.05_rep=3`.
    public var folder: String
}
