import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One process as /proc shows it.
struct ProcessEntry {
    let pid: pid_t
    /// The state letter of /proc/PID/stat: R, S, D, T (stopped), Z (zombie), …
    let state: Character
    let arguments: [String]

    /// Returns the argument that follows `option`, if any.
    func value(after option: String) -> String? {
        guard let position = arguments.firstIndex(of: option), position + 1 < arguments.count
        else { return nil }
        return arguments[position + 1]
    }

    /// The agent index given with `--index`.
    var agentIndex: Int? {
        value(after: "--index").flatMap { Int($0) }
    }
}

/// Reads the process table from /proc, to find the agent processes that a test's own
/// `hearsay run` started. Matches always include the test's own executable path and the
/// launcher's process id or the run id, so no other process is ever picked.
enum ProcessTable {
    /// Every process whose cmdline and stat are readable; zombies have an empty cmdline.
    static func all() -> [ProcessEntry] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else {
            return []
        }
        return names.compactMap { name in
            pid_t(name).flatMap(entry)
        }
    }

    static func entry(_ pid: pid_t) -> ProcessEntry? {
        guard let commandLine = readFile("/proc/\(pid)/cmdline"),
            let stat = readFile("/proc/\(pid)/stat")
        else { return nil }
        // The command name in parentheses may contain spaces; the state follows the last ")".
        let statText = String(decoding: stat, as: UTF8.self)
        guard let close = statText.lastIndex(of: ")") else { return nil }
        let rest = statText[statText.index(after: close)...].drop { $0 == " " }
        guard let state = rest.first else { return nil }
        var arguments = commandLine.split(separator: 0, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        if arguments.last == "" {
            arguments.removeLast()
        }
        return ProcessEntry(pid: pid, state: state, arguments: arguments)
    }

    /// Live (not zombie) `hearsay agent` processes of `executable` whose `option` is `value`.
    static func agents(executable: String, option: String, value: String) -> [ProcessEntry] {
        all().filter { entry in
            entry.state != "Z" && entry.arguments.count > 1
                && entry.arguments[0] == executable && entry.arguments[1] == "agent"
                && entry.value(after: option) == value
        }
    }

    /// Live agents that the `hearsay run` process `launcher` started (`--parent-pid`).
    static func agents(executable: String, launchedBy launcher: pid_t) -> [ProcessEntry] {
        agents(executable: executable, option: "--parent-pid", value: "\(launcher)")
    }

    /// Reads a whole file with read(2): procfs files report a size of 0, so a reader that
    /// trusts the size gets nothing.
    static func readFile(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, 4096) }
            if count < 0 && errno == EINTR {
                continue
            }
            guard count > 0 else { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        return bytes
    }
}

/// Unix-domain sockets that a run may leave behind.
enum UnixSockets {
    /// Names of bound abstract-namespace sockets (listed as `@name` in /proc/net/unix) that
    /// contain `text`.
    static func abstractNames(containing text: String) -> [String] {
        guard let table = ProcessTable.readFile("/proc/net/unix") else { return [] }
        return String(decoding: table, as: UTF8.self).split(separator: "\n").compactMap {
            line in
            guard let path = line.split(separator: " ").last, path.hasPrefix("@"),
                path.contains(text)
            else { return nil }
            return String(path)
        }
    }

    /// Socket files in /tmp whose name contains "hearsay".
    static func hearsayFilesInTemporaryFolder() -> Set<String> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/tmp")) ?? []
        return Set(
            names.filter { name in
                guard name.contains("hearsay") else { return false }
                var info = stat()
                return lstat("/tmp/" + name, &info) == 0 && info.st_mode & S_IFMT == S_IFSOCK
            })
    }
}
