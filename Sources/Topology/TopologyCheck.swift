import SocialLearning

/// Graph properties that decide whether a network can learn: strong connectivity,
/// aperiodicity and stochastic weights.
public struct TopologyCheck: Sendable {
    /// Strongly connected components of the graph of positive weights, each sorted.
    public let components: [[Int]]
    /// Components that no other component hears from (their agents ignore the rest).
    public let sourceComponents: [[Int]]
    /// Components that hear others but that no other component hears (information sinks).
    public let sinkComponents: [[Int]]
    /// The period of the graph when it is strongly connected (1 means aperiodic).
    public let period: Int?
    /// Agents whose incoming weights do not sum to 1, with the sum.
    public let nonStochastic: [(agent: Int, sum: Double)]
    /// The Perron vector when A is primitive.
    public let perron: [Double]?

    /// Analyses `weights`.
    public init(weights: CombinationWeights) {
        let count = weights.agentCount
        // Edge ℓ → k when a_ℓk > 0 and ℓ ≠ k.
        var successors = [[Int]](repeating: [], count: count)
        for (receiver, links) in weights.incoming.enumerated() {
            for link in links where link.agent != receiver {
                successors[link.agent].append(receiver)
            }
        }
        let components = Self.stronglyConnectedComponents(successors)
        var componentOf = [Int](repeating: 0, count: count)
        for (position, component) in components.enumerated() {
            for agent in component {
                componentOf[agent] = position
            }
        }
        var hasIncoming = [Bool](repeating: false, count: components.count)
        var hasOutgoing = [Bool](repeating: false, count: components.count)
        for (sender, targets) in successors.enumerated() {
            for receiver in targets where componentOf[sender] != componentOf[receiver] {
                hasOutgoing[componentOf[sender]] = true
                hasIncoming[componentOf[receiver]] = true
            }
        }
        self.components = components
        sourceComponents = components.indices.filter { !hasIncoming[$0] }.map { components[$0] }
        sinkComponents = components.indices.filter { !hasOutgoing[$0] && hasIncoming[$0] }
            .map { components[$0] }
        let hasSelfLoop = (0..<count).contains { weights.selfWeight(of: $0) > 0 }
        if components.count == 1 {
            period = hasSelfLoop ? 1 : GraphStructure.period(successors)
        } else {
            period = nil
        }
        nonStochastic = weights.incoming.enumerated().compactMap { agent, links in
            let sum = links.reduce(0.0) { $0 + $1.weight }
            return abs(sum - 1) > 1e-9 ? (agent, sum) : nil
        }
        perron = (components.count == 1 && period == 1) ? Theory.perronVector(weights) : nil
    }

    /// True when every agent can reach every other.
    public var isStronglyConnected: Bool { components.count == 1 }

    /// True when A is primitive: strongly connected and aperiodic.
    public var isPrimitive: Bool { isStronglyConnected && period == 1 }

    /// Tarjan's algorithm, written with an explicit stack so that 10⁵ agents cannot overflow it.
    static func stronglyConnectedComponents(_ successors: [[Int]]) -> [[Int]] {
        let count = successors.count
        var index = [Int](repeating: -1, count: count)
        var lowLink = [Int](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count)
        var stack: [Int] = []
        var components: [[Int]] = []
        var counter = 0
        for root in 0..<count where index[root] < 0 {
            var work: [(node: Int, next: Int)] = [(root, 0)]
            index[root] = counter
            lowLink[root] = counter
            counter += 1
            stack.append(root)
            onStack[root] = true
            while let (node, next) = work.last {
                if next < successors[node].count {
                    work[work.count - 1].next += 1
                    let child = successors[node][next]
                    if index[child] < 0 {
                        index[child] = counter
                        lowLink[child] = counter
                        counter += 1
                        stack.append(child)
                        onStack[child] = true
                        work.append((child, 0))
                    } else if onStack[child] {
                        lowLink[node] = min(lowLink[node], index[child])
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last?.node {
                    lowLink[parent] = min(lowLink[parent], lowLink[node])
                }
                if lowLink[node] == index[node] {
                    var component: [Int] = []
                    while let top = stack.popLast() {
                        onStack[top] = false
                        component.append(top)
                        if top == node { break }
                    }
                    components.append(component.sorted())
                }
            }
        }
        return components.sorted { ($0.first ?? 0) < ($1.first ?? 0) }
    }
}
