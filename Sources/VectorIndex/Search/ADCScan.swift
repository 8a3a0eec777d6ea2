/// Asymmetric-distance scan of inverted lists: the score of each code is `bias` plus the sum of
/// its M lookup-table entries, and the best ones go into a `TopKHeap`.
///
/// The float table is quantized once per query to 16-bit steps: entry (j, c) becomes
/// round((T[j][c] − lowⱼ) / step), with lowⱼ the smallest entry of sub-space j and one `step` for
/// all sub-spaces (the widest sub-space's range / 65 535), so a score is
/// `bias + Σⱼ lowⱼ + step · (integer sum)`. That halves the table (M·512 bytes: 32 KiB at M = 64,
/// which stays in L1 where the float table did not) and makes the sums integer adds; the rounding
/// error is at most M·step/2, about 10⁻⁵ of a unit-vector score at M = 64, far below PQ's own.
///
/// Four codes are summed at once, each in its own accumulator, reading the code bytes eight at a
/// time as one 64-bit word. The heap threshold is kept as an integer bound (conservative by two
/// steps), so rows that cannot enter the heap cost one integer comparison; tombstones are checked
/// only for rows that would enter it.
struct ADCScan {
    /// Quantized lookup table, [sub-space][256].
    private let table: [UInt16]
    /// Σⱼ lowⱼ: added to every score.
    private let offset: Float
    /// Value of one quantization step.
    private let step: Float
    /// Sub-spaces M (bytes per code).
    let subspaces: Int
    /// Per-row deletion flags (non-zero = tombstoned).
    let deleted: UnsafePointer<UInt8>
    /// Scores each code's sparse tail entries, added to its PQ score (nil without a tail).
    let tail: SparseTail.Scorer?

    /// Quantizes `table` ([sub-space][256] inner products for the current query).
    ///
    /// - Complexity: O(256 · subspaces).
    init(table floats: UnsafePointer<Float>, subspaces: Int, deleted: UnsafePointer<UInt8>, tail: SparseTail.Scorer? = nil) {
        let k = ProductQuantizer.centroidsPerSubspace
        var lows = [Float](repeating: 0, count: subspaces)
        var widest: Float = 0
        for j in 0..<subspaces {
            var low = floats[j * k], high = low
            for c in 1..<k { low = min(low, floats[j * k + c]); high = max(high, floats[j * k + c]) }
            lows[j] = low
            widest = max(widest, high - low)
        }
        let step = widest > 0 && widest.isFinite ? widest / Float(UInt16.max) : 1
        var quantized = [UInt16](repeating: 0, count: subspaces * k)
        for j in 0..<subspaces {
            for c in 0..<k {
                let level = ((floats[j * k + c] - lows[j]) / step).rounded()
                quantized[j * k + c] = UInt16(max(0, min(level, Float(UInt16.max))))
            }
        }
        self.table = quantized
        self.offset = lows.reduce(0, +)
        self.step = step
        self.subspaces = subspaces
        self.deleted = deleted
        self.tail = tail
    }

    /// Scores every code of `list` and offers those above the heap's threshold.
    ///
    /// - Complexity: O(list.count · M) table look-ups, plus O(log heap) per accepted row.
    func scan(_ list: InvertedList, bias: Float, into heap: inout TopKHeap) {
        let n = list.count, m = subspaces
        guard n > 0 else { return }
        if let tail { return scan(list, bias: bias, tail: tail, into: &heap) }
        let base = bias + offset
        table.withUnsafeBufferPointer { tableBuffer in
            list.codes.withUnsafeBufferPointer { codeBuffer in
                list.rows.withUnsafeBufferPointer { rowBuffer in
                    let entries = tableBuffer.baseAddress!, rows = rowBuffer.baseAddress!
                    let codes = UnsafeRawPointer(codeBuffer.baseAddress!)
                    var bound = admission(heap.threshold, base: base)
                    var start = 0
                    while start + 4 <= n {
                        let sums = sumFour(entries, codes + start &* m)
                        if sums.max() >= bound {
                            for lane in 0..<4 where sums[lane] >= bound {
                                let score = base + step * Float(sums[lane])
                                let row = rows[start &+ lane]
                                if score > heap.threshold && deleted[Int(row)] == 0 {
                                    heap.insert(score: score, row: row)
                                    bound = admission(heap.threshold, base: base)
                                }
                            }
                        }
                        start &+= 4
                    }
                    while start < n {
                        let sum = sumOne(entries, codes + start &* m)
                        let score = base + step * Float(sum)
                        let row = rows[start]
                        if score > heap.threshold && deleted[Int(row)] == 0 { heap.insert(score: score, row: row) }
                        start &+= 1
                    }
                }
            }
        }
    }

    /// `scan` with a sparse tail: each code's score adds its tail's, so every row is scored whole
    /// (no integer admission bound).
    ///
    /// - Complexity: O(list.count · (M + entries)), plus O(log heap) per accepted row.
    private func scan(_ list: InvertedList, bias: Float, tail: SparseTail.Scorer, into heap: inout TopKHeap) {
        let n = list.count, m = subspaces, e = tail.entries
        let base = bias + offset
        table.withUnsafeBufferPointer { tableBuffer in
            list.codes.withUnsafeBufferPointer { codeBuffer in
                list.sparse.withUnsafeBufferPointer { sparseBuffer in
                    list.rows.withUnsafeBufferPointer { rowBuffer in
                        let entries = tableBuffer.baseAddress!, rows = rowBuffer.baseAddress!, tails = sparseBuffer.baseAddress!
                        let codes = UnsafeRawPointer(codeBuffer.baseAddress!)
                        var start = 0
                        while start < n {
                            // Four codes at a time while four remain, then one at a time.
                            let lanes = n - start >= 4 ? 4 : 1
                            let sums = lanes == 4 ? sumFour(entries, codes + start &* m) : SIMD4(sumOne(entries, codes + start &* m), 0, 0, 0)
                            for lane in 0..<lanes {
                                let row = start &+ lane
                                let score = base + step * Float(sums[lane]) + tail.score(tails + row &* e)
                                if score > heap.threshold && deleted[Int(rows[row])] == 0 { heap.insert(score: score, row: rows[row]) }
                            }
                            start &+= lanes
                        }
                    }
                }
            }
        }
    }

    /// The smallest integer sum that may beat `threshold` (two steps of slack for rounding).
    @inline(__always)
    private func admission(_ threshold: Float, base: Float) -> UInt32 {
        guard threshold.isFinite else { return 0 }
        let steps = (Double(threshold) - Double(base)) / Double(step) - 2
        guard steps > 0 else { return 0 }
        return steps >= Double(UInt32.max) ? UInt32.max : UInt32(steps)
    }

    /// Integer sums of four consecutive codes starting at `code`.
    @inline(__always)
    private func sumFour(_ entries: UnsafePointer<UInt16>, _ code: UnsafeRawPointer) -> SIMD4<UInt32> {
        let m = subspaces, k = ProductQuantizer.centroidsPerSubspace
        let c0 = code, c1 = c0 + m, c2 = c1 + m, c3 = c2 + m
        var s0: UInt32 = 0, s1: UInt32 = 0, s2: UInt32 = 0, s3: UInt32 = 0
        var j = 0
        while j &+ 8 <= m {
            let w0 = c0.loadUnaligned(fromByteOffset: j, as: UInt64.self)
            let w1 = c1.loadUnaligned(fromByteOffset: j, as: UInt64.self)
            let w2 = c2.loadUnaligned(fromByteOffset: j, as: UInt64.self)
            let w3 = c3.loadUnaligned(fromByteOffset: j, as: UInt64.self)
            var e = entries + j &* k
            var shift: UInt64 = 0
            while shift < 64 {
                s0 &+= UInt32(e[Int(truncatingIfNeeded: (w0 &>> shift) & 0xFF)])
                s1 &+= UInt32(e[Int(truncatingIfNeeded: (w1 &>> shift) & 0xFF)])
                s2 &+= UInt32(e[Int(truncatingIfNeeded: (w2 &>> shift) & 0xFF)])
                s3 &+= UInt32(e[Int(truncatingIfNeeded: (w3 &>> shift) & 0xFF)])
                e += k
                shift &+= 8
            }
            j &+= 8
        }
        while j < m {
            let e = entries + j &* k
            s0 &+= UInt32(e[Int(c0.load(fromByteOffset: j, as: UInt8.self))])
            s1 &+= UInt32(e[Int(c1.load(fromByteOffset: j, as: UInt8.self))])
            s2 &+= UInt32(e[Int(c2.load(fromByteOffset: j, as: UInt8.self))])
            s3 &+= UInt32(e[Int(c3.load(fromByteOffset: j, as: UInt8.self))])
            j &+= 1
        }
        return SIMD4(s0, s1, s2, s3)
    }

    /// Integer sum of one code.
    @inline(__always)
    private func sumOne(_ entries: UnsafePointer<UInt16>, _ code: UnsafeRawPointer) -> UInt32 {
        var total: UInt32 = 0
        for j in 0..<subspaces {
            total &+= UInt32(entries[j &* ProductQuantizer.centroidsPerSubspace &+ Int(code.load(fromByteOffset: j, as: UInt8.self))])
        }
        return total
    }
}
