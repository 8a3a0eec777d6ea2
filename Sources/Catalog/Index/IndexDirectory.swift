import Foundation

/// The files of one index: a directory holding `catalog.sqlite`, the `lock` file, and vector
/// files written by other modules.
///
/// ```swift
/// let index = IndexDirectory(path: "indexes/default")
/// index.catalogURL.path  // "indexes/default/catalog.sqlite"
/// ```
public struct IndexDirectory: Hashable, Sendable {
    /// The default index directory, relative to the working directory.
    public static let defaultPath = "indexes/default"
    /// The catalog database's file name.
    public static let catalogFileName = "catalog.sqlite"
    /// The index lock's file name.
    public static let lockFileName = "lock"

    /// The directory.
    public let url: URL

    /// An index in the directory at `url`.
    public init(url: URL) { self.url = url.standardizedFileURL }

    /// An index in the directory at `path` (relative paths resolve against the working directory).
    public init(path: String = IndexDirectory.defaultPath) {
        self.init(url: URL(fileURLWithPath: path, isDirectory: true))
    }

    /// The directory's path.
    public var path: String { url.path }

    /// `catalog.sqlite` in the directory.
    public var catalogURL: URL { url.appendingPathComponent(Self.catalogFileName) }

    /// `lock` in the directory (see ``IndexLock``).
    public var lockURL: URL { url.appendingPathComponent(Self.lockFileName) }

    /// Creates the directory and its parents if needed.
    ///
    /// - Throws: ``CatalogError/notAnIndexDirectory(path:reason:)`` when the path is a file, or
    ///   the folder cannot be created (with the system's reason).
    public func create() throws {
        try checkNotAFile()
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            // Foundation's error wraps the system's; one plain mkdir names it (ENOTDIR, EACCES, …).
            let reason = mkdir(path, 0o755) == 0 ? "\(error)" : String(cString: strerror(errno)).lowercased()
            throw CatalogError.notAnIndexDirectory(path: path, reason: "cannot create it (\(reason))")
        }
    }

    /// Throws ``CatalogError/notAnIndexDirectory(path:reason:)`` when the path exists and is not a
    /// directory.
    public func checkNotAFile() throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw CatalogError.notAnIndexDirectory(path: path, reason: "it is a file")
        }
    }
}
