import XCTest
final class VectorIndexPlaceholderTests: XCTestCase { func testNothing() {} }
