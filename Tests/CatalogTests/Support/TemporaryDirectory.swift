import Catalog
import Foundation

/// A fresh directory under the system temporary directory, deleted on deinit.
final class TemporaryDirectory {
    /// The directory.
    let url: URL

    /// Creates `catalog-tests-<uuid>` in the temporary directory.
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// An index directory `index` inside (not yet created).
    var index: IndexDirectory { IndexDirectory(url: url.appendingPathComponent("index")) }
}
