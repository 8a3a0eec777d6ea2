import Foundation
import XCTest
import ImageIO

/// Times decode + preprocess of a real-sized photo; skipped unless asked for.
///
/// Run in a release build, with a JPEG of your choice:
/// `LITSEARCH_BENCH_IMAGE=/path/photo.jpg swift test -c release -Xswiftc -enable-testing --filter BenchmarkTests`
final class BenchmarkTests: XCTestCase {
    func testDecodeAndPreprocessTime() throws {
        guard let path = ProcessInfo.processInfo.environment["LITSEARCH_BENCH_IMAGE"] else {
            throw XCTSkip("set LITSEARCH_BENCH_IMAGE to a photo to time decoding and preprocessing")
        }
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let decoder = ImageDecoder()
        let preprocessor = Preprocessor()
        var decodeTimes: [Double] = [], preprocessTimes: [Double] = []
        var checksum: Float = 0
        for _ in 0..<15 {
            let start = DispatchTime.now().uptimeNanoseconds
            let decoded = try decoder.decode(bytes)
            let middle = DispatchTime.now().uptimeNanoseconds
            let tensor = preprocessor.tensor(from: decoded.image)
            let end = DispatchTime.now().uptimeNanoseconds
            checksum += tensor[tensor.count / 2]
            decodeTimes.append(Double(middle - start) / 1e6)
            preprocessTimes.append(Double(end - middle) / 1e6)
        }
        let info = try decoder.probe(bytes)
        let image = try decoder.decode(bytes).image
        func median(_ values: [Double]) -> String { String(format: "%.2f ms", values.sorted()[values.count / 2]) }
        print("""
            benchmark: \(info.format) \(info.width)x\(info.height) (\(bytes.count / 1024) KiB) \
            decoded to \(image.width)x\(image.height); median decode \(median(decodeTimes)), \
            preprocess \(median(preprocessTimes)) [checksum \(checksum)]
            """)
        // Also time preprocessing a full-size 1500×1000 image (no DCT scaling involved).
        let big = RGBImage(width: 1500, height: 1000, pixels: (0..<(1500 * 1000 * 3)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        var bigTimes: [Double] = []
        for _ in 0..<15 {
            let start = DispatchTime.now().uptimeNanoseconds
            checksum += preprocessor.tensor(from: big)[0]
            bigTimes.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        print("benchmark: preprocess 1500x1000 median \(median(bigTimes)) [checksum \(checksum)]")
    }
}
