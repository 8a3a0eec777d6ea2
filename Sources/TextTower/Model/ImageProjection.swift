import SeededRandom

/// The image-side head: centre the locked feature, project it linearly, L2-normalise.
///
/// The locked tower's 1280-d embeddings all lie in a narrow cone; subtracting their mean over the
/// training images (the centre, computed once from data and then fixed) and learning a projection
/// to the joint dimension, trained together with the text tower, is the "simple head on each
/// tower" of the brief. The locked tower itself never changes.
public struct ImageProjection: Sendable {
    public let inputDimension: Int
    public let outputDimension: Int
    let linear: Linear

    /// Appends the projection's weight and bias to `layout`.
    public init(inputDimension: Int, outputDimension: Int, layout: inout ParameterLayout) {
        self.inputDimension = inputDimension
        self.outputDimension = outputDimension
        linear = Linear("image.head", input: inputDimension, output: outputDimension, layout: &layout)
    }

    /// The projection's weight (`inputDimension × outputDimension`, row-major) and bias.
    public var weightSlice: ParameterSlice { linear.weight }
    public var biasSlice: ParameterSlice? { linear.bias }

    /// Weight N(0, 1/inputDimension), bias 0.
    public func initialise(_ parameters: UnsafeMutablePointer<Float>, random: inout SeededGenerator) {
        linear.initialise(parameters, standardDeviation: 1 / Float(inputDimension).squareRoot(), random: &random)
    }

    /// The mean of `count` feature rows: the centre to subtract.
    ///
    /// - Complexity: O(count·dimension), summed in `Double`.
    public static func centre(of features: UnsafePointer<Float>, count: Int, dimension: Int) -> [Float] {
        var sum = [Double](repeating: 0, count: dimension)
        for row in 0..<count { for j in 0..<dimension { sum[j] += Double(features[row * dimension + j]) } }
        return sum.map { Float($0 / Double(max(count, 1))) }
    }

    /// Projects `count` rows of locked features; returns unit rows living in `workspace`.
    ///
    /// - Complexity: O(count·inputDimension·outputDimension) on BLAS.
    public func forward(_ features: UnsafePointer<Float>, count: Int, centre: UnsafePointer<Float>,
                        parameters: UnsafeMutablePointer<Float>, workspace w: ImageProjectionWorkspace) -> UnsafePointer<Float> {
        precondition(count <= w.batchCapacity, "batch exceeds the image workspace")
        let (n, e) = (inputDimension, outputDimension)
        for row in 0..<count {
            let (source, target) = (features + row * n, w.centred.pointer + row * n)
            for j in 0..<n { target[j] = source[j] - centre[j] }
        }
        linear.forward(w.centred.pointer, rows: count, into: w.projected.pointer, parameters: parameters)
        L2Normalization.forward(w.projected.pointer, rows: count, dimension: e, into: w.output.pointer, norms: w.norms.pointer)
        w.count = count
        return UnsafePointer(w.output.pointer)
    }

    /// Adds the projection's gradient for output gradient `dOutput` of the last forward pass.
    ///
    /// - Complexity: O(count·inputDimension·outputDimension) on BLAS.
    public func backward(_ dOutput: UnsafePointer<Float>, parameters: UnsafeMutablePointer<Float>,
                         gradients: UnsafeMutablePointer<Float>, workspace w: ImageProjectionWorkspace) {
        guard w.count > 0 else { return }
        L2Normalization.backward(w.output.pointer, outputGradient: dOutput, rows: w.count, dimension: outputDimension,
                                 norms: w.norms.pointer, into: w.dProjected.pointer)
        linear.backward(w.centred.pointer, outputGradient: w.dProjected.pointer, rows: w.count, inputGradient: nil,
                        parameters: parameters, gradients: gradients)
    }
}

/// Buffers an `ImageProjection` keeps between forward and backward.
public final class ImageProjectionWorkspace: @unchecked Sendable {
    public let batchCapacity: Int
    let centred, projected, output, norms, dProjected: FloatBuffer
    var count = 0

    public init(inputDimension: Int, outputDimension: Int, batchCapacity: Int) {
        self.batchCapacity = batchCapacity
        centred = FloatBuffer(count: batchCapacity * inputDimension)
        projected = FloatBuffer(count: batchCapacity * outputDimension)
        output = FloatBuffer(count: batchCapacity * outputDimension)
        norms = FloatBuffer(count: batchCapacity)
        dProjected = FloatBuffer(count: batchCapacity * outputDimension)
    }
}
