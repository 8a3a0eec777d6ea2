extension EvalReport {
    /// The report in the stable format of docs/eval.md (issue 7):
    /// `model`, `images`, `skipped`, `text_to_image`, `image_to_text`, `classification`, `summary`,
    /// then the additions `text_to_image_index`, `index` and `skipped_lines`. Per language and
    /// direction: `queries`, `recall@K` for each K, `chance@K` for each K.
    ///
    /// - Complexity: O(languages · ks + skipped lines).
    public var json: OrderedJSON {
        let languages = self.languages
        var summary: [(String, OrderedJSON)] = [("languages", .integer(languages.count))]
        for k in ks { summary.append(("mean_text_to_image_recall@\(k)", .number(meanTextToImageRecall(at: k)))) }
        if indexKind != nil {
            for k in ks {
                let values = textToImageIndex.values.compactMap { $0.recall[k] }
                summary.append(("mean_text_to_image_index_recall@\(k)",
                                .number(values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count))))
            }
        }
        var skippedLines: [OrderedJSON] = problems.map {
            .object([("line", .integer($0.line)), ("reason", .string($0.message))])
        }
        skippedLines += failedImages.map {
            .object([("line", .integer($0.line)), ("reason", .string("image \($0.id) could not be embedded: \($0.message)"))])
        }
        return .object([
            ("model", .object([("image_tower", .string(model.imageTower)), ("text_tower", .string(model.textTower)),
                               ("tokenizer", .string(model.tokenizer))])),
            ("images", .integer(images)),
            ("skipped", .integer(skipped)),
            ("text_to_image", recallTable(textToImage)),
            ("image_to_text", recallTable(imageToText)),
            ("classification", .object(classification.keys.sorted().map { tag in
                let c = classification[tag]!
                return (tag, .object([("images", .integer(c.images)), ("classes", .integer(c.classes)),
                                      ("top1", .number(c.top1)), ("top5", .number(c.top5))]))
            })),
            ("summary", .object(summary)),
            ("text_to_image_index", recallTable(textToImageIndex)),
            ("index", .object([("kind", indexKind.map { .string($0) } ?? .string("exact")),
                               ("note", indexNote.map { .string($0) } ?? .null)])),
            ("skipped_lines", .array(skippedLines)),
        ])
    }

    private func recallTable(_ table: [String: Recall]) -> OrderedJSON {
        .object(table.keys.sorted().map { language in
            let r = table[language]!
            var members: [(String, OrderedJSON)] = [("queries", .integer(r.queries))]
            for k in ks { members.append(("recall@\(k)", .number(r.recall[k] ?? 0))) }
            for k in ks { members.append(("chance@\(k)", .number(r.chance[k] ?? 0))) }
            return (language, .object(members))
        })
    }
}
