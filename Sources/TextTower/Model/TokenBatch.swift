/// A batch of token id sequences: a borrowed view of `[count × stride]` ids plus each length.
///
/// Row `b` holds `lengths[b]` real ids (BOS … EOS as the tokenizer emits them) followed by anything;
/// ids past a row's length are ignored.
public struct TokenBatch {
    /// `count × stride` ids, row-major.
    public let ids: UnsafePointer<Int32>
    /// `count` lengths, each in 1…stride.
    public let lengths: UnsafePointer<Int>
    public let count: Int
    /// Distance between rows in `ids`.
    public let stride: Int

    public init(ids: UnsafePointer<Int32>, lengths: UnsafePointer<Int>, count: Int, stride: Int) {
        self.ids = ids
        self.lengths = lengths
        self.count = count
        self.stride = stride
    }

    /// Rows `range` of this batch.
    public func rows(_ range: Range<Int>) -> TokenBatch {
        TokenBatch(ids: ids + range.lowerBound * stride, lengths: lengths + range.lowerBound,
                   count: range.count, stride: stride)
    }

    /// The longest length in the batch (the padded sequence length the tower runs at).
    public var longest: Int {
        var result = 0
        for b in 0..<count { result = max(result, lengths[b]) }
        return result
    }

    /// Throws unless every length is in 1…maxLength and every real id is below `vocabularySize`.
    ///
    /// - Complexity: O(tokens).
    public func validate(vocabularySize: Int, maxLength: Int) throws {
        for b in 0..<count {
            let length = lengths[b]
            guard length >= 1, length <= min(maxLength, stride) else {
                throw TextTowerError(message: "caption \(b) has length \(length); expected 1…\(min(maxLength, stride))")
            }
            for t in 0..<length {
                let id = ids[b * stride + t]
                guard id >= 0, Int(id) < vocabularySize else {
                    throw TextTowerError(message: "caption \(b) has token id \(id) outside 0..<\(vocabularySize)")
                }
            }
        }
    }
}
