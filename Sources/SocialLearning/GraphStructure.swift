/// Reachability and period of the graph behind a combination matrix (edge ℓ → k when
/// a_ℓk > 0), which decide whether A is primitive.
public enum GraphStructure {
    /// successors[ℓ]: the agents k ≠ ℓ with a_ℓk > 0.
    public static func successors(_ weights: CombinationWeights) -> [[Int]] {
        var result = [[Int]](repeating: [], count: weights.agentCount)
        for (receiver, links) in weights.incoming.enumerated() {
            for link in links where link.agent != receiver {
                result[link.agent].append(receiver)
            }
        }
        return result
    }

    /// True when every agent reaches every other along edges.
    public static func isStronglyConnected(_ successors: [[Int]]) -> Bool {
        guard !successors.isEmpty else { return false }
        var predecessors = [[Int]](repeating: [], count: successors.count)
        for (node, targets) in successors.enumerated() {
            for target in targets {
                predecessors[target].append(node)
            }
        }
        return reachesAll(successors) && reachesAll(predecessors)
    }

    private static func reachesAll(_ adjacency: [[Int]]) -> Bool {
        var seen = [Bool](repeating: false, count: adjacency.count)
        var stack = [0]
        seen[0] = true
        var count = 1
        while let node = stack.popLast() {
            for next in adjacency[node] where !seen[next] {
                seen[next] = true
                count += 1
                stack.append(next)
            }
        }
        return count == adjacency.count
    }

    /// The period of a strongly connected graph: the gcd of level(u) + 1 − level(v) over all
    /// edges u → v, with levels from a breadth-first search. Self-loops are not in
    /// `successors`; a graph with one has period 1.
    public static func period(_ successors: [[Int]]) -> Int {
        guard !successors.isEmpty else { return 1 }
        var level = [Int](repeating: -1, count: successors.count)
        level[0] = 0
        var queue = [0]
        var head = 0
        var result = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for child in successors[node] {
                if level[child] < 0 {
                    level[child] = level[node] + 1
                    queue.append(child)
                } else {
                    result = gcd(result, abs(level[node] + 1 - level[child]))
                }
            }
        }
        return result == 0 ? 1 : result
    }

    /// True when A is primitive: strongly connected, and aperiodic (a self-loop or period 1).
    public static func isPrimitive(_ weights: CombinationWeights) -> Bool {
        let next = successors(weights)
        guard weights.agentCount == 1 || isStronglyConnected(next) else {
            return weights.agentCount == 1 && weights.selfWeight(of: 0) > 0
        }
        let hasSelfLoop = (0..<weights.agentCount).contains { weights.selfWeight(of: $0) > 0 }
        return hasSelfLoop || period(next) == 1
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (a, b)
        while y != 0 {
            (x, y) = (y, x % y)
        }
        return x
    }
}
