import Foundation

extension ImageEmbeddingCache {
    /// What `refresh` did.
    public struct Refresh: Sendable {
        /// The cache, holding exactly the requested pictures.
        public var cache: ImageEmbeddingCache
        /// Pictures run through the tower this time.
        public var embedded: Int
        /// Pictures whose cached embedding was reused.
        public var reused: Int
    }

    /// Makes sure every picture in `paths` (relative to `directory`) has an embedding in the cache
    /// file `url`, embedding only new or changed pictures, `batchSize` at a time, and saving the file
    /// every `saveEvery` pictures so an interrupted run keeps its work.
    ///
    /// - Parameter progress: called with (pictures done, total) after each batch.
    /// - Throws: `TrainingDataError` for an unreadable or undecodable picture.
    /// - Complexity: reads and hashes every picture (O(bytes)); decodes and embeds only the misses.
    public static func refresh(at url: URL, directory: URL, paths: [String], embedder: LockedImageEmbedder,
                               batchSize: Int = 16, saveEvery: Int = 1024,
                               progress: (Int, Int) -> Void = { _, _ in }) throws -> Refresh {
        let old = load(from: url, modelID: embedder.modelID, dimension: embedder.dimension)
        var fresh = ImageEmbeddingCache(modelID: embedder.modelID, dimension: embedder.dimension)
        var missing: [(path: String, hash: String)] = []
        for path in Set(paths).sorted() {
            let bytes = try readPicture(path, in: directory)
            let hash = contentHash(bytes)
            if let row = old.row(path: path, hash: hash) {
                fresh.set(path: path, hash: hash, embedding: old.embedding(row))
            } else {
                missing.append((path, hash))
            }
        }
        let total = fresh.count + missing.count
        progress(fresh.count, total)
        var sinceSave = 0
        for start in stride(from: 0, to: missing.count, by: max(1, batchSize)) {
            let chunk = missing[start..<min(start + max(1, batchSize), missing.count)]
            let images = try chunk.map { (path: $0.path, bytes: try readPicture($0.path, in: directory)) }
            let rows = try embedder.embed(images)
            let d = embedder.dimension
            for (offset, item) in chunk.enumerated() {
                fresh.set(path: item.path, hash: item.hash, embedding: rows[(offset * d)..<((offset + 1) * d)])
            }
            sinceSave += chunk.count
            if sinceSave >= saveEvery {
                try fresh.write(to: url)
                sinceSave = 0
            }
            progress(fresh.count, total)
        }
        if !missing.isEmpty || old.count != fresh.count || !FileManager.default.fileExists(atPath: url.path) {
            try fresh.write(to: url)
        }
        return Refresh(cache: fresh, embedded: missing.count, reused: total - missing.count)
    }

    private static func readPicture(_ path: String, in directory: URL) throws -> [UInt8] {
        let url = directory.appendingPathComponent(path)
        do { return [UInt8](try Data(contentsOf: url)) } catch {
            throw TrainingDataError("cannot read picture \(url.path): \(error.localizedDescription)")
        }
    }
}
