import Batch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `hearsay batch SWEEP …` and its `export`, `merge` and `status` subcommands.
enum BatchCommand {
    static let help = """
        usage: hearsay batch SWEEP [--output DIR] [--jobs N] [--engine in-process|processes]
                                   [--resume] [--retry-failed] [--shard K/N] [--dry-run]
               hearsay batch SWEEP --emit-slurm [--tasks N] [--cpus-per-task N]
                                   [--time HH:MM:SS] [--partition NAME] [--output DIR]
               hearsay batch export DIR [--output FILE] [--columns NAME,NAME,…]
               hearsay batch merge DIR
               hearsay batch status DIR

        Runs every run of a sweep file (a base scenario, a grid of overrides and a number of
        repetitions; see docs/batch.md) into DIR (default runs/<sweep name>): one run
        folder per run under DIR/runs, and one row per run in DIR/index.sqlite, committed
        as each run starts and ends.

          --jobs N          runs at the same time (default: the number of cores, here \(
                                ProcessInfo.processInfo.activeProcessorCount))
          --engine E        in-process (default) runs each run on a thread of this process;
                            processes starts `hearsay run` (one process per agent) per run
          --resume          continue DIR: skip finished runs, rerun unfinished ones
          --retry-failed    with --resume, rerun failed runs too
          --shard K/N       run only task K of N (from 0), into DIR/shards/
          --dry-run         list the runs with their keys, seeds and folders, check each
                            run's scenario, and run nothing
          --emit-slurm      write DIR/slurm/{array.sbatch,merge.sbatch,submit.sh} to run the
                            sweep as a Slurm job array of --tasks tasks (default: runs, at
                            most 32) with --cpus-per-task CPUs each (default 1); run nothing

        Ctrl-C (SIGINT) or SIGTERM stops handing out runs and waits for the runs in progress;
        a second one abandons them (they rerun on --resume).

        export writes the index as CSV (to standard output, or --output FILE), one column per
        swept parameter; merge folds DIR/shards/*.sqlite into DIR/index.sqlite; status
        prints the number of runs per status.

        Exit status: 0 every run completed, 1 some runs failed (recorded in the index),
        2 invalid input, 130 interrupted.
        """

    static func run(_ arguments: [String]) -> Int32 {
        switch arguments.first {
        case "export": return export(Array(arguments.dropFirst()))
        case "merge": return merge(Array(arguments.dropFirst()))
        case "status": return status(Array(arguments.dropFirst()))
        default: return sweep(arguments)
        }
    }

    // MARK: - Running a sweep

    private static func sweep(_ arguments: [String]) -> Int32 {
        let parsed: Arguments
        switch Arguments.read(
            arguments,
            valued: [
                "output", "jobs", "engine", "shard", "tasks", "cpus-per-task", "time",
                "partition",
            ], flags: ["resume", "retry-failed", "dry-run", "emit-slurm"], help: help,
            file: "sweep file")
        {
        case .proceed(let arguments): parsed = arguments
        case .exit(let status): return status
        }
        guard parsed.overrides.isEmpty else {
            Console.error(
                "hearsay batch takes no key=value overrides (found `\(parsed.overrides[0])`); "
                    + "put them under `set` in the sweep file")
            return 2
        }
        let sweep: Sweep
        let options: BatchOptions
        do {
            sweep = try Sweep.load(path: parsed.positionals[0])
            options = try batchOptions(parsed)
        } catch {
            Console.error("\(error)")
            return 2
        }
        if let problem = sweep.sharedProblem() {
            Console.error(
                "every run of \(sweep.file) would fail with the same error, so nothing runs:\n"
                    + "\(problem)\nfix the key or value in the sweep (`set`, `grid`, `zip` or "
                    + "`cases`) or in the base scenario")
            return 2
        }
        let folder = parsed.options["output"] ?? "runs/\(sweep.name)"
        if parsed.flags.contains("dry-run") {
            return dryRun(sweep, folder: folder, shard: options.shard)
        }
        if parsed.flags.contains("emit-slurm") {
            return emitSlurm(sweep, folder: folder, parsed: parsed, engine: options.engine)
        }
        let runner: BatchRunner
        do {
            runner = try BatchRunner(sweep: sweep, folder: folder, options: options)
        } catch let error as BatchError {
            Console.error("\(error)")
            if case .cannotWrite = error { return 1 }
            if case .index = error { return 1 }
            return 2
        } catch {
            Console.error("\(error)")
            return 1
        }
        return execute(runner)
    }

    private static func batchOptions(_ parsed: Arguments) throws -> BatchOptions {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        var options = BatchOptions(jobs: try parsed.integer("jobs") ?? cores)
        guard options.jobs >= 1 else {
            throw Arguments.UsageError(
                description: "option --jobs expects a whole number ≥ 1, found \(options.jobs)")
        }
        if let name = parsed.options["engine"] {
            guard let engine = Engine(rawValue: name) else {
                throw Arguments.UsageError(
                    description: "invalid --engine `\(name)`; expected in-process or processes")
            }
            options.engine = engine
        }
        options.resume = parsed.flags.contains("resume")
        options.retryFailed = parsed.flags.contains("retry-failed")
        if options.retryFailed && !options.resume {
            throw Arguments.UsageError(description: "--retry-failed needs --resume")
        }
        if let text = parsed.options["shard"] {
            options.shard = try Shard(parsing: text)
        }
        if options.engine == .processes {
            options.executable = try FileManager.default.destinationOfSymbolicLink(
                atPath: "/proc/self/exe")
        }
        return options
    }

    private static func execute(_ runner: BatchRunner) -> Int32 {
        let sweep = runner.sweep
        let live = isatty(2) == 1
        var shape = sweep.axes.map { "\($0.points.count)" }
        shape.append("\(sweep.repetitions) repetitions")
        var start =
            "batch `\(sweep.name)`: \(runner.plan.count) runs (\(shape.joined(separator: " × ")))"
        if let shard = runner.options.shard {
            start += " in shard \(shard.index)/\(shard.count)"
        }
        start +=
            ", \(runner.options.jobs) jobs, \(runner.options.engine.rawValue) engine; "
            + "\(runner.plan.count - runner.pending.count) finished before, "
            + "\(runner.pending.count) to run; index \(runner.index.path)"
        Console.writeError("hearsay: \(start)\n")
        if runner.strayRows > 0 {
            Console.warning(
                "\(runner.strayRows) rows of the index are not runs of this sweep any more "
                    + "(its grid or repetitions changed); they stay in the index")
        }
        if runner.missingSummaries > 0 {
            Console.warning(
                "\(runner.missingSummaries) completed runs have no summary.json; they run again")
        }
        BatchSignals.install()
        var display = ProgressDisplay(live: live, write: Console.writeError)
        let report = runner.run(interrupts: { BatchSignals.count }) { event in
            display.show(event)
        }
        display.finish()
        return conclude(report, runner: runner)
    }

    private static func conclude(_ report: BatchReport, runner: BatchRunner) -> Int32 {
        let progress = report.progress
        if let error = report.indexError {
            Console.error("the index failed, so the batch stopped: \(error)")
        }
        var summary =
            "\(progress.done) of \(progress.total) runs finished (\(progress.failedTotal) "
            + "failed); this time \(progress.completed) completed and \(progress.failed) failed "
            + "in \(BatchProgress.duration(progress.elapsed))"
        if report.abandoned > 0 {
            summary += ", \(report.abandoned) abandoned"
        }
        Console.writeError("hearsay: \(summary)\n")
        if report.interrupted || report.indexError != nil {
            var command = "hearsay batch \(runner.sweep.file) --output \(runner.folder) --resume"
            if let shard = runner.options.shard {
                command += " --shard \(shard.index)/\(shard.count)"
            }
            Console.writeError(
                "hearsay: \(report.notStarted + report.abandoned) runs are unfinished; "
                    + "continue with: \(command)\n")
            return report.interrupted ? 130 : 1
        }
        return progress.failedTotal > 0 ? 1 : 0
    }

    private static func dryRun(_ sweep: Sweep, folder: String, shard: Shard?) -> Int32 {
        var invalid = 0
        print("run\tkey\tseed\tfolder")
        for run in sweep.plan() where shard?.contains(run) ?? true {
            print("\(run.index)\t\(run.key)\t\(run.seed)\t\(folder)/\(run.folder)")
            if let problem = sweep.problem(in: run) {
                invalid += 1
                print("\tinvalid: \(problem)")
            }
        }
        if invalid > 0 {
            Console.warning("\(invalid) runs have an invalid scenario; they would fail")
            return 1
        }
        return 0
    }

    private static func emitSlurm(
        _ sweep: Sweep, folder: String, parsed: Arguments, engine: Engine
    ) -> Int32 {
        do {
            let runs = sweep.runCount
            let tasks = try parsed.integer("tasks") ?? min(runs, 32)
            let cpus = try parsed.integer("cpus-per-task") ?? 1
            guard tasks >= 1, cpus >= 1 else {
                throw Arguments.UsageError(
                    description: "--tasks and --cpus-per-task expect whole numbers ≥ 1")
            }
            let current = FileManager.default.currentDirectoryPath
            let absolute = { (path: String) -> String in
                path.hasPrefix("/")
                    ? path
                    : ((current as NSString).appendingPathComponent(path) as NSString)
                        .standardizingPath
            }
            var script = SlurmScript(
                executable: try FileManager.default.destinationOfSymbolicLink(
                    atPath: "/proc/self/exe"),
                sweepPath: absolute(sweep.file), folder: absolute(folder),
                sweepName: sweep.name, tasks: tasks, cpusPerTask: cpus, engine: engine)
            script.time = parsed.options["time"]
            script.partition = parsed.options["partition"]
            for path in try script.write() {
                print(path)
            }
            Console.writeError(
                "hearsay: wrote a job array of \(tasks) tasks for \(runs) runs; submit it with "
                    + "\(script.scriptFolder)/submit.sh on the cluster\n")
            return 0
        } catch let error as Arguments.UsageError {
            Console.error("\(error)")
            return 2
        } catch {
            Console.error("\(error)")
            return 1
        }
    }

    // MARK: - Subcommands on a batch folder

    private static func export(_ arguments: [String]) -> Int32 {
        let parsed: Arguments
        do {
            parsed = try Arguments(arguments, valued: ["output", "columns"], flags: ["help"])
        } catch {
            Console.error("\(error)\n\(help)")
            return 2
        }
        if parsed.flags.contains("help") {
            print(help)
            return 0
        }
        guard parsed.positionals.count == 1, let index = openIndex(parsed.positionals[0]) else {
            if parsed.positionals.count != 1 {
                Console.error("expected one batch folder\n\(help)")
            }
            return 2
        }
        do {
            let columns = parsed.options["columns"].map {
                $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            }
            let text = try CSVExport.render(try index.rows(), columns: columns)
            if let output = parsed.options["output"] {
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: output))
                } catch {
                    Console.error("cannot write \(output): \(error.localizedDescription)")
                    return 1
                }
            } else {
                print(text, terminator: "")
            }
            return 0
        } catch let error as BatchError {
            Console.error("\(error)")
            if case .unknownColumn = error { return 2 }
            return 1
        } catch {
            Console.error("\(error)")
            return 1
        }
    }

    private static func merge(_ arguments: [String]) -> Int32 {
        guard arguments.count == 1, !arguments[0].hasPrefix("-") else {
            Console.error("expected one batch folder\n\(help)")
            return 2
        }
        do {
            let (shards, rows) = try ResultIndex.mergeShards(folder: arguments[0])
            guard shards > 0 else {
                Console.error("\(arguments[0])/shards holds no shard index (*.sqlite) to merge")
                return 2
            }
            Console.writeError(
                "hearsay: merged \(shards) shard indexes into \(arguments[0])/index.sqlite "
                    + "(\(rows) rows added or updated)\n")
            return 0
        } catch {
            Console.error("\(error)")
            return 1
        }
    }

    private static func status(_ arguments: [String]) -> Int32 {
        guard arguments.count == 1, !arguments[0].hasPrefix("-"),
            let index = openIndex(arguments[0])
        else {
            if arguments.count != 1 {
                Console.error("expected one batch folder\n\(help)")
            }
            return 2
        }
        do {
            let counts = try index.counts()
            let meta = try index.metadata()
            let planned = meta["planned_runs"] ?? "?"
            print("sweep: \(meta["sweep"] ?? "?")")
            print("planned: \(planned)")
            for status in RunRow.Status.allCases {
                print("\(status.rawValue): \(counts[status] ?? 0)")
            }
            return 0
        } catch {
            Console.error("\(error)")
            return 1
        }
    }

    /// Opens DIR/index.sqlite (or an index file given directly) read-only.
    private static func openIndex(_ path: String) -> ResultIndex? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            Console.error("no batch folder or index at \(path)")
            return nil
        }
        let file =
            isFolder.boolValue ? (path as NSString).appendingPathComponent("index.sqlite") : path
        guard FileManager.default.fileExists(atPath: file) else {
            Console.error(
                "\(path) has no index.sqlite; for a cluster batch run `hearsay batch merge "
                    + "\(path)` first")
            return nil
        }
        do {
            return try ResultIndex(path: file, readOnly: true)
        } catch {
            Console.error("\(error)")
            return nil
        }
    }
}
