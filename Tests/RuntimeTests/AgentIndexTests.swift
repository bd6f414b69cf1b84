import Runtime
import Testing

/// An agent takes its index from `--index` or, under a cluster launcher, from the launcher's
/// rank variable.
struct AgentIndexTests {
    @Test("the option wins over any rank variable")
    func optionFirst() throws {
        let index = try AgentOptions.resolveIndex(option: "3", environment: ["SLURM_PROCID": "7"])
        #expect(index == 3)
    }

    @Test("each launcher's rank variable gives the index", arguments: AgentOptions.rankVariables)
    func rankVariable(name: String) throws {
        #expect(try AgentOptions.resolveIndex(option: nil, environment: [name: "5"]) == 5)
    }

    @Test("Slurm's variable is read before Open MPI's and PMI's")
    func rankOrder() throws {
        let environment = ["PMI_RANK": "2", "OMPI_COMM_WORLD_RANK": "1", "SLURM_PROCID": "0"]
        #expect(try AgentOptions.resolveIndex(option: nil, environment: environment) == 0)
    }

    @Test("a missing or malformed index is an error that names the way to give one")
    func invalidIndex() {
        #expect(throws: RuntimeError.self) {
            try AgentOptions.resolveIndex(option: nil, environment: [:])
        }
        #expect(throws: RuntimeError.self) {
            try AgentOptions.resolveIndex(option: "-1", environment: [:])
        }
        #expect(throws: RuntimeError.self) {
            try AgentOptions.resolveIndex(option: nil, environment: ["SLURM_PROCID": "x"])
        }
        do {
            _ = try AgentOptions.resolveIndex(option: nil, environment: [:])
        } catch {
            #expect("\(error)".contains("give --index K or set one of SLURM_PROCID"))
        }
    }
}
