import XCTest
import Foundation
@testable import ImageTower
final class ScratchTests: XCTestCase {
    func testScratch() throws {
        let tower = try ImageTower(contentsOf: URL(fileURLWithPath: "/work/main/weights/efficientnet-lite0.safetensors"))
        let raw = try Data(contentsOf: URL(fileURLWithPath: "/tmp/w/raw2.f32"))
        let hwc = raw.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        let names = try String(contentsOfFile: "/work/main/weights/imagenet_classes.txt", encoding: .utf8).split(separator: "\n").map { $0.split(separator: "\t").last! }
        let configs: [(String, [Float], [Float])] = [("tf", [127, 127, 127], [128, 128, 128]), ("imagenet", [123.675, 116.28, 103.53], [58.395, 57.12, 57.375])]
        for (label, mean, std) in configs {
            var chw = [Float](repeating: 0, count: hwc.count)
            for n in 0..<2 { for y in 0..<224 { for x in 0..<224 { for c in 0..<3 {
                let src: Int = n*224*224*3 + (y*224+x)*3 + c; let dst: Int = n*3*224*224 + c*224*224 + y*224 + x; chw[dst] = (hwc[src] - mean[c]) / std[c] } } } }
            let start = Date()
            let out = tower.run(batch: chw, count: 2)
            print(label, Date().timeIntervalSince(start))
            for i in 0..<2 { print(out.topClasses(i).map { "\(names[$0.index]) \($0.probability)" }) }
            print(Array(out.embedding(0).prefix(5)))
        }
    }
}
