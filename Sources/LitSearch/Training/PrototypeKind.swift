/// What stands in for a photo in the pairs that name an ImageNet class instead of a picture.
///
/// Set by `"prototypes"` in a training config; `features` is the default.
public enum PrototypeKind: String, Sendable, Codable, CaseIterable {
    /// `ImageTower.classFeatures()`: a photo-like pooled feature per class, built from the
    /// classifier and the head batch norm's statistics (non-negative, with the photos' common part).
    case classFeatures = "features"
    /// `ImageTower.classPrototypes`: the classifier's rows, L2-normalised.
    case classifierRows = "rows"
}
