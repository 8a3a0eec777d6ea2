/// A product quantizer: M sub-spaces, each with 256 centroids, so a vector becomes M bytes.
///
/// Vectors are split into M consecutive slices of `dimension / M` values; each slice is replaced by
/// the index of its nearest sub-space centroid. Search uses asymmetric distances: the query stays
/// exact and is compared with the centroids through a per-query lookup table.
struct ProductQuantizer: Equatable {
    /// Centroids per sub-space (one byte per code).
    static let centroidsPerSubspace = 256

    /// Full vector dimension.
    let dimension: Int
    /// Number of sub-spaces M (bytes per code).
    let subspaces: Int
    /// Centroids, laid out [sub-space][centroid][sub-dimension].
    let centroids: [Float]

    /// Values per sub-space.
    var subDimension: Int { dimension / subspaces }

    init(dimension: Int, subspaces: Int, centroids: [Float]) {
        precondition(dimension % subspaces == 0 && centroids.count == dimension * Self.centroidsPerSubspace)
        self.dimension = dimension
        self.subspaces = subspaces
        self.centroids = centroids
    }

    /// Trains one k-means per sub-space on the rows of `points`.
    ///
    /// - Complexity: O(M · iterations · n · 256 · d/M) = O(iterations · n · 256 · d).
    /// `warmStart` (a previous quantizer of the same shape) seeds every k-means with its centroids.
    static func train(_ points: MatrixSlice, subspaces: Int, iterations: Int, seed: UInt64,
                      warmStart: ProductQuantizer? = nil) -> ProductQuantizer {
        let d = points.columns, sub = d / subspaces, k = centroidsPerSubspace
        var centroids = [Float](repeating: 0, count: subspaces * k * sub)
        for m in 0..<subspaces {
            let slice = MatrixSlice(base: points.base + m * sub, rows: points.rows, columns: sub, stride: points.stride)
            let initial = warmStart.map { Array($0.centroids[m * k * sub..<(m + 1) * k * sub]) }
            let trained = KMeans(k: k, iterations: iterations, seed: seed &+ UInt64(m)).train(slice, initial: initial)
            centroids.replaceSubrange(m * k * sub..<(m + 1) * k * sub, with: trained)
        }
        return ProductQuantizer(dimension: d, subspaces: subspaces, centroids: centroids)
    }

    /// Codes of the rows of `points`, row-major (n × M bytes).
    ///
    /// - Complexity: O(n · 256 · d) in BLAS.
    func encode(_ points: MatrixSlice) -> [UInt8] {
        let sub = subDimension, k = Self.centroidsPerSubspace
        var codes = [UInt8](repeating: 0, count: points.rows * subspaces)
        centroids.withUnsafeBufferPointer { all in
            for m in 0..<subspaces {
                let slice = MatrixSlice(base: points.base + m * sub, rows: points.rows, columns: sub, stride: points.stride)
                let table = UnsafeBufferPointer(rebasing: all[m * k * sub..<(m + 1) * k * sub])
                let labels = nearestCentroids(of: slice, centroids: table, count: k).labels
                for row in 0..<points.rows { codes[row * subspaces + m] = UInt8(labels[row]) }
            }
        }
        return codes
    }

    /// Reconstructions of `count` codes, row-major (count × d floats).
    ///
    /// - Complexity: O(count · d).
    func decode(_ codes: UnsafeBufferPointer<UInt8>, count: Int) -> [Float] {
        let sub = subDimension, k = Self.centroidsPerSubspace
        var out = [Float](repeating: 0, count: count * dimension)
        centroids.withUnsafeBufferPointer { table in
            out.withUnsafeMutableBufferPointer { out in
                for row in 0..<count {
                    let target = out.baseAddress! + row * dimension
                    for m in 0..<subspaces {
                        let c = Int(codes[row * subspaces + m])
                        (target + m * sub).update(from: table.baseAddress! + (m * k + c) * sub, count: sub)
                    }
                }
            }
        }
        return out
    }

    /// The inner-product lookup table of `query`: entry [m][c] = ⟨query slice m, centroid c of m⟩.
    ///
    /// The ADC score of a code is then the sum of M table entries.
    /// - Complexity: O(256 · d).
    func innerProductTable(_ query: UnsafePointer<Float>) -> [Float] {
        let sub = subDimension, k = Self.centroidsPerSubspace
        var table = [Float](repeating: 0, count: subspaces * k)
        centroids.withUnsafeBufferPointer { all in
            for m in 0..<subspaces {
                let q = query + m * sub
                for c in 0..<k {
                    table[m * k + c] = dotProduct(q, all.baseAddress! + (m * k + c) * sub, count: sub)
                }
            }
        }
        return table
    }
}
