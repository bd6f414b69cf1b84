import Foundation
import Scenario
import SocialLearning
import Testing
import Topology

/// JSON scenarios use the YAML schema: each shipped scenario has a JSON twin in
/// `Fixtures/json` that must decode to the same model.
struct JSONScenarioTests {
    static let shippedNames = [
        "categorical10", "gaussian10-adaptive", "gaussian10", "karate-drift", "quickstart",
        "ring8-faults",
    ]

    @Test("JSON twin decodes like YAML", arguments: shippedNames)
    func jsonTwinDecodesLikeYAML(name: String) throws {
        let yaml = try Scenario.load(path: Fixture.shipped("scenarios/\(name).yaml"))
        // The twin is parsed as if it sat next to the YAML file, so that its relative
        // topology path points at the same shipped topology.
        let json = try Scenario.parse(
            Fixture.text("json/\(name).json"), file: Fixture.shipped("scenarios/\(name).json"))

        #expect(json.name == yaml.name)
        #expect(json.topologyPath == yaml.topologyPath)
        #expect(json.topology == yaml.topology)
        #expect(json.hypotheses == yaml.hypotheses)
        #expect(json.model == yaml.model)
        #expect(json.rounds == yaml.rounds)
        #expect(json.reportEvery == yaml.reportEvery)
        #expect(json.convergence == yaml.convergence)
        #expect(json.logBeliefs == yaml.logBeliefs)
        #expect(json.faults == yaml.faults)
        #expect(json.runtime == yaml.runtime)
    }

    @Test("JSON twins cover every shipped scenario")
    func jsonTwinsCoverShippedScenarios() throws {
        let shipped = try FileManager.default.contentsOfDirectory(
            atPath: Fixture.shipped("scenarios")
        ).filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
        #expect(shipped == Self.shippedNames.sorted())
    }

    @Test("JSON unknown key names key and line")
    func jsonUnknownKey() {
        let text = """
            {
              "topology": "net.edges",
              "hypotheses": ["calm", "storm"],
              "truth": "calm",
              "likelihood": {"family": "gaussian", "means": [0, 1], "std": 1, "sd": 2},
              "rounds": 10
            }
            """
        #expect(
            scenarioError(text, file: "s.json")
                == "/work/study/s.json:5: `likelihood.sd`: unknown key; valid keys here are "
                + "`family`, `means`, `std`, `variance`")
    }

    /// Invalid JSON and the exact message, with line and column, that it is rejected with.
    static let syntaxErrors: [(String, String)] = [
        (
            "{\"rounds\": 10,, }",
            "s.json:1:15: invalid syntax: expected a key in double quotes, found `,`"
        ),
        (
            "{\n  \"rounds\": 10\n  \"seed\": 1\n}",
            "s.json:3:3: invalid syntax: expected `,` or `}` after the value of \"rounds\", "
                + "found `\"`; is a comma missing at the end of line 2?"
        ),
        (
            "{\"means\": [0, 1,]}",
            "s.json:1:17: invalid syntax: expected a value after `,`, found `]`; JSON allows "
                + "no comma before `]`"
        ),
        (
            "{\"name\": 'x'}",
            "s.json:1:10: invalid syntax: expected a value (an object, list, string, number, "
                + "true, false or null), found `'`"
        ),
        (
            "{\"rounds\": 010}",
            "s.json:1:12: invalid syntax: invalid number `010`; write a JSON number such as 12, "
                + "0.25 or 1e-3 (no leading zeros)"
        ),
        (
            "{\"rounds\": ten}",
            "s.json:1:12: invalid syntax: expected a value, found `ten`; text must be written "
                + "in double quotes, and the only bare words are true, false and null"
        ),
        (
            "{\"name\": \"café}",
            "s.json:1:10: invalid syntax: the string that starts here has no closing `\"`"
        ),
        (
            "{\"a\": 1} {\"b\": 2}",
            "s.json:1:10: invalid syntax: unexpected `{` after the end of the JSON value; a "
                + "JSON file holds one object"
        ),
        (
            "{\"é\": \"\\x\"}",
            "s.json:1:8: invalid syntax: invalid escape \\x; JSON allows \\\", \\\\, \\/, "
                + "\\b, \\f, \\n, \\r, \\t and \\uXXXX"
        ),
    ]

    @Test("JSON syntax errors", arguments: syntaxErrors)
    func jsonSyntaxErrors(text: String, message: String) {
        #expect(scenarioError(text, file: "s.json") == "/work/study/\(message)")
    }

    @Test("JSON escapes decoded")
    func jsonEscapesDecoded() throws {
        let text = """
            {"name": "caf\\u00e9 \\ud83c\\udf0a \\"q\\" a\\/b", "topology": "net.edges",
             "hypotheses": ["calm", "storm"], "truth": "calm",
             "likelihood": {"family": "gaussian", "means": [0, 1e0], "std": 1}, "rounds": 10}
            """
        let scenario = try decodeScenario(text, file: "s.json")
        #expect(scenario.name == "café 🌊 \"q\" a/b")
    }

    @Test("JSON collection takes its key's line")
    func jsonCollectionLine() {
        let text = """
            {
              "topology": "net.edges",
              "hypotheses": ["calm", "storm"],
              "truth": "calm",
              "likelihood":
                {"family": "gaussian", "means": [0, 1]},
              "rounds": 10
            }
            """
        #expect(
            scenarioError(text, file: "s.json")
                == "/work/study/s.json:5: `likelihood.std`: missing; expected `std` (a number, "
                + "or one per hypothesis) or `variance`")
    }

    @Test("JSON text is not YAML")
    func jsonTextIsNotYAML() {
        // Valid YAML, but not JSON: the `.json` name makes it JSON.
        let message = scenarioError(baseScenario, file: "s.json")
        #expect(message?.hasPrefix("/work/study/s.json:1:1: invalid syntax: ") == true)
    }

    @Test("JSON string is not a number")
    func jsonStringIsNotNumber() {
        let text = """
            {"topology": "net.edges", "hypotheses": ["calm", "storm"], "truth": "calm",
             "likelihood": {"family": "gaussian", "means": [0, 1], "std": 1}, "rounds": 10,
             "seed": "7"}
            """
        let message = scenarioError(text, file: "s.json")
        #expect(
            message?.hasPrefix("/work/study/s.json:3: `seed`: expected a whole number") == true)
    }
}
