import Foundation

/// Where the shipped model lives when no `--model` is given.
public enum ModelLocation {
    /// The shipped model's path inside the repository.
    public static let relativePath = "tokenizer/litsearch.model"

    /// `LITSEARCH_TOKENIZER_MODEL` if set, else the first `tokenizer/litsearch.model` found in the
    /// current directory, above the executable (a `swift build` binary sits a few levels below the
    /// repository root), or in `share/litsearch/` beside one of those folders (what
    /// `scripts/install.sh` lays out: `PREFIX/bin/litsearch`, `PREFIX/share/litsearch/tokenizer/`).
    ///
    /// - Complexity: O(depth) file-existence checks.
    public static func defaultModelPath() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["LITSEARCH_TOKENIZER_MODEL"], !path.isEmpty { return path }
        let roots = [FileManager.default.currentDirectoryPath] + installationCandidates().map(\.path)
        return roots.map { $0 + "/" + relativePath }.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// The running executable's real location: `/proc/self/exe` with every symlink resolved, so a
    /// link on PATH (or `argv[0]` without a folder) still leads to the installed binary; falls
    /// back to `argv[0]` where `/proc` is missing.
    public static var executable: URL {
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: target).resolvingSymlinksInPath()
        }
        return URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
    }

    /// Folders that may hold an installation, nearest first: each of the executable's six nearest
    /// ancestors, and after each its `share/litsearch`.
    public static func installationCandidates() -> [URL] {
        var directory = executable.deletingLastPathComponent()
        var candidates: [URL] = []
        for _ in 0..<6 {
            candidates.append(directory)
            candidates.append(directory.appendingPathComponent("share/litsearch", isDirectory: true))
            directory.deleteLastPathComponent()
        }
        return candidates
    }
}
