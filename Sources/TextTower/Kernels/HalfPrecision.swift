/// float16 weights widened to float32 for the float32 kernels.
public enum HalfPrecision {
    /// Writes `count` float16 values read from `source` (little-endian, any alignment) to
    /// `target` as float32, eight at a time.
    ///
    /// - Complexity: O(count).
    @inline(__always)
    public static func widen(_ source: UnsafeRawPointer, count: Int, into target: UnsafeMutablePointer<Float>) {
        var i = 0
        while i + 8 <= count {
            let eight = source.loadUnaligned(fromByteOffset: 2 * i, as: SIMD8<Float16>.self)
            UnsafeMutableRawPointer(target + i).storeBytes(of: SIMD8<Float>(eight), as: SIMD8<Float>.self)
            i += 8
        }
        while i < count { target[i] = Float(source.loadUnaligned(fromByteOffset: 2 * i, as: Float16.self)); i += 1 }
    }
}
