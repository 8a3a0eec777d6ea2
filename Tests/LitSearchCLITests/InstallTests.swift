import Foundation
import XCTest

/// litsearch used as an installed tool: found through PATH, from any folder, without
/// `LITSEARCH_HOME` (issue 15, item 14).
final class InstallTests: XCTestCase {
    /// Runs `command` with `/bin/sh` in `folder`, with `bin` first on PATH and no `LITSEARCH_HOME`,
    /// so `litsearch` starts with a bare `argv[0]` as it does for a user.
    func shell(_ command: String, in folder: String, bin: String) throws -> CLI.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        var environment = ProcessInfo.processInfo.environment
        environment["LITSEARCH_HOME"] = nil
        environment["LITSEARCH_TOKENIZER_MODEL"] = nil
        environment["PATH"] = bin + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return CLI.collect(process, stdout: out, stderr: err)
    }

    /// A symlink on PATH: argv[0] is the bare name, and the weights, tokenizer and model are found
    /// from the link's target (it used to look in the working directory and fail).
    func testASymlinkOnPathFindsTheInstallation() throws {
        let temporary = try TemporaryDirectory()
        let bin = temporary.path("bin"), elsewhere = temporary.path("elsewhere")
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: bin + "/litsearch", withDestinationPath: CLI.executable.path)
        let result = try shell("litsearch embed --lang de --text Hund", in: elsewhere, bin: bin)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("\"vector\""), result.stdout)
    }

    /// `scripts/install.sh PREFIX` lays out a copy that works from anywhere: index, text query,
    /// with the default index under PREFIX/share/litsearch.
    func testInstallScriptMakesAWorkingCopy() throws {
        let temporary = try TemporaryDirectory()
        let prefix = temporary.path("prefix"), home = temporary.path("home"), photos = temporary.path("home/photos")
        try TestImages.writeMany(3, into: photos)
        let install = Process()
        install.executableURL = URL(fileURLWithPath: "/bin/bash")
        install.arguments = [CLI.repository.appendingPathComponent("scripts/install.sh").path, prefix]
        var environment = ProcessInfo.processInfo.environment
        environment["LITSEARCH_BINARY"] = CLI.executable.path
        install.environment = environment
        install.standardOutput = Pipe()
        try install.run()
        install.waitUntilExit()
        XCTAssertEqual(install.terminationStatus, 0)
        for installed in ["bin/litsearch", "share/litsearch/weights/efficientnet-lite0.safetensors",
                          "share/litsearch/tokenizer/litsearch.model", "share/litsearch/models/text-tower.ckpt",
                          "share/litsearch/models/bridge/lexicon.tsv", "share/litsearch/models/pictures/lexicon.tsv"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: prefix + "/" + installed), installed)
        }
        let indexed = try shell("litsearch index photos --exact-threshold 256", in: home, bin: prefix + "/bin")
        XCTAssertEqual(indexed.status, 0, indexed.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: prefix + "/share/litsearch/indexes/default/catalog.sqlite"),
                      "the default index lives in the installation")
        let query = try shell("litsearch query --lang en dog --json -k 2", in: "/", bin: prefix + "/bin")
        XCTAssertEqual(query.status, 0, query.stderr)
        let hits = try JSONSerialization.jsonObject(with: Data(query.stdout.utf8)) as? [[String: Any]]
        XCTAssertEqual(hits?.count, 2, query.stdout)
    }
}
