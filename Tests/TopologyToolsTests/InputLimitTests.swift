import Foundation
import Testing
import Topology
import TopologyTools

/// Inputs a fresh user gave the topology tools to break them: sizes that would run for
/// minutes, numbers out of range, and files libigraph rejects without a reason.
struct InputLimitTests {
    private func message(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return "\(error)"
        }
    }

    private func generate(_ model: GraphModel, directed: Bool = false) -> String? {
        message {
            _ = try TopologyGenerator.generate(
                model, options: TopologyGenerator.Options(directed: directed))
        }
    }

    @Test("sizes above 10,000,000 agents or 20,000,000 edges are refused before drawing")
    func sizeLimits() {
        let clock = ContinuousClock()
        let start = clock.now
        let ring = generate(.ring(agents: 10_000_001))
        #expect(ring?.contains("at most 10000000 agents") == true, "\(ring ?? "drawn")")
        let hundredMillion = generate(.path(agents: 100_000_000))
        #expect(hundredMillion?.contains("--agents") == true, "\(hundredMillion ?? "drawn")")
        let complete = generate(.complete(agents: 100_000))
        #expect(complete?.contains("4999950000 edges") == true, "\(complete ?? "drawn")")
        let gnm = generate(.erdosRenyiEdges(agents: 1_000_000, edges: 500_000_000))
        #expect(gnm?.contains("more than the 20000000") == true, "\(gnm ?? "drawn")")
        let grid = generate(.grid(rows: Int.max, columns: 3, periodic: false))
        #expect(grid?.contains("--rows × --columns") == true, "no overflow: \(grid ?? "drawn")")
        let blocks = generate(.stochasticBlock(sizes: [Int.max, 2], within: 0.1, between: 0.1))
        #expect(blocks?.contains("--blocks") == true, "no overflow: \(blocks ?? "drawn")")
        #expect(clock.now - start < .seconds(5), "refused at once")
    }

    @Test("CSV output above 10,000 agents rejected")
    func csvSizeLimit() throws {
        let large = try TopologyGenerator.generate(.ring(agents: 10_001)).document
            .topology(source: "ring")
        let text = message { _ = try TopologyExporter.export(large, format: .csv) }
        #expect(text?.contains("10001 × 10001 matrix") == true, "\(text ?? "written")")
        #expect(text?.contains("write edges, ncol") == true, "\(text ?? "written")")
        let small = try TopologyGenerator.generate(.ring(agents: 3)).document
            .topology(source: "ring")
        #expect(message { _ = try TopologyExporter.export(small, format: .csv) } == nil)
    }

    @Test("directed Watts–Strogatz is refused in its own terms")
    func wattsStrogatzDirected() {
        let text = generate(
            .wattsStrogatz(agents: 10, neighbours: 2, rewiring: 0.1), directed: true)
        #expect(text?.hasPrefix("the Watts–Strogatz generator") == true, "\(text ?? "drawn")")
        #expect(text?.contains("Barabási") == false, "\(text ?? "drawn")")
    }

    @Test("given star weights write the hub's self-weight as 0.2")
    func starSelfWeight() throws {
        let generated = try TopologyGenerator.generate(
            .star(agents: 5), options: TopologyGenerator.Options(weightRule: .given))
        let text = try generated.document.text()
        #expect(text.contains("\n1 1 0.2\n"), "\(text)")
        #expect(!text.contains("0000000"), "\(text)")
        _ = try Topology.parse(text, file: "star.edges")
    }

    @Test("a CSV weight of 1e400 is out of range, not 'not a number'")
    func csvOutOfRange() {
        let text = message {
            _ = try TopologyImporter.document(
                bytes: Array("a,b\n0,1e400\n1,0\n".utf8), format: .csv, source: "big.csv")
        }
        #expect(text?.hasPrefix("big.csv:2: `1e400` is out of range") == true, "\(text ?? "read")")
    }

    @Test("an NCOL weight `nan` is not a number, not a missing weight")
    func ncolNaN() {
        let path = Fixture.path("nan-weight.ncol")
        let text = message {
            _ = try TopologyImporter.read(
                path: path, options: TopologyImporter.Options(directed: true))
        }
        #expect(text?.contains("edge b – a is not a number (`nan`)") == true, "\(text ?? "read")")
        #expect(text?.contains("no weight") == false, "\(text ?? "read")")
    }

    @Test("weights whose sum overflows give one message under --normalize")
    func normalizeNonFinite() {
        // libigraph's readers refuse subnormal numbers such as 1e-310 themselves.
        for weight in ["1e308", "1.5e308"] {
            let body = "a b \(weight)\nc b \(weight)\nb a 1\na a 1\nc c 1\n"
            let text = message {
                let folder = try Fixture.scratchFolder()
                defer { try? FileManager.default.removeItem(atPath: folder) }
                let path = folder + "/w.ncol"
                try Data(body.utf8).write(to: URL(fileURLWithPath: path))
                _ = try TopologyImporter.read(
                    path: path, options: TopologyImporter.Options(directed: true, normalize: true))
            }
            #expect(
                text?.contains("weights into agent b cannot be normalized") == true,
                "\(weight): \(text ?? "read")")
            #expect(text?.contains("divided by") == false, "\(weight): \(text ?? "read")")
            #expect(text?.contains("\n") == false, "one message: \(text ?? "read")")
        }
    }

    @Test("libigraph's Pajek error has a reason")
    func pajekReason() {
        let text = message {
            _ = try TopologyImporter.read(path: Fixture.path("out-of-range.net"))
        }
        let reason = text?.components(separatedBy: "invalid pajek file: ").last ?? ""
        #expect(reason.count > 10, "\(text ?? "read")")
    }
}
