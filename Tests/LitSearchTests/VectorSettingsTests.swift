import LitSearch
import XCTest

/// `VectorSettings.parameters(forCount:current:)`: flat PQ for small collections, IVF with about
/// 2·√n lists for large ones, and no back-and-forth around the threshold.
final class VectorSettingsTests: XCTestCase {
    func testSmallCollectionsAreFlatAndLargeOnesGetIVF() {
        let settings = VectorSettings(exactThreshold: 5_000, environment: [:])
        XCTAssertEqual(settings.parameters(forCount: 50_000).coarseLists, 0)
        XCTAssertEqual(settings.parameters(forCount: VectorSettings.ivfThreshold - 1).coarseLists, 0)
        XCTAssertEqual(settings.parameters(forCount: VectorSettings.ivfThreshold).coarseLists, 1_024)
        XCTAssertEqual(settings.parameters(forCount: 1_000_000).coarseLists, 1_024)   // 2·√1M = 2,000
        XCTAssertEqual(settings.parameters(forCount: 5_000_000).coarseLists, 4_096)   // 2·√5M ≈ 4,472
        XCTAssertEqual(settings.parameters(forCount: 1_000_000_000).coarseLists, 16_384)
        // Everything else stays the default.
        var expected = settings.parameters
        expected.coarseLists = 1_024
        XCTAssertEqual(settings.parameters(forCount: 300_000), expected)
    }

    func testAnIVFIndexIsKeptWhileTheCollectionHoversAroundTheThreshold() {
        let settings = VectorSettings(exactThreshold: 5_000, environment: [:])
        let ivf = settings.parameters(forCount: 400_000)
        XCTAssertEqual(settings.parameters(forCount: 180_000, current: ivf), ivf)
        XCTAssertEqual(settings.parameters(forCount: VectorSettings.ivfKeepThreshold - 1, current: ivf).coarseLists, 0)
        XCTAssertEqual(settings.parameters(forCount: 180_000, current: settings.parameters).coarseLists, 0)
    }
}
