import Foundation

/// The digamma function ψ(x) = d/dx ln Γ(x), for the Bayesian EM update.
///
/// Uses the recurrence ψ(x) = ψ(x + 1) − 1/x to move x above 7, then the asymptotic series
/// ln x − 1/(2x) − 1/(12x²) + 1/(120x⁴) − 1/(252x⁶); accurate to ~1e-12 for x > 0.
enum Digamma {
    /// ψ(x) for x > 0.
    ///
    /// - Complexity: O(1).
    static func of(_ x: Double) -> Double {
        var x = x
        var result = 0.0
        while x < 7 {
            result -= 1 / x
            x += 1
        }
        x -= 0.5
        let xx = 1 / x
        let xx2 = xx * xx
        let xx4 = xx2 * xx2
        result += log(x) + (1.0 / 24) * xx2 - (7.0 / 960) * xx4 + (31.0 / 8064) * xx4 * xx2
            - (127.0 / 30720) * xx4 * xx4
        return result
    }
}
