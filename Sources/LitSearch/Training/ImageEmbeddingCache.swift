import AtomicFiles
import Foundation

/// Locked embeddings of a data set's pictures, kept in one file so re-training never re-decodes.
///
/// Each row is keyed by the picture's path (relative to the data directory) and the XXH3 hash of
/// its bytes; the whole file is keyed by the image model id. A changed picture is re-embedded, a
/// different model invalidates the file. Format (little-endian): magic `LITEMBC1`, UInt32 header
/// length H, H bytes of JSON header (`modelID`, `dimension`, `paths`, `hashes`), zero padding to a
/// multiple of 4, then `count × dimension` Float32.
public struct ImageEmbeddingCache: Sendable {
    public let modelID: String
    public let dimension: Int
    public private(set) var paths: [String] = []
    public private(set) var hashes: [String] = []
    public private(set) var values: [Float] = []
    private var rows: [String: Int] = [:]

    static let magic = Array("LITEMBC1".utf8)

    struct Header: Codable {
        var modelID: String
        var dimension: Int
        var paths: [String]
        var hashes: [String]
    }

    public init(modelID: String, dimension: Int) {
        self.modelID = modelID
        self.dimension = dimension
    }

    public var count: Int { paths.count }

    /// The row of `path` if it was cached with content hash `hash`.
    public func row(path: String, hash: String) -> Int? {
        guard let row = rows[path], hashes[row] == hash else { return nil }
        return row
    }

    /// The row of `path`, whatever its hash.
    public func row(path: String) -> Int? { rows[path] }

    /// The embedding of row `row`.
    public func embedding(_ row: Int) -> ArraySlice<Float> { values[(row * dimension)..<((row + 1) * dimension)] }

    /// Adds or replaces the embedding of `path`.
    ///
    /// - Complexity: O(dimension) amortised.
    public mutating func set(path: String, hash: String, embedding: ArraySlice<Float>) {
        precondition(embedding.count == dimension, "embedding has \(embedding.count) values, expected \(dimension)")
        if let row = rows[path] {
            hashes[row] = hash
            values.replaceSubrange((row * dimension)..<((row + 1) * dimension), with: embedding)
        } else {
            rows[path] = paths.count
            paths.append(path)
            hashes.append(hash)
            values += embedding
        }
    }

    /// The cache at `url` if it exists and was made by `modelID` at `dimension`; otherwise empty.
    /// A missing, truncated or foreign file is not an error: the pictures are simply embedded again.
    ///
    /// - Complexity: O(file size).
    public static func load(from url: URL, modelID: String, dimension: Int) -> ImageEmbeddingCache {
        var cache = ImageEmbeddingCache(modelID: modelID, dimension: dimension)
        guard let data = try? Data(contentsOf: url), data.count >= 12, Array(data.prefix(8)) == magic else { return cache }
        let bytes = [UInt8](data)
        let length = Int(UInt32(bytes[8]) | UInt32(bytes[9]) << 8 | UInt32(bytes[10]) << 16 | UInt32(bytes[11]) << 24)
        let start = 12 + (length + 3) / 4 * 4
        guard 12 + length <= bytes.count,
              let header = try? JSONDecoder().decode(Header.self, from: Data(bytes[12..<(12 + length)])),
              header.modelID == modelID, header.dimension == dimension, header.paths.count == header.hashes.count,
              bytes.count == start + header.paths.count * dimension * 4 else { return cache }
        cache.paths = header.paths
        cache.hashes = header.hashes
        cache.values = [Float](repeating: 0, count: header.paths.count * dimension)
        cache.values.withUnsafeMutableBytes { target in
            bytes.withUnsafeBytes { source in
                target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[start...]))
            }
        }
        for (row, path) in cache.paths.enumerated() { cache.rows[path] = row }
        return cache
    }

    /// Writes the cache to a temporary file beside `url` and renames it into place.
    ///
    /// - Complexity: O(count · dimension).
    public func write(to url: URL) throws {
        let header = try JSONEncoder().encode(Header(modelID: modelID, dimension: dimension, paths: paths, hashes: hashes))
        var data = Data(Self.magic)
        let length = UInt32(header.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 24)])
        data.append(header)
        data.append(contentsOf: [UInt8](repeating: 0, count: (4 - header.count % 4) % 4))
        values.withUnsafeBytes { data.append(contentsOf: $0) }
        do { try AtomicFileWriter.write(data, to: url.path) } catch let error as AtomicWriteError {
            throw TrainingDataError("cannot write the embedding cache \(url.path): \(error.reason)")
        }
    }
}
