import Catalog
import Foundation
import ImageIO
import ParallelLoops

/// Pass 2 of a root's run: reading, hashing, decoding and embedding the files that changed.
extension Indexer {
    /// A file that needs reading: new, changed, failed before, or touched (`recordedHash`: the
    /// content its record was embedded from, which it may still have).
    struct Pending {
        let file: FoundFile
        let known: Bool
        var recordedHash: String? = nil
    }

    /// The catalog writes for one batch of files that need reading.
    func embed(_ batch: [Pending], root: String, catalog: Catalog) throws -> [ImageWrite] {
        // Read and hash in parallel.
        let reader = FileReader()
        let contents = parallelMap(batch, workers: options.threads) { item -> Result<(bytes: [UInt8], hash: String), ImageFailure> in
            do {
                let bytes = try reader.read(root + "/" + item.file.relativePath)
                return .success((bytes, contentHash(bytes)))
            } catch let problem as FileProblem {
                return .failure(ImageFailure(problem))
            } catch {
                return .failure(ImageFailure(kind: .unreadable, message: "\(error)"))
            }
        }
        var writes = [ImageWrite?](repeating: nil, count: batch.count)
        var toDecode: [Int] = []
        for (index, item) in batch.enumerated() {
            let stamp = item.file.stamp
            switch contents[index] {
            case let .failure(failure):
                writes[index] = .failed(ImageEntry(path: item.file.relativePath, stamp: stamp), failure)
            case let .success(content):
                if let recorded = item.recordedHash, recorded == content.hash {
                    // Touched, same content: the record stands, with the new stamp.
                    writes[index] = .restamped(path: item.file.relativePath, stamp: stamp)
                } else if !item.known, let (existing, embedding) = try catalog.okImage(contentHash: content.hash, modelID: tower.modelID) {
                    let entry = ImageEntry(path: item.file.relativePath, stamp: stamp, contentHash: content.hash,
                                           width: existing.width, height: existing.height, format: existing.format,
                                           capturedAt: existing.capturedAt)
                    writes[index] = .moved(entry, embedding)
                } else {
                    toDecode.append(index)
                }
            }
        }
        // Decode and preprocess in parallel, then one tower batch.
        let prepared = parallelMap(toDecode, workers: options.threads) { index -> Result<ImagePipeline.Prepared, ImageFailure> in
            guard case let .success(content) = contents[index] else { fatalError("only readable files are decoded") }
            do { return .success(try pipeline.prepare(content.bytes)) } catch let failure as ImageFailure {
                return .failure(failure)
            } catch { return .failure(ImageFailure(kind: .corrupt, message: "\(error)")) }
        }
        var tensors: [Float] = []
        var embedded: [Int] = []
        for (position, index) in toDecode.enumerated() {
            let item = batch[index]
            let stamp = item.file.stamp
            switch prepared[position] {
            case let .failure(failure):
                var entry = ImageEntry(path: item.file.relativePath, stamp: stamp)
                if case let .success(content) = contents[index] { entry.contentHash = content.hash }
                writes[index] = .failed(entry, failure)
            case let .success(image):
                tensors += image.tensor
                embedded.append(position)
            }
        }
        let output = tower.run(batch: tensors, count: embedded.count)
        for (row, position) in embedded.enumerated() {
            let index = toDecode[position]
            let item = batch[index]
            guard case let .success(image) = prepared[position], case let .success(content) = contents[index] else { continue }
            let entry = ImageEntry(path: item.file.relativePath,
                                   stamp: item.file.stamp,
                                   contentHash: content.hash, width: image.info.width, height: image.info.height,
                                   format: image.info.format.rawValue, capturedAt: image.capturedAt)
            let embedding = Embedding(Array(output.embedding(row)))
            writes[index] = item.known ? .updated(entry, embedding) : .added(entry, embedding)
        }
        return writes.map { $0! }
    }

    /// Consecutive batches of files with these sizes: at most `count` files and `bytes` bytes
    /// each, except that a file larger than `bytes` is a batch of its own.
    ///
    /// - Complexity: O(sizes.count).
    static func batches(sizes: [Int64], count: Int, bytes: Int64) -> [Range<Int>] {
        var batches: [Range<Int>] = []
        var start = 0, held: Int64 = 0
        for (index, size) in sizes.enumerated() {
            if index > start, index - start >= count || held + size > bytes {
                batches.append(start..<index)
                start = index
                held = 0
            }
            held += max(size, 0)
        }
        if start < sizes.count { batches.append(start..<sizes.count) }
        return batches
    }
}
