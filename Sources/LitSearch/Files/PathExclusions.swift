#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Paths an `index` run leaves out: `--exclude GLOB` options and a `.litsearchignore` file at the
/// root, in the common subset of gitignore's syntax.
///
/// One pattern per line (or per `--exclude`): blank lines and lines starting with `#` are
/// ignored; `*`, `?` and `[…]` are globs that do not cross `/`; a pattern without a `/` matches a
/// file or folder name at any depth (`*.png`, `thumbs`); a pattern with a `/` matches the path
/// from the root (`raw/2019`, a leading `/` is dropped); a trailing `/` matches folders only
/// (`cache/`); a leading `!` takes a path back in. The last matching pattern decides; the file's
/// lines come first, then the options. An excluded folder is not entered at all, so nothing
/// under it can be taken back. `**` is not supported.
///
/// ```swift
/// let rules = try PathExclusions(patterns: ["*.png", "!keep.png", "raw/"])
/// rules.excludes("a/b.png", isDirectory: false)   // true
/// rules.excludes("raw", isDirectory: true)        // true
/// ```
public struct PathExclusions: Sendable {
    /// One parsed pattern.
    struct Rule: Sendable, Equatable {
        let glob: String
        let negated: Bool
        let directoryOnly: Bool
        /// Matched against the whole relative path, not only the name.
        let anchored: Bool
    }

    let rules: [Rule]

    /// The name of the ignore file read at an indexed root.
    public static let fileName = ".litsearchignore"

    /// No exclusions.
    public init() { rules = [] }

    /// Rules from `patterns`, in order (blank and `#` lines skipped).
    public init(patterns: [String]) {
        rules = patterns.compactMap(Self.rule)
    }

    /// The `.litsearchignore` of `root` (if any), then `patterns`.
    ///
    /// - Throws: `IgnoreFileError` when the file exists but cannot be read as UTF-8 text.
    public init(root: String, patterns: [String]) throws {
        let file = URL(fileURLWithPath: root).appendingPathComponent(Self.fileName)
        var lines: [String] = []
        if FileManager.default.fileExists(atPath: file.path) {
            guard let data = FileManager.default.contents(atPath: file.path) else {
                throw IgnoreFileError(path: file.path, reason: "it cannot be read")
            }
            guard let text = String(validating: [UInt8](data), as: UTF8.self) else {
                throw IgnoreFileError(path: file.path, reason: "it is not UTF-8 text")
            }
            lines = text.components(separatedBy: .newlines)
        }
        self.init(patterns: lines + patterns)
    }

    /// Whether there are no rules.
    public var isEmpty: Bool { rules.isEmpty }

    static func rule(_ line: String) -> Rule? {
        var text = line.hasSuffix("\r") ? String(line.dropLast()) : line
        text = String(text.reversed().drop { $0 == " " }.reversed())   // trailing spaces, as git
        guard !text.isEmpty, !text.hasPrefix("#") else { return nil }
        let negated = text.hasPrefix("!")
        if negated { text.removeFirst() }
        let directoryOnly = text.hasSuffix("/")
        if directoryOnly { text.removeLast() }
        let anchored = text.contains("/")
        if text.hasPrefix("/") { text.removeFirst() }
        guard !text.isEmpty else { return nil }
        return Rule(glob: text, negated: negated, directoryOnly: directoryOnly, anchored: anchored)
    }

    /// Whether `relativePath` (a `/`-separated path under the root) is left out.
    ///
    /// - Complexity: O(rules) `fnmatch` calls.
    public func excludes(_ relativePath: String, isDirectory: Bool) -> Bool {
        let name = relativePath.split(separator: "/").last.map(String.init) ?? relativePath
        var excluded = false
        for rule in rules where !rule.directoryOnly || isDirectory {
            let subject = rule.anchored ? relativePath : name
            if fnmatch(rule.glob, subject, FNM_PATHNAME) == 0 { excluded = !rule.negated }
        }
        return excluded
    }
}

/// A `.litsearchignore` that could not be read.
public struct IgnoreFileError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let reason: String
    public var description: String { "cannot use \(path): \(reason); fix or remove it" }
}
