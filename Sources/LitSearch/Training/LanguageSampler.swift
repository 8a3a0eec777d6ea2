import Foundation
import SeededRandom
import TextTower

/// Draws languages with temperature sampling: language l is chosen with probability
/// `n_l^α / Σ n^α` for `n_l` pairs (XLM-R, mT5). α = 1 follows the data, α = 0 is uniform;
/// α ≈ 0.3 lifts small languages without drowning the large ones.
public struct LanguageSampler: Sendable {
    /// Probability of each language, in the order of the counts given.
    public let probabilities: [Double]
    private let cumulative: [Double]

    /// - Parameter counts: pairs per language; languages with 0 pairs are never drawn.
    public init(counts: [Int], alpha: Double) {
        let weights = counts.map { $0 > 0 ? pow(Double($0), alpha) : 0 }
        let total = weights.reduce(0, +)
        probabilities = weights.map { total > 0 ? $0 / total : 0 }
        var running = 0.0
        cumulative = probabilities.map { running += $0; return running }
    }

    /// A language index.
    ///
    /// - Complexity: O(log languages).
    public func draw(_ random: inout SeededGenerator) -> Int {
        let u = random.nextDouble() * (cumulative.last ?? 0)
        var (low, high) = (0, cumulative.count - 1)
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] > u { high = middle } else { low = middle + 1 }
        }
        // An empty language has the same cumulative value as the one before it, so the first
        // index above u is never an empty language.
        return low
    }
}
