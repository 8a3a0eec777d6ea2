/// The transformer MLP: `GELU(y·W₁ + b₁)·W₂ + b₂`, added to the residual stream.
struct FeedForward: Sendable {
    let up: Linear
    let down: Linear

    init(_ name: String, dimension: Int, hidden: Int, layout: inout ParameterLayout) {
        up = Linear("\(name).up", input: dimension, output: hidden, layout: &layout)
        down = Linear("\(name).down", input: hidden, output: dimension, layout: &layout)
    }

    /// Adds the MLP of `y` into `residual`, keeping the pre-activation `hidden` and the activation
    /// `activated` (both `[rows × hidden]`) for the backward pass.
    ///
    /// - Complexity: O(rows·dimension·hidden) on BLAS.
    func forward(_ y: UnsafePointer<Float>, rows: Int, hidden: UnsafeMutablePointer<Float>,
                 activated: UnsafeMutablePointer<Float>, addingInto residual: UnsafeMutablePointer<Float>,
                 parameters: UnsafeMutablePointer<Float>) {
        up.forward(y, rows: rows, into: hidden, parameters: parameters)
        VectorMath.gelu(hidden, activated, count: rows * up.output)
        down.forward(activated, rows: rows, into: residual, accumulate: true, parameters: parameters)
    }

    /// Back from the residual gradient to the gradient of `y`, written into `dy`;
    /// `scratch` holds `[rows × hidden]`.
    ///
    /// - Complexity: O(rows·dimension·hidden) on BLAS.
    func backward(_ y: UnsafePointer<Float>, outputGradient dResidual: UnsafePointer<Float>, rows: Int,
                  hidden: UnsafePointer<Float>, activated: UnsafePointer<Float>,
                  scratch: UnsafeMutablePointer<Float>, inputGradient dy: UnsafeMutablePointer<Float>,
                  parameters: UnsafeMutablePointer<Float>, gradients: UnsafeMutablePointer<Float>) {
        down.backward(activated, outputGradient: dResidual, rows: rows, inputGradient: scratch,
                      parameters: parameters, gradients: gradients)
        VectorMath.geluBackward(hidden, scratch, count: rows * up.output)
        up.backward(y, outputGradient: scratch, rows: rows, inputGradient: dy,
                    parameters: parameters, gradients: gradients)
    }
}
