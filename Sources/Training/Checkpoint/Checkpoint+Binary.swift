import Foundation

/// The on-disk format, version 1 (all integers and floats little-endian):
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 8 | magic `LITTXT\r\n` |
/// | 8 | 4 | format version (UInt32) = 1 |
/// | 12 | 4 | header length `H` (UInt32) |
/// | 16 | H | `CheckpointHeader` as UTF-8 JSON, then zero padding to a multiple of 8 |
/// | … | 4·P | parameters (Float32), `P = header.parameterCount` |
/// | … | 4·P | AdamW first moment |
/// | … | 4·P | AdamW second moment |
/// | … | 4·N | image-head centre, `N = header.imageDimension` |
/// | … | 0–4 | zero padding to a multiple of 8 |
/// | end−8 | 8 | checksum (UInt64) of everything before it |
///
/// The checksum is FNV-1a applied to 64-bit little-endian words instead of bytes (fast; for
/// detecting truncation and corruption, not tampering).
///
/// Version 2 is the same layout for an exported model (`exportedForInference()`): the parameters
/// are stored as Float16 (2·P bytes) and both AdamW moments are absent. It is what ships in
/// `models/`; it can be searched with but not resumed.
extension Checkpoint {
    public static let magic: [UInt8] = Array("LITTXT\r\n".utf8)
    public static let formatVersion: UInt32 = 1
    /// The version of weights-only exports.
    public static let exportFormatVersion: UInt32 = 2

    /// Whether this holds only what inference needs (no optimiser state).
    public var isWeightsOnly: Bool { firstMoment.isEmpty && secondMoment.isEmpty }

    /// The same model without optimiser state, stored at half precision when encoded.
    public func exportedForInference() -> Checkpoint {
        Checkpoint(header: header, parameters: parameters.map { Float(Float16($0)) }, firstMoment: [], secondMoment: [],
                   centre: centre)
    }

    /// The file's bytes.
    ///
    /// - Complexity: O(parameters).
    public func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = Array(try encoder.encode(header))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32 + json.count + 4 * (3 * parameters.count + centre.count))
        bytes += Self.magic
        append(isWeightsOnly ? Self.exportFormatVersion : Self.formatVersion, to: &bytes)
        append(UInt32(json.count), to: &bytes)
        bytes += json
        pad(&bytes)
        if isWeightsOnly {
            parameters.map { Float16($0) }.withUnsafeBytes { bytes += $0 }
            centre.withUnsafeBytes { bytes += $0 }
        } else {
            for array in [parameters, firstMoment, secondMoment, centre] {
                array.withUnsafeBytes { bytes += $0 }  // x86-64 and arm64 are little-endian
            }
        }
        pad(&bytes)
        append(bytes.withUnsafeBytes { Self.checksum($0) }, to: &bytes)
        return bytes
    }

    /// Parses and verifies a file's bytes.
    ///
    /// - Throws: `CheckpointError` for a wrong magic, version, size or checksum.
    public static func decode(_ bytes: [UInt8], path: String = "checkpoint") throws -> Checkpoint {
        try bytes.withUnsafeBytes { try decode(raw: $0, path: path) }
    }

    /// Parses and verifies a file's bytes in place (a memory-mapped file needs no copy).
    ///
    /// - Throws: `CheckpointError` for a wrong magic, version, size or checksum.
    /// - Complexity: O(file size): one checksum pass, then one conversion of each array.
    public static func decode(raw bytes: UnsafeRawBufferPointer, path: String = "checkpoint") throws -> Checkpoint {
        guard bytes.count >= 24, Array(bytes[0..<8]) == magic else { throw CheckpointError.notACheckpoint(path) }
        let version: UInt32 = read(bytes, at: 8)
        guard version == formatVersion || version == exportFormatVersion else { throw CheckpointError.unsupportedVersion(version) }
        let weightsOnly = version == exportFormatVersion
        guard bytes.count % 8 == 0 else { throw CheckpointError.corrupt("size \(bytes.count) is not a multiple of 8 (truncated?)") }
        let stored: UInt64 = read(bytes, at: bytes.count - 8)
        let actual = checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<(bytes.count - 8)]))
        guard actual == stored else { throw CheckpointError.corrupt("checksum mismatch") }
        let headerLength = Int(read(bytes, at: 12) as UInt32)
        guard 16 + headerLength <= bytes.count else { throw CheckpointError.corrupt("header runs past the end") }
        let header: CheckpointHeader
        do { header = try JSONDecoder().decode(CheckpointHeader.self, from: Data(bytes[16..<(16 + headerLength)])) }
        catch { throw CheckpointError.corrupt("unreadable header: \(error)") }
        var offset = (16 + headerLength + 7) / 8 * 8
        let (p, n) = (header.parameterCount, header.imageDimension)
        guard p >= 0, n >= 0, p <= bytes.count, n <= bytes.count else { throw CheckpointError.corrupt("arrays do not fit the file") }
        let arrayBytes = weightsOnly ? 2 * p + 4 * n : 4 * (3 * p + n)
        guard offset + arrayBytes + 8 <= bytes.count else {
            throw CheckpointError.corrupt("arrays do not fit the file")
        }
        func floats(_ count: Int) -> [Float] {
            defer { offset += 4 * count }
            return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + 4 * count)]))
                initialized = count
            }
        }
        if weightsOnly {
            let start = offset
            let halves = [Float](unsafeUninitializedCapacity: p) { buffer, initialized in
                // Eight at a time (one F16C conversion on x86-64), then the rest.
                var i = 0
                while i + 8 <= p {
                    let eight = bytes.loadUnaligned(fromByteOffset: start + 2 * i, as: SIMD8<Float16>.self)
                    UnsafeMutableRawPointer(buffer.baseAddress! + i).storeBytes(of: SIMD8<Float>(eight), as: SIMD8<Float>.self)
                    i += 8
                }
                while i < p { buffer[i] = Float(bytes.loadUnaligned(fromByteOffset: start + 2 * i, as: Float16.self)); i += 1 }
                initialized = p
            }
            offset += 2 * p
            var checkpoint = Checkpoint(header: header, parameters: halves, firstMoment: [], secondMoment: [], centre: floats(n))
            checkpoint.contentID = hex(stored)
            return checkpoint
        }
        var checkpoint = Checkpoint(header: header, parameters: floats(p), firstMoment: floats(p), secondMoment: floats(p), centre: floats(n))
        checkpoint.contentID = hex(stored)
        return checkpoint
    }

    /// FNV-1a over 64-bit little-endian words (the last word zero-padded).
    ///
    /// - Complexity: O(bytes).
    static func checksum(_ raw: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        let words = raw.count / 8
        for i in 0..<words {
            hash = (hash ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))) &* 0x100_0000_01B3
        }
        if raw.count % 8 != 0 {
            var tail: UInt64 = 0
            for (i, byte) in raw[(8 * words)...].enumerated() { tail |= UInt64(byte) << (8 * UInt64(i)) }
            hash = (hash ^ tail) &* 0x100_0000_01B3
        }
        return hash
    }

    private func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    private func pad(_ bytes: inout [UInt8]) {
        while bytes.count % 8 != 0 { bytes.append(0) }
    }

    /// The content id of the checkpoint file at `url` (what `contentID` is after decoding it: its
    /// stored checksum), read from the file's last 8 bytes without decoding the rest; nil when the
    /// file cannot be read or is too short to be a checkpoint.
    public static func contentID(of url: URL) -> String? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        guard let end = try? handle.seekToEnd(), end >= 24, (try? handle.seek(toOffset: end - 8)) != nil,
              let tail = try? handle.read(upToCount: 8), tail.count == 8 else { return nil }
        return hex(tail.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) })
    }

    /// `value` as 16 lower-case hex digits.
    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    private static func read<T: FixedWidthInteger>(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> T {
        T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
    }
}
