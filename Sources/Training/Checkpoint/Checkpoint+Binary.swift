import Foundation
import TextTower

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
        let layout = try Layout(bytes, path: path)
        let (p, n) = (layout.header.parameterCount, layout.header.imageDimension)
        var offset = layout.arraysOffset
        func floats(_ count: Int) -> [Float] {
            defer { offset += 4 * count }
            return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + 4 * count)]))
                initialized = count
            }
        }
        if layout.weightsOnly {
            let halves = [Float](unsafeUninitializedCapacity: p) { buffer, initialized in
                HalfPrecision.widen(bytes.baseAddress! + offset, count: p, into: buffer.baseAddress!)
                initialized = p
            }
            offset += 2 * p
            var checkpoint = Checkpoint(header: layout.header, parameters: halves, firstMoment: [], secondMoment: [], centre: floats(n))
            checkpoint.contentID = hex(layout.checksum)
            return checkpoint
        }
        var checkpoint = Checkpoint(header: layout.header, parameters: floats(p), firstMoment: floats(p), secondMoment: floats(p), centre: floats(n))
        checkpoint.contentID = hex(layout.checksum)
        return checkpoint
    }

    /// What inference needs of a checkpoint file: header, parameters, image centre and content id.
    /// The parameters are written straight into the tower's buffer (no intermediate `[Float]`),
    /// and the optimizer's moments of a training checkpoint are not read.
    public struct InferenceWeights {
        public let header: CheckpointHeader
        /// Every parameter at float32, except the token embeddings when `tokenTable` holds them
        /// (their slice here is then zeros).
        public let parameters: FloatBuffer
        /// The token embeddings at float16, for an exported (float16) file; nil for a training
        /// checkpoint, whose float32 weights are all in `parameters`.
        public let tokenTable: HalfTable?
        public let centre: [Float]
        public let contentID: String
    }

    /// Reads the file at `url` for inference, streaming it: one pass reads 1 MiB at a time,
    /// checksums it, and widens (export) or copies (training checkpoint) the parameters straight
    /// into one `FloatBuffer`; the checksum is verified at the end, before the weights are used.
    /// Peak memory is the float32 parameters plus one chunk: neither the whole file nor an
    /// intermediate `[Float]` is held beside them.
    ///
    /// - Throws: `CheckpointError` as `read(from:expecting:)`.
    /// - Complexity: O(file size).
    public static func readWeights(from url: URL, expecting expected: CheckpointIdentity?) throws -> InferenceWeights {
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: url) } catch {
            throw CheckpointError.io("cannot read \(url.path): \(error.localizedDescription)")
        }
        defer { try? handle.close() }
        func io(_ error: Error) -> CheckpointError { .io("cannot read \(url.path): \(error.localizedDescription)") }
        let size: Int
        do { size = Int(try handle.seekToEnd()); try handle.seek(toOffset: 0) } catch { throw io(error) }
        // The first chunk holds the magic, version and header length; the header may be longer.
        let chunk = 1 << 20
        var head: [UInt8]
        do { head = [UInt8](try handle.read(upToCount: min(size, chunk)) ?? Data()) } catch { throw io(error) }
        if head.count >= 16 {
            let headerLength = Int(UInt32(littleEndian: head.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 12, as: UInt32.self) }))
            let wanted = min(size, (16 + headerLength + 7) / 8 * 8)
            if wanted > head.count {
                do { head += [UInt8](try handle.read(upToCount: wanted - head.count) ?? Data()) } catch { throw io(error) }
            }
        }
        var trailer: UInt64 = 0
        if size >= 8 {
            do {
                trailer = try storedChecksum(handle, size: UInt64(size)) ?? 0
                try handle.seek(toOffset: UInt64(head.count))
            } catch { throw io(error) }
        }
        let layout = try head.withUnsafeBytes { try Layout(header: $0, fileSize: size, path: url.path, trailer: trailer) }
        let (p, n) = (layout.header.parameterCount, layout.header.imageDimension)
        let parameterBytes = layout.weightsOnly ? 2 * p : 4 * p
        let centreStart = layout.arraysOffset + (layout.weightsOnly ? 2 * p : 12 * p)
        var centre = [Float](repeating: 0, count: n)
        var hash = checksumSeed
        var position = 0   // file offset of `bytes`' first byte
        // An exported (float16) file keeps its token embeddings at float16 (`HalfTable`); their
        // float32 slice of `parameters` is never written and costs no memory.
        let tokenSlice = layout.weightsOnly ? Self.tokenSlice(layout.header) : nil
        let tokenTable = tokenSlice.map { _ in HalfTable(rows: layout.header.textConfig.vocabularySize, dimension: layout.header.textConfig.dimension) }
        let tokenBytes = tokenSlice.map { (2 * $0.offset)..<(2 * ($0.offset + $0.count)) } ?? 0..<0
        let parameters = FloatBuffer(zeroedCount: p)
        let raw = UnsafeMutableRawPointer(parameters.pointer)
        // Puts parameter bytes [from, to) (offsets within the parameter array) from `source`.
        func place(_ source: UnsafeRawPointer, from: Int, to: Int) {
            guard from < to else { return }
            if !layout.weightsOnly {
                (raw + from).copyMemory(from: source, byteCount: to - from)
            } else if let tokenTable, from >= tokenBytes.lowerBound, to <= tokenBytes.upperBound {
                (tokenTable.bytes + (from - tokenBytes.lowerBound)).copyMemory(from: source, byteCount: to - from)
            } else {
                // Whole float16 values only: the arrays start 8-aligned and blocks are multiples of 8.
                HalfPrecision.widen(source, count: (to - from) / 2, into: parameters.pointer + from / 2)
            }
        }
        // Hands each block of the file to the checksum and to whichever array it overlaps.
        func consume(_ block: UnsafeRawBufferPointer) {
            let end = position + block.count
            let hashed = min(end, size - 8) - position
            if hashed > 0 { hash = checksumContinue(hash, UnsafeRawBufferPointer(rebasing: block[0..<hashed])) }
            // Parameters: [arraysOffset, arraysOffset + parameterBytes), split where the token table starts and ends.
            let from = max(position, layout.arraysOffset), to = min(end, layout.arraysOffset + parameterBytes)
            if from < to {
                let start = from - layout.arraysOffset, stop = to - layout.arraysOffset
                var cuts = [start, stop]
                for edge in [tokenBytes.lowerBound, tokenBytes.upperBound] where edge > start && edge < stop { cuts.append(edge) }
                cuts.sort()
                for (a, b) in zip(cuts, cuts.dropFirst()) {
                    place(block.baseAddress! + (a + layout.arraysOffset - position), from: a, to: b)
                }
            }
            let cFrom = max(position, centreStart), cTo = min(end, centreStart + 4 * n)
            if cFrom < cTo {
                centre.withUnsafeMutableBytes {
                    ($0.baseAddress! + (cFrom - centreStart)).copyMemory(from: block.baseAddress! + (cFrom - position), byteCount: cTo - cFrom)
                }
            }
            position = end
        }
        head.withUnsafeBytes { consume($0) }
        // The rest streams through one reused buffer, read(2) straight into it: no Data and no
        // fresh 1 MiB allocation (and its page faults) per block.
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        while position < size {
            let count = Glibc.read(handle.fileDescriptor, buffer.baseAddress!, min(chunk, size - position))
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw CheckpointError.io("cannot read \(url.path): \(String(cString: strerror(errno)))") }
            guard count > 0 else { throw CheckpointError.corrupt("the file ended early") }
            consume(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        guard hash == layout.checksum else { throw CheckpointError.corrupt("checksum mismatch") }
        let weights = InferenceWeights(header: layout.header, parameters: parameters, tokenTable: tokenTable, centre: centre,
                                       contentID: hex(layout.checksum))
        if let expected { try weights.header.identity.check(expected) }
        return weights
    }

    /// A verified file's header and where its arrays start.
    private struct Layout {
        let header: CheckpointHeader
        let weightsOnly: Bool
        let checksum: UInt64
        let arraysOffset: Int

        /// Checks magic, version, size, checksum and that the header's arrays fit the file.
        init(_ bytes: UnsafeRawBufferPointer, path: String) throws {
            try self.init(header: bytes, fileSize: bytes.count, path: path, trailer: bytes.count >= 8 ? read(bytes, at: bytes.count - 8) : 0)
            let actual = Checkpoint.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<(bytes.count - 8)]))
            guard actual == checksum else { throw CheckpointError.corrupt("checksum mismatch") }
        }

        /// Checks what `bytes` (the file's first bytes, its header whole) and the file's size
        /// allow, all but the checksum, which the caller verifies against `checksum`.
        init(header bytes: UnsafeRawBufferPointer, fileSize: Int, path: String, trailer: UInt64) throws {
            guard bytes.count >= 16, fileSize >= 24, Array(bytes[0..<8]) == magic else { throw CheckpointError.notACheckpoint(path) }
            let version: UInt32 = read(bytes, at: 8)
            guard version == formatVersion || version == exportFormatVersion else { throw CheckpointError.unsupportedVersion(version) }
            weightsOnly = version == exportFormatVersion
            guard fileSize % 8 == 0 else { throw CheckpointError.corrupt("size \(fileSize) is not a multiple of 8 (truncated?)") }
            checksum = trailer
            let headerLength = Int(read(bytes, at: 12) as UInt32)
            guard 16 + headerLength <= bytes.count, 16 + headerLength <= fileSize - 8 else { throw CheckpointError.corrupt("header runs past the end") }
            do { header = try JSONDecoder().decode(CheckpointHeader.self, from: Data(bytes[16..<(16 + headerLength)])) }
            catch { throw CheckpointError.corrupt("unreadable header: \(error)") }
            arraysOffset = (16 + headerLength + 7) / 8 * 8
            let (p, n) = (header.parameterCount, header.imageDimension)
            guard p >= 0, n >= 0, p <= fileSize, n <= fileSize else { throw CheckpointError.corrupt("arrays do not fit the file") }
            let arrayBytes = weightsOnly ? 2 * p + 4 * n : 4 * (3 * p + n)
            guard arraysOffset + arrayBytes + 8 <= fileSize else { throw CheckpointError.corrupt("arrays do not fit the file") }
        }
    }

    /// `count` float16 values at `offset` of `bytes`, widened into `target`, eight at a time (one
    /// F16C conversion on x86-64), then the rest.
    /// The token embeddings' slice of the parameter vector `header`'s model lays out, or nil when
    /// no model can have that config (the load then fails where the model is built).
    static func tokenSlice(_ header: CheckpointHeader) -> ParameterSlice? {
        guard let model = try? ContrastiveModel(textConfig: header.textConfig, imageDimension: header.imageDimension),
              model.layout.count == header.parameterCount else { return nil }
        return model.textTower.tokenEmbeddings
    }

    /// FNV-1a over 64-bit little-endian words (the last word zero-padded).
    ///
    /// - Complexity: O(bytes).
    static func checksum(_ raw: UnsafeRawBufferPointer) -> UInt64 {
        checksumContinue(checksumSeed, raw)
    }

    /// FNV-1a's offset basis: the checksum of nothing.
    static let checksumSeed: UInt64 = 0xCBF2_9CE4_8422_2325

    /// `hash` continued over `raw`, which starts on an 8-byte boundary of the checksummed bytes
    /// (only the last part may be shorter than a multiple of 8).
    static func checksumContinue(_ seed: UInt64, _ raw: UnsafeRawBufferPointer) -> UInt64 {
        var hash = seed
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
        guard let end = try? handle.seekToEnd(), end >= 24, let stored = try? storedChecksum(handle, size: end) else { return nil }
        return hex(stored)
    }

    /// The checksum in the last 8 bytes of a file of `size` bytes (at least 8), or nil when they
    /// cannot all be read; leaves `handle` at the end.
    private static func storedChecksum(_ handle: FileHandle, size: UInt64) throws -> UInt64? {
        try handle.seek(toOffset: size - 8)
        let tail = try handle.read(upToCount: 8) ?? Data()
        guard tail.count == 8 else { return nil }
        return UInt64(littleEndian: tail.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
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
