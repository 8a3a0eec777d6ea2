/// How the image-side head starts and whether it trains; `"imageHead"` in a training config.
public enum ImageHeadMode: String, Sendable, Codable, CaseIterable {
    /// Random weights, trained with the text tower.
    case random
    /// The training features' leading principal directions, trained with the text tower.
    case principal
    /// The training features' leading principal directions, never updated: the whole image side
    /// stays locked and only the text tower (and the temperature) train.
    case locked
}
