import SeededRandom

/// Lloyd's k-means with k-means++ seeding, the building block of every quantizer here.
///
/// Assignment steps run on BLAS (`nearestCentroids`); updates are one pass over the points.
/// Empty clusters are repaired by splitting a large one, as FAISS does, so all k centroids are used.
struct KMeans {
    /// Number of centroids.
    let k: Int
    /// Lloyd iterations after seeding.
    let iterations: Int
    /// Seed of the k-means++ draws and of empty-cluster splits.
    let seed: UInt64

    /// Trains `k` centroids on the rows of `points` and returns them row-major (k × columns).
    ///
    /// `initial` centroids (a warm start) replace k-means++ seeding when given.
    /// - Precondition: `points.rows >= k`.
    /// - Complexity: O(s·k·d) for seeding on a sample of s ≤ 8k rows, then O(iterations·n·k·d).
    func train(_ points: MatrixSlice, initial: [Float]? = nil) -> [Float] {
        precondition(points.rows >= k, "k-means needs at least k = \(k) points, got \(points.rows)")
        var generator = SeededGenerator(seed: seed)
        var centroids = initial ?? seedPlusPlus(points, using: &generator)
        for _ in 0..<iterations {
            let labels = centroids.withUnsafeBufferPointer { nearestCentroids(of: points, centroids: $0, count: k).labels }
            centroids = update(points, labels: labels, previous: centroids, using: &generator)
        }
        return centroids
    }

    /// k-means++ seeding (D² sampling) on a seeded sample of at most 8·k rows.
    ///
    /// - Complexity: O(s·k·d) with s the sample size.
    func seedPlusPlus(_ points: MatrixSlice, using generator: inout SeededGenerator) -> [Float] {
        let d = points.columns
        let sample = generator.sample(min(points.rows, 8 * k), from: points.rows)
        var centroids = [Float](repeating: 0, count: k * d)
        var minDistance = [Float](repeating: .infinity, count: sample.count)
        var chosen = sample[generator.next(below: sample.count)]
        for c in 0..<k {
            let center = points.row(chosen)
            centroids.withUnsafeMutableBufferPointer { ($0.baseAddress! + c * d).update(from: center, count: d) }
            var total: Double = 0
            for (i, row) in sample.enumerated() {
                let distance = squaredDistance(points.row(row), center, count: d)
                if distance < minDistance[i] { minDistance[i] = distance }
                total += Double(minDistance[i])
            }
            guard c + 1 < k else { break }
            if total <= 0 {
                chosen = sample[generator.next(below: sample.count)]
                continue
            }
            var target = generator.nextDouble() * total
            chosen = sample.last!
            for (i, row) in sample.enumerated() {
                target -= Double(minDistance[i])
                if target < 0 { chosen = row; break }
            }
        }
        return centroids
    }

    /// One Lloyd update: every centroid moves to the mean of its points; empty ones split a big one.
    ///
    /// - Complexity: O(n·d + k·d).
    func update(_ points: MatrixSlice, labels: [Int32], previous: [Float], using generator: inout SeededGenerator) -> [Float] {
        let d = points.columns
        var sums = [Double](repeating: 0, count: k * d)
        var sizes = [Int](repeating: 0, count: k)
        var centroids = previous
        sums.withUnsafeMutableBufferPointer { sums in
            labels.withUnsafeBufferPointer { labels in
                for row in 0..<points.rows {
                    let label = Int(labels[row]), x = points.row(row)
                    sizes[label] += 1
                    let sum = sums.baseAddress! + label * d
                    for i in 0..<d { sum[i] += Double(x[i]) }
                }
            }
            for c in 0..<k where sizes[c] > 0 {
                let scale = 1 / Double(sizes[c])
                for i in 0..<d { centroids[c * d + i] = Float(sums[c * d + i] * scale) }
            }
        }
        for empty in 0..<k where sizes[empty] == 0 {
            // Split a cluster chosen with probability proportional to its size.
            var target = generator.next(below: points.rows)
            var donor = 0
            while target >= sizes[donor] { target -= sizes[donor]; donor += 1 }
            for i in 0..<d {
                let value = centroids[donor * d + i], epsilon: Float = 1e-4 * (i % 2 == 0 ? 1 : -1)
                centroids[empty * d + i] = value * (1 + epsilon)
                centroids[donor * d + i] = value * (1 - epsilon)
            }
            sizes[empty] = sizes[donor] / 2
            sizes[donor] -= sizes[empty]
        }
        return centroids
    }
}

/// Squared L2 distance between two `count`-float vectors.
///
/// - Complexity: O(count), eight lanes at a time.
@inline(__always)
func squaredDistance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
    var acc = SIMD8<Float>()
    var i = 0
    while i + 8 <= count {
        let diff = UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self) - UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
        acc.addProduct(diff, diff)
        i += 8
    }
    var total = acc.sum()
    while i < count { let diff = a[i] - b[i]; total += diff * diff; i += 1 }
    return total
}

/// Inner product of two `count`-float vectors.
///
/// - Complexity: O(count), eight lanes at a time.
@inline(__always)
func dotProduct(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
    var acc = SIMD8<Float>()
    var i = 0
    while i + 8 <= count {
        acc.addProduct(UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self), UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self))
        i += 8
    }
    var total = acc.sum()
    while i < count { total += a[i] * b[i]; i += 1 }
    return total
}
