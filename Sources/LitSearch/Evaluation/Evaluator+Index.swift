import Catalog
import Foundation

extension Evaluator {
    /// Sets up the comparison of exact search with a PQ index built with the same parameters as
    /// the eval index in `directory`, and returns nil; or leaves `approximate` unset and returns
    /// why there is nothing to compare (`exactOnly`, an exact-scan index, an unusable vector file).
    ///
    /// - Throws: `CatalogError` when the eval index's catalog cannot be opened.
    /// - Complexity: opening the catalog and the vector file's header.
    public mutating func compareWithIndex(in directory: IndexDirectory, imageModelID: String, exactOnly: Bool) throws -> String? {
        approximate = nil
        if exactOnly { return "--exact: the PQ index was not compared" }
        let catalog = try Catalog(directory: directory, mode: .readOnly)
        switch VectorFile(directory: directory).open(expecting: SearchSpaces.current(imageModelID: imageModelID),
                                                    catalogGeneration: try catalog.vectorGeneration()) {
        case let .unusable(problem, _):
            return problem.note
        case let .usable(found) where found.kind == .exact:
            return "the index is an exact scan below \(found.parameters.exactThreshold) images (see --exact-threshold)"
        case let .usable(found):
            // Text queries: nearest-centroid codes, as in the joint index (`JointSpace.tuned`).
            var parameters = found.parameters
            parameters.anisotropicWeight = 1
            approximate = { joint, dimension in try IndexRanker.build(vectors: joint, dimension: dimension, parameters: parameters) }
            return nil
        }
    }
}
