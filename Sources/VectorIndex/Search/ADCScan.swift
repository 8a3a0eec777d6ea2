/// Asymmetric-distance scan of one inverted list: the score of each code is `bias` plus the sum of
/// its M lookup-table entries, and the best ones go into a `TopKHeap`.
///
/// Eight codes are scored at once in SIMD lanes; their scores are compared with the heap's threshold
/// in one vector comparison, so rows that cannot enter the heap cost no branch of their own.
/// Tombstoned rows are skipped only when they would have entered the heap.
struct ADCScan {
    /// Lookup table, [sub-space][256] inner products for the current query.
    let table: UnsafePointer<Float>
    /// Sub-spaces M (bytes per code).
    let subspaces: Int
    /// Per-row deletion flags (non-zero = tombstoned).
    let deleted: UnsafePointer<UInt8>

    /// Scores every code of `list` and offers those above the heap's threshold.
    ///
    /// - Complexity: O(list.count · M) table look-ups, plus O(log heap) per accepted row.
    func scan(_ list: InvertedList, bias: Float, into heap: inout TopKHeap) {
        let n = list.count, m = subspaces
        guard n > 0 else { return }
        list.codes.withUnsafeBufferPointer { codeBuffer in
            list.rows.withUnsafeBufferPointer { rowBuffer in
                let codes = codeBuffer.baseAddress!, rows = rowBuffer.baseAddress!
                var start = 0
                while start + 8 <= n {
                    let scores = scoreEight(codes + start * m, bias: bias)
                    let threshold = heap.threshold
                    if any(scores .> SIMD8(repeating: threshold)) {
                        for lane in 0..<8 where scores[lane] > heap.threshold {
                            let row = rows[start + lane]
                            if deleted[Int(row)] == 0 { heap.insert(score: scores[lane], row: row) }
                        }
                    }
                    start += 8
                }
                while start < n {
                    let score = scoreOne(codes + start * m, bias: bias)
                    let row = rows[start]
                    if score > heap.threshold && deleted[Int(row)] == 0 { heap.insert(score: score, row: row) }
                    start += 1
                }
            }
        }
    }

    /// Scores of eight consecutive codes.
    @inline(__always)
    private func scoreEight(_ codes: UnsafePointer<UInt8>, bias: Float) -> SIMD8<Float> {
        let m = subspaces
        var accumulator = SIMD8<Float>(repeating: bias)
        var entries = table
        for j in 0..<m {
            accumulator += SIMD8(entries[Int(codes[j])], entries[Int(codes[m + j])],
                                 entries[Int(codes[2 * m + j])], entries[Int(codes[3 * m + j])],
                                 entries[Int(codes[4 * m + j])], entries[Int(codes[5 * m + j])],
                                 entries[Int(codes[6 * m + j])], entries[Int(codes[7 * m + j])])
            entries += ProductQuantizer.centroidsPerSubspace
        }
        return accumulator
    }

    /// Score of one code.
    @inline(__always)
    private func scoreOne(_ code: UnsafePointer<UInt8>, bias: Float) -> Float {
        var total = bias
        for j in 0..<subspaces { total += table[j * ProductQuantizer.centroidsPerSubspace + Int(code[j])] }
        return total
    }
}
