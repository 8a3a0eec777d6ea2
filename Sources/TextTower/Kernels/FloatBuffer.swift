#if canImport(Glibc)
import Glibc
#endif

/// A fixed-size, manually allocated array of `Float`, zero-initialised.
///
/// Layers read and write raw pointers into these buffers so the hot paths never allocate or pay for
/// copy-on-write checks. A buffer is owned by one thread at a time (a workspace, a shard's
/// gradients); concurrent writers always touch disjoint ranges.
public final class FloatBuffer: @unchecked Sendable {
    /// First element.
    public let pointer: UnsafeMutablePointer<Float>
    /// Number of elements.
    public let count: Int
    /// Whether `pointer` came from `calloc` (freed with `free`), not `allocate`.
    private var callocated = false

    /// Allocates `count` zeros.
    public init(count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }

    /// Allocates a copy of `values` (no zero fill first: a checkpoint's tens of megabytes).
    public init(_ values: [Float]) {
        count = values.count
        pointer = .allocate(capacity: max(values.count, 1))
        if values.isEmpty { pointer.initialize(to: 0) }
        values.withUnsafeBufferPointer { pointer.initialize(from: $0.baseAddress!, count: values.count) }
    }

    /// Allocates `count` zeros without writing them: `calloc` takes large blocks straight from the
    /// kernel, whose pages read as zero and cost no memory until written. A checkpoint loaded for
    /// inference leaves the token table's slice so (`HalfTable` holds those weights).
    public init(zeroedCount count: Int) {
        self.count = count
        guard let raw = calloc(max(count, 1), MemoryLayout<Float>.stride) else { fatalError("out of memory for \(count) floats") }
        pointer = raw.bindMemory(to: Float.self, capacity: max(count, 1))
        callocated = true
    }

    /// Allocates `count` elements that `initialize` must write, every one (no zero fill first).
    public init(uninitializedCount count: Int, _ initialize: (UnsafeMutablePointer<Float>) -> Void) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
        if count == 0 { pointer.initialize(to: 0) } else { initialize(pointer) }
    }

    deinit {
        if callocated { free(pointer) } else { pointer.deallocate() }
    }

    /// Sets every element to zero.
    ///
    /// - Complexity: O(count).
    public func zero() { pointer.update(repeating: 0, count: count) }

    /// The elements as an array (a copy).
    public var array: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

    /// Element `index`.
    public subscript(index: Int) -> Float {
        get { pointer[index] }
        set { pointer[index] = newValue }
    }
}
