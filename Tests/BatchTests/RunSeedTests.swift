import Batch
import Testing

/// Run seeds: a pure function of the base seed and the run key.
struct RunSeedTests {
    @Test("FNV-1a reference values")
    func fnvReferenceValues() {
        #expect(RunSeed.fnv1a("") == 0xcbf2_9ce4_8422_2325)
        #expect(RunSeed.fnv1a("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(RunSeed.fnv1a("foobar") == 0x8594_4171_f739_67e8)
    }

    @Test("seed depends on base and key")
    func seedDependsOnBaseAndKey() {
        let key = "update.step_size=0.05 rep=1"
        #expect(RunSeed.derive(base: 42, key: key) == RunSeed.derive(base: 42, key: key))
        #expect(RunSeed.derive(base: 42, key: key) != RunSeed.derive(base: 43, key: key))
        #expect(
            RunSeed.derive(base: 42, key: key)
                != RunSeed.derive(base: 42, key: "update.step_size=0.05 rep=2"))
    }
}
