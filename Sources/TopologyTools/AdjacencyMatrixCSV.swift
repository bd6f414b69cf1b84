import Topology

/// Adjacency- or weight-matrix CSV files: entry (ℓ, k) in row ℓ and column k is the edge
/// ℓ → k with weight a_ℓk, so a row lists what one agent sends.
///
/// A header row of names is optional, and so is a leading name column. The header is
/// recognised by an empty first cell or a cell that is not a number. Commas separate cells, and
/// double quotes may surround a cell (`""` inside is one quote).
enum AdjacencyMatrixCSV {
    /// Reads a matrix into a document.
    ///
    /// - Parameters:
    ///   - directed: nil makes a symmetric matrix undirected and any other one directed.
    ///   - weightRule: nil reads a 0/1 matrix as unweighted (uniform) and any other as given.
    ///   - selfLoops: the rule for the header; diagonal entries always become self-loop lines.
    static func read(
        _ text: String, source: String, directed: Bool?, weightRule: Topology.WeightRule?,
        selfLoops: Topology.SelfLoopRule
    ) throws -> TopologyDocument {
        var rows: [(line: Int, cells: [String])] = []
        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") {
            body = body.dropFirst()
        }

        let lines = body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (offset, line) in lines.enumerated() {
            let trimmed = line.trimmingSpaces()
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            rows.append((offset + 1, try cells(of: trimmed, line: offset + 1, source: source)))
        }

        guard let first = rows.first else {
            throw TopologyToolsError.invalidGraph(
                path: source, reason: "the CSV file has no rows; write one row per agent")
        }

        var header: [String]?
        if first.cells.first == "" || first.cells.contains(where: { Double($0) == nil }) {
            header = first.cells
            rows.removeFirst()
        }

        let size = rows.count
        guard size > 0 else {
            throw TopologyToolsError.invalidGraph(
                path: source, reason: "the CSV file has a header row but no matrix rows")
        }

        var names = (1...size).map(String.init)
        if var header {
            if header.first == "" || header.count == size + 1 {
                header.removeFirst()
            }
            guard header.count == size else {
                throw TopologyToolsError.invalidCSV(
                    path: source, line: first.line,
                    reason: "the header names \(header.count) agents but there are \(size) "
                        + "rows; write one row per agent, in the order of the header")
            }
            names = header
        }

        var matrix: [[Double]] = []
        var rowNames: [String] = []
        for (line, cells) in rows {
            var values = cells
            if values.count == size + 1 {
                rowNames.append(values.removeFirst())
            }
            guard values.count == size else {
                throw TopologyToolsError.invalidCSV(
                    path: source, line: line,
                    reason: "expected \(size) numbers (a square matrix), found \(values.count)")
            }
            matrix.append(
                try values.map { cell in
                    if let value = Double(cell), value.isInfinite {
                        throw TopologyToolsError.invalidCSV(
                            path: source, line: line,
                            reason: "`\(cell)` is out of range (larger than about 1.8e308); "
                                + "write a weight such as 0.25, or 0 for no edge")
                    }
                    guard let value = cell.isEmpty ? 0 : Double(cell), value.isFinite else {
                        throw TopologyToolsError.invalidCSV(
                            path: source, line: line,
                            reason: "`\(cell)` is not a number; write a weight such as 0.25, or 0 "
                                + "for no edge")
                    }
                    return value
                })
        }

        if rowNames.count == size {
            if header == nil {
                names = rowNames
            } else if let position = names.indices.first(where: { names[$0] != rowNames[$0] }) {
                throw TopologyToolsError.invalidCSV(
                    path: source, line: rows[position].line,
                    reason: "row `\(rowNames[position])` is in the place of column "
                        + "`\(names[position])`; order the rows as the header")
            }
        }

        return try document(
            matrix: matrix, names: names, directed: directed, weightRule: weightRule,
            selfLoops: selfLoops, source: source)
    }

    /// The maximum number of agents written as CSV: 10⁸ cells, at least 200 MB of text.
    ///
    /// The file contains every cell of the N × N matrix, so 200,000 agents would need 80 GB,
    /// built in memory before writing. Edge-list formats store a large graph in far less.
    public static let maximumAgents = 10_000

    /// Writes the combination matrix A of `topology`, self-weights included, with a header.
    static func text(_ topology: Topology) -> String {
        let names = topology.names.map(quoted)
        var text = "," + names.joined(separator: ",") + "\n"
        var row = [String](repeating: "0", count: topology.agentCount)
        var sent = [[(receiver: Int, weight: Double)]](repeating: [], count: topology.agentCount)
        for (receiver, links) in topology.weights.incoming.enumerated() {
            for link in links {
                sent[link.agent].append((receiver, link.weight))
            }
        }
        for (sender, targets) in sent.enumerated() {
            for target in targets {
                row[target.receiver] = TopologyDocument.format(target.weight)
            }
            text += names[sender] + "," + row.joined(separator: ",") + "\n"
            for target in targets {
                row[target.receiver] = "0"
            }
        }
        return text
    }

    private static func document(
        matrix: [[Double]], names: [String], directed: Bool?, weightRule: Topology.WeightRule?,
        selfLoops: Topology.SelfLoopRule, source: String
    ) throws -> TopologyDocument {
        let size = names.count
        var asymmetry: (row: Int, column: Int)?
        var binary = true
        for row in 0..<size {
            for column in 0..<size {
                let value = matrix[row][column]
                if value != matrix[column][row] && asymmetry == nil {
                    asymmetry = (row, column)
                }
                if value != 0 && value != 1 {
                    binary = false
                }
            }
        }
        if directed == false, let (row, column) = asymmetry {
            throw TopologyToolsError.invalidGraph(
                path: source,
                reason: "the matrix is not symmetric (\(names[row]) → \(names[column]) is "
                    + "\(matrix[row][column]), \(names[column]) → \(names[row]) is "
                    + "\(matrix[column][row])), so it cannot be read as undirected; leave out "
                    + "--undirected")
        }
        let isDirected = directed ?? (asymmetry != nil)
        let rule = weightRule ?? (binary ? .uniform : .given)
        var edges: [TopologyDocument.Edge] = []
        for row in 0..<size {
            for column in (isDirected ? 0 : row)..<size where matrix[row][column] != 0 {
                let weight = rule == .given ? matrix[row][column] : nil
                edges.append(TopologyDocument.Edge(from: row, to: column, weight: weight))
            }
        }
        return TopologyDocument(
            names: names, directed: isDirected, weightRule: rule, selfLoops: selfLoops,
            edges: edges)
    }

    /// Splits one CSV line into cells, honouring double quotes.
    private static func cells(of line: String, line number: Int, source: String) throws
        -> [String]
    {
        var cells: [String] = []
        var current = ""
        var inQuotes = false
        let characters = Array(line)
        var position = 0
        while position < characters.count {
            let character = characters[position]
            position += 1
            if inQuotes && character == "\"" {
                if position < characters.count && characters[position] == "\"" {
                    current.append("\"")
                    position += 1
                } else {
                    inQuotes = false
                }
            } else if inQuotes {
                current.append(character)
            } else if character == "\"" {
                inQuotes = true
            } else if character == "," {
                cells.append(current.trimmingSpaces())
                current = ""
            } else {
                current.append(character)
            }
        }
        guard !inQuotes else {
            throw TopologyToolsError.invalidCSV(
                path: source, line: number, reason: "a quoted cell has no closing `\"`; add it")
        }
        cells.append(current.trimmingSpaces())
        return cells
    }

    private static func quoted(_ name: String) -> String {
        guard name.contains(where: { $0 == "," || $0 == "\"" }) else { return name }
        return "\"" + name.replacingAll("\"", with: "\"\"") + "\""
    }
}

extension StringProtocol {
    /// Returns the text without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        var start = startIndex
        var end = endIndex
        while start < end, self[start] == " " || self[start] == "\t" {
            start = index(after: start)
        }
        while end > start, self[index(before: end)] == " " || self[index(before: end)] == "\t" {
            end = index(before: end)
        }
        return String(self[start..<end])
    }

    /// Returns the text with every `target` character replaced by `replacement`.
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self {
            if character == target {
                result += replacement
            } else {
                result.append(character)
            }
        }
        return result
    }
}
