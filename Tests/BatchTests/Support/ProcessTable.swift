import Foundation

/// The processes of this machine as /proc shows them: id, parent id and command line.
struct ProcessTable {
    struct Entry {
        var pid: Int32
        var parent: Int32
        /// The arguments joined by spaces.
        var commandLine: String
    }

    var entries: [Entry]

    /// Reads /proc now; processes that end while it reads are left out.
    init() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        entries = names.compactMap { name -> Entry? in
            guard let pid = Int32(name),
                let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
                let command = FileManager.default.contents(atPath: "/proc/\(name)/cmdline")
            else {
                return nil
            }
            // The name field is in parentheses and may hold spaces; fields after it are not.
            guard let close = stat.lastIndex(of: ")") else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, let parent = Int32(fields[1]) else { return nil }
            let arguments = command.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            return Entry(pid: pid, parent: parent, commandLine: arguments.joined(separator: " "))
        }
    }

    /// The processes whose command line contains `text`, with all their descendants.
    func family(containing text: String) -> Set<Int32> {
        var members = Set(entries.filter { $0.commandLine.contains(text) }.map(\.pid))
        var grew = true
        while grew {
            let children = entries.filter { members.contains($0.parent) }.map(\.pid)
            grew = !Set(children).isSubset(of: members)
            members.formUnion(children)
        }
        return members
    }

    /// True while any of `pids` is still a live process (zombies count as ended).
    static func anyAlive(_ pids: Set<Int32>) -> Bool {
        pids.contains { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else {
                return false
            }
            let state = stat[stat.index(after: close)...].split(separator: " ").first
            return state != "Z"
        }
    }
}
