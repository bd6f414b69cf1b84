import Foundation

/// The Slurm files that run a sweep as a job array: `array.sbatch` (task K of N runs shard
/// K/N into its own index under `shards/`), `merge.sbatch` (folds the shard indexes into
/// `index.sqlite`) and `submit.sh` (submits both, the merge after the array).
///
/// Every path in them is absolute, so the binary, the sweep and the batch folder must be on
/// a file system that every node mounts at the same place.
public struct SlurmScript: Sendable {
    /// The `hearsay` binary the tasks run.
    public var executable: String
    /// The sweep file, absolute.
    public var sweepPath: String
    /// The batch folder, absolute.
    public var folder: String
    public var sweepName: String
    /// Array tasks, each running one shard.
    public var tasks: Int
    /// CPUs per task; each task runs this many runs at a time.
    public var cpusPerTask: Int
    public var engine: Engine
    /// `--time` for each task (e.g. `02:00:00`), or nil for the partition's default.
    public var time: String?
    /// `--partition`, or nil for the cluster's default.
    public var partition: String?

    public init(
        executable: String, sweepPath: String, folder: String, sweepName: String, tasks: Int,
        cpusPerTask: Int, engine: Engine
    ) {
        self.executable = executable
        self.sweepPath = sweepPath
        self.folder = folder
        self.sweepName = sweepName
        self.tasks = tasks
        self.cpusPerTask = cpusPerTask
        self.engine = engine
    }

    /// The folder the scripts and the task logs go in.
    public var scriptFolder: String {
        (folder as NSString).appendingPathComponent("slurm")
    }

    /// The command one array task runs; `task` is the shell text of its number.
    public func taskArguments(task: String) -> [String] {
        [
            executable, "batch", sweepPath, "--output", folder, "--resume",
            "--shard", "\(task)/\(tasks)", "--jobs", "${SLURM_CPUS_PER_TASK:-1}",
            "--engine", engine.rawValue,
        ]
    }

    /// The job-array script.
    public var arrayScript: String {
        var lines = [
            "#!/bin/bash",
            "# Job array for the Hearsay sweep `\(sweepName)`: task K of \(tasks) runs shard",
            "# K/\(tasks) of the sweep into \(folder)/shards/shard-K-of-\(tasks).sqlite and",
            "# the run folders under \(folder)/runs. A requeued task resumes where it stopped.",
            "#SBATCH --job-name=\(jobName)",
            "#SBATCH --array=0-\(tasks - 1)",
            "#SBATCH --ntasks=1",
            "#SBATCH --cpus-per-task=\(cpusPerTask)",
            "#SBATCH --output=\(scriptFolder)/task-%A-%a.log",
            "#SBATCH --requeue",
        ]
        lines += sbatchOptions
        lines += [
            "set -euo pipefail",
            ": \"${SLURM_ARRAY_TASK_ID:?run this script with sbatch, or set SLURM_ARRAY_TASK_ID}\"",
            "exec " + shellLine(taskArguments(task: "${SLURM_ARRAY_TASK_ID}")),
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The merge job's script.
    public var mergeScript: String {
        var lines = [
            "#!/bin/bash",
            "# Merges the shard indexes of the sweep `\(sweepName)` into \(folder)/index.sqlite.",
            "#SBATCH --job-name=\(jobName)-merge",
            "#SBATCH --ntasks=1",
            "#SBATCH --cpus-per-task=1",
            "#SBATCH --output=\(scriptFolder)/merge-%j.log",
        ]
        lines += sbatchOptions
        lines += [
            "set -euo pipefail",
            "exec " + shellLine([executable, "batch", "merge", folder]),
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The script that submits the array, then the merge once every task has ended.
    public var submitScript: String {
        """
        #!/bin/bash
        # Submits the job array of the sweep `\(sweepName)`, then its merge job, which starts
        # when every task has ended (afterany: a failed task leaves its runs unfinished, and
        # a later run of this script resumes them).
        set -euo pipefail
        cd \(RunExecutor.shellQuoted(scriptFolder))
        array=$(sbatch --parsable array.sbatch)
        array=${array%%;*}
        merge=$(sbatch --parsable --dependency=afterany:"$array" merge.sbatch)
        echo "submitted job array $array (\(tasks) tasks) and merge job ${merge%%;*}"

        """
    }

    /// Writes the three scripts into `scriptFolder` and returns their paths.
    public func write() throws -> [String] {
        do {
            try FileManager.default.createDirectory(
                atPath: scriptFolder, withIntermediateDirectories: true)
        } catch {
            throw BatchError.cannotWrite(path: scriptFolder, reason: "cannot create the folder")
        }
        var paths: [String] = []
        for (name, text) in [
            ("array.sbatch", arrayScript), ("merge.sbatch", mergeScript),
            ("submit.sh", submitScript),
        ] {
            let path = (scriptFolder as NSString).appendingPathComponent(name)
            try BatchRunner.writeAtomically(text, to: path)
            chmod(path, 0o755)
            paths.append(path)
        }
        return paths
    }

    private var jobName: String {
        let safe = sweepName.unicodeScalars.map { character -> String in
            switch character {
            case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".": return String(character)
            default: return "_"
            }
        }
        return "hearsay-" + safe.joined()
    }

    private var sbatchOptions: [String] {
        var lines: [String] = []
        if let time {
            lines.append("#SBATCH --time=\(time)")
        }
        if let partition {
            lines.append("#SBATCH --partition=\(partition)")
        }
        return lines
    }

    /// Quotes each argument for the shell, leaving `${…}` expansions to the shell.
    private func shellLine(_ arguments: [String]) -> String {
        arguments.map { argument in
            argument.contains("${") ? "\"\(argument)\"" : RunExecutor.shellQuoted(argument)
        }.joined(separator: " ")
    }
}
