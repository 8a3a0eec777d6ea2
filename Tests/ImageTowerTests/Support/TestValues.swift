/// Deterministic test inputs in [-2, 2]: a 64-bit linear congruential generator, so every run
/// and every machine checks the kernels on the same numbers.
struct TestValues {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// The next `count` values.
    mutating func next(_ count: Int) -> [Float] {
        (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state >> 11) % 2001 - 1000) / 500
        }
    }
}
