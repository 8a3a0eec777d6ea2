import XCTest
final class LitSearchPlaceholderTests: XCTestCase { func testNothing() {} }
