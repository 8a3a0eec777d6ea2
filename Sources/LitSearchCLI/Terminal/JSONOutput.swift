import Foundation

/// How every command prints `--json`: indented, keys sorted, slashes left unescaped so that
/// paths read as paths.
///
/// ```swift
/// try JSONOutput.print(summary)                      // index --json
/// try JSONOutput.print(report, dates: .iso8601)      // info --json
/// ```
enum JSONOutput {
    /// `value` as that JSON text.
    static func text(_ value: some Encodable, dates: JSONEncoder.DateEncodingStrategy = .deferredToDate) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = dates
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Prints `value` as that JSON text on standard output.
    static func print(_ value: some Encodable, dates: JSONEncoder.DateEncodingStrategy = .deferredToDate) throws {
        Swift.print(try text(value, dates: dates))
    }
}
