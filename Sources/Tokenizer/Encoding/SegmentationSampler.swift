import Foundation

/// Sampling one segmentation (subword regularization, Kudo 2018, §3.2; SentencePiece's
/// `SampleEncode`), for training-time augmentation of the text tower.
extension UnigramEncoder {
    /// A segmentation of `text` drawn with probability ∝ P(path)^alpha.
    ///
    /// Forward-filtering backward-sampling: a forward pass sums, in log space, `exp(alpha · score)`
    /// over all paths into each node; walking back from the end, each step picks one edge into the
    /// current node with probability (paths through it) / (all paths into the node). `alpha → ∞`
    /// concentrates on the Viterbi path, `alpha = 0` samples uniformly over all segmentations.
    /// The same generator state gives the same segmentation on every platform.
    ///
    /// - Complexity: O(n · L) for n bytes and longest piece L.
    public func sample<G: RandomNumberGenerator>(_ text: String, alpha: Float, using generator: inout G)
        -> ScoredSegmentation {
        let bytes = whitespace.apply(text)
        if bytes.isEmpty { return ScoredSegmentation(ids: [], score: 0) }
        let lattice = SegmentationLattice(bytes: bytes, encoder: self)
        let theta = Double(alpha)
        var logTotal = [Double](repeating: -.infinity, count: bytes.count + 1)
        logTotal[0] = 0
        for end in 1...bytes.count {
            var total = -Double.infinity
            for edge in lattice.edges(endingAt: end) {
                total = Self.logAddExp(total, logTotal[Int(edge.start)] + theta * Double(edge.score))
            }
            logTotal[end] = total
        }
        var path: [SegmentationLattice.Edge] = []
        var position = bytes.count
        while position > 0 {
            let incoming = lattice.edges(endingAt: position)
            let weights = incoming.map { exp(logTotal[Int($0.start)] + theta * Double($0.score) - logTotal[position]) }
            let total = weights.reduce(0, +)
            // A uniform draw in [0, 1) from the top 53 bits, the same on every platform.
            let draw = Double(generator.next() >> 11) * 0x1.0p-53 * total
            var chosen = incoming.index(before: incoming.endIndex)
            if total.isFinite && total > 0 {
                var cumulative = 0.0
                for (offset, weight) in weights.enumerated() {
                    cumulative += weight
                    if draw < cumulative { chosen = incoming.startIndex + offset; break }
                }
            }
            let edge = incoming[chosen]
            path.append(edge)
            position = Int(edge.start)
        }
        return segmentation(path.reversed(), bytes: bytes)
    }

    /// log(exp(a) + exp(b)) without overflow; −∞ is the identity.
    ///
    /// - Complexity: O(1).
    static func logAddExp(_ a: Double, _ b: Double) -> Double {
        if a == -.infinity { return b }
        if b == -.infinity { return a }
        let high = max(a, b), low = min(a, b)
        return high + log1p(exp(low - high))
    }
}
