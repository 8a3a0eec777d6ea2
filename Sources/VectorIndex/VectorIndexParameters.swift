/// How a `VectorIndex` is trained and searched.
///
/// The defaults suit L2-normalised image embeddings of a few hundred to 1280 dimensions:
/// 64-byte PQ codes with an OPQ rotation, a flat (non-IVF) code scan, and re-ranking of the best
/// 100 candidates with the stored float16 vectors.
public struct VectorIndexParameters: Sendable, Equatable, Codable {
    /// Bytes per PQ code, which is also the number of sub-spaces M (one 8-bit code per sub-space).
    /// The dimension must be a multiple of it.
    public var bytesPerVector: Int
    /// Number of inverted lists of the IVF coarse quantizer; 0 scans all codes (flat PQ).
    public var coarseLists: Int
    /// Inverted lists visited per query when `coarseLists > 0`.
    public var probes: Int
    /// Learn an OPQ rotation before product quantization.
    public var rotation: Bool
    /// Candidates re-ranked with the exact float16 vectors by default; 0 turns re-ranking off.
    public var rerankCandidates: Int
    /// Below this many vectors `build` keeps an exact scan instead of training PQ.
    public var exactThreshold: Int
    /// Lloyd iterations for every k-means run (PQ sub-spaces and the coarse quantizer).
    public var kmeansIterations: Int
    /// Alternations of the OPQ rotation with PQ training.
    public var rotationIterations: Int
    /// At most this many vectors (a seeded sample) are used for training.
    public var trainingSampleSize: Int
    /// Seed of every random choice in training.
    public var seed: UInt64
    /// Probe the IVF lists whose centroids have the largest inner product with the query, instead
    /// of those nearest to it in L2. L2 suits queries shaped like the stored vectors (an image
    /// query among image features); text queries in the joint space are not (their norm and
    /// direction are set by the bridge's class weights), and L2 then probes the same few lists
    /// for every query.
    public var probesByInnerProduct: Bool

    public init(bytesPerVector: Int = 64, coarseLists: Int = 0, probes: Int = 16, rotation: Bool = true,
                rerankCandidates: Int = 100, exactThreshold: Int = 5_000, kmeansIterations: Int = 20,
                rotationIterations: Int = 8, trainingSampleSize: Int = 65_536, seed: UInt64 = 0x5EED,
                probesByInnerProduct: Bool = false) {
        self.bytesPerVector = bytesPerVector
        self.coarseLists = coarseLists
        self.probes = probes
        self.rotation = rotation
        self.rerankCandidates = rerankCandidates
        self.exactThreshold = exactThreshold
        self.kmeansIterations = kmeansIterations
        self.rotationIterations = rotationIterations
        self.trainingSampleSize = trainingSampleSize
        self.seed = seed
        self.probesByInnerProduct = probesByInnerProduct
    }

    enum CodingKeys: String, CodingKey {
        case bytesPerVector, coarseLists, probes, rotation, rerankCandidates, exactThreshold, kmeansIterations
        case rotationIterations, trainingSampleSize, seed, probesByInnerProduct
    }

    /// Decodes parameters, those of files written before `probesByInnerProduct` existed included.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(bytesPerVector: try c.decode(Int.self, forKey: .bytesPerVector), coarseLists: try c.decode(Int.self, forKey: .coarseLists),
                  probes: try c.decode(Int.self, forKey: .probes), rotation: try c.decode(Bool.self, forKey: .rotation),
                  rerankCandidates: try c.decode(Int.self, forKey: .rerankCandidates),
                  exactThreshold: try c.decode(Int.self, forKey: .exactThreshold),
                  kmeansIterations: try c.decode(Int.self, forKey: .kmeansIterations),
                  rotationIterations: try c.decode(Int.self, forKey: .rotationIterations),
                  trainingSampleSize: try c.decode(Int.self, forKey: .trainingSampleSize), seed: try c.decode(UInt64.self, forKey: .seed),
                  probesByInnerProduct: try c.decodeIfPresent(Bool.self, forKey: .probesByInnerProduct) ?? false)
    }

    /// Throws unless these parameters can index `dimension`-d vectors.
    func validate(dimension: Int) throws {
        guard dimension > 0 else { throw VectorIndexError.invalidParameter("dimension must be positive, not \(dimension)") }
        guard bytesPerVector > 0, dimension % bytesPerVector == 0 else {
            throw VectorIndexError.invalidParameter("bytes per vector (\(bytesPerVector)) must divide the dimension (\(dimension))")
        }
        guard coarseLists >= 0, probes > 0 else { throw VectorIndexError.invalidParameter("coarse lists must be ≥ 0 and probes > 0") }
        guard rerankCandidates >= 0, kmeansIterations > 0, rotationIterations >= 0, trainingSampleSize > 0 else {
            throw VectorIndexError.invalidParameter("iteration counts and sample sizes must be positive")
        }
    }
}
