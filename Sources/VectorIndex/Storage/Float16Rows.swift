/// Row-major float16 copies of every indexed vector, for exact re-ranking and the exact scan.
///
/// Half precision keeps the cosine exact to about 1e-3, which only ever swaps near ties, at half
/// the memory of float32: 2·d bytes per vector. Where near ties matter (a million images drawn
/// from a few dozen kinds of picture score within 1e-4 of each other at the top), the rows can
/// also keep each value's rounding error, itself at float16 (`residuals`, 2·d more bytes per
/// vector): `value ≈ Float(high) + Float(low)` to about 22 bits, read only for the few best
/// candidates (`VectorIndexParameters.preciseRerank`).
struct Float16Rows: Equatable {
    /// Values per row.
    let dimension: Int
    /// `count × dimension` values.
    private(set) var values: MappedArray<Float16>
    /// Each value's rounding error (`value − Float(values[i])`) at float16, or nil when the rows
    /// keep none.
    private(set) var residuals: MappedArray<Float16>?

    init(dimension: Int, values: MappedArray<Float16> = [], residuals: MappedArray<Float16>? = nil) {
        self.dimension = dimension
        self.values = values
        self.residuals = residuals
    }

    /// Empty rows of width `dimension`, keeping residuals when `precise`.
    init(dimension: Int, precise: Bool) {
        self.init(dimension: dimension, residuals: precise ? [] : nil)
    }

    /// Number of rows.
    var count: Int { values.count / dimension }

    /// Stored bytes: values and residuals.
    var byteCount: Int { (values.count + (residuals?.count ?? 0)) * MemoryLayout<Float16>.size }

    /// Appends rows given as float32 (rounded to nearest float16, and the rounding error kept
    /// when the rows keep residuals).
    ///
    /// - Complexity: O(values.count).
    mutating func append(_ floats: UnsafeBufferPointer<Float>) {
        values.reserveCapacity(values.count + floats.count)
        guard residuals != nil else {
            for value in floats { values.append(Float16(value)) }
            return
        }
        residuals!.reserveCapacity(values.count + floats.count)
        for value in floats {
            let high = Float16(value)
            values.append(high)
            residuals!.append(Float16(value - Float(high)))
        }
    }

    /// Keeps only the rows in `keep`, in that order.
    ///
    /// - Complexity: O(keep.count · dimension).
    func selecting(_ keep: [Int]) -> Float16Rows {
        func pick(_ source: MappedArray<Float16>) -> MappedArray<Float16> {
            var out = [Float16]()
            out.reserveCapacity(keep.count * dimension)
            for row in keep { out.append(contentsOf: source[row * dimension..<(row + 1) * dimension]) }
            return MappedArray(out)
        }
        return Float16Rows(dimension: dimension, values: pick(values), residuals: residuals.map(pick))
    }

    /// Rows `rows` as float32, row-major (residuals added back when kept).
    ///
    /// - Complexity: O(rows.count · dimension).
    func floats(_ rows: Range<Int>) -> [Float] {
        let range = rows.lowerBound * dimension..<rows.upperBound * dimension
        guard let residuals else { return values[range].map { Float($0) } }
        return zip(values[range], residuals[range]).map { Float($0) + Float($1) }
    }

    /// Inner product of row `row`'s rounding errors with a float32 query: what its float16 score
    /// (`dot`) lacks (the rows must keep residuals).
    ///
    /// - Complexity: O(dimension).
    func residualDot(row: Int, _ query: UnsafePointer<Float>) -> Float {
        residuals!.withUnsafeBufferPointer { low in
            halfDot(low.baseAddress! + row * dimension, query, count: dimension)
        }
    }

    /// Inner product of row `row` with a float32 query.
    ///
    /// - Complexity: O(dimension), converting eight halves at a time (F16C on x86-64).
    @inline(__always)
    func dot(row: Int, _ query: UnsafePointer<Float>) -> Float {
        values.withUnsafeBufferPointer { halves in
            halfDot(halves.baseAddress! + row * dimension, query, count: dimension)
        }
    }

    /// Inner product of row `row` with a query that is zero past its first `leading` values but
    /// at the coordinates `support` (each ≥ `leading`): the same number as `dot(row:_:)`, reading
    /// only what can contribute.
    ///
    /// - Complexity: O(leading + support.count).
    @inline(__always)
    func dot(row: Int, _ query: UnsafePointer<Float>, leading: Int, support: UnsafeBufferPointer<Int32>) -> Float {
        values.withUnsafeBufferPointer { halves in
            let start = halves.baseAddress! + row * dimension
            var total = halfDot(start, query, count: leading)
            for i in support { total += Float(start[Int(i)]) * query[Int(i)] }
            return total
        }
    }
}

/// Inner product of `count` halves with `count` floats.
///
/// - Complexity: O(count).
@inline(__always)
func halfDot(_ a: UnsafePointer<Float16>, _ b: UnsafePointer<Float>, count: Int) -> Float {
    var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>()
    var i = 0
    while i + 16 <= count {
        let h0 = UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float16>.self)
        let h1 = UnsafeRawPointer(a + i + 8).loadUnaligned(as: SIMD8<Float16>.self)
        acc0.addProduct(SIMD8<Float>(h0), UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self))
        acc1.addProduct(SIMD8<Float>(h1), UnsafeRawPointer(b + i + 8).loadUnaligned(as: SIMD8<Float>.self))
        i += 16
    }
    var total = (acc0 + acc1).sum()
    while i < count { total += Float(a[i]) * b[i]; i += 1 }
    return total
}
