import Foundation

/// The one seeded pseudo-random generator of litsearch (xoshiro256**, seeded with SplitMix64).
///
/// Every random choice that must be reproducible draws from one of these: text-tower
/// initialisation and batch sampling, the vector index's k-means and OPQ, sampled tokenizer
/// segmentations, synthetic benchmark data. A run is reproduced exactly from its seed, and resumed
/// exactly from the four state words a training checkpoint stores.
///
/// Callers draw through this type's own methods (`nextDouble()`, `next(below:)`, `shuffle(_:)`,
/// …), never through the standard library's `random(in:using:)` or `shuffle(using:)`: those
/// consume the generator by algorithms Swift does not promise to keep, so the same seed could give
/// other draws under another compiler.
///
/// ```swift
/// var random = SeededGenerator(seed: 42)
/// let die = random.next(below: 6) + 1
/// ```
public struct SeededGenerator: RandomNumberGenerator, Sendable, Equatable {
    /// The generator's internal state; never all zero.
    public private(set) var state: (UInt64, UInt64, UInt64, UInt64)

    /// A generator whose whole output sequence is fixed by `seed`; the state words are four
    /// SplitMix64 outputs, as the xoshiro authors recommend.
    public init(seed: UInt64) {
        var mix = seed
        func next() -> UInt64 {
            mix &+= 0x9E37_79B9_7F4A_7C15
            var z = mix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (next(), next(), next(), next())
    }

    /// Restores a saved state (from `state`).
    ///
    /// - Precondition: not all four words are zero.
    public init(state: (UInt64, UInt64, UInt64, UInt64)) {
        precondition(state != (0, 0, 0, 0), "xoshiro state must not be all zero")
        self.state = state
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.state == rhs.state }

    /// The next 64 random bits.
    ///
    /// - Complexity: O(1).
    public mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotate(state.3, 45)
        return result
    }

    /// A uniform `Double` in [0, 1): the top 53 bits of one draw, so every value is a multiple of 2⁻⁵³.
    ///
    /// - Complexity: O(1).
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform `Float` in [0, 1): the top 24 bits of one draw.
    ///
    /// - Complexity: O(1).
    public mutating func nextUniform() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// A uniform integer in `0..<bound`, without modulo bias (Lemire's multiply-and-reject method).
    ///
    /// - Precondition: `bound > 0`.
    /// - Complexity: O(1) expected; a draw is rejected with probability below `bound / 2⁶⁴`.
    public mutating func next(below bound: Int) -> Int {
        precondition(bound > 0, "next(below:) needs a positive bound, got \(bound)")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold { product = next().multipliedFullWidth(by: range) }
        }
        return Int(product.high)
    }

    /// A standard normal sample (Box–Muller on two 53-bit uniforms; the second of the pair is
    /// discarded to keep the state simple).
    ///
    /// - Complexity: O(1).
    public mutating func nextNormal() -> Float {
        let u1 = nextDouble(), u2 = nextDouble()
        let radius = (-2 * log(max(u1, 0x1p-60))).squareRoot()
        return Float(radius * cos(2 * Double.pi * u2))
    }

    /// Shuffles `elements` in place (Fisher–Yates, drawing with `next(below:)`).
    ///
    /// - Complexity: O(n).
    public mutating func shuffle<C: MutableCollection & RandomAccessCollection>(_ elements: inout C) {
        var i = elements.count
        while i > 1 {
            let j = next(below: i)
            i -= 1
            elements.swapAt(elements.index(elements.startIndex, offsetBy: i),
                            elements.index(elements.startIndex, offsetBy: j))
        }
    }

    /// `count` distinct indices from `0..<n`, in increasing order (all of them when `count >= n`).
    ///
    /// - Complexity: O(n) for a partial Fisher–Yates shuffle, plus O(count log count) to sort.
    public mutating func sample(_ count: Int, from n: Int) -> [Int] {
        guard count < n else { return Array(0..<max(n, 0)) }
        var pool = Array(0..<n)
        for i in 0..<count {
            pool.swapAt(i, i + next(below: n - i))
        }
        return Array(pool[0..<count]).sorted()
    }

    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}
