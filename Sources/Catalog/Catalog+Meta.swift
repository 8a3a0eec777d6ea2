/// A key of the catalog's `meta` table.
public struct MetaKey: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    /// The image model id of the last finished run.
    public static let imageModelID: MetaKey = "image_model_id"
    /// The root directory of the last finished run.
    public static let lastRoot: MetaKey = "last_root"
    /// Values per embedding (`1280`), written when the catalog is created.
    public static let embeddingDimension: MetaKey = "embedding_dimension"
    /// Generation number the vector file (`vectors.lsvi`) must carry to be in sync with the
    /// catalog. `index` bumps it before changing the catalog and writes the file with it after;
    /// a file with another number is stale (see docs/vector-index.md, "Integration").
    public static let vectorGeneration: MetaKey = "vector_generation"
    /// The same for the joint vector file (`joint.lsvi`), which text queries search.
    public static let jointGeneration: MetaKey = "joint_generation"
    /// A random id made when the catalog is first opened for writing; vector files record it, so
    /// a file copied from another index never passes as this one's (see ``Catalog/identity()``).
    public static let catalogID: MetaKey = "catalog_id"
}

/// The `meta` key/value table.
///
/// ```swift
/// try catalog.setMeta("text_model_id", "lit-text-v3")
/// let model = try catalog.meta(.imageModelID)   // set by finishRun
/// ```
extension Catalog {
    /// The value stored under `key`, or `nil`.
    public func meta(_ key: MetaKey) throws -> String? {
        try database.fetchString("SELECT value FROM meta WHERE key = ?", [key.rawValue])
    }

    /// Stores `value` under `key`; `nil` deletes the key.
    public func setMeta(_ key: MetaKey, _ value: String?) throws {
        if let value {
            try database.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                                 [key.rawValue, value])
        } else {
            try database.execute("DELETE FROM meta WHERE key = ?", [key.rawValue])
        }
    }

    /// This catalog's id (``MetaKey/catalogID``), or nil for a catalog not yet opened for writing
    /// by a litsearch that makes one.
    public func identity() throws -> String? {
        try meta(.catalogID)
    }

    /// All keys and values.
    public func allMeta() throws -> [String: String] {
        var values: [String: String] = [:]
        try database.forEachRow("SELECT key, value FROM meta") { values[$0.string(at: 0) ?? ""] = $0.string(at: 1) ?? "" }
        return values
    }
}
