import XCTest
final class ImageIOPlaceholderTests: XCTestCase { func testNothing() {} }
