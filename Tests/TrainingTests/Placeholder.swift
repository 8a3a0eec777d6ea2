import XCTest
final class TrainingPlaceholderTests: XCTestCase { func testNothing() {} }
