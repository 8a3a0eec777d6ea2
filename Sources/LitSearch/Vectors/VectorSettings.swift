import Foundation
import VectorIndex

/// How `index` builds the vector file: the `VectorIndexParameters` litsearch uses.
///
/// Everything is the `VectorIndexParameters` default (64-byte OPQ+PQ codes, re-ranking of 100
/// candidates, exact scan below 5 000 vectors) except the exact threshold, which can be lowered
/// with `index --exact-threshold N` or the environment variable `LITSEARCH_EXACT_THRESHOLD` (the
/// tests use it to exercise PQ with a few hundred images). It is never below 256, the number of
/// centroids each PQ sub-space trains. Changing it rebuilds the file on the next run.
public struct VectorSettings: Sendable, Equatable {
    /// The environment variable that sets the exact threshold when no option does.
    public static let exactThresholdVariable = "LITSEARCH_EXACT_THRESHOLD"
    /// The lowest usable exact threshold.
    public static let minimumExactThreshold = 256

    public var parameters: VectorIndexParameters

    /// Collections of at least this many vectors get an IVF coarse quantizer (`coarseLists`) so
    /// that a query scans `probes / coarseLists` of the codes instead of all of them.
    public static let ivfThreshold = 200_000
    /// An IVF index is kept down to this many vectors, so a collection that hovers around
    /// `ivfThreshold` is not rebuilt back and forth.
    public static let ivfKeepThreshold = 150_000

    /// The parameters for a collection of `count` vectors: flat PQ below `ivfThreshold`, IVF with
    /// about 2·√count lists (a power of two, 1,024 to 16,384) above it.
    ///
    /// - Parameter current: the parameters of the existing index, if any (for the hysteresis).
    public func parameters(forCount count: Int, current: VectorIndexParameters? = nil) -> VectorIndexParameters {
        var chosen = parameters
        guard chosen.coarseLists == 0 else { return chosen }
        let keeps = (current?.coarseLists ?? 0) > 0 && count >= Self.ivfKeepThreshold
        guard count >= Self.ivfThreshold || keeps else { return chosen }
        if keeps, let current { chosen.coarseLists = current.coarseLists; return chosen }
        var lists = 1024
        while lists * 2 <= min(16_384, Int(2 * Double(count).squareRoot())) { lists *= 2 }
        chosen.coarseLists = lists
        return chosen
    }

    /// Settings with `exactThreshold` (or, when nil, `$LITSEARCH_EXACT_THRESHOLD`, or the default).
    public init(exactThreshold: Int? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) {
        var parameters = VectorIndexParameters()
        if let threshold = exactThreshold ?? environment[Self.exactThresholdVariable].flatMap({ Int($0) }) {
            parameters.exactThreshold = max(Self.minimumExactThreshold, threshold)
        }
        self.parameters = parameters
    }
}
