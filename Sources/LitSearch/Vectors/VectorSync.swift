import Catalog
import Foundation
import VectorIndex

/// Brings an index directory's vector file up to date with its catalog; `Indexer` runs it at the
/// end of every run, inside the index lock.
///
/// The catalog and the file agree on a generation number (catalog meta `vector_generation`, and
/// the file's own): `beginChanges()` bumps the catalog's before any catalog write, so a file of
/// the old number reads as stale from then on, and `run` writes the file with the catalog's
/// number at the end. A crash anywhere in between (even `kill -9` while the file is written —
/// the write is atomic) leaves the numbers different; the next run notices and repairs.
///
/// Repairing needs no log: `run` compares the file's live ids and stored vectors with the
/// catalog's ok embeddings (mapped into the search space), tombstones what is gone or changed and
/// adds what is new or changed. It retrains instead when the file is missing, unreadable, of
/// another search space or other parameters, when asked to (`--rebuild`), or when the index says
/// `needsRebuild`. Retraining reads only the catalog's stored embeddings — no image is decoded.
///
/// ```swift
/// let sync = VectorSync(directory: index, catalog: catalog, space: space, imageModelID: tower.modelID)
/// let previous = try sync.beginChanges()
/// // … write the catalog …
/// let report = try sync.run(previousGeneration: previous)
/// ```
public struct VectorSync {
    /// The test hook: seconds to sleep after the new file is complete, before it replaces the old
    /// one (the crash tests kill the process there). Unset in normal use.
    public static let pauseVariable = "LITSEARCH_TEST_PAUSE_BEFORE_VECTOR_RENAME"

    public let file: VectorFile
    public let catalog: Catalog
    public let space: any SearchSpace
    /// Only embeddings of this image model are indexed.
    public let imageModelID: String
    public var settings: VectorSettings
    /// Retrain even when an update would do (`index --rebuild`).
    public var forceRebuild: Bool
    /// The catalog meta key holding the generation this file must carry.
    public let generationKey: MetaKey

    /// The sync of `directory`'s image vector file (`vectors.lsvi`, the locked embeddings).
    public init(directory: IndexDirectory, catalog: Catalog, space: any SearchSpace, imageModelID: String,
                settings: VectorSettings = VectorSettings(), forceRebuild: Bool = false) {
        self.init(file: VectorFile(directory: directory), catalog: catalog, space: space, imageModelID: imageModelID,
                  settings: settings, forceRebuild: forceRebuild)
    }

    /// The sync of any vector file of an index directory (`file.generationKey` names its generation).
    public init(file: VectorFile, catalog: Catalog, space: any SearchSpace, imageModelID: String,
                settings: VectorSettings = VectorSettings(), forceRebuild: Bool = false) {
        self.file = file
        self.catalog = catalog
        self.space = space
        self.imageModelID = imageModelID
        self.settings = settings
        self.forceRebuild = forceRebuild
        self.generationKey = file.generationKey
    }

    /// Marks the catalog as about to change: bumps its vector generation, so the current file
    /// reads as stale until `run` replaces it.
    ///
    /// - Returns: the generation before the bump (nil when the catalog never had one).
    public func beginChanges() throws -> UInt64? {
        try catalog.bumpGeneration(generationKey)
    }

    /// Brings the file up to date with the catalog and records the shared generation in both.
    ///
    /// - Parameters:
    ///   - previousGeneration: what `beginChanges()` returned: the generation the file should
    ///     have if the last run finished cleanly.
    ///   - knownChanges: what changed in the catalog since then, when another file's sync already
    ///     worked it out (`VectorSyncReport.changes`); an in-sync file then maps only the added
    ///     embeddings instead of comparing every one.
    /// - Throws: `CatalogError`/`DatabaseError` reading the catalog, `VectorIndexError` building,
    ///   `IndexFileError` writing. A damaged file is not an error: it is rebuilt, with a note.
    /// - Complexity: O(n·d) to load and compare the catalog's n embeddings (O(a·d) with
    ///   `knownChanges`), plus O(a·(d² + 256·d)) to encode a added vectors, or a full
    ///   `VectorIndex.build` when retraining.
    public func run(previousGeneration: UInt64?, knownChanges: VectorChanges? = nil) throws -> VectorSyncReport {
        let started = Date()
        var report = VectorSyncReport()
        file.removeStrayTemporaries()
        var index: VectorIndex?
        var rebuild: String?
        var inSync = false
        let catalogID = try catalog.identity()
        switch file.open(expecting: space, catalogGeneration: previousGeneration, catalogID: catalogID, verifyingChecksums: true) {
        case let .usable(found):
            index = found
            inSync = true
        case .unusable(.missing, _):
            rebuild = previousGeneration == nil ? "new index" : "the file was missing"
            if previousGeneration != nil { report.notes.append("\(file.url.path) is missing; rebuilding it from the catalog") }
        case let .unusable(.unreadable(message), _):
            rebuild = "the file was unreadable"
            report.notes.append("\(message); rebuilding it from the catalog")
        case let .unusable(problem, found):
            if case .otherCatalog = problem {
                rebuild = "the file belonged to another catalog"
                report.notes.append("\(problem.note); rebuilding it from this catalog's embeddings")
            } else if case .otherSpace = problem {
                rebuild = "the search space changed"
                report.notes.append("\(problem.note); rebuilding it from the catalog's embeddings")
            } else {
                index = found
                report.notes.append("\(problem.note); repairing it from the catalog")
            }
        }
        if rebuild == nil, forceRebuild { rebuild = "--rebuild" }
        var matrix = try catalog.loadEmbeddings(modelID: imageModelID)
        let parameters = space.tuned(settings.parameters(forCount: matrix.count, current: index?.parameters))
        if rebuild == nil, let index, !index.parameters.buildsSameIndex(as: parameters) {
            rebuild = index.parameters.coarseLists != parameters.coarseLists
                ? "the collection's size calls for \(parameters.coarseLists > 0 ? "an IVF" : "a flat") index"
                : "the index parameters changed"
        }
        // A centred space maps with the centre the file was built with, or is fitted anew.
        var space = self.space
        if let centred = space as? any CentredSpace {
            space = rebuild == nil ? centred.centred(on: index?.attachment) : centred.fitted(to: matrix.values, count: matrix.count)
        }

        let generation = max((previousGeneration ?? 0) &+ 1, (index?.generation ?? 0) &+ 1)
        var result: VectorIndex
        if let index, rebuild == nil {
            let changes: (removed: [Int64], addedRows: [Int], addedVectors: [Float])
            let removed = Set(knownChanges?.removed ?? [])
            if inSync, let knownChanges, knownChanges.added.allSatisfy({ removed.contains($0) || !index.contains(id: $0) }) {
                let rows = Dictionary(matrix.ids.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { first, _ in first })
                let added = knownChanges.added.compactMap { rows[$0] }
                changes = (knownChanges.removed, added, space.mapRows(gather(matrix.values, rows: added, width: space.inputDimension),
                                                                       count: added.count))
            } else {
                let vectors = space.mapRows(matrix.values, count: matrix.count)
                let found = difference(index, ids: matrix.ids, vectors: vectors, dimension: space.dimension)
                changes = (found.removed, found.addedRows, gather(vectors, rows: found.addedRows, width: space.dimension))
            }
            // A file of an older litsearch has no owner yet: it is written once more to get one.
            if changes.removed.isEmpty && changes.addedRows.isEmpty && !index.needsRebuild && index.owner == catalogID {
                // The file already holds exactly the catalog: only the numbers need to agree.
                try catalog.setGeneration(generationKey, index.generation)
                // Changes are only worth passing on when this file was in sync to begin with:
                // a repaired file's differences are to its own old content, not to the catalog's.
                report.changes = inSync ? VectorChanges(removed: [], added: []) : nil
                return finish(report, index, action: .unchanged, started: started)
            }
            index.remove(ids: changes.removed)
            try index.add(vectors: changes.addedVectors, ids: changes.addedRows.map { matrix.ids[$0] })
            report.added = changes.addedRows.count
            report.removed = changes.removed.count
            report.changes = inSync ? VectorChanges(removed: changes.removed, added: changes.addedRows.map { matrix.ids[$0] }) : nil
            result = index
            if let reason = index.rebuildReason {
                report.notes.append("vector index: \(reason)")
                report.reason = reason
                result = try index.rebuilt()
            }
        } else {
            report.reason = rebuild
            let vectors = space.mapRows(matrix.values, count: matrix.count)
            // The features are not needed once mapped: at a million images they are 5 GB.
            let ids = matrix.ids
            matrix = EmbeddingMatrix(dimension: matrix.dimension, ids: [], paths: [], values: [])
            result = try VectorIndex.build(vectors: vectors, dimension: space.dimension, ids: ids, parameters: parameters)
            result.attachment = (space as? any CentredSpace)?.centre
        }
        result.label = space.id
        result.owner = catalogID
        result.generation = generation
        try result.write(to: file.url, beforeReplacing: Self.pauseForTests)
        try catalog.setGeneration(generationKey, generation)
        return finish(report, result, action: report.reason == nil ? .updated : .rebuilt, started: started)
    }

    /// The ids to tombstone (gone from the catalog, or changed) and the catalog rows to add (new,
    /// or changed).
    ///
    /// - Complexity: O(n·d).
    func difference(_ index: VectorIndex, ids: [Int64], vectors: [Float], dimension d: Int) -> (removed: [Int64], addedRows: [Int]) {
        var stale = Set(index.liveIDs)
        var removed: [Int64] = []
        var addedRows: [Int] = []
        for (row, id) in ids.enumerated() {
            guard let stored = index.storedVector(id: id) else { addedRows.append(row); continue }
            stale.remove(id)
            let base = row * d
            for i in 0..<d where Float(Float16(vectors[base + i])) != stored[i] {
                removed.append(id)
                addedRows.append(row)
                break
            }
        }
        removed += stale.sorted()
        return (removed, addedRows)
    }

    private func gather(_ vectors: [Float], rows: [Int], width d: Int) -> [Float] {
        var out = [Float]()
        out.reserveCapacity(rows.count * d)
        for row in rows { out += vectors[row * d..<(row + 1) * d] }
        return out
    }

    private func finish(_ report: VectorSyncReport, _ index: VectorIndex, action: VectorSyncReport.Action,
                        started: Date) -> VectorSyncReport {
        var report = report
        report.action = action
        report.kind = index.kindName
        report.vectors = index.count
        report.generation = index.generation
        report.label = index.label
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// Sleeps for `$LITSEARCH_TEST_PAUSE_BEFORE_VECTOR_RENAME` seconds, when set.
    private static func pauseForTests() {
        guard let text = ProcessInfo.processInfo.environment[pauseVariable], let seconds = Double(text), seconds > 0 else { return }
        usleep(useconds_t(min(seconds, 600) * 1_000_000))
    }
}
