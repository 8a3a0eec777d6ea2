/// Row-wise L2 normalisation `y = z/‖z‖`, the last step of both towers' heads.
enum L2Normalization {
    /// Normalises `rows` rows of `z` into `y`, recording each row's norm.
    ///
    /// - Complexity: O(rows·dimension).
    static func forward(_ z: UnsafePointer<Float>, rows: Int, dimension d: Int,
                        into y: UnsafeMutablePointer<Float>, norms: UnsafeMutablePointer<Float>) {
        for row in 0..<rows {
            let norm = max(VectorMath.dot(z + row * d, z + row * d, count: d).squareRoot(), 1e-12)
            norms[row] = norm
            let scale = 1 / norm
            for j in 0..<d { y[row * d + j] = z[row * d + j] * scale }
        }
    }

    /// Writes `dz = (dy − y·(y·dy))/‖z‖` into `dz`.
    ///
    /// - Complexity: O(rows·dimension).
    static func backward(_ y: UnsafePointer<Float>, outputGradient dy: UnsafePointer<Float>, rows: Int,
                         dimension d: Int, norms: UnsafePointer<Float>, into dz: UnsafeMutablePointer<Float>) {
        for row in 0..<rows {
            let (yr, dyr, dzr) = (y + row * d, dy + row * d, dz + row * d)
            let projection = VectorMath.dot(yr, dyr, count: d)
            let scale = 1 / norms[row]
            for j in 0..<d { dzr[j] = (dyr[j] - yr[j] * projection) * scale }
        }
    }
}
