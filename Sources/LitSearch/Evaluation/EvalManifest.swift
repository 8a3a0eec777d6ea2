import Foundation
import Tokenizer

/// One usable line of an evaluation manifest.
public struct ManifestEntry: Sendable, Equatable {
    /// 1-based line number in the manifest.
    public let line: Int
    /// The line's `id` (the image path when the line has none).
    public let id: String
    /// `image` as written in the manifest.
    public let image: String
    /// Absolute path of the image (resolved against the manifest's folder or `--images-root`).
    public let imagePath: String
    /// Captions by BCP-47 tag; a tag with a list holds every caption of the list.
    public let captions: [String: [String]]
    /// Class labels by tag; the plain-array form of `labels` is stored under `ManifestEntry.neutralTag`.
    public let labels: [String: [String]]

    /// The tag under which language-neutral labels (a plain `"labels": [...]` array) are kept: BCP-47 "undetermined".
    public static let neutralTag = "und"

    public init(line: Int, id: String, image: String, imagePath: String, captions: [String: [String]], labels: [String: [String]] = [:]) {
        self.line = line
        self.id = id
        self.image = image
        self.imagePath = imagePath
        self.captions = captions
        self.labels = labels
    }
}

/// A manifest line that was skipped, and why.
public struct ManifestProblem: Sendable, Equatable, CustomStringConvertible {
    /// 1-based line number.
    public let line: Int
    public let message: String

    public var description: String { "line \(line): \(message)" }
}

/// The evaluation manifest: JSON Lines, one image per line (see docs/eval.md).
///
/// ```json
/// {"id": "dog_01", "image": "images/dog_01.jpg", "captions": {"en": "dog", "de": ["Hund", "Köter"]}, "labels": ["dog"]}
/// ```
/// Bad lines (invalid JSON, no such image, no usable captions) are collected as `problems` with their
/// line numbers; the rest is kept. A bad caption (a tag that is not well-formed BCP-47, a value that
/// is not text) skips that caption only, in `skippedCaptions`. Any well-formed tag is accepted, also
/// for languages ICU has no data for (`oc`, `nso`, …: normalised with the root rules). Unknown keys
/// (such as `concept`) are ignored. Blank lines are skipped silently.
public struct EvalManifest: Sendable {
    public let entries: [ManifestEntry]
    /// Lines skipped whole.
    public let problems: [ManifestProblem]
    /// Captions or labels skipped on lines that were kept (a malformed tag, a non-string caption).
    public var skippedCaptions: [ManifestProblem] = []

    public init(entries: [ManifestEntry], problems: [ManifestProblem], skippedCaptions: [ManifestProblem] = []) {
        self.entries = entries
        self.problems = problems
        self.skippedCaptions = skippedCaptions
    }

    /// Reads `url`; image paths are relative to `imagesRoot` (default: the manifest's folder).
    ///
    /// - Parameter tagIsKnown: whether a tag can be used (default: it is a well-formed BCP-47 tag).
    /// - Throws: `EvalError.unreadableManifest` only when the file itself cannot be read.
    /// - Complexity: O(file size) plus one `stat` per line.
    public static func read(_ url: URL, imagesRoot: String? = nil,
                            tagIsKnown: (String) -> Bool = EvalManifest.icuKnows) throws -> EvalManifest {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw EvalError.unreadableManifest(url.path, error.localizedDescription)
        }
        let root = imagesRoot.map { URL(fileURLWithPath: $0).standardizedFileURL }
            ?? url.standardizedFileURL.deletingLastPathComponent()
        return parse(text, root: root, tagIsKnown: tagIsKnown)
    }

    /// Parses manifest text whose image paths are relative to `root`.
    ///
    /// - Complexity: O(text size) plus one `stat` per line.
    public static func parse(_ text: String, root: URL, tagIsKnown: (String) -> Bool = EvalManifest.icuKnows) -> EvalManifest {
        var entries: [ManifestEntry] = []
        var problems: [ManifestProblem] = []
        var skippedCaptions: [ManifestProblem] = []
        var seenIDs: [String: Int] = [:]
        var knownTags: [String: Bool] = [:]
        let known: (String) -> Bool = { tag in
            if let cached = knownTags[tag] { return cached }
            let answer = tagIsKnown(tag)
            knownTags[tag] = answer
            return answer
        }
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = offset + 1
            let trimmed = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { continue }
            do {
                let entry = try parseLine(trimmed, line: line, root: root, known: known) { skippedCaptions.append($0) }
                if let first = seenIDs[entry.id] {
                    throw ManifestProblem(line: line, message: "id \"\(entry.id)\" already used on line \(first)")
                }
                seenIDs[entry.id] = line
                entries.append(entry)
            } catch let problem as ManifestProblem {
                problems.append(problem)
            } catch {
                problems.append(ManifestProblem(line: line, message: "\(error)"))
            }
        }
        return EvalManifest(entries: entries, problems: problems, skippedCaptions: skippedCaptions)
    }

    /// True when `tag` is a well-formed BCP-47 tag (the tokenizer normalises text for any such tag).
    public static func icuKnows(_ tag: String) -> Bool {
        (try? LanguageTag(tag)) != nil
    }

    private static func parseLine(_ text: String, line: Int, root: URL, known: (String) -> Bool,
                                  skip: (ManifestProblem) -> Void) throws -> ManifestEntry {
        func problem(_ message: String) -> ManifestProblem { ManifestProblem(line: line, message: message) }
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
                throw problem("not a JSON object")
            }
            object = parsed
        } catch let error as ManifestProblem { throw error } catch {
            throw problem("invalid JSON")
        }
        guard let image = object["image"] as? String, !image.isEmpty else { throw problem("no \"image\" (a path string)") }
        let path = image.hasPrefix("/") ? URL(fileURLWithPath: image).standardizedFileURL.path
            : root.appendingPathComponent(image).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw problem("missing image \(image) (looked at \(path))")
        }
        guard let rawCaptions = object["captions"] as? [String: Any], !rawCaptions.isEmpty else {
            throw problem("no \"captions\" (an object mapping language tags to captions)")
        }
        let captions = textsByTag(rawCaptions, field: "captions", known: known) { skip(problem($0)) }
        guard !captions.isEmpty else { throw problem("no usable captions (every caption was skipped)") }
        var labels: [String: [String]] = [:]
        switch object["labels"] {
        case nil, is NSNull: break
        case let plain as [Any]:
            let texts = plain.compactMap { $0 as? String }.filter { !$0.isEmpty }
            guard texts.count == plain.count else { throw problem("\"labels\" must hold non-empty strings") }
            if !texts.isEmpty { labels[ManifestEntry.neutralTag] = texts }
        case let byTag as [String: Any]:
            labels = textsByTag(byTag, field: "labels", known: known) { skip(problem($0)) }
        default:
            throw problem("\"labels\" must be an array of strings or an object mapping tags to them")
        }
        let id = (object["id"] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? image
        return ManifestEntry(line: line, id: id, image: image, imagePath: path, captions: captions, labels: labels)
    }

    /// The texts of each usable tag; a malformed tag or value is reported through `skip` and left out.
    private static func textsByTag(_ raw: [String: Any], field: String, known: (String) -> Bool,
                                   skip: (String) -> Void) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for (tag, value) in raw.sorted(by: { $0.key < $1.key }) {
            guard known(tag) else {
                skip("\"\(field)\".\(tag): not a well-formed BCP-47 language tag")
                continue
            }
            let texts: [String]
            switch value {
            case let single as String: texts = [single]
            case let list as [Any]:
                texts = list.compactMap { $0 as? String }
                guard texts.count == list.count else {
                    skip("\"\(field)\".\(tag) must hold strings")
                    continue
                }
            default:
                skip("\"\(field)\".\(tag) must be a string or a list of strings")
                continue
            }
            let kept = texts.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            guard !kept.isEmpty else {
                skip("\"\(field)\".\(tag) is empty")
                continue
            }
            result[tag] = kept
        }
        return result
    }
}

extension ManifestProblem: Error {}
