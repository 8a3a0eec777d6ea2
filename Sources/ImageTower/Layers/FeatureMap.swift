import Foundation

/// Activations of a batch in channel-major (C, N, H, W) order.
///
/// Keeping all images of one channel contiguous lets a 1×1 convolution over the whole batch be a
/// single matrix product `W[Cout×Cin] · X[Cin × (N·H·W)]`, and lets the depthwise convolution work
/// plane by plane. Storage comes from a `BufferPool` and goes back to it on deinit.
final class FeatureMap {
    let channels: Int
    let batch: Int
    let height: Int
    let width: Int
    let data: UnsafeMutablePointer<Float>
    private let pool: BufferPool

    /// Number of values in one channel of one image.
    var planeSize: Int { height * width }
    /// Number of values in one channel across the batch (the matrix width of a 1×1 convolution).
    var columns: Int { batch * height * width }
    var count: Int { channels * columns }

    /// An uninitialised map whose storage comes from `pool`.
    init(channels: Int, batch: Int, height: Int, width: Int, pool: BufferPool) {
        self.channels = channels
        self.batch = batch
        self.height = height
        self.width = width
        self.pool = pool
        data = pool.take(channels * batch * height * width)
    }

    /// A map shaped like `self` with `channels` channels, from the same pool.
    func sibling(channels: Int, height: Int? = nil, width: Int? = nil) -> FeatureMap {
        FeatureMap(channels: channels, batch: batch, height: height ?? self.height, width: width ?? self.width, pool: pool)
    }

    deinit { pool.give(data, count: count) }

    /// The plane of `channel` for image `image`.
    func plane(channel: Int, image: Int) -> UnsafeMutablePointer<Float> {
        data + (channel * batch + image) * planeSize
    }
}

/// Recycles activation buffers between layers and between batches.
///
/// A forward pass allocates the same few sizes again and again; allocating them fresh means a
/// trip to `mmap` and a page fault per 4 KiB each time. The pool keeps released buffers by size,
/// so memory stays at the peak of one pass. Thread-safe.
final class BufferPool: @unchecked Sendable {
    private var free: [Int: [UnsafeMutablePointer<Float>]] = [:]
    private let lock = NSLock()

    func take(_ count: Int) -> UnsafeMutablePointer<Float> {
        lock.lock()
        defer { lock.unlock() }
        if let buffer = free[count]?.popLast() { return buffer }
        return .allocate(capacity: count)
    }

    func give(_ buffer: UnsafeMutablePointer<Float>, count: Int) {
        lock.lock()
        defer { lock.unlock() }
        free[count, default: []].append(buffer)
    }

    deinit {
        for buffers in free.values { buffers.forEach { $0.deallocate() } }
    }
}
