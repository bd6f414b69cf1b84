import Testing

/// Runs `scenario` with `hearsay run` and with `hearsay simulate` and expects the run to
/// complete with byte-identical beliefs.csv and summary.json, leaving no agent process and
/// no ipc socket behind.
func expectSameAsSimulate(
    _ scenario: String, overrides: [String], transport: String = "ipc",
    timeout: Duration = .seconds(60), sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    let sandbox = try Sandbox("same-as-simulate")
    defer { sandbox.cleanUp() }

    let run = try sandbox.startRun(
        scenario, output: "run", transport: transport, overrides: overrides)
    let termination = await run.wait(timeout: timeout)
    #expect(termination == .exited(0), "\(run.standardError)", sourceLocation: sourceLocation)

    let reference = try await sandbox.simulate(scenario, output: "simulate", overrides: overrides)
    let folder = RunFolder(sandbox.path("run"))
    #expect(
        firstDifference(folder.beliefs, reference.beliefs) == nil, "beliefs.csv",
        sourceLocation: sourceLocation)
    #expect(
        firstDifference(folder.summary, reference.summary) == nil, "summary.json",
        sourceLocation: sourceLocation)
    #expect(sandbox.agents(launchedBy: run).isEmpty, sourceLocation: sourceLocation)
    if let short = shortRunID(inLog: run.standardError) {
        #expect(
            UnixSockets.abstractNames(containing: "hearsay-\(short)").isEmpty,
            sourceLocation: sourceLocation)
    } else {
        Issue.record("no run id in the log: \(run.standardError)", sourceLocation: sourceLocation)
    }
}
