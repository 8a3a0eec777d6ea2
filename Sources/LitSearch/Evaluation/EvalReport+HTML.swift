import Foundation

extension EvalReport {
    /// A self-contained HTML page: the summary, per language an inline SVG bar chart (text→image,
    /// the index when compared, image→text; chance dashed in red), the table, and sample
    /// text→image queries with thumbnails of their top results (failures first). No scripts, no
    /// external resources: thumbnails are data URIs, defined once each as a CSS class.
    ///
    /// - Parameter thumbnail: a data URI for an image path (nil shows a grey box); `Thumbnail.dataURI` by default.
    /// - Complexity: O(languages · ks) plus one thumbnail per image shown.
    public func html(thumbnail: (String) -> String? = { Thumbnail.dataURI(path: $0) }) -> String {
        var shown: [Int: String] = [:]
        var styles: [String] = []
        func thumb(_ image: Int) -> String {
            if let name = shown[image] { return name }
            let name = "t\(shown.count)"
            shown[image] = name
            if let uri = thumbnail(imagePaths[image]) { styles.append(".\(name){background-image:url(\(uri))}") }
            return name
        }
        var body: [String] = ["<h1>litsearch eval</h1>"]
        body.append("<p class=\"meta\">image tower <code>\(HTMLText.escape(model.imageTower))</code> · text tower <code>\(HTMLText.escape(model.textTower))</code> · tokenizer <code>\(HTMLText.escape(model.tokenizer))</code></p>")
        let means = ks.map { String(format: "@%d %.1f%%", $0, meanTextToImageRecall(at: $0) * 100) }.joined(separator: ", ")
        body.append("<p>\(images) images, \(skipped) skipped, \(languages.count) languages. Mean text→image recall \(means). Search: exact"
            + (indexKind.map { " and the \(HTMLText.escape($0)) index side by side" } ?? "") + (indexNote.map { " (\(HTMLText.escape($0)))" } ?? "") + ".</p>")
        body.append("<p class=\"legend\"><span style=\"background:#3b6ea5\"></span>text→image"
            + (indexKind != nil ? " <span style=\"background:#8fb3d9\"></span>text→image, index" : "")
            + " <span style=\"background:#e0983a\"></span>image→text <span class=\"chance\"></span>chance</p>")
        body.append("<div class=\"charts\">")
        for language in languages {
            var series = [BarChart.Series(name: "text→image", colour: "#3b6ea5", values: ks.map { textToImage[language]?.recall[$0] ?? 0 })]
            if indexKind != nil {
                series.append(.init(name: "text→image (index)", colour: "#8fb3d9", values: ks.map { textToImageIndex[language]?.recall[$0] ?? 0 }))
            }
            series.append(.init(name: "image→text", colour: "#e0983a", values: ks.map { imageToText[language]?.recall[$0] ?? 0 }))
            let queries = textToImage[language]?.queries ?? 0
            let chart = BarChart(title: "\(language) · \(queries) captions", groups: ks.map { "@\($0)" }, series: series,
                                 chance: ks.map { textToImage[language]?.chance[$0] ?? 0 })
            body.append("<figure>" + chart.svg() + "</figure>")
        }
        body.append("</div>")
        body.append("<h2>Per language</h2>" + tableHTML)
        body.append("<h2>Sample queries</h2><p>Text→image; the right image is outlined green, wrong ones red; rank is 1-based.</p>")
        for sample in samples {
            var row = "<div class=\"sample\"><div class=\"query\"><b>\(HTMLText.escape(sample.language))</b> “\(HTMLText.escape(sample.query))” → "
                + (sample.rank == 0 ? "<span class=\"ok\">found first</span>" : "<span class=\"bad\">right image at rank \(sample.rank + 1)</span>")
                + " <span class=\"want\">wanted <i class=\"th \(thumb(sample.expected))\"></i> \(HTMLText.escape(imageIDs[sample.expected]))</span></div><div class=\"hits\">"
            for hit in sample.hits {
                row += "<figure class=\"\(hit.correct ? "right" : "wrong")\"><i class=\"th \(thumb(hit.image))\"></i><figcaption>"
                    + HTMLText.escape(imageIDs[hit.image]) + String(format: "<br>%.3f", hit.score) + "</figcaption></figure>"
            }
            body.append(row + "</div></div>")
        }
        if !problems.isEmpty || !failedImages.isEmpty {
            body.append("<h2>Skipped lines</h2><ul>"
                + problems.map { "<li>line \($0.line): \(HTMLText.escape($0.message))</li>" }.joined()
                + failedImages.map { "<li>line \($0.line): image \(HTMLText.escape($0.id)) could not be embedded: \(HTMLText.escape($0.message))</li>" }.joined()
                + "</ul>")
        }
        let css = """
        body{font-family:sans-serif;margin:16px;color:#222}code{font-size:90%}.meta{color:#555}
        .charts{display:flex;flex-wrap:wrap;gap:6px}.charts figure{margin:0;border:1px solid #eee}
        .legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 10px;vertical-align:middle}
        .legend .chance{border-top:2px dashed #c00;height:0}
        table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:2px 6px;text-align:right}td:first-child{text-align:left}
        .sample{margin:8px 0;padding:6px;border:1px solid #eee}.hits{display:flex;gap:6px;margin-top:4px}
        .hits figure{margin:0;text-align:center;font-size:10px;width:64px;overflow:hidden}
        .th{display:inline-block;width:40px;height:40px;background:#ccc center/cover;vertical-align:middle}
        .right .th{outline:3px solid #2a2}.wrong .th{outline:3px solid #c33}.ok{color:#2a2}.bad{color:#c33}.want{margin-left:12px;color:#555}
        """
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>litsearch eval</title><style>\n" + css + "\n"
            + styles.joined(separator: "\n") + "\n</style></head><body>\n" + body.joined(separator: "\n") + "\n</body></html>\n"
    }

    private var tableHTML: String {
        var header = ["language", "captions"] + ks.map { "T→I @\($0)" }
        if indexKind != nil { header += ks.map { "index @\($0)" } }
        header += ks.map { "I→T @\($0)" }
        if !classification.isEmpty { header += ["top-1", "top-5"] }
        func pct(_ value: Double?) -> String { value.map { String(format: "%.1f", $0 * 100) } ?? "–" }
        var rows = ["<table><tr>" + header.map { "<th>\(HTMLText.escape($0))</th>" }.joined() + "</tr>"]
        for tag in Set(languages).union(classification.keys).sorted() {
            var cells = [HTMLText.escape(tag), textToImage[tag].map { String($0.queries) } ?? "–"] + ks.map { pct(textToImage[tag]?.recall[$0]) }
            if indexKind != nil { cells += ks.map { pct(textToImageIndex[tag]?.recall[$0]) } }
            cells += ks.map { pct(imageToText[tag]?.recall[$0]) }
            if !classification.isEmpty { cells += [pct(classification[tag]?.top1), pct(classification[tag]?.top5)] }
            rows.append("<tr>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>")
        }
        return rows.joined(separator: "\n") + "</table>"
    }
}
