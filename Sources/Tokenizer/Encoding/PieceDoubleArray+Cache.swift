import AtomicFiles
import Foundation

/// Where a built `PieceDoubleArray` is kept between processes, and the model it belongs to.
///
/// Building the double array is most of a tokenizer's load time (about 27 ms of a text query's
/// start-up for a 32,000-piece model); reading it back is a file read and a checksum. The file
/// names its model by `key` (the model file's content hash), so a changed model never reads
/// another's array.
///
/// ```swift
/// let cache = PiecesCache.standard(key: modelHash)             // ~/.cache/litsearch/pieces-….lsda
/// let encoder = try UnigramEncoder(model: model, cache: cache)  // writes the file the first time
/// ```
public struct PiecesCache: Sendable {
    public let url: URL
    public let key: String

    public init(url: URL, key: String) {
        self.url = url
        self.key = key
    }

    /// The cache file for `key` under `$XDG_CACHE_HOME/litsearch` (else `~/.cache/litsearch`);
    /// nil when neither is set.
    public static func standard(key: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> PiecesCache? {
        let base: URL
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") {
            base = URL(fileURLWithPath: cache, isDirectory: true)
        } else if let home = environment["HOME"], home.hasPrefix("/") {
            base = URL(fileURLWithPath: home, isDirectory: true).appendingPathComponent(".cache", isDirectory: true)
        } else {
            return nil
        }
        let name = "pieces-" + String(key.filter { $0.isLetter || $0.isNumber }.prefix(32)) + ".lsda"
        return PiecesCache(url: base.appendingPathComponent("litsearch", isDirectory: true).appendingPathComponent(name), key: key)
    }
}

extension PieceDoubleArray {
    /// `LSDA` and format version 1.
    static let cacheMagic = Array("LSDA0001".utf8)

    /// The array stored in `cache`, or nil when the file is missing, of another model, damaged,
    /// or not a well-formed array (every child offset inside the array with its 256-unit margin,
    /// every parent a unit of it).
    ///
    /// - Complexity: O(file size).
    init?(cache: PiecesCache) {
        guard let data = try? Data(contentsOf: cache.url, options: .mappedIfSafe) else { return nil }
        let key = Array(cache.key.utf8)
        let headerBytes = Self.cacheMagic.count + 4 + key.count + 16
        let unitSize = MemoryLayout<Unit>.stride
        guard data.count >= headerBytes else { return nil }
        let parsed: [Unit]? = data.withUnsafeBytes { raw -> [Unit]? in
            guard Array(raw[0..<Self.cacheMagic.count]) == Self.cacheMagic else { return nil }
            var offset = Self.cacheMagic.count
            let keyLength = Int(raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian)
            offset += 4
            guard keyLength == key.count, Array(raw[offset..<(offset + keyLength)]) == key else { return nil }
            offset += keyLength
            let count = Int(raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian)
            let checksum = raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self).littleEndian
            offset += 16
            guard count > 256, count <= (raw.count - offset) / unitSize, raw.count - offset == count * unitSize else { return nil }
            let body = UnsafeRawBufferPointer(rebasing: raw[offset...])
            guard Self.checksum(body) == checksum else { return nil }
            let units = [Unit](unsafeUninitializedCapacity: count) { buffer, initialized in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: body)
                initialized = count
            }
            let valid = units.allSatisfy { unit in
                unit.base >= 0 && Int(unit.base) + 256 <= count && unit.check >= -1 && Int(unit.check) < count
            }
            return valid ? units : nil
        }
        guard let parsed else { return nil }
        self.init(units: parsed)
    }

    /// Writes the array to `cache` (a temporary file renamed over it), creating its folder; a
    /// failure (a read-only home) is ignored: the next process builds the array again.
    ///
    /// - Complexity: O(units).
    func store(in cache: PiecesCache) {
        var data = Data(Self.cacheMagic)
        let key = Array(cache.key.utf8)
        withUnsafeBytes(of: UInt32(key.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: key)
        units.withUnsafeBytes { body in
            withUnsafeBytes(of: UInt64(units.count).littleEndian) { data.append(contentsOf: $0) }
            withUnsafeBytes(of: Self.checksum(body).littleEndian) { data.append(contentsOf: $0) }
            data.append(contentsOf: body)
        }
        try? FileManager.default.createDirectory(at: cache.url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? AtomicFileWriter.write(data, to: cache.url.path)
    }

    /// FNV-1a over 64-bit words (the unit array is a whole number of them).
    private static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for i in 0..<(bytes.count / 8) {
            hash = (hash ^ bytes.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)) &* 0x100_0000_01B3
        }
        return hash
    }
}
