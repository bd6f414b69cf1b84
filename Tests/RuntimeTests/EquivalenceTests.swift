import Testing

extension RuntimeSuite {
    /// `hearsay run` must write the same files as `hearsay simulate`: doubles travel as their
    /// bit patterns and every agent combines exactly what the in-process engine combines.
    @Suite("Same files as simulate")
    struct EquivalenceTests {
        static let ring8 = TestPaths.scenario("ring8-faults.yaml")
        static let gaussian10 = TestPaths.scenario("gaussian10.yaml")
        static let pairOverrides = [
            "topology=\(TestPaths.topology("pair.edges"))", "faults=[]", "rounds=100",
        ]

        @Test("pair over ipc")
        func pairOverIPC() async throws {
            try await expectSameAsSimulate(Self.ring8, overrides: Self.pairOverrides)
        }

        @Test("pair over tcp")
        func pairOverTCP() async throws {
            try await expectSameAsSimulate(
                Self.ring8, overrides: Self.pairOverrides, transport: "tcp")
        }

        @Test("karate club, 34 agents")
        func karate() async throws {
            try await expectSameAsSimulate(
                TestPaths.scenario("quickstart.yaml"), overrides: ["rounds=60"])
        }

        @Test("sharing rule over ipc", arguments: SharingCase.all)
        func sharingRule(_ sharing: SharingCase) async throws {
            try await expectSameAsSimulate(Self.gaussian10, overrides: sharing.overrides)
        }

        /// Full sharing keeps its numbers in flat arrays in `simulate`; this checks that path
        /// with a categorical family and an adaptive update.
        @Test("categorical full sharing")
        func categoricalFullSharing() async throws {
            try await expectSameAsSimulate(
                TestPaths.scenario("categorical10.yaml"),
                overrides: [
                    "rounds=80", "sharing={rule: full}", "update.rule=adaptive",
                    "update.step_size=0.2",
                ])
        }

        @Test("random neighbour over tcp")
        func randomNeighbourOverTCP() async throws {
            try await expectSameAsSimulate(
                Self.gaussian10, overrides: ["rounds=60", "sharing.rule=random_neighbour"],
                transport: "tcp")
        }

        @Test("stop on convergence over tcp")
        func stopOnConvergenceOverTCP() async throws {
            try await expectSameAsSimulate(
                Self.gaussian10, overrides: SharingCase.stopOnConvergence.overrides,
                transport: "tcp")
        }
    }
}

/// One sharing rule of gaussian10.yaml (ten agents on a random directed graph, three
/// Gaussian hypotheses), as `key=value` overrides.
struct SharingCase: Sendable, CustomTestStringConvertible {
    let name: String
    let overrides: [String]

    var testDescription: String { name }

    init(_ name: String, _ overrides: [String]) {
        self.name = name
        self.overrides = ["rounds=60"] + overrides
    }

    /// Converges at round 443 and stops at 542, well before the 3,000 rounds, so the credit
    /// window and the agents' snapshots are used.
    static let stopOnConvergence = SharingCase(
        "stop on convergence",
        ["rounds=3000", "report_every=10", "convergence.stop_on_convergence=true"])

    static let all = [
        SharingCase("full", ["sharing.rule=full"]),
        SharingCase(
            "topic, fill own",
            ["sharing.rule=topic", "sharing.topic=theta3", "sharing.fill=own"]),
        SharingCase(
            "topic, fill uniform",
            ["sharing.rule=topic", "sharing.topic=theta3", "sharing.fill=uniform"]),
        SharingCase(
            "topic, own term self-aware",
            ["sharing.rule=topic", "sharing.topic=theta2", "sharing.own_term=self_aware"]),
        SharingCase(
            "topic, own term memoryless",
            [
                "sharing.rule=topic", "sharing.topic=theta2", "sharing.fill=uniform",
                "sharing.own_term=memoryless",
            ]),
        SharingCase(
            "random topic, network draw",
            ["sharing.rule=random_topic", "sharing.draw=network"]),
        SharingCase(
            "random topic, per-sender draw",
            ["sharing.rule=random_topic", "sharing.draw=per_sender"]),
        SharingCase("random neighbour", ["sharing.rule=random_neighbour"]),
        stopOnConvergence,
    ]
}
