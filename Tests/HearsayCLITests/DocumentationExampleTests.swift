import Foundation
import Testing

/// One example file of a format document: a fenced block after a line
/// `<!-- example: NAME [invalid] [key=value …] -->`.
struct DocumentationExample: Sendable, CustomTestStringConvertible {
    /// The document, e.g. `docs/topology-format.md`.
    var document: String
    /// The file name the example is saved under.
    var name: String
    var text: String
    /// Arguments passed to `hearsay validate` after the file, such as overrides.
    var arguments: [String]
    /// True when the example shows an invalid file; the next fenced block is then the exact
    /// standard error.
    var isInvalid: Bool
    var expectedError: String?

    var testDescription: String { "\(document): \(name)" }

    /// Reads every example of a document under the package root.
    static func examples(in document: String) throws -> [DocumentationExample] {
        let path = Fixture.shipped(document)
        let lines = try String(contentsOfFile: path, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var examples: [DocumentationExample] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            index += 1
            guard line.hasPrefix("<!-- example: "), line.hasSuffix(" -->") else { continue }
            let words = line.dropFirst("<!-- example: ".count).dropLast(" -->".count)
                .split(separator: " ").map(String.init)
            guard let name = words.first, let block = fencedBlock(lines, from: &index) else {
                continue
            }
            let isInvalid = words.contains("invalid")
            examples.append(
                DocumentationExample(
                    document: document, name: name, text: block,
                    arguments: words.dropFirst().filter { $0 != "invalid" },
                    isInvalid: isInvalid,
                    expectedError: isInvalid ? fencedBlock(lines, from: &index) : nil))
        }
        return examples
    }

    /// Returns the content of the next fenced block at or after `index`, and moves `index`
    /// past it.
    private static func fencedBlock(_ lines: [String], from index: inout Int) -> String? {
        while index < lines.count, !lines[index].hasPrefix("```") {
            index += 1
        }
        guard index < lines.count else { return nil }
        index += 1
        var content: [String] = []
        while index < lines.count, !lines[index].hasPrefix("```") {
            content.append(lines[index])
            index += 1
        }
        index += 1
        return content.joined(separator: "\n") + "\n"
    }
}

/// Every example in the format documents is run through `hearsay validate`, so the
/// documents cannot drift from what the code accepts.
struct DocumentationExampleTests {
    static let documents = ["docs/topology-format.md", "docs/scenario-format.md"]

    static var allExamples: [DocumentationExample] {
        documents.flatMap { (try? DocumentationExample.examples(in: $0)) ?? [] }
    }

    @Test("documents have examples", arguments: documents)
    func documentsHaveExamples(document: String) throws {
        let examples = try DocumentationExample.examples(in: document)
        #expect(examples.count >= 5, "\(document) has \(examples.count) examples")
        #expect(
            Set(examples.map(\.name)).count == examples.count, "two examples share a name")
    }

    @Test("documented example validates", arguments: allExamples)
    func exampleValidates(example: DocumentationExample) throws {
        // Examples sit in `examples/`, next to the shipped `topologies/`, as scenarios do.
        let work = try TemporaryFolder()
        defer { work.remove() }
        let folder = work.url.appendingPathComponent("examples")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: work.path("topologies"), withDestinationPath: Fixture.shipped("topologies"))
        try example.text.write(
            to: folder.appendingPathComponent(example.name), atomically: true, encoding: .utf8)

        guard
            let result = try Hearsay.run(
                ["validate", example.name] + example.arguments, in: folder)
        else { return }
        #expect(!result.signalled)
        if example.isInvalid {
            #expect(result.status == 2)
            #expect(result.standardError == example.expectedError)
        } else {
            #expect(result.status == 0, "standard error: \(result.standardError)")
            #expect(result.standardOutput.hasPrefix("\(example.name): valid ("))
        }
    }
}
