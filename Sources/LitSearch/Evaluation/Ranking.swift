/// Scores and ranks for retrieval metrics over row-major unit vectors.
enum Ranking {
    /// Dot product of two `dimension`-long rows.
    ///
    /// - Complexity: O(dimension).
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ dimension: Int) -> Float {
        var sum = SIMD8<Float>()
        var i = 0
        while i + 8 <= dimension {
            // `addingProduct` calls libm's fmaf lane by lane here; a multiply and an add vectorise.
            sum += UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self)
                * UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
            i += 8
        }
        var total = sum.sum()
        while i < dimension { total += a[i] * b[i]; i += 1 }
        return total
    }

    /// Scores of `query` row `row` against every gallery row.
    ///
    /// - Complexity: O(galleryRows · dimension).
    static func scores(query: [Float], row: Int, gallery: [Float], dimension: Int) -> [Float] {
        let count = gallery.count / dimension
        var scores = [Float](repeating: 0, count: count)
        query.withUnsafeBufferPointer { q in
            gallery.withUnsafeBufferPointer { g in
                for j in 0..<count { scores[j] = dot(q.baseAddress! + row * dimension, g.baseAddress! + j * dimension, dimension) }
            }
        }
        return scores
    }

    /// 0-based rank of the best-placed correct row: how many rows come before it when rows are
    /// ordered by score, best first, ties by lower index (as `ExactSearch` orders them).
    /// Nil when `correct` is empty.
    ///
    /// - Complexity: O(scores.count · correct.count).
    static func firstCorrectRank(_ scores: [Float], correct: [Int]) -> Int? {
        var best: Int?
        for c in correct {
            let s = scores[c]
            var ahead = 0
            for (j, other) in scores.enumerated() where other > s || (other == s && j < c) { ahead += 1 }
            best = min(best ?? ahead, ahead)
        }
        return best
    }

    /// Chance that at least one of `right` correct rows among `total` lands in `k` random picks.
    ///
    /// - Complexity: O(k).
    static func chance(right: Int, total: Int, k: Int) -> Double {
        guard total > 0, right > 0 else { return 0 }
        guard k < total else { return 1 }
        var missAll = 1.0
        for j in 0..<k { missAll *= Double(max(total - right - j, 0)) / Double(total - j) }
        return 1 - missAll
    }
}
