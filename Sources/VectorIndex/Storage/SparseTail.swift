/// The trailing block of a vector kept as its few largest values, 2 bytes each, instead of
/// product-quantized.
///
/// litsearch's joint vectors end in 1,000 class probabilities: non-negative, small, each image's
/// mass on a handful of classes, and a text query weighs a few classes (its words' synsets) or
/// none. PQ codes spread over that block blur exactly the values such a query ranks by; keeping
/// each row's 16 largest probabilities scores them nearly exactly, for 32 bytes. (`litsearch
/// bench search`, 200,000 images, 1,000 candidates re-ranked: recall@10 0.922 with 64-byte PQ
/// codes over the whole vector, 0.948 with 48 bytes over the rest plus this tail.)
///
/// An entry packs a tail coordinate into the high bits of a `UInt16` and its value into the low
/// `valueBits` (16 − the bits the index needs: 6 for 1,000 coordinates). Values are companded by a
/// square root over [0, `scale`], so small probabilities keep relative precision; negative values
/// count as 0. A row with fewer positive values pads with zero-valued entries.
///
/// ```swift
/// let tail = SparseTail(dimensions: 1000, entries: 16, scale: 1)
/// var codes: [UInt16] = []
/// tail.encode(row.baseAddress! + 512, into: &codes)   // 16 entries
/// let scorer = tail.scorer(query.baseAddress! + 512)
/// let score = codes.withUnsafeBufferPointer { scorer.score($0.baseAddress!) }  // ≈ ⟨q tail, x tail⟩
/// ```
struct SparseTail: Equatable {
    /// Coordinates in the tail.
    let dimensions: Int
    /// Entries kept per row.
    let entries: Int
    /// The largest value a level can stand for (the training sample's largest).
    let scale: Float

    /// Tails wider than this leave too few bits for values.
    static let maximumDimensions = 4096

    /// Bits of an entry that hold its value level.
    var valueBits: Int { 16 - Swift.max(1, Int.bitWidth - (dimensions - 1).leadingZeroBitCount) }
    /// The largest level.
    var maximumLevel: Int { (1 << valueBits) - 1 }

    init(dimensions: Int, entries: Int, scale: Float) {
        precondition(dimensions > 0 && dimensions <= Self.maximumDimensions && entries > 0 && entries <= dimensions)
        self.dimensions = dimensions
        self.entries = entries
        self.scale = scale > 0 && scale.isFinite ? scale : 1
    }

    /// A tail whose scale is the largest of `rows` tails, each `dimensions` values at `stride`.
    ///
    /// - Complexity: O(rows · dimensions).
    static func trained(on tails: UnsafePointer<Float>, rows: Int, stride: Int, dimensions: Int, entries: Int) -> SparseTail {
        var largest: Float = 0
        for row in 0..<rows {
            let tail = tails + row * stride
            for i in 0..<dimensions where tail[i] > largest && tail[i].isFinite { largest = tail[i] }
        }
        return SparseTail(dimensions: dimensions, entries: entries, scale: largest)
    }

    /// Appends the `entries` codes of one tail (`dimensions` values at `tail`).
    ///
    /// - Complexity: O(dimensions · log entries) in the worst case, O(dimensions) typically.
    func encode(_ tail: UnsafePointer<Float>, into codes: inout [UInt16]) {
        // The largest values, smallest first, by insertion (entries is small).
        var kept: [(value: Float, index: Int)] = []
        kept.reserveCapacity(entries + 1)
        for i in 0..<dimensions {
            let value = tail[i].isFinite ? Swift.max(tail[i], 0) : 0
            if kept.count == entries {
                guard value > kept[0].value else { continue }
                kept.removeFirst()
            }
            let at = kept.firstIndex { $0.value > value } ?? kept.count
            kept.insert((value, i), at: at)
        }
        let levels = Float(maximumLevel), bits = valueBits
        for (value, index) in kept {
            let level = Int((Swift.min(value / scale, 1).squareRoot() * levels).rounded())
            codes.append(UInt16(index << bits | level))
        }
        // Fewer coordinates than entries cannot happen (entries ≤ dimensions), but keep rows whole.
        for _ in kept.count..<entries { codes.append(0) }
    }

    /// The value a level stands for.
    func value(ofLevel level: Int) -> Float {
        let fraction = Float(level) / Float(maximumLevel)
        return fraction * fraction * scale
    }

    /// Scores rows' tails against the query tail at `query` (`dimensions` values).
    func scorer(_ query: UnsafePointer<Float>) -> Scorer {
        Scorer(weights: Array(UnsafeBufferPointer(start: query, count: dimensions)),
               values: (0...maximumLevel).map(value(ofLevel:)), entries: entries, valueBits: valueBits)
    }

    /// The inner products of one query's tail with encoded tails.
    struct Scorer {
        /// The query's tail values, by coordinate.
        let weights: [Float]
        /// Decoded value of each level.
        let values: [Float]
        let entries: Int
        let valueBits: Int

        /// ⟨query tail, decoded tail⟩ of the `entries` codes at `codes`.
        ///
        /// - Complexity: O(entries).
        @inline(__always)
        func score(_ codes: UnsafePointer<UInt16>) -> Float {
            let mask = UInt16((1 << valueBits) - 1)
            return weights.withUnsafeBufferPointer { w in
                values.withUnsafeBufferPointer { v in
                    var total: Float = 0
                    for t in 0..<entries {
                        let code = codes[t]
                        total += w[Int(code &>> UInt16(valueBits))] * v[Int(code & mask)]
                    }
                    return total
                }
            }
        }
    }
}
