import SeededRandom
import XCTest

final class SeededGeneratorTests: XCTestCase {
    func testMatchesTheReferenceImplementation() {
        // xoshiro256** seeded with four SplitMix64 outputs, from Vigna's C code (seed 1234567).
        var random = SeededGenerator(seed: 1_234_567)
        XCTAssertEqual((0..<4).map { _ in random.next() },
                       [0x30A3_A1C3_6360_0467, 0x1940_5F0F_5799_29CA, 0x115B_EAAC_046D_DBD9, 0xEB17_CAF4_8F27_D7F6])
    }

    func testSameSeedSameStreamAndSavedStateResumes() {
        var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9)
        XCTAssertEqual((0..<8).map { _ in a.next() }, (0..<8).map { _ in b.next() })
        var resumed = SeededGenerator(state: a.state)
        XCTAssertEqual(a.next(below: 1000), resumed.next(below: 1000))
        XCTAssertNotEqual(SeededGenerator(seed: 1), SeededGenerator(seed: 2))
    }

    func testUnitDrawsStayInRange() {
        var random = SeededGenerator(seed: 3)
        for _ in 0..<10_000 {
            let d = random.nextDouble(), f = random.nextUniform()
            XCTAssert(d >= 0 && d < 1)
            XCTAssert(f >= 0 && f < 1)
        }
    }

    func testBoundedDrawsCoverTheRangeEvenly() {
        var random = SeededGenerator(seed: 5)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<70_000 { counts[random.next(below: 7)] += 1 }
        for count in counts { XCTAssert((9_500...10_500).contains(count), "\(counts)") }
        XCTAssertEqual(random.next(below: 1), 0)
        // A bound near 2⁶³ exercises the rejection path without bias towards small values.
        let big = Int.max / 3 * 2
        let draws = (0..<2000).map { _ in random.next(below: big) }
        XCTAssert(draws.allSatisfy { $0 >= 0 && $0 < big })
        XCTAssertEqual(Double(draws.filter { $0 < big / 2 }.count) / 2000, 0.5, accuracy: 0.05)
    }

    func testShuffleAndSampleArePermutationsAndSubsets() {
        var random = SeededGenerator(seed: 11)
        var values = Array(0..<50)
        random.shuffle(&values)
        XCTAssertEqual(values.sorted(), Array(0..<50))
        XCTAssertNotEqual(values, Array(0..<50))
        let picked = random.sample(10, from: 100)
        XCTAssertEqual(picked.count, 10)
        XCTAssertEqual(Set(picked).count, 10)
        XCTAssertEqual(picked, picked.sorted())
        XCTAssertEqual(random.sample(5, from: 3), [0, 1, 2])
    }

    func testNormalDrawsHaveUnitVariance() {
        var random = SeededGenerator(seed: 2)
        let draws = (0..<20_000).map { _ in Double(random.nextNormal()) }
        let mean = draws.reduce(0, +) / Double(draws.count)
        let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(draws.count)
        XCTAssertEqual(mean, 0, accuracy: 0.03)
        XCTAssertEqual(variance, 1, accuracy: 0.05)
    }
}
