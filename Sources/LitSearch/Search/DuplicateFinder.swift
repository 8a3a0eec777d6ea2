import Catalog
import VectorIndex

/// Groups of near-duplicate images: the same photo resized, recompressed, slightly cropped or
/// re-exported, found by the cosine of their locked image embeddings.
///
/// Each image asks the image vector index (`vectors.lsvi`) for its nearest neighbours, not every
/// other image: pairs scoring at least `threshold` are linked, and linked images form a group
/// (so a group may chain: A ~ B and B ~ C puts A and C together). Without a usable vector file
/// the images are compared exactly, which is quadratic and only fit for small collections.
///
/// ```swift
/// let finder = DuplicateFinder(threshold: 0.97)
/// let groups = try finder.groups(in: catalog, directory: index, imageModelID: tower.modelID)
/// for group in groups { print(group.paths, group.lowestScore) }
/// ```
public struct DuplicateFinder: Sendable {
    /// One group: its images (paths relative to their roots, sorted; `ids[i]` is the catalog id
    /// of `paths[i]`, which tells its root) and the lowest score that links them.
    public struct Group: Sendable, Equatable {
        public var paths: [String]
        public var ids: [Int64]
        public var lowestScore: Float
    }

    /// The least cosine at which two images count as duplicates.
    public var threshold: Float
    /// Neighbours each image asks the index for (more finds bigger groups of exact copies).
    public var neighbours: Int

    public init(threshold: Float = 0.97, neighbours: Int = 16) {
        self.threshold = threshold
        self.neighbours = max(2, neighbours)
    }

    /// The groups among the catalog's ok images of `imageModelID`, largest first, then by first path.
    ///
    /// - Returns: the groups, and whether the vector index answered (false: the exact comparison).
    /// - Complexity: n searches of the vector index, or O(n² · d) without it.
    public func groups(in catalog: Catalog, directory: IndexDirectory, imageModelID: String,
                       progress: (Int, Int) -> Void = { _, _ in }) throws -> (groups: [Group], usedIndex: Bool) {
        let matrix = try catalog.loadEmbeddings(modelID: imageModelID)
        let file = VectorFile(directory: directory)
        let space = SearchSpaces.current(imageModelID: imageModelID)
        let opened = file.open(expecting: space, catalogGeneration: try catalog.generation(file.generationKey),
                               catalogID: try catalog.identity())
        let index: VectorIndex
        let usedIndex: Bool
        if case let .usable(found) = opened {
            index = found
            usedIndex = true
        } else {
            index = try VectorIndex.build(vectors: space.mapRows(matrix.values, count: matrix.count), dimension: space.dimension,
                                          ids: matrix.ids, parameters: VectorIndexParameters(exactThreshold: Int.max))
            usedIndex = false
        }
        return (groups(matrix: matrix, index: index, progress: progress), usedIndex)
    }

    /// The groups of `matrix`'s rows, searching `index` (which holds the same ids).
    func groups(matrix: EmbeddingMatrix, index: VectorIndex, progress: (Int, Int) -> Void = { _, _ in }) -> [Group] {
        let row = Dictionary(uniqueKeysWithValues: matrix.ids.enumerated().map { ($0.element, $0.offset) })
        var parent = Array(0..<matrix.count)
        func root(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        var lowest = [Float](repeating: 1, count: matrix.count)
        let d = matrix.dimension
        for i in 0..<matrix.count {
            let query = Array(matrix.values[(i * d)..<((i + 1) * d)])
            for neighbour in index.search(query: query, k: neighbours) where neighbour.score >= threshold {
                guard let j = row[neighbour.id], j != i else { continue }
                let (a, b) = (root(i), root(j))
                guard a != b else { continue }
                parent[b] = a
                lowest[a] = min(lowest[a], lowest[b], neighbour.score)
            }
            if i % 1000 == 999 { progress(i + 1, matrix.count) }
        }
        var members: [Int: [Int]] = [:]
        for i in 0..<matrix.count { members[root(i), default: []].append(i) }
        return members.compactMap { key, rows -> Group? in
            guard rows.count > 1 else { return nil }
            let sorted = rows.sorted { (matrix.paths[$0], matrix.ids[$0]) < (matrix.paths[$1], matrix.ids[$1]) }
            return Group(paths: sorted.map { matrix.paths[$0] }, ids: sorted.map { matrix.ids[$0] }, lowestScore: min(1, lowest[key]))
        }.sorted { ($0.paths.count, $1.paths[0]) > ($1.paths.count, $0.paths[0]) }
    }
}
