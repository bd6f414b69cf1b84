import Foundation

/// Whole-file reads and atomic writes for the topology tools.
enum FileIO {
    /// Returns the bytes of the file at `path`, or throws `unreadable` with the reason.
    static func read(_ path: String) throws -> [UInt8] {
        try requireFile(path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TopologyToolsError.unreadable(
                path: path, reason: "permission denied or read error")
        }
        return [UInt8](data)
    }

    /// Throws `unreadable` when nothing, or a folder, is at `path`. Readers call it before they
    /// look at the file's extension, so that a missing file is reported as missing.
    static func requireFile(_ path: String) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw TopologyToolsError.unreadable(path: path, reason: "no file at this path")
        }
        guard !isFolder.boolValue else {
            throw TopologyToolsError.unreadable(path: path, reason: "it is a folder, not a file")
        }
    }

    /// Returns the file at `path` as UTF-8 text.
    static func readText(_ path: String) throws -> String {
        let bytes = try read(path)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw TopologyToolsError.unreadable(path: path, reason: "the file is not UTF-8 text")
        }
        return text
    }

    /// Writes `bytes` to `path` through a temporary file and a rename, so that a reader never
    /// sees half a file and a failed write leaves the old file in place.
    static func write(_ bytes: [UInt8], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        do {
            try Data(bytes).write(to: url, options: .atomic)
        } catch {
            let folder = url.deletingLastPathComponent().path
            var isFolder: ObjCBool = false
            let reason: String
            if !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
                reason = "the folder `\(folder)` does not exist"
            } else if !isFolder.boolValue {
                reason = "`\(folder)` is a file, not a folder"
            } else if !FileManager.default.isWritableFile(atPath: folder) {
                reason = "the folder `\(folder)` is not writable"
            } else {
                reason = (error as NSError).localizedDescription
            }
            throw TopologyToolsError.cannotWrite(path: path, reason: reason)
        }
    }
}
