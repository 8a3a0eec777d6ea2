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

    @Flag(help: ArgumentHelp(
        "Print each text's vector in the joint space of the installed model (towers and bridge), as `query` searches it.",
        discussion: "The inner product with a row of `litsearch export`'s joint vectors is the score `query --exact` ranks by; each line adds `space`."))
    var joint = false

    func validate() throws {
        guard !texts.isEmpty || !images.isEmpty else { throw ValidationError("give at least one --text or --image") }
        if joint {
            guard images.isEmpty else { throw ValidationError("--joint embeds texts only (`litsearch export` writes the images' joint vectors)") }
            guard textModel.usesInstalledTowers else { throw ValidationError("--joint uses the installed model; leave out --model, --ensemble and --no-ensemble") }
        }
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
        var space: String? = nil
    }

    func run() throws {
        do {
            let installation = Installation.current()
            let tower = try ImageTower(contentsOf: installation.imageTowerWeights)
            if joint { return try printJoint(installation, tower: tower) }
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

    /// `--joint`: each text's query vector in the installed model's joint space, without padding.
    private func printJoint(_ installation: Installation, tower: any ImageModelIdentity) throws {
        if let lang = textModel.lang { try LanguageNote.check(lang) }
        let loader = TowerLoader(installation: installation, tower: tower, centresText: !textModel.noTextCentre)
        guard let space = try loader.installedJointSpace() else {
            throw ValidationError("no text model is installed (\(installation.defaultTextTower.path))")
        }
        var queries = space.embedder
        queries.strictLanguage = true
        let json = JSONEncoder()
        json.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for text in texts {
            let vector = try space.queryVector(text, language: textModel.lang, embeddedBy: queries)
            let line = Line(kind: "text", text: text, lang: textModel.lang, vector: Array(vector.prefix(space.unpaddedDimension)), space: space.id)
            print(String(decoding: try json.encode(line), as: UTF8.self))
        }
    }
}
