import XCTest
final class TextTowerPlaceholderTests: XCTestCase { func testNothing() {} }
