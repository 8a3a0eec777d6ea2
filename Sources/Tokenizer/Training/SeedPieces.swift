/// The trainer's starting vocabulary: frequent substrings found with a suffix array.
///
/// All words are concatenated, each followed by its own unique separator symbol so that no repeat
/// spans two words; every internal node of the (virtual) suffix tree — an LCP interval — is a
/// right-maximal repeat. Its weighted frequency is the sum of the word frequencies over the interval.
/// Candidates score `frequency × length` (SentencePiece's rule), longer repeats are cut to the
/// maximum piece length, and the best `seedSize` survive. Every covered character is added too.
enum SeedPieces {
    /// A seed: the piece's scalars and weighted frequency.
    struct Seed {
        let scalars: [UInt32]
        let frequency: Double
    }

    /// Finds the seeds for `words` (scalars, `▁`-prefixed) with `frequencies`.
    ///
    /// - Complexity: O(N log N) for N characters in all distinct words.
    static func find(words: [[UInt32]], frequencies: [Double], allowed: Set<UInt32>,
                     validity: PieceValidity, seedSize: Int) -> [Seed] {
        var text: [Int32] = []
        var weights: [Double] = []
        for (index, word) in words.enumerated() {
            for scalar in word {
                // Characters outside the coverage set act as separators too: no seed contains them.
                text.append(allowed.contains(scalar) ? Int32(bitPattern: scalar) : Int32(0x110000 + index * 2 + 1))
                weights.append(frequencies[index])
            }
            text.append(Int32(0x110000 + index * 2))
            weights.append(0)
        }
        let suffixes = SuffixArray(text)
        var prefix = [Double](repeating: 0, count: text.count + 1)
        for (i, position) in suffixes.order.enumerated() { prefix[i + 1] = prefix[i] + weights[Int(position)] }

        var best: [[UInt32]: Double] = [:]
        func report(length: Int, lower: Int, upper: Int) {
            let start = Int(suffixes.order[lower])
            let count = min(length, validity.maxLength)
            guard count > 1 else { return }
            let scalars = text[start..<(start + count)].map { UInt32(bitPattern: $0) }
            guard validity.isValid(scalars[...]) else { return }
            let frequency = prefix[upper + 1] - prefix[lower]
            if frequency > best[scalars, default: 0] { best[scalars] = frequency }
        }
        var stack: [(length: Int, lower: Int)] = [(0, 0)]
        let n = text.count
        for i in 1...n {
            let current = i < n ? Int(suffixes.lcp[i]) : 0
            var lower = i - 1
            while current < stack[stack.count - 1].length {
                let top = stack.removeLast()
                report(length: top.length, lower: top.lower, upper: i - 1)
                lower = top.lower
            }
            if current > stack[stack.count - 1].length { stack.append((current, lower)) }
        }
        let ranked = best.map { Seed(scalars: $0.key, frequency: $0.value) }.sorted { a, b in
            let sa = a.frequency * Double(a.scalars.count), sb = b.frequency * Double(b.scalars.count)
            return sa != sb ? sa > sb : a.scalars.lexicographicallyPrecedes(b.scalars)
        }
        return Array(ranked.prefix(seedSize))
    }
}
