/// One slice of a sweep for one task of a cluster job array: task `index` of `count` takes
/// the runs whose index, counted from 0, leaves remainder `index` when divided by `count`.
public struct Shard: Sendable, Equatable {
    /// The task number, from 0.
    public var index: Int
    /// The number of tasks.
    public var count: Int

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `K/N`, as in `--shard 3/16`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]),
            count >= 1, index >= 0, index < count
        else {
            throw BatchError.invalidShard(text: text)
        }
        self.init(index: index, count: count)
    }

    /// True when `run` belongs to this shard.
    public func contains(_ run: PlannedRun) -> Bool {
        (run.index - 1) % count == index
    }

    /// The file name of this shard's index in the batch's `shards` folder.
    public var indexName: String {
        "shard-\(index)-of-\(count).sqlite"
    }
}
