/// The k best segmentations (subword regularization, Kudo 2018, §3.1; SentencePiece's `NBestEncode`).
extension UnigramEncoder {
    /// The `k` highest-scoring segmentations of `text`, best first.
    ///
    /// A forward pass gives each node its best prefix score; an A* search then grows paths backward
    /// from the end of the text, ranking a partial path by (best prefix score to where it starts) +
    /// (its own score). That heuristic is exact, so complete paths come off the agenda in order of
    /// score. The first result is always exactly `encode(text)` (the Viterbi path, with its
    /// tie-breaking); later results are the next distinct paths. Equal scores are searched
    /// depth-first, and the search stops after `8 · k · (n + 1) + 1024` expansions, so a model whose
    /// scores tie everywhere may yield fewer than `k` results rather than run for exponential time.
    ///
    /// - Parameter k: how many segmentations to return (values below 1 count as 1).
    /// - Complexity: O(n · L) for the lattice plus O(k · n · L · log(k · n · L)) for the search,
    ///   n bytes and longest piece L.
    public func nbest(_ text: String, k: Int) -> [ScoredSegmentation] {
        let bytes = whitespace.apply(text)
        let viterbi = segmentation(segment(bytes).map { edge(range: $0.range, id: $0.id) }, bytes: bytes)
        let k = max(1, k)
        if k == 1 || bytes.isEmpty { return [viterbi] }
        let lattice = SegmentationLattice(bytes: bytes, encoder: self)
        let forward = lattice.forwardBest()
        var results = [viterbi]
        var seen: Set<[Int32]> = [viterbi.ids]

        // Hypotheses: the fixed suffix path from `node` to the end, as a linked list through `next`.
        var node: [Int32] = [Int32(bytes.count)], edgeIndex: [Int32] = [-1], next: [Int32] = [-1]
        var suffixScore: [Double] = [0], depth: [Int32] = [0]
        var agenda = HypothesisHeap()
        agenda.push(.init(priority: forward[bytes.count], tieBreak: 0, index: 0))
        var expansions = 8 * k * (bytes.count + 1) + 1024
        while results.count < k, expansions > 0, let top = agenda.pop() {
            expansions -= 1
            let hypothesis = Int(top.index)
            let position = Int(node[hypothesis])
            if position == 0 {
                var path: [SegmentationLattice.Edge] = []
                var cursor = hypothesis
                while edgeIndex[cursor] >= 0 {
                    path.append(lattice.edges[Int(edgeIndex[cursor])])
                    cursor = Int(next[cursor])
                }
                let found = segmentation(path, bytes: bytes)
                if seen.insert(found.ids).inserted { results.append(found) }
                continue
            }
            let base = lattice.firstEdge[position]
            for (offset, edge) in lattice.edges(endingAt: position).enumerated() {
                let score = suffixScore[hypothesis] + Double(edge.score)
                node.append(edge.start)
                edgeIndex.append(Int32(base + offset))
                next.append(Int32(hypothesis))
                suffixScore.append(score)
                depth.append(depth[hypothesis] + 1)
                agenda.push(.init(priority: forward[Int(edge.start)] + score, tieBreak: depth[hypothesis] + 1,
                                  index: Int32(node.count - 1)))
            }
        }
        return results
    }

    /// The lattice edge for a piece `id` spanning `range`, scored as the Viterbi search scores it.
    ///
    /// - Complexity: O(1).
    func edge(range: Range<Int>, id: Int32) -> SegmentationLattice.Edge {
        let score: Float
        if id == unknownID {
            score = unknownScore
        } else if isUserDefined[Int(id)] {
            score = Float(range.count) * maxScore - 0.1
        } else {
            score = scores[Int(id)]
        }
        return .init(start: Int32(range.lowerBound), end: Int32(range.upperBound), id: id, score: score)
    }
}
