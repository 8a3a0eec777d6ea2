/// Suffix array and LCP array over an integer alphabet, by prefix doubling.
///
/// Prefix doubling (Manber–Myers with radix sorting by rank pairs) is O(n log n) worst case and
/// stops as soon as all ranks are distinct — after about log2(longest repeat) rounds, which for
/// words is a handful. LCPs come from Kasai's algorithm.
struct SuffixArray {
    /// Suffix start positions in lexicographic order.
    let order: [Int32]
    /// `lcp[i]`: length of the common prefix of suffixes `order[i-1]` and `order[i]` (0 for i = 0).
    let lcp: [Int32]

    /// Builds both arrays for `text`; symbols must be ≥ 0.
    ///
    /// - Complexity: O(n log n) time, O(n) memory.
    init(_ text: [Int32]) {
        let n = text.count
        var rank = Self.denseRanks(text)
        var sa = [Int32](repeating: 0, count: n)
        var tmp = [Int32](repeating: 0, count: n)
        var newRank = [Int32](repeating: 0, count: n)
        var k = 1
        while n > 1 {
            let maxRank = Int(rank.max() ?? 0) + 2
            // Radix sort by second key (rank[i+k] + 1, 0 when past the end), then stable by first key.
            var count = [Int](repeating: 0, count: maxRank + 1)
            for i in 0..<n { count[i + k < n ? Int(rank[i + k]) + 1 : 0] += 1 }
            var sum = 0
            for r in 0..<count.count { let c = count[r]; count[r] = sum; sum += c }
            for i in 0..<n {
                let key = i + k < n ? Int(rank[i + k]) + 1 : 0
                tmp[count[key]] = Int32(i); count[key] += 1
            }
            count = [Int](repeating: 0, count: maxRank + 1)
            for i in 0..<n { count[Int(rank[i])] += 1 }
            sum = 0
            for r in 0..<count.count { let c = count[r]; count[r] = sum; sum += c }
            for i in tmp {
                let key = Int(rank[Int(i)])
                sa[count[key]] = i; count[key] += 1
            }
            newRank[Int(sa[0])] = 0
            var classes: Int32 = 0
            for j in 1..<n {
                let a = Int(sa[j - 1]), b = Int(sa[j])
                let secondA = a + k < n ? rank[a + k] : -1, secondB = b + k < n ? rank[b + k] : -1
                if rank[a] != rank[b] || secondA != secondB { classes += 1 }
                newRank[b] = classes
            }
            swap(&rank, &newRank)
            if Int(classes) == n - 1 { break }
            k <<= 1
        }
        order = sa
        lcp = Self.kasai(text, sa, rank)
    }

    private static func denseRanks(_ text: [Int32]) -> [Int32] {
        let values = Array(Set(text)).sorted()
        var map: [Int32: Int32] = [:]
        for (i, v) in values.enumerated() { map[v] = Int32(i) }
        return text.map { map[$0]! }
    }

    private static func kasai(_ text: [Int32], _ sa: [Int32], _ rank: [Int32]) -> [Int32] {
        let n = text.count
        var lcp = [Int32](repeating: 0, count: n)
        var h = 0
        for i in 0..<n {
            let r = Int(rank[i])
            if r > 0 {
                let j = Int(sa[r - 1])
                while i + h < n && j + h < n && text[i + h] == text[j + h] { h += 1 }
                lcp[r] = Int32(h)
                if h > 0 { h -= 1 }
            } else {
                h = 0
            }
        }
        return lcp
    }
}
