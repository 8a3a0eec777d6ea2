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

    /// Settings with `exactThreshold` (or, when nil, `$LITSEARCH_EXACT_THRESHOLD`, or the default).
    public init(exactThreshold: Int? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) {
        var parameters = VectorIndexParameters()
        if let threshold = exactThreshold ?? environment[Self.exactThresholdVariable].flatMap({ Int($0) }) {
            parameters.exactThreshold = max(Self.minimumExactThreshold, threshold)
        }
        self.parameters = parameters
    }
}
