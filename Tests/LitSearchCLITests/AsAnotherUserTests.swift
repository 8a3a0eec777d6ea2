import Foundation
import XCTest

/// Issue 15's permission findings for real: `litsearch` run as `nobody` (setpriv drops root, and
/// with it CAP_DAC_OVERRIDE), on folders and files it may not read. Skipped, with the reason,
/// where the tests do not run as root or setpriv is missing.
final class AsAnotherUserTests: XCTestCase {
    private let setpriv = "/usr/bin/setpriv"

    private func requireSetpriv() throws {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: setpriv) else {
            throw XCTSkip("needs root and \(setpriv) to run litsearch as another user")
        }
        // The checkout may sit where only root can go (a home directory of mode 700).
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: setpriv)
        probe.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", "--", "/bin/sh", "-c", "test -x \"$0\" && test -r \"$1\"",
                           CLI.executable.path, CLI.repository.appendingPathComponent("weights/efficientnet-lite0.safetensors").path]
        try probe.run()
        probe.waitUntilExit()
        guard probe.terminationStatus == 0 else {
            throw XCTSkip("user nobody cannot reach the build or the weights under \(CLI.repository.path)")
        }
    }

    /// `litsearch index photos --index index --json` as uid/gid 65534.
    private func indexAsNobody(_ photos: String, _ index: String) throws -> (summary: [String: Any], stderr: String) {
        let result = try CLI.run(["index", photos, "--index", index, "--json"],
                                 launcher: [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        XCTAssertEqual(result.status, 0, result.stderr)
        return (try result.json(), result.stderr)
    }

    /// A temporary tree that `nobody` can write: the index goes in it.
    private func openTree() throws -> TemporaryDirectory {
        let temporary = try TemporaryDirectory()
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: temporary.url.path)
        return temporary
    }

    func testAFolderNobodyMayListKeepsItsImages() throws {
        try requireSetpriv()
        let temporary = try openTree()
        let photos = temporary.path("photos"), index = temporary.path("index")
        try TestImages.writeMany(2, into: photos)
        try TestImages.writeMany(3, into: photos + "/private", firstSeed: 40)
        XCTAssertEqual(try indexAsNobody(photos, index).summary["added"] as? Int, 5)
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: photos + "/private")
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: photos + "/private") }
        let (summary, stderr) = try indexAsNobody(photos, index)
        XCTAssertEqual(summary["removed"] as? Int, 0, "\(summary)")
        XCTAssertEqual(summary["failed"] as? Int, 1)
        XCTAssertTrue(stderr.contains("kept 3 indexed images under private"), stderr)
    }

    func testAFileMadeReadableIsIndexed() throws {
        try requireSetpriv()
        let temporary = try openTree()
        let photos = temporary.path("photos"), index = temporary.path("index")
        try TestImages.writeMany(2, into: photos)
        let locked = photos + "/image-001.bmp"
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: locked)
        let first = try indexAsNobody(photos, index).summary
        XCTAssertEqual(first["failed"] as? Int, 1, "\(first)")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: locked)
        let second = try indexAsNobody(photos, index).summary
        XCTAssertEqual(second["failed"] as? Int, 0, "chmod 644 is all it takes: \(second)")
        XCTAssertEqual((second["added"] as? Int ?? 0) + (second["updated"] as? Int ?? 0), 1)
    }
}
