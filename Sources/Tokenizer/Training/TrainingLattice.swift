import Foundation

/// Per-word lattices for training: forward–backward expectations and Viterbi paths.
///
/// Every piece that matches at a character boundary is an arc; a character with no piece gets an
/// `<unk>` arc (score `unknownScore`, never counted). Arithmetic is in `Double` log space.
struct TrainingLattice {
    let trie: PieceTrie
    let scores: [Double]
    let unknownScore: Double

    /// An arc: start and end byte offsets within the word, and the piece id (-1 for `<unk>`).
    struct Arc {
        let start: Int32
        let end: Int32
        let id: Int32
    }

    /// All arcs of `word`, ordered by start then end.
    ///
    /// - Complexity: O(n · L).
    func arcs(_ word: ArraySlice<UInt8>, into arcs: inout [Arc]) {
        arcs.removeAll(keepingCapacity: true)
        let base = word.startIndex
        let size = word.count
        var start = 0
        while start < size {
            let charLength = min(UTF8Length.ofLeadByte(word[base + start]), size - start)
            var node: Int32 = 0
            var position = start
            var hasSingle = false
            while position < size, let next = trie.child(of: node, word[base + position]) {
                node = next
                position += 1
                let id = trie.values[Int(node)]
                if id >= 0 {
                    arcs.append(Arc(start: Int32(start), end: Int32(position), id: id))
                    if position - start == charLength { hasSingle = true }
                }
            }
            if !hasSingle { arcs.append(Arc(start: Int32(start), end: Int32(start + charLength), id: -1)) }
            start += charLength
        }
    }

    /// Adds `frequency ×` the expected count of every piece in `word` to `expected`; returns log Z.
    ///
    /// - Complexity: O(n · L).
    func expect(_ word: ArraySlice<UInt8>, frequency: Double, arcs: inout [Arc],
                alpha: inout [Double], beta: inout [Double], expected: inout [Double]) -> Double {
        self.arcs(word, into: &arcs)
        let size = word.count
        alpha.removeAll(keepingCapacity: true)
        alpha.append(contentsOf: repeatElement(-Double.infinity, count: size + 1))
        beta.removeAll(keepingCapacity: true)
        beta.append(contentsOf: repeatElement(-Double.infinity, count: size + 1))
        alpha[0] = 0
        for arc in arcs {
            let s = arc.id >= 0 ? scores[Int(arc.id)] : unknownScore
            alpha[Int(arc.end)] = Self.logAdd(alpha[Int(arc.end)], alpha[Int(arc.start)] + s)
        }
        beta[size] = 0
        for arc in arcs.reversed() {
            let s = arc.id >= 0 ? scores[Int(arc.id)] : unknownScore
            beta[Int(arc.start)] = Self.logAdd(beta[Int(arc.start)], beta[Int(arc.end)] + s)
        }
        let z = alpha[size]
        for arc in arcs where arc.id >= 0 {
            let p = exp(alpha[Int(arc.start)] + scores[Int(arc.id)] + beta[Int(arc.end)] - z)
            expected[Int(arc.id)] += frequency * p
        }
        return z
    }

    /// The Viterbi path of `word` as piece ids (-1 for `<unk>`), optionally never using `banned`.
    ///
    /// - Complexity: O(n · L).
    func viterbi(_ word: ArraySlice<UInt8>, banned: Int32 = -2, arcs: inout [Arc]) -> [Int32] {
        self.arcs(word, into: &arcs)
        let size = word.count
        var best = [Double](repeating: -Double.infinity, count: size + 1)
        var back = [Int](repeating: -1, count: size + 1)
        best[0] = 0
        for (index, arc) in arcs.enumerated() where arc.id != banned {
            let candidate = best[Int(arc.start)] + (arc.id >= 0 ? scores[Int(arc.id)] : unknownScore)
            if candidate > best[Int(arc.end)] {
                best[Int(arc.end)] = candidate
                back[Int(arc.end)] = index
            }
        }
        var path: [Int32] = []
        var end = size
        while end > 0 {
            let index = back[end]
            if index < 0 { return [] }
            path.append(arcs[index].id)
            end = Int(arcs[index].start)
        }
        return path.reversed()
    }

    @inline(__always)
    static func logAdd(_ a: Double, _ b: Double) -> Double {
        if a == -.infinity { return b }
        if b == -.infinity { return a }
        return a > b ? a + log1p(exp(b - a)) : b + log1p(exp(a - b))
    }
}
