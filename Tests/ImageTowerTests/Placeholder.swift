import XCTest
final class ImageTowerPlaceholderTests: XCTestCase { func testNothing() {} }
