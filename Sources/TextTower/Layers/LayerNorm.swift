/// Layer normalisation over the last dimension: `y = (x − μ)/√(σ² + ε) · γ + β`.
///
/// The forward pass keeps each row's mean and reciprocal standard deviation; the backward pass
/// recomputes the normalised row from the input, so no extra row-sized buffer is stored.
struct LayerNorm: Sendable {
    let dimension: Int
    let gain: ParameterSlice
    let bias: ParameterSlice
    static let epsilon: Float = 1e-5

    init(_ name: String, dimension: Int, layout: inout ParameterLayout) {
        self.dimension = dimension
        gain = layout.allocate("\(name).gain", count: dimension, decays: false)
        bias = layout.allocate("\(name).bias", count: dimension, decays: false)
    }

    /// γ = 1, β = 0.
    func initialise(_ parameters: UnsafeMutablePointer<Float>) {
        gain.pointer(parameters).update(repeating: 1, count: dimension)
        bias.pointer(parameters).update(repeating: 0, count: dimension)
    }

    /// Normalises `rows` rows of `x` into `y`, recording per-row `mean` and `rstd`.
    ///
    /// - Complexity: O(rows·dimension).
    func forward(_ x: UnsafePointer<Float>, rows: Int, into y: UnsafeMutablePointer<Float>,
                 mean: UnsafeMutablePointer<Float>, rstd: UnsafeMutablePointer<Float>,
                 parameters: UnsafeMutablePointer<Float>) {
        let n = dimension
        let (g, b) = (gain.pointer(parameters), bias.pointer(parameters))
        for row in 0..<rows {
            let (source, target) = (x + row * n, y + row * n)
            let mu = VectorMath.sum(source, count: n) / Float(n)
            for j in 0..<n { target[j] = source[j] - mu }
            let variance = VectorMath.dot(target, target, count: n) / Float(n)
            let r = 1 / (variance + Self.epsilon).squareRoot()
            for j in 0..<n { target[j] = target[j] * r * g[j] + b[j] }
            mean[row] = mu
            rstd[row] = r
        }
    }

    /// Adds the input gradient to `dx` and the gain/bias gradients to `gradients`.
    ///
    /// `dx = rstd·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂))` with `dx̂ = dy·γ`; `scratch` holds two rows.
    /// - Complexity: O(rows·dimension).
    func backward(_ x: UnsafePointer<Float>, outputGradient dy: UnsafePointer<Float>, rows: Int,
                  mean: UnsafePointer<Float>, rstd: UnsafePointer<Float>,
                  addingInto dx: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>,
                  parameters: UnsafeMutablePointer<Float>, gradients: UnsafeMutablePointer<Float>) {
        let n = dimension
        let g = gain.pointer(parameters)
        let (dg, db) = (gain.pointer(gradients), bias.pointer(gradients))
        let (normalised, scaled) = (scratch, scratch + n)
        for row in 0..<rows {
            let (source, upstream, target) = (x + row * n, dy + row * n, dx + row * n)
            let (mu, r) = (mean[row], rstd[row])
            for j in 0..<n {
                normalised[j] = (source[j] - mu) * r
                dg[j] += upstream[j] * normalised[j]
                db[j] += upstream[j]
            }
            for j in 0..<n { scaled[j] = upstream[j] * g[j] }
            let sumD = VectorMath.sum(scaled, count: n)
            let sumDX = VectorMath.dot(scaled, normalised, count: n)
            let (meanD, meanDX) = (sumD / Float(n), sumDX / Float(n))
            for j in 0..<n {
                target[j] += r * (scaled[j] - meanD - normalised[j] * meanDX)
            }
        }
    }
}
