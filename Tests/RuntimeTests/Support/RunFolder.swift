import Foundation

/// The files of a run folder, read when asked for, so that a test can watch a run grow.
struct RunFolder {
    let path: String

    init(_ path: String) {
        self.path = path
    }

    /// The text of `name` in the folder, or nil when the file does not exist.
    func text(_ name: String) -> String? {
        try? String(contentsOfFile: path + "/" + name, encoding: .utf8)
    }

    var beliefs: String? { text("beliefs.csv") }
    var summary: String? { text("summary.json") }

    /// The round column of every beliefs.csv row, in file order.
    var beliefRounds: [Int] {
        guard let beliefs else { return [] }
        return beliefs.split(separator: "\n").dropFirst().compactMap { line in
            line.split(separator: ",", maxSplits: 1).first.flatMap { Int($0) }
        }
    }

    /// The round of the last beliefs.csv row.
    var lastBeliefRound: Int? { beliefRounds.last }

    /// The `status` field of summary.json: `completed` or `failed`.
    var status: String? { summaryField("status") }

    /// The `error` field of summary.json.
    var error: String? { summaryField("error") }

    private func summaryField(_ key: String) -> String? {
        guard let data = summary?.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return object[key] as? String
    }
}

/// Returns nil when both files exist and are equal, or else where they first differ.
func firstDifference(_ actual: String?, _ expected: String?) -> String? {
    guard let actual else { return "the file is missing" }
    guard let expected else { return "the reference file is missing" }
    guard actual != expected else { return nil }
    let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
    for index in 0..<max(actualLines.count, expectedLines.count) {
        let left = index < actualLines.count ? String(actualLines[index]) : "<end of file>"
        let right = index < expectedLines.count ? String(expectedLines[index]) : "<end of file>"
        if left != right {
            return "line \(index + 1): got `\(left)`, expected `\(right)`"
        }
    }
    return "the files differ in line endings"
}
