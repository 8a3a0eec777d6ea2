/// Every way to segment one text into pieces: the full lattice behind n-best and sampling.
///
/// Nodes are byte offsets 0…n of the whitespace-escaped text (only character boundaries are used);
/// an edge is one piece spanning `start..<end`. Edges are found exactly as `UnigramEncoder.segment`
/// finds them — trie matches from each character boundary, user-defined pieces scored
/// `length × maxScore − 0.1`, and an `<unk>` edge over a character that has no single-character
/// piece — so the lattice's best path is the Viterbi path. Edges are stored grouped by their end
/// offset (compressed rows), which is the order both the forward pass and backward search read them.
struct SegmentationLattice {
    /// One piece spanning `start..<end` of the text.
    struct Edge {
        var start: Int32
        var end: Int32
        var id: Int32
        var score: Float
    }

    /// The whitespace-escaped UTF-8 bytes.
    let bytes: [UInt8]
    /// Edges sorted by `end`; those ending at `e` are `edges[firstEdge[e]..<firstEdge[e + 1]]`.
    let edges: [Edge]
    /// Compressed-row offsets into `edges`, one more than there are bytes plus one.
    let firstEdge: [Int]

    /// The byte length of the text; node `size` is the end of the sentence.
    var size: Int { bytes.count }

    /// The edges ending at byte offset `end`.
    ///
    /// - Complexity: O(1).
    func edges(endingAt end: Int) -> ArraySlice<Edge> {
        edges[firstEdge[end]..<firstEdge[end + 1]]
    }

    /// The lattice of `bytes` under `encoder`'s vocabulary.
    ///
    /// - Complexity: O(n · L) time and edges for n bytes and longest piece L.
    init(bytes: [UInt8], encoder: UnigramEncoder) {
        self.bytes = bytes
        let size = bytes.count
        var found: [Edge] = []
        found.reserveCapacity(size * 2)
        encoder.trie.withTables { tables in
            var start = 0
            while start < size {
                let charLength = min(UTF8Length.ofLeadByte(bytes[start]), size - start)
                var hasSingle = false
                var node: Int32 = 0
                var position = start
                while position < size {
                    guard let edge = tables.edge(from: node, bytes[position]) else { break }
                    node = edge.child
                    position += 1
                    let id = edge.value
                    if id < 0 { continue }
                    let length = position - start
                    let score = encoder.isUserDefined[Int(id)] ? Float(length) * encoder.maxScore - 0.1
                        : encoder.scores[Int(id)]
                    found.append(Edge(start: Int32(start), end: Int32(position), id: id, score: score))
                    if length == charLength { hasSingle = true }
                }
                if !hasSingle {
                    found.append(Edge(start: Int32(start), end: Int32(start + charLength), id: encoder.unknownID,
                                      score: encoder.unknownScore))
                }
                start += charLength
            }
        }
        // Counting sort by end offset; within one end, edges keep their start order.
        var offsets = [Int](repeating: 0, count: size + 2)
        for edge in found { offsets[Int(edge.end) + 1] += 1 }
        for index in 0..<(size + 1) { offsets[index + 1] += offsets[index] }
        var cursor = offsets
        var sorted = found
        for edge in found {
            sorted[cursor[Int(edge.end)]] = edge
            cursor[Int(edge.end)] += 1
        }
        edges = sorted
        firstEdge = offsets
    }

    /// The best path score from the start of the text to every node (−∞ where no path arrives).
    ///
    /// Summed in `Double`, so it is an admissible and consistent A* heuristic for `nbest`.
    /// - Complexity: O(edges).
    func forwardBest() -> [Double] {
        var best = [Double](repeating: -.infinity, count: size + 1)
        best[0] = 0
        for end in stride(from: 1, through: size, by: 1) {
            for edge in edges(endingAt: end) {
                let candidate = best[Int(edge.start)] + Double(edge.score)
                if candidate > best[end] || best[end] == -.infinity { best[end] = candidate }
            }
        }
        return best
    }
}
