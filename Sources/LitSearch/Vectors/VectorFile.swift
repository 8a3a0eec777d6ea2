import Catalog
import Foundation
import VectorIndex

/// The vector index file of an index directory (`vectors.lsvi` next to `catalog.sqlite`).
///
/// The file is a cache of the catalog's embeddings, mapped into the search space: it can always
/// be rebuilt from the catalog. It carries the catalog's generation number and the search-space
/// id, which is how a reader knows whether it may trust it.
///
/// ```swift
/// let file = VectorFile(directory: IndexDirectory(path: "indexes/default"))
/// switch file.open(expecting: space, catalogGeneration: try catalog.vectorGeneration()) {
/// case let .usable(index): print(index.kind, index.count)
/// case let .unusable(reason, _): print(reason.note)
/// }
/// ```
public struct VectorFile: Sendable {
    /// The image vector file's name in the index directory.
    public static let fileName = "vectors.lsvi"
    /// The joint vector file's name (text queries).
    public static let jointFileName = "joint.lsvi"

    public let directory: IndexDirectory
    /// The file's name in the directory.
    public let name: String
    /// The catalog meta key of the generation the file must carry.
    public let generationKey: MetaKey

    /// The image vector file (`vectors.lsvi`: the locked embeddings, for `query --image`).
    public init(directory: IndexDirectory) {
        self.init(directory: directory, name: Self.fileName, generationKey: .vectorGeneration)
    }

    /// A vector file `name` whose generation lives under `generationKey`.
    public init(directory: IndexDirectory, name: String, generationKey: MetaKey) {
        self.directory = directory
        self.name = name
        self.generationKey = generationKey
    }

    /// The joint vector file (`joint.lsvi`: images in the text model's joint space, for text queries).
    public static func joint(_ directory: IndexDirectory) -> VectorFile {
        VectorFile(directory: directory, name: jointFileName, generationKey: .jointGeneration)
    }

    /// The file's location.
    public var url: URL { directory.url.appendingPathComponent(name) }

    /// Why a vector file cannot answer for the catalog.
    public enum Problem: Sendable, Equatable {
        /// There is no file.
        case missing
        /// The file is truncated, corrupt or unreadable (the `IndexFileError` text, which names it).
        case unreadable(String)
        /// The file's generation is not the catalog's.
        case stale(file: UInt64, catalog: UInt64?)
        /// The file holds vectors of another search space (or dimension).
        case otherSpace(file: String?, expected: String)
        /// The file was written for another catalog (copied from another index).
        case otherCatalog

        /// One line for people.
        public var note: String {
            switch self {
            case .missing: return "the vector index file is missing"
            case let .unreadable(message): return message
            case let .stale(file, catalog):
                return "the vector index is out of date (generation \(file), catalog \(catalog.map(String.init) ?? "none"))"
            case let .otherSpace(file, expected):
                return "the vector index holds vectors of search space \(file ?? "unknown"), not \(expected)"
            case .otherCatalog:
                return "the vector index belongs to another index's catalog (was it copied here?)"
            }
        }
    }

    /// What `open` found.
    public enum Opened {
        /// The file is readable, of the expected space, and of the catalog's generation.
        case usable(VectorIndex)
        /// The file cannot be used as is; `index` is the readable index, if any (it may still be
        /// brought up to date instead of rebuilt).
        case unusable(Problem, VectorIndex?)
    }

    /// Files up to this size have their sections' checksums verified on every open (a few
    /// milliseconds); larger ones only when asked (`index` before an update, `info --verify`).
    public static let checkedOpenLimit: Int64 = 64 << 20

    /// Maps the file and checks it against the catalog: its search space, its owner (`catalogID`;
    /// a file of an older litsearch, which has none, is taken as this catalog's) and its generation.
    ///
    /// Searches read the mapping in place. Its sections' checksums are verified when
    /// `verifyingChecksums` is true (`index` before it updates the file, `info --verify`), or when
    /// it is nil and the file is at most `checkedOpenLimit` bytes. A query on a larger file trusts
    /// what `index` wrote and reads only the pages it searches: a damaged payload there can give
    /// wrong answers (never a crash) until `info --verify` or the next `index` run finds it.
    /// Never throws: every failure is a `Problem`.
    /// - Complexity: O(file size) when verifying, else O(rows) (see `VectorIndex(contentsOf:)`).
    public func open(expecting space: any SearchSpace, catalogGeneration: UInt64?, catalogID: String? = nil,
                     verifyingChecksums: Bool? = nil) -> Opened {
        guard FileManager.default.fileExists(atPath: url.path) else { return .unusable(.missing, nil) }
        let index: VectorIndex
        do {
            index = try load(verifyingChecksums: verifyingChecksums)
        } catch {
            // Every caller says what happens next, so the file error's own advice is left out.
            return .unusable(.unreadable("\(error)".replacingOccurrences(of: "; " + IndexFileError.rebuildAdvice, with: "")), nil)
        }
        return check(index, expecting: space, catalogGeneration: catalogGeneration, catalogID: catalogID)
    }

    /// The checks of `open` on an index already in memory (a long-lived searcher's); with no
    /// `space`, those of its owner and generation only (`info`, which does not load the text model
    /// that defines the joint space).
    public func check(_ index: VectorIndex, expecting space: (any SearchSpace)?, catalogGeneration: UInt64?, catalogID: String?) -> Opened {
        if let space, index.label != space.id || index.dimension != space.dimension {
            return .unusable(.otherSpace(file: index.label, expected: space.id), index)
        }
        if let catalogID, let owner = index.owner, owner != catalogID { return .unusable(.otherCatalog, index) }
        guard index.generation == catalogGeneration else {
            return .unusable(.stale(file: index.generation, catalog: catalogGeneration), index)
        }
        return .usable(index)
    }

    /// The index in the file, mapped, without any check against the catalog; checksums as `open`.
    ///
    /// - Throws: `IndexFileError` naming the file.
    public func load(verifyingChecksums: Bool? = nil) throws -> VectorIndex {
        try VectorIndex(contentsOf: url, verifyingChecksums: verifyingChecksums ?? (byteCount <= Self.checkedOpenLimit))
    }

    /// The file's size in bytes (0 when missing).
    public var byteCount: Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.int64Value ?? 0
    }

    /// Removes temporary files left by writers that died before their rename (`vectors.lsvi.tmp-PID`).
    /// Call only while holding the index lock.
    public func removeStrayTemporaries() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in names where name.hasPrefix(self.name + ".tmp-") {
            try? FileManager.default.removeItem(at: directory.url.appendingPathComponent(name))
        }
    }
}

extension Catalog {
    /// The generation the vector file must carry (meta `vector_generation`), or nil before the
    /// first index run that wrote one.
    public func vectorGeneration() throws -> UInt64? {
        try generation(.vectorGeneration)
    }

    /// Sets the generation the vector file must carry.
    public func setVectorGeneration(_ generation: UInt64) throws {
        try setGeneration(.vectorGeneration, generation)
    }

    /// The generation stored under `key` (a vector file's), or nil.
    public func generation(_ key: MetaKey) throws -> UInt64? {
        try meta(key).flatMap { UInt64($0) }
    }

    /// Stores the generation under `key`.
    public func setGeneration(_ key: MetaKey, _ generation: UInt64) throws {
        try setMeta(key, String(generation))
    }

    /// Moves the generation under `key` on by one, so that the file carrying the old number reads
    /// as stale from now on.
    ///
    /// - Returns: the generation before the bump (nil when there was none).
    @discardableResult
    public func bumpGeneration(_ key: MetaKey) throws -> UInt64? {
        let previous = try generation(key)
        try setGeneration(key, (previous ?? 0) &+ 1)
        return previous
    }
}
