/// A named range of a flat parameter vector.
public struct ParameterSlice: Sendable, Equatable {
    public let name: String
    public let offset: Int
    public let count: Int
    /// Whether AdamW applies weight decay to these parameters (matrices yes; biases, LayerNorm, no).
    public let decays: Bool

    /// `base + offset`.
    @inline(__always)
    public func pointer(_ base: UnsafeMutablePointer<Float>) -> UnsafeMutablePointer<Float> { base + offset }
}

/// Assigns every trainable tensor of a model a slice of one flat `Float` vector.
///
/// One vector for all parameters (and one of the same shape for their gradients and each AdamW
/// moment) keeps the optimiser, gradient clipping, shard reduction and checkpoints simple loops.
/// Components append their tensors in a fixed order, so a layout is reproduced from the config.
public struct ParameterLayout: Sendable, Equatable {
    /// Slices in allocation order.
    public private(set) var slices: [ParameterSlice] = []
    /// Total number of parameters.
    public private(set) var count = 0

    public init() {}

    /// Appends a tensor of `count` parameters.
    public mutating func allocate(_ name: String, count: Int, decays: Bool) -> ParameterSlice {
        let slice = ParameterSlice(name: name, offset: self.count, count: count, decays: decays)
        slices.append(slice)
        self.count += count
        return slice
    }

    /// The slice named `name`, if any.
    public func slice(named name: String) -> ParameterSlice? { slices.first { $0.name == name } }
}
