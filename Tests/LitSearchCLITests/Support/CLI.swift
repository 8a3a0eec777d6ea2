import Foundation
import XCTest

/// Runs the built `litsearch` executable, as a user would.
enum CLI {
    /// The repository root (where `samples/` and `weights/` live).
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `litsearch` binary next to the test bundle.
    static var executable: URL {
        var directory = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = directory.appendingPathComponent("litsearch")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return repository.appendingPathComponent(".build/debug/litsearch")
    }

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String

        /// The standard output parsed as a JSON object.
        func json() throws -> [String: Any] {
            let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
            return try XCTUnwrap(object as? [String: Any], "stdout is not a JSON object: \(stdout)")
        }
    }

    /// Starts `litsearch arguments…` without waiting; `environment` adds to the test's own.
    /// `launcher` runs the binary through another program (e.g. `setpriv` to drop root): its
    /// path, then its arguments, then the binary and `arguments`.
    static func start(_ arguments: [String], environment extra: [String: String] = [:], launcher: [String] = [],
                      stdout: Pipe = Pipe(), stderr: Pipe = Pipe()) throws -> Process {
        let process = Process()
        process.executableURL = launcher.first.map { URL(fileURLWithPath: $0) } ?? executable
        process.arguments = launcher.isEmpty ? arguments : Array(launcher.dropFirst()) + [executable.path] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["LITSEARCH_HOME"] = repository.path
        environment.merge(extra) { $1 }
        process.environment = environment
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        return process
    }

    /// Runs `litsearch arguments…` to completion.
    static func run(_ arguments: [String], environment: [String: String] = [:], launcher: [String] = []) throws -> Result {
        let out = Pipe(), err = Pipe()
        let process = try start(arguments, environment: environment, launcher: launcher, stdout: out, stderr: err)
        return collect(process, stdout: out, stderr: err)
    }

    /// Waits for a started `process` whose output goes to these pipes, and gathers it.
    static func collect(_ process: Process, stdout out: Pipe, stderr err: Pipe) -> Result {
        // Read both pipes before waiting, so a chatty child cannot block on a full pipe.
        final class Box: @unchecked Sendable { var data = Data() }
        let errBox = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errBox.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        let errData = errBox.data
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// A temporary directory removed when the test ends.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("litsearch-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ component: String) -> String { url.appendingPathComponent(component).path }
}
