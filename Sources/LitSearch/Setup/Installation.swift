import Foundation
import Tokenizer

/// Where litsearch finds its weights and keeps its indexes.
///
/// The installation directory is, in order: `$LITSEARCH_HOME`; the nearest ancestor of the running
/// executable's real path (`/proc/self/exe`, so a symlink on PATH works) that holds `weights/`, or
/// whose `share/litsearch/` does (so `.build/release/litsearch` finds the checkout it was built in,
/// and `~/.local/bin/litsearch` what `scripts/install.sh` put in `~/.local/share/litsearch`); the
/// current directory. Weights live in `weights/` there (written by `scripts/setup.sh`),
/// indexes in `indexes/` (the default one is `indexes/default`).
public struct Installation: Sendable {
    public let home: URL

    public init(home: URL) { self.home = home }

    /// The installation the running process belongs to.
    public static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> Installation {
        if let home = environment["LITSEARCH_HOME"], !home.isEmpty {
            return Installation(home: URL(fileURLWithPath: home, isDirectory: true))
        }
        for directory in ModelLocation.installationCandidates()
        where FileManager.default.fileExists(atPath: directory.appendingPathComponent("weights").path) {
            return Installation(home: directory)
        }
        return Installation(home: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true))
    }

    /// The converted EfficientNet-Lite0 weights.
    public var imageTowerWeights: URL { home.appendingPathComponent("weights/efficientnet-lite0.safetensors") }
    /// ImageNet class names, one `index<TAB>wnid<TAB>names` line per class.
    public var imageNetClasses: URL { home.appendingPathComponent("weights/imagenet_classes.txt") }
    /// The concept bridge's lexicon (`lexicon.tsv`, `classes.tsv`; built by scripts/bridge/build_lexicon.py).
    public var conceptBridge: URL { home.appendingPathComponent("models/bridge", isDirectory: true) }
    /// The picture lexicon and prototypes (`PictureBridge`), built by scripts/bridge/build_pictures.py.
    public var pictureBridge: URL { home.appendingPathComponent("models/pictures", isDirectory: true) }
    /// The index used when `--index` is not given.
    public var defaultIndex: URL { home.appendingPathComponent("indexes/default", isDirectory: true) }
}
