import Batch
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension BatchCommandSuite {
    /// `--emit-slurm`: the scripts it writes, and their array tasks run locally in parallel.
    @Suite("Slurm job array")
    struct SlurmTests {
        @Test("array tasks run locally")
        func arrayTasksRunLocally() throws {
            let work = try TemporaryFolder()
            defer { work.remove() }
            let sweep = try Fixture.path("sweeps/grid2.yaml")
            let folder = work.path("cluster")
            let emit = try Hearsay.run(
                [
                    "batch", sweep, "--output", folder, "--emit-slurm", "--tasks", "3",
                    "--cpus-per-task", "2", "--time", "00:10:00", "--partition", "short",
                ], in: work.url)
            #expect(emit.status == 0, "standard error: \(emit.standardError)")
            let scripts = (folder as NSString).appendingPathComponent("slurm")
            let names = ["array.sbatch", "merge.sbatch", "submit.sh"]
            #expect(
                emit.standardOutput.split(separator: "\n").map(String.init)
                    == names.map { (scripts as NSString).appendingPathComponent($0) })
            #expect(
                !FileManager.default.fileExists(
                    atPath: (folder as NSString).appendingPathComponent("index.sqlite")),
                "--emit-slurm runs nothing")

            let array = try String(
                contentsOfFile: (scripts as NSString).appendingPathComponent("array.sbatch"),
                encoding: .utf8)
            for line in [
                "#!/bin/bash", "#SBATCH --array=0-2", "#SBATCH --cpus-per-task=2",
                "#SBATCH --time=00:10:00", "#SBATCH --partition=short", "#SBATCH --requeue",
                "#SBATCH --output=\(scripts)/task-%A-%a.log",
            ] {
                #expect(array.split(separator: "\n").contains { $0 == line }, "no line \(line)")
            }
            let binary = try Hearsay.path
            #expect(
                array.contains(
                    "exec \(binary) batch \(sweep) --output \(folder) --resume --shard "
                        + "\"${SLURM_ARRAY_TASK_ID}/3\" --jobs \"${SLURM_CPUS_PER_TASK:-1}\" "
                        + "--engine in-process"),
                "array.sbatch:\n\(array)")
            for name in names {
                let path = (scripts as NSString).appendingPathComponent(name)
                #expect(FileManager.default.isExecutableFile(atPath: path), "\(name)")
            }

            let missing = try Command.run(
                "/bin/bash", [(scripts as NSString).appendingPathComponent("array.sbatch")],
                in: work.url)
            #expect(missing.status != 0)
            #expect(missing.standardError.contains("SLURM_ARRAY_TASK_ID"))

            // The three tasks at once, as the array would start them on three nodes.
            let tasks = try (0..<3).map { task in
                try Command(
                    "/bin/bash", [(scripts as NSString).appendingPathComponent("array.sbatch")],
                    in: work.url,
                    environment: ["SLURM_ARRAY_TASK_ID": "\(task)", "SLURM_CPUS_PER_TASK": "1"])
            }
            for (task, command) in tasks.enumerated() {
                let result = try command.wait()
                #expect(result.status == 0, "task \(task): \(result.standardError)")
                #expect(result.standardError.contains("in shard \(task)/3"))
            }
            let shards = try FileManager.default.contentsOfDirectory(
                atPath: (folder as NSString).appendingPathComponent("shards")
            ).filter { $0.hasSuffix(".sqlite") }.sorted()
            #expect(shards == (0..<3).map { "shard-\($0)-of-3.sqlite" })

            let merge = try Command.run(
                "/bin/bash", [(scripts as NSString).appendingPathComponent("merge.sbatch")],
                in: work.url)
            #expect(merge.status == 0, "standard error: \(merge.standardError)")
            #expect(merge.standardError.contains("merged 3 shard indexes"))

            let direct = work.path("direct")
            let reference = try Hearsay.run(["batch", sweep, "--output", direct], in: work.url)
            #expect(reference.status == 0, "standard error: \(reference.standardError)")
            let expected = try BatchIndex.results(direct)
            let found = try BatchIndex.results(folder)
            #expect(found.count == 8)
            #expect(found == expected, "the merged index differs from a direct run")
            let status = try Hearsay.run(["batch", "status", folder], in: work.url)
            #expect(status.standardOutput.contains("planned: 8"))
            #expect(status.standardOutput.contains("completed: 8"))
        }

        @Test("submit script chains the merge")
        func submitChainsMerge() throws {
            let work = try TemporaryFolder()
            defer { work.remove() }
            let sweep = try Fixture.path("sweeps/grid2.yaml")
            let folder = work.path("cluster")
            let emit = try Hearsay.run(
                ["batch", sweep, "--output", folder, "--emit-slurm"], in: work.url)
            #expect(emit.status == 0, "standard error: \(emit.standardError)")
            let array = try String(
                contentsOfFile: folder + "/slurm/array.sbatch", encoding: .utf8)
            #expect(array.contains("#SBATCH --array=0-7"), "one task per run when runs ≤ 32")

            // A stand-in sbatch that records its arguments and prints a job id.
            let bin = work.path("bin")
            try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
            let calls = work.path("calls")
            let fake = try work.write(
                """
                #!/bin/bash
                echo "$PWD $*" >> \(calls)
                count=$(wc -l < \(calls))
                echo "$((100 + count));cluster"
                """, to: "bin/sbatch")
            chmod(fake, 0o755)
            let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
            let submit = try Command.run(
                "/bin/bash", [folder + "/slurm/submit.sh"], in: work.url,
                environment: ["PATH": "\(bin):\(path)"])
            #expect(submit.status == 0, "standard error: \(submit.standardError)")
            #expect(
                submit.standardOutput.contains(
                    "submitted job array 101 (8 tasks) and merge job 102"))
            let recorded = try String(contentsOfFile: calls, encoding: .utf8)
                .split(separator: "\n").map(String.init)
            #expect(
                recorded == [
                    "\(folder)/slurm --parsable array.sbatch",
                    "\(folder)/slurm --parsable --dependency=afterany:101 merge.sbatch",
                ])
        }
    }
}
