import Foundation
import Catalog
import VectorIndex

/// The vector file as `litsearch info` shows it.
public struct VectorIndexStatus: Encodable, Sendable {
    /// The file's path.
    public var file: String
    /// `exact`, `pq`, `opq+pq`, `ivf-pq`, `opq+ivf-pq`; nil when the file is missing or unreadable.
    public var kind: String?
    /// Live vectors.
    public var vectors: Int?
    /// Tombstoned rows still stored (until the next retraining).
    public var removed: Int?
    /// Rows the quantizer was trained on (0 for an exact index).
    public var trainedRows: Int?
    /// The file's size.
    public var bytes: Int64
    /// Bytes held per stored vector in memory: PQ code, float16 copy for re-ranking, id, tombstone.
    public var bytesPerVector: Int?
    /// The file's generation.
    public var generation: UInt64?
    /// The catalog's generation.
    public var catalogGeneration: UInt64?
    /// The search space the file's vectors live in.
    public var searchSpace: String?
    /// True when `query` will use the file.
    public var inSync: Bool
    /// Why it will not, when it will not.
    public var problem: String?
    /// True when every section's checksum was verified and matched (`info --verify`); nil when
    /// they were not read (or there is no file), false when the file failed the check.
    public var checksumsVerified: Bool?

    enum CodingKeys: String, CodingKey {
        case file, kind, vectors, removed, trainedRows = "trained_rows", bytes, bytesPerVector = "bytes_per_vector"
        case generation, catalogGeneration = "catalog_generation", searchSpace = "search_space", inSync = "in_sync", problem
        case checksumsVerified = "checksums_verified"
    }

    /// Reads the vector file of `directory` and compares it with `catalog`.
    ///
    /// - Complexity: O(file size) when verifying checksums, else O(rows).
    public init(directory: IndexDirectory, catalog: Catalog, verifyingChecksums: Bool = false) throws {
        let modelID = try catalog.meta(.imageModelID) ?? ""
        try self.init(file: VectorFile(directory: directory), catalog: catalog, space: SearchSpaces.current(imageModelID: modelID),
                      verifyingChecksums: verifyingChecksums)
    }

    /// Reads `file` and compares it with `catalog`: its generation, and its search space when
    /// `space` is given (the joint file's space depends on the installed text model, which `info`
    /// does not load: it reports the file's own label and checks the generation only).
    ///
    /// - Parameter verifyingChecksums: also read every section and check its checksum, as `index`
    ///   does before updating the file (a query does not).
    /// - Complexity: O(file size) when verifying checksums, else O(rows).
    public init(file vectorFile: VectorFile, catalog: Catalog, space: (any SearchSpace)?, verifyingChecksums: Bool = false) throws {
        file = vectorFile.url.path
        bytes = vectorFile.byteCount
        catalogGeneration = try catalog.generation(vectorFile.generationKey)
        var index: VectorIndex?
        if let space {
            switch vectorFile.open(expecting: space, catalogGeneration: catalogGeneration, catalogID: try catalog.identity(),
                                   verifyingChecksums: verifyingChecksums ? true : nil) {
            case let .usable(found):
                index = found
                inSync = true
            case let .unusable(problem, found):
                index = found
                inSync = false
                self.problem = problem.note
            }
        } else if !FileManager.default.fileExists(atPath: vectorFile.url.path) {
            inSync = false
            problem = VectorFile.Problem.missing.note
        } else {
            do {
                let found = try vectorFile.load(verifyingChecksums: verifyingChecksums ? true : nil)
                index = found
                switch vectorFile.check(found, expecting: nil, catalogGeneration: catalogGeneration, catalogID: try catalog.identity()) {
                case .usable:
                    inSync = true
                case let .unusable(problem, _):
                    inSync = false
                    self.problem = problem.note
                }
            } catch {
                inSync = false
                problem = "\(error)"
            }
        }
        if verifyingChecksums && bytes > 0 { checksumsVerified = index != nil }
        if let index {
            kind = index.kindName
            vectors = index.count
            removed = index.removedCount
            trainedRows = index.trainedRows
            bytesPerVector = index.bytesPerVector
            generation = index.generation
            searchSpace = index.label
        }
    }

    /// One line for people, e.g. `opq+pq, 12000 vectors (3 removed), 31.2 MB, 2633 B/vector, generation 7, in sync`.
    public func line(formatBytes: (Int64) -> String) -> String {
        guard let kind, let vectors else { return "none usable: \(problem ?? "missing") (the exact scan answers queries)" }
        var parts = ["\(kind), \(vectors) vectors" + ((removed ?? 0) > 0 ? " (\(removed!) removed)" : "")]
        parts.append(formatBytes(bytes))
        if let bytesPerVector { parts.append("\(bytesPerVector) B/vector") }
        if let generation { parts.append("generation \(generation)") }
        parts.append(inSync ? "in sync" : "NOT in sync: \(problem ?? "")")
        if checksumsVerified == true { parts.append("checksums verified") }
        return parts.joined(separator: ", ")
    }
}
