import XCTest
final class LitSearchCLIPlaceholderTests: XCTestCase { func testNothing() {} }
