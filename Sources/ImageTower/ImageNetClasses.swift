import Foundation

/// Human-readable names of the 1000 ImageNet classes, in the classifier's order.
///
/// The file has one `index<TAB>wnid<TAB>names` line per class; `scripts/fetch_weights.py` writes
/// it from the synset lists shipped in the `timm` wheel (see `docs/image-tower.md`).
public struct ImageNetClasses: Sendable {
    /// WordNet ids, e.g. `n02123045`.
    public let wordNetIDs: [String]
    /// Comma-separated lemma names, e.g. `tabby, tabby cat`.
    public let names: [String]

    /// Loads the class list at `url`.
    public init(contentsOf url: URL) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        var ids: [String] = []
        var names: [String] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            let fields = line.split(separator: "\t", maxSplits: 2)
            guard fields.count == 3, Int(fields[0]) == number else {
                throw WeightsError(file: url.path, message: "line \(number + 1) is not `\(number)<TAB>wnid<TAB>names`")
            }
            ids.append(String(fields[1]))
            names.append(String(fields[2]))
        }
        guard ids.count == ImageTower.classCount else {
            throw WeightsError(file: url.path, message: "has \(ids.count) classes, expected \(ImageTower.classCount)")
        }
        wordNetIDs = ids
        self.names = names
    }
}
