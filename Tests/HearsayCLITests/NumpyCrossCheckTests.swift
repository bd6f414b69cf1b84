import Foundation
import Testing

/// `scripts/numpy_engine.py` recomputes a run from the observations `hearsay simulate`
/// exports, with numpy and nothing of ours; its log-beliefs must agree to 1e-9.
struct NumpyCrossCheckTests {
    static let python = "/usr/bin/python3"

    /// Scenario and overrides, one for each sharing rule and both update rules.
    static let runs: [(scenario: String, overrides: [String])] = [
        ("quickstart.yaml", []),
        ("quickstart.yaml", ["sharing.rule=full"]),
        ("quickstart.yaml", ["sharing.rule=random_neighbour"]),
        ("quickstart.yaml", ["sharing.draw=per_sender", "sharing.fill=uniform"]),
        (
            "quickstart.yaml",
            ["sharing.rule=topic", "sharing.topic=storm", "sharing.own_term=memoryless"]
        ),
        ("gaussian10.yaml", []),
        ("categorical10.yaml", []),
        ("karate-drift.yaml", ["truth.changes.0.round=200"]),
    ]

    /// True when Debian's numpy can be imported; otherwise the test is reported as disabled,
    /// not passed.
    static var numpyAvailable: Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", "import numpy"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    @Test(
        "numpy recomputes the exported run to 1e-9", .enabled(if: numpyAvailable),
        arguments: runs.indices)
    func agreesWithNumpy(index: Int) throws {
        let (scenario, overrides) = Self.runs[index]
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let output = folder.path("run")
        let scenarioPath = Hearsay.packageRoot.appendingPathComponent("scenarios/\(scenario)").path
        let simulated = try Hearsay.run(
            ["simulate", scenarioPath, "--output", output, "--export-observations"]
                + ["rounds=400", "report_every=20", "log_beliefs=true"] + overrides,
            in: folder.url)
        let simulation = try #require(simulated)
        try #require(simulation.status == 0, "\(simulation.standardError)")

        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = [
            Hearsay.packageRoot.appendingPathComponent("scripts/numpy_engine.py").path,
            "crosscheck", output,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(scenario) \(overrides): \(text)")
        // The script prints the largest difference; check it here too, not only its verdict.
        let difference = text.split(separator: " ").last.flatMap {
            Double($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let largest = try #require(difference, "no difference in: \(text)")
        #expect(largest <= 1e-9, "\(scenario) \(overrides): \(text)")
    }
}
