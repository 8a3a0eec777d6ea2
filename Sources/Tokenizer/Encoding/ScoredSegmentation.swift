/// One segmentation of a text, as n-best search and sampling return it.
public struct ScoredSegmentation: Sendable, Equatable {
    /// The piece ids, `<unk>` spelled as byte pieces when the model has byte fallback.
    public let ids: [Int32]
    /// The path's log probability under the model: the sum of its piece scores (user-defined and
    /// unknown pieces scored as the Viterbi search scores them).
    public let score: Float
}

extension UnigramEncoder {
    /// The ids and score of a lattice path given as edges in text order.
    ///
    /// - Complexity: O(path bytes).
    func segmentation(_ path: [SegmentationLattice.Edge], bytes: [UInt8]) -> ScoredSegmentation {
        var ids: [Int32] = []
        ids.reserveCapacity(path.count)
        var score: Float = 0
        for edge in path {
            score += edge.score
            if edge.id == unknownID, let byteIDs {
                for index in Int(edge.start)..<Int(edge.end) { ids.append(byteIDs[Int(bytes[index])]) }
            } else {
                ids.append(edge.id)
            }
        }
        return ScoredSegmentation(ids: ids, score: score)
    }
}
