import AtomicFiles
import Catalog
import Foundation
import VectorIndex

/// Writes an index's vectors to files another vector database can load: the joint-space vectors
/// text queries search, the locked image features, and each image's path, size, mtime and models.
///
/// Two formats, each with a `manifest.json` that names the models, dimensions and metric:
/// - `npy`: `joint.npy` (n × d float32), `locked.npy` (n × 1280 float32) and `images.jsonl`,
///   whose line `i` describes row `i` of both matrices;
/// - `jsonl`: `images.jsonl` alone, each line carrying its own `joint` and `locked` arrays.
///
/// The joint vectors are mapped exactly as the exact scan maps them (the joint file's centre when
/// it holds the installed model, else the collection's), without the index's zero padding, so
/// the inner product with a query vector from `litsearch embed --joint --text …` is the score
/// `litsearch query --exact` ranks by.
///
/// ```swift
/// let export = CollectionExport(catalog: catalog, imageModelID: tower.modelID, joint: space, jointFile: file)
/// let manifest = try export.write(to: URL(fileURLWithPath: "out"), format: .npy)
/// print(manifest.count)
/// ```
public struct CollectionExport {
    /// The file layout.
    public enum Format: String, CaseIterable, Sendable {
        case npy, jsonl
    }

    /// `manifest.json`: what the files hold.
    public struct Manifest: Codable, Sendable {
        public struct Vectors: Codable, Sendable {
            /// The `.npy` file (nil for `jsonl`, where each line holds its vector under `key`).
            public var file: String?
            public var key: String
            public var dimension: Int
            /// `inner_product`: higher is closer.
            public var metric: String
            /// The model (image model, or joint space id) the vectors belong to.
            public var model: String
            public var note: String
        }

        public var format: String
        public var count: Int
        public var created: String
        public var index: String
        /// One JSON object per image: `row`, `id`, `path` (relative to `root`), `root`, `size`, `mtime`, `mtime_ns`, `image_model`,
        /// `joint_model` (and the vectors, for `jsonl`).
        public var images: String
        public var locked: Vectors
        public var joint: Vectors?
    }

    public let catalog: Catalog
    public let imageModelID: String
    /// The installed text model's joint space, or nil to export the locked features only.
    public let joint: JointSpace?
    /// The index's joint vector file, if it has one (its centre is used when it holds `joint`).
    public let jointFile: VectorIndex?
    /// The index directory's path, recorded in the manifest.
    public var indexPath = ""

    public init(catalog: Catalog, imageModelID: String, joint: JointSpace?, jointFile: VectorIndex?) {
        self.catalog = catalog
        self.imageModelID = imageModelID
        self.joint = joint
        self.jointFile = jointFile
    }

    /// Rows mapped and written at a time.
    static let block = 4096

    /// Writes the export into `directory` (created if needed; earlier export files are replaced,
    /// each file atomically). `progress` gets the rows written so far and their total.
    ///
    /// - Throws: catalog errors, `NumpyWriter.WriteError` and file-system errors naming the file.
    /// - Complexity: O(n · (1280 · d)) to map n images into the joint space, on BLAS.
    @discardableResult
    public func write(to directory: URL, format: Format, progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }) throws -> Manifest {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let (records, stored) = try catalog.okImagesWithEmbeddings(modelID: imageModelID)
        let roots = Dictionary(uniqueKeysWithValues: try catalog.roots().map { ($0.id, $0.path) })
        let n = stored.count, f = stored.dimension
        let space = joint?.scanning(stored.values, count: n, file: jointFile)
        let width = space?.unpaddedDimension ?? 0
        let manifest = Manifest(
            format: format.rawValue, count: n, created: ISO8601DateFormatter().string(from: Date()), index: indexPath,
            images: "images.jsonl",
            locked: .init(file: format == .npy ? "locked.npy" : nil, key: "locked", dimension: f, metric: "inner_product",
                          model: imageModelID, note: "the locked image tower's features, unit length: inner product = cosine"),
            joint: space.map {
                .init(file: format == .npy ? "joint.npy" : nil, key: "joint", dimension: width, metric: "inner_product", model: $0.id,
                      note: "text queries' space: search with `litsearch embed --joint --text TEXT`; not unit length, rank by inner product")
            })
        let lines = try LineFile(url: directory.appendingPathComponent(manifest.images))
        let lockedFile = format == .npy ? try NumpyWriter(path: directory.appendingPathComponent("locked.npy").path, rows: n, columns: f) : nil
        let jointFile = format == .npy && space != nil
            ? try NumpyWriter(path: directory.appendingPathComponent("joint.npy").path, rows: n, columns: width) : nil
        for start in stride(from: 0, to: n, by: Self.block) {
            let rows = min(Self.block, n - start)
            let features = Array(stored.values[(start * f)..<((start + rows) * f)])
            let mapped = space.map { Self.unpad($0.mapRows(features, count: rows), from: $0.dimension, to: width) } ?? []
            try lockedFile?.append(features)
            try jointFile?.append(mapped)
            for row in 0..<rows {
                let record = records[start + row]
                var line = Self.describe(record, root: roots[record.rootID], row: start + row, imageModel: imageModelID, jointModel: space?.id)
                if format == .jsonl {
                    line.removeLast()   // the closing brace
                    if space != nil { line += ",\"joint\":" + Self.array(mapped[(row * width)..<((row + 1) * width)]) }
                    line += ",\"locked\":" + Self.array(features[(row * f)..<((row + 1) * f)]) + "}"
                }
                try lines.append(line)
            }
            progress(start + rows, n)
        }
        try lockedFile?.finish()
        try jointFile?.finish()
        try lines.finish()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFileWriter.write(try encoder.encode(manifest), to: directory.appendingPathComponent("manifest.json").path)
        if format == .jsonl {
            // A jsonl export replaces an npy one: leave no matrices that disagree with it.
            for name in ["joint.npy", "locked.npy"] { try? FileManager.default.removeItem(at: directory.appendingPathComponent(name)) }
        } else if space == nil {
            try? FileManager.default.removeItem(at: directory.appendingPathComponent("joint.npy"))
        }
        return manifest
    }

    /// One image's JSON object (no vectors), keys in a fixed order; `path` is relative to `root`.
    static func describe(_ record: ImageRecord, root: String?, row: Int, imageModel: String, jointModel: String?) -> String {
        let seconds = Double(record.stamp.mtimeNanoseconds) / 1e9
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var fields = ["\"row\":\(row)", "\"id\":\(record.id)", "\"path\":" + quoted(record.path),
                      "\"root\":" + (root.map(quoted) ?? "null"), "\"size\":\(record.stamp.size)",
                      "\"mtime\":" + quoted(formatter.string(from: Date(timeIntervalSince1970: seconds))),
                      "\"mtime_ns\":\(record.stamp.mtimeNanoseconds)", "\"image_model\":" + quoted(imageModel)]
        fields.append("\"joint_model\":" + (jointModel.map(quoted) ?? "null"))
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// `text` as a JSON string.
    static func quoted(_ text: String) -> String {
        let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\\/", with: "/")
    }

    /// Values as a JSON array (shortest round-trip decimals).
    static func array(_ values: ArraySlice<Float>) -> String {
        "[" + values.map { $0.isFinite ? "\($0)" : "0" }.joined(separator: ",") + "]"
    }

    /// Rows of width `padded` cut to their first `width` values.
    static func unpad(_ rows: [Float], from padded: Int, to width: Int) -> [Float] {
        guard padded != width else { return rows }
        var out = [Float]()
        out.reserveCapacity(rows.count / padded * width)
        for row in 0..<(rows.count / padded) { out += rows[(row * padded)..<(row * padded + width)] }
        return out
    }
}

/// A text file written line by line through `AtomicFileWriter`, in place once `finish()` is done.
final class LineFile {
    let url: URL
    private let file: AtomicFileWriter
    private var buffer = Data()

    init(url: URL) throws {
        self.url = url
        do { file = try AtomicFileWriter(path: url.path) } catch let error as AtomicWriteError {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path,
                                                                NSLocalizedDescriptionKey: error.description])
        }
    }

    func append(_ line: String) throws {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 20 { try flush() }
    }

    func finish() throws {
        try flush()
        do { try file.commit() } catch let error as AtomicWriteError {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path,
                                                           NSLocalizedDescriptionKey: error.description])
        }
    }

    private func flush() throws {
        do { try file.write(buffer) } catch let error as AtomicWriteError {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path,
                                                           NSLocalizedDescriptionKey: error.description])
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
