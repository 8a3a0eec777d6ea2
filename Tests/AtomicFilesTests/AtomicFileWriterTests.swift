import AtomicFiles
import Foundation
import XCTest

final class AtomicFileWriterTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: folder)
    }

    private func leftovers() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".tmp-") }
    }

    func testOneShotWriteReplacesTheFile() throws {
        let path = folder.appendingPathComponent("a.bin").path
        try AtomicFileWriter.write([1, 2, 3], to: path)
        try AtomicFileWriter.write(Data([4, 5]), to: path)
        XCTAssertEqual(FileManager.default.contents(atPath: path), Data([4, 5]))
        XCTAssertEqual(try leftovers(), [])
    }

    func testNothingAppearsBeforeCommit() throws {
        let path = folder.appendingPathComponent("b.txt").path
        try AtomicFileWriter.write(Array("old".utf8), to: path)
        let writer = try AtomicFileWriter(path: path)
        try writer.write(Array("new".utf8))
        XCTAssertEqual(FileManager.default.contents(atPath: path), Data("old".utf8))
        XCTAssertTrue(FileManager.default.fileExists(atPath: writer.temporaryPath))
        try writer.commit()
        XCTAssertEqual(FileManager.default.contents(atPath: path), Data("new".utf8))
        XCTAssertEqual(try leftovers(), [])
    }

    func testDiscardAndDropKeepTheOldFile() throws {
        let path = folder.appendingPathComponent("c.txt").path
        try AtomicFileWriter.write(Array("old".utf8), to: path)
        let writer = try AtomicFileWriter(path: path)
        try writer.write(Array("half".utf8))
        writer.discard()
        do {
            let dropped = try AtomicFileWriter(path: path)
            try dropped.write(Array("dropped".utf8))
        }
        XCTAssertEqual(FileManager.default.contents(atPath: path), Data("old".utf8))
        XCTAssertEqual(try leftovers(), [])
    }

    func testAFailingHookLeavesTheOldFile() throws {
        struct Refused: Error {}
        let path = folder.appendingPathComponent("d.txt").path
        try AtomicFileWriter.write(Array("old".utf8), to: path)
        let writer = try AtomicFileWriter(path: path)
        try writer.write(Array("new".utf8))
        XCTAssertThrowsError(try writer.commit { throw Refused() }) { XCTAssert($0 is Refused) }
        XCTAssertEqual(FileManager.default.contents(atPath: path), Data("old".utf8))
        XCTAssertEqual(try leftovers(), [])
    }

    func testWritersOfOneFileUseTheirOwnTemporaryFiles() throws {
        let path = folder.appendingPathComponent("f.txt").path
        let a = try AtomicFileWriter(path: path), b = try AtomicFileWriter(path: path)
        XCTAssertNotEqual(a.temporaryPath, b.temporaryPath)
        XCTAssert(a.temporaryPath.hasPrefix(path + ".tmp-\(getpid())-"))
        try a.write(Array("a".utf8))
        try b.write(Array("b".utf8))
        try a.commit()
        try b.commit()
        XCTAssertEqual(FileManager.default.contents(atPath: path), Data("b".utf8))
    }

    func testAMissingFolderNamesTheFileAndWhatToDo() {
        let path = folder.appendingPathComponent("missing/e.txt").path
        XCTAssertThrowsError(try AtomicFileWriter.write([1], to: path)) { error in
            let text = "\(error)"
            XCTAssert(text.contains(path), text)
            XCTAssert(text.contains("No such file or directory"), text)
            XCTAssert(text.contains("check that the folder exists"), text)
        }
    }
}
