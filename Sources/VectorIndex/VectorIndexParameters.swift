/// How a `VectorIndex` is trained and searched.
///
/// The defaults suit L2-normalised image embeddings of a few hundred to 1280 dimensions:
/// 64-byte PQ codes with an OPQ rotation, chosen for inner-product search (anisotropic weight 2),
/// a flat (non-IVF) code scan, and re-ranking of the best 100 candidates with the stored float16
/// vectors.
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
    /// At most this many alternations of the OPQ rotation with PQ training.
    public var rotationIterations: Int
    /// OPQ stops alternating once an alternation lowers the quantisation error by less than this
    /// fraction (0: always run `rotationIterations`). Short codes need more alternations than long
    /// ones: on 1280-d features the error's fall reaches 0.4 % after about 7 alternations at 64
    /// bytes and after about 22 at 32 bytes.
    public var rotationTolerance: Double
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
    /// Trailing coordinates kept as a sparse tail instead of product-quantized (0: none). Each row
    /// keeps its `sparseEntries` largest tail values, 2 bytes each; the PQ codes and the IVF
    /// residuals cover only the leading `dimension − sparseDimensions` (see `SparseTail`). Suits a
    /// block of non-negative, mostly small values such as class probabilities, which queries weigh
    /// sparsely. At most 4,096, and no OPQ rotation with it.
    public var sparseDimensions: Int
    /// Largest tail values kept per row when `sparseDimensions > 0`.
    public var sparseEntries: Int
    /// Re-rank at least this many candidates per million stored vectors (0: only
    /// `rerankCandidates`), so that a growing collection keeps its recall without a rebuild: an
    /// approximate score's rank among n vectors grows with n.
    public var rerankPerMillion: Int
    /// Of the re-ranked candidates, score the best this many (at least k) once more with each
    /// value's float16 rounding error added back, so that near ties rank as in float32 (0: none).
    /// The index then keeps those errors, 2 bytes more per value (`Float16Rows.residuals`).
    public var preciseRerank: Int
    /// How much more a code's error along its own vector counts than the error across it, when
    /// vectors are encoded (1: nearest centroids, plain PQ). Inner-product search misranks a vector
    /// mostly by the parallel part, so codes that keep it small rank better at the same size
    /// (`ProductQuantizer.encodeAnisotropic`). The default, 2, was the best weight on features
    /// fitted to real photos' (`bench ann --anisotropy 1,1.5,2,3,4`: recall@10 without re-ranking
    /// 0.691 → 0.730 at 64 bytes, 0.580 → 0.620 at 32); other shapes gain more at 3 or 4, all
    /// gain at 2. Files written before it existed decode with 1.
    public var anisotropicWeight: Double

    public init(bytesPerVector: Int = 64, coarseLists: Int = 0, probes: Int = 16, rotation: Bool = true,
                rerankCandidates: Int = 100, exactThreshold: Int = 5_000, kmeansIterations: Int = 20,
                rotationIterations: Int = 24, rotationTolerance: Double = 0.004, trainingSampleSize: Int = 65_536, seed: UInt64 = 0x5EED,
                probesByInnerProduct: Bool = false, sparseDimensions: Int = 0, sparseEntries: Int = 0,
                rerankPerMillion: Int = 0, preciseRerank: Int = 0, anisotropicWeight: Double = 2) {
        self.bytesPerVector = bytesPerVector
        self.coarseLists = coarseLists
        self.probes = probes
        self.rotation = rotation
        self.rerankCandidates = rerankCandidates
        self.exactThreshold = exactThreshold
        self.kmeansIterations = kmeansIterations
        self.rotationIterations = rotationIterations
        self.rotationTolerance = rotationTolerance
        self.trainingSampleSize = trainingSampleSize
        self.seed = seed
        self.probesByInnerProduct = probesByInnerProduct
        self.sparseDimensions = sparseDimensions
        self.sparseEntries = sparseEntries
        self.rerankPerMillion = rerankPerMillion
        self.preciseRerank = preciseRerank
        self.anisotropicWeight = anisotropicWeight
    }

    /// Candidates re-ranked by default among `rows` stored vectors.
    func rerankCandidates(rows: Int) -> Int {
        max(rerankCandidates, Int((Double(rows) * Double(rerankPerMillion) / 1e6).rounded(.up)))
    }

    enum CodingKeys: String, CodingKey {
        case bytesPerVector, coarseLists, probes, rotation, rerankCandidates, exactThreshold, kmeansIterations
        case rotationIterations, trainingSampleSize, seed, probesByInnerProduct, sparseDimensions, sparseEntries
        case rerankPerMillion, preciseRerank, rotationTolerance, anisotropicWeight
    }

    /// Decodes parameters, those of files written before `probesByInnerProduct` or the sparse tail
    /// existed included.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(bytesPerVector: try c.decode(Int.self, forKey: .bytesPerVector), coarseLists: try c.decode(Int.self, forKey: .coarseLists),
                  probes: try c.decode(Int.self, forKey: .probes), rotation: try c.decode(Bool.self, forKey: .rotation),
                  rerankCandidates: try c.decode(Int.self, forKey: .rerankCandidates),
                  exactThreshold: try c.decode(Int.self, forKey: .exactThreshold),
                  kmeansIterations: try c.decode(Int.self, forKey: .kmeansIterations),
                  rotationIterations: try c.decode(Int.self, forKey: .rotationIterations),
                  rotationTolerance: try c.decodeIfPresent(Double.self, forKey: .rotationTolerance) ?? 0,
                  trainingSampleSize: try c.decode(Int.self, forKey: .trainingSampleSize), seed: try c.decode(UInt64.self, forKey: .seed),
                  probesByInnerProduct: try c.decodeIfPresent(Bool.self, forKey: .probesByInnerProduct) ?? false,
                  sparseDimensions: try c.decodeIfPresent(Int.self, forKey: .sparseDimensions) ?? 0,
                  sparseEntries: try c.decodeIfPresent(Int.self, forKey: .sparseEntries) ?? 0,
                  rerankPerMillion: try c.decodeIfPresent(Int.self, forKey: .rerankPerMillion) ?? 0,
                  preciseRerank: try c.decodeIfPresent(Int.self, forKey: .preciseRerank) ?? 0,
                  anisotropicWeight: try c.decodeIfPresent(Double.self, forKey: .anisotropicWeight) ?? 1)
    }

    /// Whether an index built with these parameters can stand for one built with `other`: they
    /// differ at most in how long OPQ alternates (`rotationIterations`, `rotationTolerance`) or
    /// how codes are chosen (`anisotropicWeight`).
    ///
    /// Those set how well a rotation is trained and which centroids a vector's code names, not
    /// what the index holds or how it is searched, so an index need not be rebuilt when only they
    /// change: it keeps its own settings for the rows it adds, and `index --rebuild` brings in the
    /// new ones. (Index files written before the tolerance existed decode with 8 alternations and
    /// no tolerance; before the weight, with 1.)
    ///
    /// ```swift
    /// var old = VectorIndexParameters()
    /// old.rotationIterations = 8
    /// old.rotationTolerance = 0
    /// old.anisotropicWeight = 1
    /// old.buildsSameIndex(as: VectorIndexParameters())  // true
    /// ```
    public func buildsSameIndex(as other: VectorIndexParameters) -> Bool {
        var mine = self, theirs = other
        (mine.rotationIterations, mine.rotationTolerance, mine.anisotropicWeight) = (0, 0, 1)
        (theirs.rotationIterations, theirs.rotationTolerance, theirs.anisotropicWeight) = (0, 0, 1)
        return mine == theirs
    }

    /// Width of the product-quantized part of `dimension`-d vectors: all of it, or without a
    /// sparse tail the leading coordinates rounded up to a multiple of `bytesPerVector` (the
    /// quantizer pads them with zeros).
    func quantizedDimension(of dimension: Int) -> Int {
        guard sparseDimensions > 0 else { return dimension }
        let dense = dimension - sparseDimensions
        return (dense + bytesPerVector - 1) / bytesPerVector * bytesPerVector
    }

    /// Throws unless these parameters can index `dimension`-d vectors.
    func validate(dimension: Int) throws {
        guard dimension > 0 else { throw VectorIndexError.invalidParameter("dimension must be positive, not \(dimension)") }
        if sparseDimensions != 0 {
            guard sparseDimensions > 0, sparseDimensions < dimension, sparseDimensions <= SparseTail.maximumDimensions else {
                throw VectorIndexError.invalidParameter("a sparse tail of \(sparseDimensions) must leave part of the \(dimension) dimensions and be at most \(SparseTail.maximumDimensions)")
            }
            guard sparseEntries > 0, sparseEntries <= sparseDimensions else {
                throw VectorIndexError.invalidParameter("sparse entries (\(sparseEntries)) must be between 1 and the tail's \(sparseDimensions)")
            }
            guard bytesPerVector > 0, bytesPerVector <= dimension - sparseDimensions else {
                throw VectorIndexError.invalidParameter("bytes per vector (\(bytesPerVector)) must be between 1 and the \(dimension - sparseDimensions) quantized dimensions")
            }
            guard !rotation else { throw VectorIndexError.invalidParameter("an OPQ rotation cannot be combined with a sparse tail") }
        }
        guard bytesPerVector > 0, quantizedDimension(of: dimension) % bytesPerVector == 0 else {
            throw VectorIndexError.invalidParameter("bytes per vector (\(bytesPerVector)) must divide the dimension (\(dimension))")
        }
        guard coarseLists >= 0, probes > 0 else { throw VectorIndexError.invalidParameter("coarse lists must be ≥ 0 and probes > 0") }
        guard rerankCandidates >= 0, rerankPerMillion >= 0, preciseRerank >= 0, rerankPerMillion <= 1_000_000, kmeansIterations > 0, rotationIterations >= 0, rotationTolerance >= 0, trainingSampleSize > 0 else {
            throw VectorIndexError.invalidParameter("iteration counts and sample sizes must be positive")
        }
        guard anisotropicWeight >= 1, anisotropicWeight.isFinite else {
            throw VectorIndexError.invalidParameter("the anisotropic weight must be at least 1, not \(anisotropicWeight)")
        }
    }
}
