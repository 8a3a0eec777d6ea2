import Foundation

extension EvalReport {
    /// The report as Markdown: a summary, one row per language (text→image and image→text recall
    /// at every k, the index's text→image recall when compared, classification), then skipped lines.
    ///
    /// - Complexity: O(languages · ks + skipped lines).
    public var markdown: String {
        func pct(_ value: Double?) -> String { value.map { String(format: "%.1f", $0 * 100) } ?? "–" }
        var lines = ["# litsearch eval", ""]
        lines.append("- image tower: `\(model.imageTower)`; text tower: `\(model.textTower)`; tokenizer: `\(model.tokenizer)`")
        lines.append("- images: \(images); skipped lines: \(skipped); languages: \(languages.count)")
        for k in ks {
            lines.append(String(format: "- mean text→image recall@%d: %.1f%% (chance %.1f%%)", k,
                                meanTextToImageRecall(at: k) * 100, Ranking.chance(right: 1, total: images, k: k) * 100))
        }
        lines.append("- search: exact" + (indexKind.map { " and the \($0) index side by side" } ?? "")
            + (indexNote.map { " (\($0))" } ?? ""))
        lines.append("")
        lines.append("Recall in percent. T→I: caption finds its image among all \(images); I→T: image finds one of its captions among all captions of the language.")
        lines.append("")
        var header = ["language", "captions"] + ks.map { "T→I @\($0)" }
        if indexKind != nil { header += ks.map { "index T→I @\($0)" } }
        header += ks.map { "I→T @\($0)" }
        let hasClassification = !classification.isEmpty
        if hasClassification { header += ["top-1", "top-5"] }
        lines.append("| " + header.joined(separator: " | ") + " |")
        lines.append("|" + header.enumerated().map { $0.offset == 0 ? "---|" : "---:|" }.joined())
        let tags = Set(languages).union(classification.keys).sorted()
        for tag in tags {
            let t2i = textToImage[tag], i2t = imageToText[tag]
            var row = [tag, t2i.map { String($0.queries) } ?? "–"] + ks.map { pct(t2i?.recall[$0]) }
            if indexKind != nil { row += ks.map { pct(textToImageIndex[tag]?.recall[$0]) } }
            row += ks.map { pct(i2t?.recall[$0]) }
            if hasClassification { row += [pct(classification[tag]?.top1), pct(classification[tag]?.top5)] }
            lines.append("| " + row.joined(separator: " | ") + " |")
        }
        if !problems.isEmpty || !failedImages.isEmpty {
            lines += ["", "## Skipped", ""]
            lines += problems.map { "- line \($0.line): \($0.message)" }
            lines += failedImages.map { "- line \($0.line): image \($0.id) could not be embedded: \($0.message)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
