import LitSearch
import XCTest

final class FileKindTests: XCTestCase {
    func testImagesByExtensionIgnoringCase() {
        XCTAssertEqual(FileKind(path: "a/b/IMG_0001.JPG"), .image)
        XCTAssertEqual(FileKind(path: "x.webp"), .image)
        XCTAssertEqual(FileKind(path: "scan.tiff"), .unsupportedImage)
        XCTAssertEqual(FileKind(path: "DSC_1.NEF"), .unsupportedImage)
        XCTAssertEqual(FileKind(path: "IMG_2.HEIC"), .unsupportedImage)
        XCTAssertEqual(FileKind(path: "notes.txt"), .other)
        XCTAssertEqual(FileKind(path: "IMG_0001.JPG.xmp"), .other)
        XCTAssertEqual(FileKind(path: "README"), .other)
        XCTAssertEqual(FileKind(path: "dir.jpg/file"), .other)
    }
}
