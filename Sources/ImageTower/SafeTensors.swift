import Foundation

/// A float32 tensor read from a weights file: its shape and row-major values.
public struct Tensor: Sendable {
    public let shape: [Int]
    public var values: [Float]

    /// Number of elements, the product of `shape`.
    public var count: Int { shape.reduce(1, *) }
}

/// Why a weights file could not be loaded.
public struct WeightsError: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let message: String

    public var description: String { "cannot load weights \(file): \(message)" }
}

/// Reads tensors in the safetensors layout.
///
/// The layout is an 8-byte little-endian header length `N`, `N` bytes of JSON mapping each
/// tensor name to `{"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}` (offsets
/// relative to the end of the header) plus an optional `"__metadata__"` object of strings,
/// then the raw little-endian data. Only `F32` tensors are accepted. `docs/image-tower.md`
/// describes the file litsearch ships.
public struct SafeTensors: Sendable {
    /// The tensors by name.
    public let tensors: [String: Tensor]
    /// The `__metadata__` strings of the header.
    public let metadata: [String: String]

    /// Loads and validates every tensor of the file at `url`.
    ///
    /// - Complexity: O(file size).
    public init(contentsOf url: URL) throws {
        let name = url.path
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw WeightsError(file: name, message: "file not found or unreadable (run scripts/setup.sh to fetch the weights)")
        }
        try self.init(data: data, name: name)
    }

    /// Parses a safetensors image held in memory; `name` is used in error messages. With `only`,
    /// just those tensors are copied out (the others are still checked against the header).
    public init(data: Data, name: String = "<memory>", only: Set<String>? = nil) throws {
        func fail(_ message: String) -> WeightsError { WeightsError(file: name, message: message) }
        guard data.count >= 8 else { throw fail("shorter than the 8-byte header length") }
        let headerLength = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerLength <= UInt64(data.count - 8) else { throw fail("header length \(headerLength) exceeds the file size") }
        let headerData = data.subdata(in: 8..<(8 + Int(headerLength)))
        guard let header = try? JSONSerialization.jsonObject(with: headerData) as? [String: Any] else {
            throw fail("header is not a JSON object")
        }
        let body = data[(8 + Int(headerLength))...]
        var tensors: [String: Tensor] = [:]
        var metadata: [String: String] = [:]
        for (key, value) in header {
            if key == "__metadata__" {
                metadata = (value as? [String: String]) ?? [:]
                continue
            }
            guard let entry = value as? [String: Any],
                  let dtype = entry["dtype"] as? String,
                  let shape = entry["shape"] as? [Int],
                  let offsets = entry["data_offsets"] as? [Int], offsets.count == 2
            else { throw fail("malformed entry for tensor \(key)") }
            guard dtype == "F32" else { throw fail("tensor \(key) has dtype \(dtype); only F32 is supported") }
            let count = shape.reduce(1, *)
            guard offsets[0] >= 0, offsets[1] <= body.count, offsets[1] - offsets[0] == count * 4 else {
                throw fail("tensor \(key) has data offsets \(offsets) inconsistent with shape \(shape)")
            }
            if let only, !only.contains(key) { continue }
            var values = [Float](repeating: 0, count: count)
            values.withUnsafeMutableBytes { destination in
                body.withUnsafeBytes { source in
                    destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offsets[0]..<offsets[1]]))
                }
            }
            // The format is little-endian; so is every platform litsearch builds for.
            tensors[key] = Tensor(shape: shape, values: values)
        }
        self.tensors = tensors
        self.metadata = metadata
    }

    /// The tensor called `name`, checked against an expected shape.
    public func tensor(_ name: String, shape: [Int]? = nil) throws -> Tensor {
        guard let tensor = tensors[name] else {
            throw WeightsError(file: "weights", message: "missing tensor \(name)")
        }
        if let shape, tensor.shape != shape {
            throw WeightsError(file: "weights", message: "tensor \(name) has shape \(tensor.shape), expected \(shape)")
        }
        return tensor
    }
}
