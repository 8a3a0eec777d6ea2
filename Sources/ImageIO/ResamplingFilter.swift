/// The interpolation kernel used when resizing.
///
/// When reducing, every kernel is stretched by the reduction factor so it
/// averages over all the source pixels under an output pixel (antialiasing),
/// the way PIL's `Image.resize` and `tf.image.resize(antialias: true)` do.
public enum ResamplingFilter: String, Sendable, CaseIterable {
    /// Area averaging (PIL `BOX`).
    case box
    /// Linear interpolation, a triangle kernel of radius 1 (PIL `BILINEAR`).
    case triangle
    /// Keys cubic convolution with a = −0.5 (PIL `BICUBIC`); sharper, may overshoot.
    case bicubic

    /// The kernel's radius in source pixels at scale 1.
    var support: Double {
        switch self {
        case .box: return 0.5
        case .triangle: return 1
        case .bicubic: return 2
        }
    }

    /// Whether the kernel has negative lobes, so results need clamping to 0...255.
    var overshoots: Bool { self == .bicubic }

    /// The kernel's weight at distance `x` (in kernel units) from the centre.
    func weight(_ x: Double) -> Double {
        let t = abs(x)
        switch self {
        case .box:
            return x > -0.5 && x <= 0.5 ? 1 : 0 // half-open like PIL, so ties split consistently
        case .triangle:
            return t < 1 ? 1 - t : 0
        case .bicubic:
            let a = -0.5
            if t < 1 { return ((a + 2) * t - (a + 3)) * t * t + 1 }
            if t < 2 { return (((t - 5) * t + 8) * t - 4) * a }
            return 0
        }
    }
}
