/// A small, fast, seedable random number generator (SplitMix64).
///
/// Training must be reproducible: the same vectors and seed give the same index, byte for byte,
/// so tests can pin results and a rebuild can be compared with the original.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` distinct indices from `0..<n` (all of them, in order, when `count >= n`).
    ///
    /// - Complexity: O(n) for a partial Fisher–Yates shuffle.
    mutating func sample(_ count: Int, from n: Int) -> [Int] {
        guard count < n else { return Array(0..<n) }
        var pool = Array(0..<n)
        for i in 0..<count {
            let j = Int.random(in: i..<n, using: &self)
            pool.swapAt(i, j)
        }
        return Array(pool[0..<count]).sorted()
    }
}

/// Rows `rows` of a row-major matrix with `dimension` columns, copied into a new contiguous matrix.
///
/// - Complexity: O(rows.count · dimension).
func gatherRows(_ matrix: UnsafeBufferPointer<Float>, dimension: Int, rows: [Int]) -> [Float] {
    var out = [Float](repeating: 0, count: rows.count * dimension)
    out.withUnsafeMutableBufferPointer { dst in
        for (i, row) in rows.enumerated() {
            (dst.baseAddress! + i * dimension).update(from: matrix.baseAddress! + row * dimension, count: dimension)
        }
    }
    return out
}
