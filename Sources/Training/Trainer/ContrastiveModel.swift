import SeededRandom
import TextTower

/// The trainable part of LiT: the text tower, the image-side projection and the logit scale, laid
/// out in one flat parameter vector (in that order).
public struct ContrastiveModel: Sendable {
    public let textTower: TextTower
    public let imageProjection: ImageProjection
    public let layout: ParameterLayout
    /// The single parameter `log s` (logit scale = inverse temperature).
    public let logScale: ParameterSlice

    /// Builds the layout for a text tower and `imageDimension`-wide locked features (1280).
    public init(textConfig: TextTowerConfig, imageDimension: Int) throws {
        var layout = ParameterLayout()
        textTower = try TextTower(config: textConfig, layout: &layout)
        imageProjection = ImageProjection(inputDimension: imageDimension, outputDimension: textConfig.outputDimension,
                                          layout: &layout)
        logScale = layout.allocate("logit.logScale", count: 1, decays: false)
        self.layout = layout
    }

    public var imageDimension: Int { imageProjection.inputDimension }
    public var jointDimension: Int { textTower.config.outputDimension }

    /// Random initial parameters and the given log scale.
    public func initialise(_ parameters: UnsafeMutablePointer<Float>, logScale initial: Float,
                           random: inout SeededGenerator) {
        textTower.initialise(parameters, random: &random)
        imageProjection.initialise(parameters, random: &random)
        parameters[logScale.offset] = initial
    }
}
