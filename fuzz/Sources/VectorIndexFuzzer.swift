import Foundation

/// libFuzzer entry point for the vector-index file loader (built by scripts/fuzz-loaders.sh,
/// compiled into one module with Sources/VectorIndex so it can reseal files).
///
/// Each input is a candidate `.lsvi` file. Its checksums are recomputed first (`reseal`), so the
/// mutations reach the metadata and the sections' contents instead of dying at the first
/// checksum. Opening must either throw `IndexFileError` or give an index that searches, takes an
/// addition and a removal, and survives a write/read round trip. Any trap, sanitizer report or
/// failed check is a finding.

private let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lsvi-fuzz-\(getpid())")

@_cdecl("LLVMFuzzerInitialize")
public func vectorIndexFuzzerInitialize(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> Int32 {
    try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    // Seeds: one small index of each kind, written where FUZZ_SEED_DIR says (the script's corpus).
    if let folder = ProcessInfo.processInfo.environment["FUZZ_SEED_DIR"] {
        for (name, index) in seedIndexes() {
            try? index.write(to: URL(fileURLWithPath: folder).appendingPathComponent(name))
        }
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func vectorIndexFuzzerTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    var bytes = Array(UnsafeBufferPointer(start: data, count: size))
    reseal(&bytes)
    let url = scratch.appendingPathComponent("input.lsvi")
    guard (try? Data(bytes).write(to: url)) != nil else { return 0 }
    let index: VectorIndex
    do { index = try VectorIndex(contentsOf: url) } catch {
        precondition(error is IndexFileError, "not an IndexFileError: \(error)")
        return 0
    }
    let d = index.dimension
    guard d <= 4096, index.storedRows <= 100_000 else { return 0 }
    var query = [Float](repeating: 0, count: d)
    for i in 0..<d { query[i] = Float((i * 7919) % 13) / 13 - 0.5 }
    for k in [1, 5, 1_000] {
        let hits = index.search(query: query, k: k, rerank: 3, probes: 2)
        precondition(hits.count <= k, "more hits than asked for")
    }
    _ = index.search(query: query, k: 3, rerank: 0)
    _ = try? index.add(vectors: query, ids: [Int64.max])
    index.remove(ids: [Int64.max, 0, 1])
    let copy = scratch.appendingPathComponent("copy.lsvi")
    do {
        try index.write(to: copy)
        let reread = try VectorIndex(contentsOf: copy)
        precondition(reread.storedRows == index.storedRows && reread.count == index.count, "round trip changed the rows")
    } catch {
        preconditionFailure("an index that opened could not be written and read back: \(error)")
    }
    return 0
}

/// Recomputes every section checksum, the table checksum and the length field of `bytes` when
/// its header and table are in range (otherwise leaves it as it is).
func reseal(_ bytes: inout [UInt8]) {
    let header = IndexFileLayout.headerSize, entry = IndexFileLayout.entrySize
    guard bytes.count >= header else { return }
    func integer<T: FixedWidthInteger>(_ at: Int, _ type: T.Type) -> T {
        bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: at, as: T.self) }
    }
    func store<T: FixedWidthInteger>(_ value: T, _ at: Int) {
        bytes.withUnsafeMutableBytes { $0.storeBytes(of: value, toByteOffset: at, as: T.self) }
    }
    let count = Int(integer(12, UInt32.self))
    guard count <= IndexFileLayout.Tag.allCases.count, header + count * entry <= bytes.count else { return }
    for section in 0..<count {
        let at = header + section * entry
        let offset = integer(at + 8, UInt64.self), length = integer(at + 16, UInt64.self)
        guard offset <= UInt64(bytes.count), length <= UInt64(bytes.count) - offset else { continue }
        let sum = bytes.withUnsafeBytes { IndexFileLayout.checksum(UnsafeRawBufferPointer(rebasing: $0[Int(offset)..<Int(offset + length)])) }
        store(sum, at + 24)
    }
    store(UInt64(bytes.count), 24)
    var table = Array(bytes[0..<(header + count * entry)])
    table.replaceSubrange(16..<24, with: repeatElement(0, count: 8))
    store(table.withUnsafeBytes { IndexFileLayout.checksum($0) }, 16)
}

/// Small indexes of every kind: exact, flat PQ with OPQ, IVF, IVF with a sparse tail.
func seedIndexes() -> [(String, VectorIndex)] {
    let d = 16, n = 300
    var generator = SeededGenerator(seed: 7)
    let vectors = (0..<(n * d)).map { _ in Float.random(in: -1...1, using: &generator) }
    let ids = (0..<Int64(n)).map { $0 * 3 }
    let kinds: [(String, VectorIndexParameters)] = [
        ("exact.lsvi", VectorIndexParameters(bytesPerVector: 4, exactThreshold: 1_000)),
        ("opq.lsvi", VectorIndexParameters(bytesPerVector: 4, exactThreshold: 256, kmeansIterations: 2, rotationIterations: 1)),
        ("ivf.lsvi", VectorIndexParameters(bytesPerVector: 4, coarseLists: 4, probes: 2, rotation: false, exactThreshold: 256,
                                           kmeansIterations: 2, probesByInnerProduct: true)),
        ("tail.lsvi", VectorIndexParameters(bytesPerVector: 3, coarseLists: 4, probes: 2, rotation: false, exactThreshold: 256,
                                            kmeansIterations: 2, sparseDimensions: 8, sparseEntries: 3, rerankPerMillion: 1_000)),
    ]
    return kinds.compactMap { name, parameters in
        guard let index = try? VectorIndex.build(vectors: vectors, dimension: d, ids: ids, parameters: parameters) else { return nil }
        index.remove(ids: [3, 6])
        return (name, index)
    }
}
