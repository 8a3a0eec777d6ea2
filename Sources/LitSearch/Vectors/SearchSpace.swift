import VectorIndex

/// The space the vector index searches in: what each catalog embedding becomes before it is
/// indexed, and what a query embedding becomes before it is searched.
///
/// Today this is the identity on the locked 1280-d image embedding. A learned linear head (LiT's
/// projection into the joint image–text space) will be another `SearchSpace`; because the vector
/// file records `id`, changing the space makes the next `index` run rebuild the vectors from the
/// catalog's stored embeddings — no image is decoded again.
public protocol SearchSpace: Sendable {
    /// Identifies the mapping (and its weights); recorded in the vector file.
    var id: String { get }
    /// Values per embedding it reads.
    var inputDimension: Int { get }
    /// Values per vector it produces (the index dimension).
    var dimension: Int { get }

    /// The search-space vector of one embedding (`inputDimension` values).
    func map(_ embedding: ArraySlice<Float>) -> [Float]

    /// The search-space vectors of `count` row-major embeddings.
    ///
    /// - Complexity: `count` calls of `map` unless a conforming type does better.
    func mapRows(_ embeddings: [Float], count: Int) -> [Float]

    /// The index parameters for this space's vector file, from the collection's defaults (the
    /// joint space probes by inner product and re-ranks deeper).
    func tuned(_ parameters: VectorIndexParameters) -> VectorIndexParameters
}

extension SearchSpace {
    /// The defaults unchanged.
    public func tuned(_ parameters: VectorIndexParameters) -> VectorIndexParameters { parameters }

    public func mapRows(_ embeddings: [Float], count: Int) -> [Float] {
        var out = [Float]()
        out.reserveCapacity(count * dimension)
        for row in 0..<count {
            out += map(embeddings[row * inputDimension..<(row + 1) * inputDimension])
        }
        return out
    }
}

/// A search space whose mapping subtracts a centre fitted to the collection when its vector file
/// is built (the joint space). The file stores the centre (`VectorIndex.attachment`), and later
/// additions are mapped with it, so one file never mixes vectors of two centres.
public protocol CentredSpace: SearchSpace {
    /// The centre now used (nil: the mapping's own default).
    var centre: [Float]? { get }
    /// This space fitted to `count` row-major features (`count × inputDimension`).
    func fitted(to features: [Float], count: Int) -> Self
    /// This space with a stored centre.
    func centred(on centre: [Float]?) -> Self
}

extension CentredSpace {
    /// The space an exact scan (or an export) maps `count` features with, so that it ranks as the
    /// vector file would without quantization: the centre stored in `file` when the file holds
    /// this space, else the features' own mean.
    ///
    /// - Complexity: O(count · inputDimension) when fitting, O(1) otherwise.
    public func scanning(_ features: [Float], count: Int, file: VectorIndex?) -> Self {
        if let file, file.label == id { return centred(on: file.attachment) }
        return fitted(to: features, count: count)
    }
}

/// The locked image embedding itself (already L2-normalised, so inner product = cosine).
public struct IdentitySpace: SearchSpace {
    public let id: String
    public let dimension: Int
    public var inputDimension: Int { dimension }

    /// The identity on `dimension`-d embeddings of the image model `imageModelID`; the model is
    /// part of the id, so a new image model also rebuilds the index.
    public init(imageModelID: String, dimension: Int = 1280) {
        self.id = "identity/\(imageModelID)"
        self.dimension = dimension
    }

    public func map(_ embedding: ArraySlice<Float>) -> [Float] { Array(embedding) }

    /// The rows unchanged (no copy).
    ///
    /// - Complexity: O(1).
    public func mapRows(_ embeddings: [Float], count: Int) -> [Float] { embeddings }
}

/// Which search space litsearch uses.
public enum SearchSpaces {
    /// The space for a catalog whose embeddings come from `imageModelID`.
    public static func current(imageModelID: String) -> any SearchSpace {
        IdentitySpace(imageModelID: imageModelID)
    }
}
