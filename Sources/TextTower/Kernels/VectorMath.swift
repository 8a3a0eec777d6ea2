/// Vectorised elementwise kernels on `SIMD8<Float>`: exp, softmax, GELU.
///
/// On x86-64 these compile to AVX2/FMA (see `vectorSettings` in Package.swift). Each kernel
/// handles a tail shorter than eight lanes by padding a vector, so callers may pass any length.
public enum VectorMath {
    public typealias Vector = SIMD8<Float>

    /// `e^x` lane-wise, relative error below 2e-7 on [-87, 88]; saturates outside.
    ///
    /// Range reduction `x = n·ln2 + r`, a degree-6 polynomial for `e^r` on |r| ≤ ln2/2, and `2^n`
    /// built in the exponent bits.
    @inline(__always)
    public static func exp(_ input: Vector) -> Vector {
        let x = input.clamped(lowerBound: Vector(repeating: -87.0), upperBound: Vector(repeating: 88.0))
        let n = (x * 1.442_695_04).rounded(.toNearestOrEven)
        var r = x - n * 0.693_145_75
        r = r - n * 1.428_606_8e-6
        var p = Vector(repeating: 1.0 / 720)
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        // 2^n from the exponent bits. n is already an integer in [-126, 127], so adding 1.5·2^23 + 127
        // leaves n + 127 in the mantissa's low byte; shifting that byte into the exponent field
        // gives 2^n. (A `SIMD8<Int32>(n, rounding:)` conversion compiles to a slow scalar loop.)
        let biased = unsafeBitCast(n + (12_582_912 + 127), to: SIMD8<Int32>.self)
        return p * unsafeBitCast(biased &<< 23, to: Vector.self)
    }

    /// `tanh(x)` lane-wise as `1 − 2/(e^{2x}+1)`; absolute error about 1e-7.
    @inline(__always)
    public static func tanh(_ x: Vector) -> Vector {
        1 - 2 / (exp(2 * x) + 1)
    }

    /// Loads `count` (1…8) floats into a vector, filling the rest with `fill`.
    @inline(__always)
    static func load(_ source: UnsafePointer<Float>, count: Int, fill: Float = 0) -> Vector {
        if count == 8 { return UnsafeRawPointer(source).loadUnaligned(as: Vector.self) }
        var v = Vector(repeating: fill)
        for i in 0..<count { v[i] = source[i] }
        return v
    }

    /// Stores the first `count` (1…8) lanes of `v`.
    @inline(__always)
    static func store(_ v: Vector, _ target: UnsafeMutablePointer<Float>, count: Int) {
        if count == 8 { UnsafeMutableRawPointer(target).storeBytes(of: v, as: Vector.self); return }
        for i in 0..<count { target[i] = v[i] }
    }

    /// Replaces `row[0..<count]` by its softmax, in place.
    ///
    /// - Complexity: O(count).
    public static func softmax(_ row: UnsafeMutablePointer<Float>, count: Int) {
        var maximum = -Float.infinity
        for i in 0..<count { maximum = max(maximum, row[i]) }
        var sum = Vector()
        var i = 0
        while i < count {
            let width = min(8, count - i)
            let e = exp(load(row + i, count: width, fill: -Float.infinity) - maximum)
            store(e, row + i, count: width)
            sum += e
            i += 8
        }
        let scale = 1 / sum.sum()
        for j in 0..<count { row[j] *= scale }
    }

    static let geluScale: Float = 0.797_884_56  // √(2/π)
    static let geluCubic: Float = 0.044_715

    /// GELU (tanh approximation) of `input[0..<count]` into `output`.
    ///
    /// - Complexity: O(count).
    public static func gelu(_ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i < count {
            let width = min(8, count - i)
            let x = load(input + i, count: width)
            let cubic: Vector = x + geluCubic * x * x * x
            let t = tanh(geluScale * cubic)
            store(0.5 * x * (1 + t), output + i, count: width)
            i += 8
        }
    }

    /// `gradient[i] *= GELU'(input[i])`: back through the GELU in place.
    ///
    /// - Complexity: O(count).
    public static func geluBackward(_ input: UnsafePointer<Float>, _ gradient: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i < count {
            let width = min(8, count - i)
            let x = load(input + i, count: width)
            let x2 = x * x
            let cubic: Vector = x + geluCubic * x2 * x
            let t = tanh(geluScale * cubic)
            let inner: Vector = geluScale * (1 + (3 * geluCubic) * x2)
            let slope: Vector = (0.5 * x) * (1 - t * t) * inner
            let derivative: Vector = 0.5 * (1 + t) + slope
            store(load(gradient + i, count: width) * derivative, gradient + i, count: width)
            i += 8
        }
    }
}

public extension VectorMath {
    /// `Σ x[i]` with eight parallel accumulators.
    ///
    /// - Complexity: O(count).
    @inline(__always)
    static func sum(_ x: UnsafePointer<Float>, count: Int) -> Float {
        var acc = Vector()
        var i = 0
        while i < count {
            acc += load(x + i, count: min(8, count - i))
            i += 8
        }
        return acc.sum()
    }

    /// `Σ a[i]·b[i]` with eight parallel accumulators.
    ///
    /// - Complexity: O(count).
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var acc = Vector()
        var i = 0
        while i < count {
            let width = min(8, count - i)
            acc.addProduct(load(a + i, count: width), load(b + i, count: width))
            i += 8
        }
        return acc.sum()
    }

    /// `y[i] += α·x[i]`.
    ///
    /// - Complexity: O(count).
    @inline(__always)
    static func axpy(_ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { y[i] += alpha * x[i] }
    }
}
