/// Row-major float16 copies of every indexed vector, for exact re-ranking and the exact scan.
///
/// Half precision keeps the cosine exact to about 1e-3, which only ever swaps near ties, at half
/// the memory of float32: 2·d bytes per vector.
struct Float16Rows: Equatable {
    /// Values per row.
    let dimension: Int
    /// `count × dimension` values.
    private(set) var values: MappedArray<Float16>

    init(dimension: Int, values: MappedArray<Float16> = []) {
        self.dimension = dimension
        self.values = values
    }

    /// Number of rows.
    var count: Int { values.count / dimension }

    /// Appends rows given as float32 (rounded to nearest float16).
    ///
    /// - Complexity: O(values.count).
    mutating func append(_ floats: UnsafeBufferPointer<Float>) {
        values.reserveCapacity(values.count + floats.count)
        for value in floats { values.append(Float16(value)) }
    }

    /// Keeps only the rows in `keep`, in that order.
    ///
    /// - Complexity: O(keep.count · dimension).
    func selecting(_ keep: [Int]) -> Float16Rows {
        var out = [Float16]()
        out.reserveCapacity(keep.count * dimension)
        for row in keep { out.append(contentsOf: values[row * dimension..<(row + 1) * dimension]) }
        return Float16Rows(dimension: dimension, values: MappedArray(out))
    }

    /// Rows `rows` as float32, row-major.
    ///
    /// - Complexity: O(rows.count · dimension).
    func floats(_ rows: Range<Int>) -> [Float] {
        values[rows.lowerBound * dimension..<rows.upperBound * dimension].map { Float($0) }
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
