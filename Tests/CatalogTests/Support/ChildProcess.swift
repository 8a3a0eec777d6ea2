import Foundation
import XCTest

/// This test binary, started again to play one role in a multi-process test.
///
/// The child runs only `ChildRoleTests/testChildRole`, which reads ``roleVariable`` and
/// ``directoryVariable`` and acts out the role (see `ChildRoleTests`). Parent and child talk
/// in lines: the child writes `ROLE: message` lines to stdout (XCTest's own output is
/// ignored), the parent writes lines to the child's stdin.
final class ChildProcess {
    /// Environment variable naming the role; unset in a normal test run.
    static let roleVariable = "CATALOG_TEST_CHILD_ROLE"
    /// Environment variable with the index directory the child works on.
    static let directoryVariable = "CATALOG_TEST_CHILD_DIR"
    /// Prefix of the lines the child sends to the parent.
    static let messagePrefix = "CHILD: "

    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let condition = NSCondition()
    private var buffer = Data()
    private var lines: [String] = []
    private var reachedEndOfOutput = false

    /// Starts the child in `role` on `directory`.
    init(role: String, directory: URL) throws {
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["CatalogTests.ChildRoleTests/testChildRole"]
        var environment = ProcessInfo.processInfo.environment
        environment[Self.roleVariable] = role
        environment[Self.directoryVariable] = directory.path
        process.environment = environment
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil }
            self?.receive(data)
        }
        try process.run()
    }

    deinit {
        output.fileHandleForReading.readabilityHandler = nil
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
    }

    /// The child's pid.
    var pid: Int32 { process.processIdentifier }

    /// Appends output and splits off the child's message lines.
    private func receive(_ data: Data) {
        condition.lock()
        defer { condition.unlock() }
        if data.isEmpty { reachedEndOfOutput = true }
        buffer.append(data)
        while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
            let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
            buffer.removeSubrange(buffer.startIndex...newline)
            if line.hasPrefix(Self.messagePrefix) { lines.append(String(line.dropFirst(Self.messagePrefix.count))) }
        }
        condition.broadcast()
    }

    /// Waits for the next message line that satisfies `predicate`, consuming lines up to it.
    /// - Returns: The line, or `nil` after `timeout` seconds or once the child's output has ended.
    func waitForMessage(timeout: TimeInterval = 30, where predicate: (String) -> Bool) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while Date() < deadline {
            if let index = lines.firstIndex(where: predicate) {
                let line = lines[index]
                lines.removeFirst(index + 1)
                return line
            }
            if reachedEndOfOutput { return nil }
            _ = condition.wait(until: Date().addingTimeInterval(0.05))
        }
        return nil
    }

    /// Consumes every message until the child's output ends (call after it exited).
    func remainingMessages(timeout: TimeInterval = 10) -> [String] {
        var messages: [String] = []
        while let line = waitForMessage(timeout: timeout, where: { _ in true }) { messages.append(line) }
        return messages
    }

    /// Sends one line to the child's stdin.
    func send(_ line: String) {
        input.fileHandleForWriting.write(Data((line + "\n").utf8))
    }

    /// Sends `SIGKILL` and waits for the child to exit.
    func killHard() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Waits up to `timeout` seconds for the child to exit; `true` if it did.
    func waitForExit(timeout: TimeInterval = 30) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        return !process.isRunning
    }
}

/// Helpers for code running as a child role.
enum ChildSide {
    /// The role this process plays, or `nil` in a normal test run.
    static var role: String? { ProcessInfo.processInfo.environment[ChildProcess.roleVariable] }

    /// The directory the parent passed.
    static var directory: URL {
        URL(fileURLWithPath: ProcessInfo.processInfo.environment[ChildProcess.directoryVariable] ?? "/nonexistent")
    }

    /// Writes one message line to the parent, unbuffered.
    static func send(_ message: String) {
        FileHandle.standardOutput.write(Data((ChildProcess.messagePrefix + message + "\n").utf8))
    }

    /// Reads one line from the parent; `nil` at end of input.
    static func receive() -> String? { readLine() }
}
