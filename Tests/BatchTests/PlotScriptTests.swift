import Foundation
import Testing

/// True when Debian's /usr/bin/python3 has matplotlib and numpy, which the plot scripts need.
private let matplotlibAvailable: Bool = {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"),
        let work = try? TemporaryFolder(),
        let result = try? Command.run(
            "/usr/bin/python3", ["-c", "import matplotlib, numpy"], in: work.url, timeout: 60)
    else {
        return false
    }
    work.remove()
    return result.status == 0
}()

extension BatchCommandSuite {
    /// The plot scripts on the index of a small sweep with two numeric axes.
    @Suite(
        "Plot scripts",
        .enabled(
            if: matplotlibAvailable,
            "/usr/bin/python3 lacks matplotlib or numpy; install python3-matplotlib and python3-numpy"
        ))
    struct PlotScriptTests {
        @Test("each script writes PNG and PDF")
        func scriptsWriteFigures() throws {
            let work = try TemporaryFolder()
            defer { work.remove() }
            let folder = work.path("grid2")
            let run = try Hearsay.run(
                ["batch", try Fixture.path("sweeps/grid2.yaml"), "--output", folder],
                in: work.url)
            #expect(run.status == 0, "standard error: \(run.standardError)")

            let plots: [(script: String, arguments: [String])] = [
                ("plot_trajectories.py", [folder, "--run", "1"]),
                (
                    "plot_sweep.py",
                    [folder, "--parameter", "update.step_size", "--group", "likelihood.std"]
                ),
                ("plot_heatmap.py", [folder, "--x", "update.step_size", "--y", "likelihood.std"]),
            ]
            for (script, arguments) in plots {
                let prefix = work.path((script as NSString).deletingPathExtension)
                let result = try Command.run(
                    "/usr/bin/python3",
                    [Fixture.shipped("scripts/\(script)")] + arguments + ["--output", prefix],
                    in: work.url)
                #expect(result.status == 0, "\(script): \(result.standardError)")
                #expect(result.standardOutput == "\(prefix).png\n\(prefix).pdf\n", "\(script)")
                let png = FileManager.default.contents(atPath: prefix + ".png") ?? Data()
                #expect(png.count > 10_000, "\(script): PNG of \(png.count) bytes")
                #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(script): not a PNG")
                let pdf = FileManager.default.contents(atPath: prefix + ".pdf") ?? Data()
                #expect(pdf.starts(with: Array("%PDF".utf8)), "\(script): not a PDF")
            }
        }

        @Test("unknown parameter is rejected")
        func unknownParameterRejected() throws {
            let work = try TemporaryFolder()
            defer { work.remove() }
            let folder = work.path("grid2")
            let run = try Hearsay.run(
                ["batch", try Fixture.path("sweeps/grid2.yaml"), "--output", folder],
                in: work.url)
            #expect(run.status == 0, "standard error: \(run.standardError)")
            let result = try Command.run(
                "/usr/bin/python3",
                [Fixture.shipped("scripts/plot_sweep.py"), folder, "--parameter", "rounds"],
                in: work.url)
            #expect(result.status == 2, "invalid input exits 2, as the CLI does")
            #expect(result.standardError.contains("`rounds` is not a swept parameter"))
            #expect(result.standardError.contains("likelihood.std, update.step_size"))
            let notIndex = work.path("not-an-index.sqlite")
            try Data("plain text".utf8).write(to: URL(fileURLWithPath: notIndex))
            let scripts: [(String, [String])] = [
                ("plot_sweep.py", [notIndex, "--parameter", "update.step_size"]),
                ("plot_heatmap.py", [work.path("missing"), "--x", "a", "--y", "b"]),
                ("plot_trajectories.py", [work.path("missing"), "--run", "1"]),
            ]
            for (script, arguments) in scripts {
                let bad = try Command.run(
                    "/usr/bin/python3", [Fixture.shipped("scripts/\(script)")] + arguments,
                    in: work.url)
                #expect(bad.status == 2, "\(script): \(bad.standardError)")
                #expect(!bad.standardError.contains("Traceback"), "\(script)")
            }
        }
    }
}
