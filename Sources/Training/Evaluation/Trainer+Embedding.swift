import TextTower

extension Trainer {
    /// Embeds captions with the current parameters: `[count × jointDimension]` unit rows.
    ///
    /// Runs in chunks of one shard's capacity on the calling thread; for evaluation, not training.
    /// - Complexity: the text tower's forward pass over all captions.
    public func embedTexts(tokenIDs: [Int32], lengths: [Int], stride: Int) throws -> [Float] {
        let (count, e) = (lengths.count, model.jointDimension)
        var result = [Float](repeating: 0, count: count * e)
        let shard = shards[0]
        try tokenIDs.withUnsafeBufferPointer { ids in
            try lengths.withUnsafeBufferPointer { lengthsPointer in
                let all = TokenBatch(ids: ids.baseAddress!, lengths: lengthsPointer.baseAddress!, count: count, stride: stride)
                for start in Swift.stride(from: 0, to: count, by: shard.text.batchCapacity) {
                    let range = start..<min(start + shard.text.batchCapacity, count)
                    let out = try model.textTower.forward(all.rows(range), parameters: parameters.pointer, workspace: shard.text)
                    for i in 0..<(range.count * e) { result[start * e + i] = out[i] }
                }
            }
        }
        return result
    }

    /// Projects locked image features (`count × imageDimension`) into the joint space.
    ///
    /// - Complexity: O(count·imageDimension·jointDimension) on BLAS.
    public func embedImages(features: [Float]) -> [Float] {
        let (n, e) = (model.imageDimension, model.jointDimension)
        let count = features.count / n
        var result = [Float](repeating: 0, count: count * e)
        let shard = shards[0]
        features.withUnsafeBufferPointer { features in
            centre.withUnsafeBufferPointer { centre in
                for start in Swift.stride(from: 0, to: count, by: shard.image.batchCapacity) {
                    let rows = min(shard.image.batchCapacity, count - start)
                    let out = model.imageProjection.forward(features.baseAddress! + start * n, count: rows, centre: centre.baseAddress!,
                                                            parameters: parameters.pointer, workspace: shard.image)
                    for i in 0..<(rows * e) { result[start * e + i] = out[i] }
                }
            }
        }
        return result
    }
}
