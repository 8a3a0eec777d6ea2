import Foundation

/// Where the shipped model lives when no `--model` is given.
public enum ModelLocation {
    /// The shipped model's path inside the repository.
    public static let relativePath = "tokenizer/litsearch.model"

    /// `LITSEARCH_TOKENIZER_MODEL` if set, else the first `tokenizer/litsearch.model` found in the
    /// current directory or above the executable (a `swift build` binary sits a few levels below the
    /// repository root).
    ///
    /// - Complexity: O(depth) file-existence checks.
    public static func defaultModelPath() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["LITSEARCH_TOKENIZER_MODEL"], !path.isEmpty { return path }
        var roots = [FileManager.default.currentDirectoryPath]
        var directory = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for _ in 0..<6 {
            roots.append(directory.path)
            directory.deleteLastPathComponent()
        }
        return roots.map { $0 + "/" + relativePath }.first { FileManager.default.fileExists(atPath: $0) }
    }
}
