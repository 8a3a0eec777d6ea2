import VectorIndex

extension VectorIndex {
    /// The kind as litsearch shows it: `exact`, `pq`, `opq+pq`, `ivf-pq` or `opq+ivf-pq`.
    public var kindName: String {
        switch kind {
        case .exact: return "exact"
        case .productQuantized: return isRotated ? "opq+pq" : "pq"
        case .invertedFile: return isRotated ? "opq+ivf-pq" : "ivf-pq"
        }
    }

    /// Why `needsRebuild` is true, in words (nil when it is not).
    public var rebuildReason: String? {
        guard needsRebuild else { return nil }
        if kind == .exact {
            return "the collection reached \(count) vectors (exact scan below \(parameters.exactThreshold)); training the quantizer"
        }
        if storedRows >= 4 * max(trainedRows, 1) {
            return "the collection grew to \(storedRows) rows, 4× the \(trainedRows) it was trained on; retraining"
        }
        return "\(removedCount) of \(storedRows) rows are removed; retraining"
    }
}
