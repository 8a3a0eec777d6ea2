import ArgumentParser
import Foundation
import ImageTower
import LitSearch

/// `litsearch embed --text "Hund" --image samples/dogs.jpg`: the vectors behind search, as JSON lines.
struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Print the joint-space vectors of texts and photos as JSON lines, for scripts.",
        discussion: """
        One JSON object per line, texts first, in the order given:
          {"kind":"text","text":"Hund","lang":"de","vector":[…]}
          {"kind":"image","path":"samples/dogs.jpg","feature":[…1280…],"vector":[…]}
        `vector` is L2-normalised in the joint space, so the cosine of a text and a photo is the dot \
        product of their vectors. A text's vector is the one `query` searches with: the model's text \
        centre, if it has one, is subtracted first (--no-text-centre: the plain embedding, as \
        `classify` uses for labels). A photo's `feature` is the locked image tower's 1280-d embedding \
        (unit length); its `vector` applies the checkpoint's image head with the model's own centre \
        (`query` centres by the indexed collection instead, so its scores can differ slightly).

        Example:
          litsearch embed --lang de --text Hund --text Katze --image samples/dogs.jpg
        """)

    @Option(name: .customLong("text"), help: ArgumentHelp("A text to embed (repeatable).", valueName: "text"))
    var texts: [String] = []

    @Option(name: .customLong("image"), help: ArgumentHelp("A photo to embed (repeatable).", valueName: "photo"))
    var images: [String] = []

    @OptionGroup var textModel: TextModelOptions

    @Flag(help: "Also print each photo's 1000 ImageNet logits (`logits`).")
    var logits = false

    func validate() throws {
        guard !texts.isEmpty || !images.isEmpty else { throw ValidationError("give at least one --text or --image") }
    }

    /// One output line.
    struct Line: Encodable {
        let kind: String
        var text: String? = nil
        var lang: String? = nil
        var path: String? = nil
        var feature: [Float]? = nil
        var logits: [Float]? = nil
        let vector: [Float]
    }

    func run() throws {
        do {
            let installation = Installation.current()
            let tower = try ImageTower(contentsOf: installation.imageTowerWeights)
            let (model, encoder, _) = try textModel.load(installation, tower: tower)   // the main tower's space only
            let e = model.dimension
            var lines: [Line] = []
            if !texts.isEmpty {
                let ids = try texts.map { try encoder.encode($0, language: textModel.lang, strictLanguage: true) }
                let vectors = try model.embedTexts(ids)
                for (i, text) in texts.enumerated() {
                    lines.append(Line(kind: "text", text: text, lang: textModel.lang, vector: Array(vectors[(i * e)..<((i + 1) * e)])))
                }
            }
            if !images.isEmpty {
                let tensors = try photoTensors(images)
                let output = tower.run(batch: tensors, count: images.count)
                let vectors = model.embedImages(output.embeddings)
                for (i, photo) in images.enumerated() {
                    lines.append(Line(kind: "image", path: photo, feature: Array(output.embedding(i)),
                                      logits: logits ? Array(output.logits(i)) : nil,
                                      vector: Array(vectors[(i * e)..<((i + 1) * e)])))
                }
            }
            let json = JSONEncoder()
            json.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            for line in lines { print(String(decoding: try json.encode(line), as: UTF8.self)) }
        } catch {
            throw failure(error)
        }
    }
}
