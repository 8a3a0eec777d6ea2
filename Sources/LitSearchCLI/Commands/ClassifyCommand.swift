import ArgumentParser
import Foundation
import ImageTower
import LitSearch

/// `litsearch classify PHOTO… --labels "Katze,Hund,Auto"`: zero-shot classification.
struct ClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Zero-shot classification of photos into labels given as text, in any language.",
        discussion: """
        Each label is embedded by the trained text tower, each photo by the locked image tower and the \
        checkpoint's image head; probabilities are the softmax of the cosines at the learned \
        temperature, so they sum to 1 per photo.

        Example:
          litsearch classify samples/chelsea.jpg --labels "Katze,Hund,Auto" --lang de
        """)

    @Argument(help: ArgumentHelp("Photos to classify.", valueName: "photo"))
    var photos: [String]

    @Option(help: ArgumentHelp("Comma-separated labels.", valueName: "labels"))
    var labels: String

    @OptionGroup var textModel: TextModelOptions

    @OptionGroup var bridge: BridgeOptions

    @Option(name: [.short, .long], help: "Show only the K most probable labels of each photo (default: all).")
    var k: Int?

    @Flag(help: "Print the results as JSON on standard output.")
    var json = false

    var labelList: [String] {
        labels.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func validate() throws {
        guard !photos.isEmpty else { throw ValidationError("give at least one photo") }
        guard !labelList.isEmpty else { throw ValidationError("--labels needs at least one label") }
        if let k, k < 1 { throw ValidationError("-k must be at least 1, not \(k)") }
    }

    /// One photo's result.
    struct Result: Encodable {
        let path: String
        let labels: [ZeroShotClassifier.Score]
    }

    func run() throws {
        do {
            let installation = Installation.current()
            let tower = try ImageTower(contentsOf: installation.imageTowerWeights)
            let (model, encoder, companions) = try textModel.load(installation, tower: tower)
            // A photo that cannot be read is reported and left out; the others are classified.
            var readable: [String] = [], tensors: [Float] = []
            for photo in photos {
                do {
                    tensors += try photoTensors([photo])
                    readable.append(photo)
                } catch {
                    printError("\(error)")
                }
            }
            guard !readable.isEmpty else { throw ExitCode.failure }
            let features = tower.run(batch: tensors, count: readable.count).embeddings
            let scores = try ZeroShotClassifier(model: model, encoder: encoder, companions: companions, bridge: try bridge.load(installation, tower: tower)).classify(features: features, labels: labelList,
                                                                                       language: textModel.lang)
            let results = zip(readable, scores).map { Result(path: $0.0, labels: Array($0.1.prefix(k ?? $0.1.count))) }
            if json {
                try JSONOutput.print(results)
            } else {
                for result in results {
                    print(TerminalText.escaped(result.path))
                    for score in result.labels { print(String(format: "  %6.2f%%  ", score.probability * 100) + TerminalText.escaped(score.label)) }
                }
            }
            if readable.count < photos.count { throw ExitCode.failure }
        } catch {
            throw failure(error)
        }
    }
}
