import Foundation
import XCTest
@testable import TextTower

/// The SIMD kernels against scalar Foundation references.
final class VectorMathTests: XCTestCase {
    func testExpMatchesFoundation() {
        for x in stride(from: Float(-80), through: 80, by: 0.37) {
            let v = VectorMath.exp(SIMD8(repeating: x))[3]
            XCTAssertEqual(v, Foundation.exp(x), accuracy: Foundation.exp(x) * 1e-6, "exp(\(x))")
        }
        for x: Float in [-87, -86.5, 87.5, 88] {
            XCTAssertEqual(VectorMath.exp(SIMD8(repeating: x))[0], Foundation.exp(x), accuracy: Foundation.exp(x) * 1e-6, "exp(\(x))")
        }
        XCTAssertEqual(VectorMath.exp(SIMD8(repeating: -Float.infinity))[0], 0, accuracy: 1e-37)
    }

    func testSoftmaxAndGELU() {
        var row: [Float] = [0.5, -1, 3, 2, 0, 1, 7, -4, 0.25, 1.5, 2.5]
        let reference = row.map { Foundation.exp($0 - 7) }
        let total = reference.reduce(0, +)
        row.withUnsafeMutableBufferPointer { VectorMath.softmax($0.baseAddress!, count: 11) }
        for i in row.indices { XCTAssertEqual(row[i], reference[i] / total, accuracy: 1e-6) }

        let xs: [Float] = (0..<13).map { Float($0) * 0.7 - 4.2 }
        var ys = [Float](repeating: 0, count: 13)
        var slopes = [Float](repeating: 1, count: 13)
        VectorMath.gelu(xs, &ys, count: 13)
        VectorMath.geluBackward(xs, &slopes, count: 13)
        for i in xs.indices {
            let x = Double(xs[i])
            let gelu = { (x: Double) in 0.5 * x * (1 + Foundation.tanh(0.7978845608 * (x + 0.044715 * x * x * x))) }
            XCTAssertEqual(Double(ys[i]), gelu(x), accuracy: 1e-6)
            XCTAssertEqual(Double(slopes[i]), (gelu(x + 1e-4) - gelu(x - 1e-4)) / 2e-4, accuracy: 1e-4)
        }
    }
}
