import Foundation

/// Where litsearch finds its weights and keeps its indexes.
///
/// The installation directory is, in order: `$LITSEARCH_HOME`; the nearest ancestor of the running
/// executable that holds `weights/` (so `.build/release/litsearch` finds the checkout it was built
/// in); the current directory. Weights live in `weights/` there (written by `scripts/setup.sh`),
/// indexes in `indexes/` (the default one is `indexes/default`).
public struct Installation: Sendable {
    public let home: URL

    public init(home: URL) { self.home = home }

    /// The installation the running process belongs to.
    public static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> Installation {
        if let home = environment["LITSEARCH_HOME"], !home.isEmpty {
            return Installation(home: URL(fileURLWithPath: home, isDirectory: true))
        }
        var directory = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("weights").path) {
                return Installation(home: directory)
            }
            directory.deleteLastPathComponent()
        }
        return Installation(home: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true))
    }

    /// The converted EfficientNet-Lite0 weights.
    public var imageTowerWeights: URL { home.appendingPathComponent("weights/efficientnet-lite0.safetensors") }
    /// ImageNet class names, one `index<TAB>wnid<TAB>names` line per class.
    public var imageNetClasses: URL { home.appendingPathComponent("weights/imagenet_classes.txt") }
    /// The concept bridge's lexicon (`lexicon.tsv`, `classes.tsv`; built by scripts/bridge/build_lexicon.py).
    public var conceptBridge: URL { home.appendingPathComponent("models/bridge", isDirectory: true) }
    /// The index used when `--index` is not given.
    public var defaultIndex: URL { home.appendingPathComponent("indexes/default", isDirectory: true) }
}
