import ArgumentParser
import Foundation
import LitSearch
import Training

/// `litsearch export-model`: a training checkpoint → the weights-only model `query` loads.
struct ExportModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-model",
        abstract: "Export a training checkpoint as a small, weights-only text-tower model.",
        discussion: """
        A training checkpoint holds the optimiser's state too (three times the parameters, in \
        float32). The export keeps what inference needs — the parameters at half precision, the \
        image head's centre, the config and the tokenizer/image-model identity — at about a sixth of \
        the size. `query` and `classify` load either kind; only a training checkpoint can be resumed.

        Example:
          litsearch export-model --checkpoint runs/lit-default/text-tower.ckpt
        """
    )

    @Option(help: ArgumentHelp("The training checkpoint (`text-tower.ckpt` in a run's output directory).", valueName: "file"))
    var checkpoint: String

    @Option(help: ArgumentHelp("Where to write the model (default: models/text-tower.ckpt in the installation).", valueName: "file"))
    var out: String?

    func run() throws {
        do {
            let source = try Checkpoint.read(from: URL(fileURLWithPath: checkpoint), expecting: nil)
            let destination = out.map { URL(fileURLWithPath: $0) } ?? Installation.current().defaultTextTower
            try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            try source.exportedForInference().write(to: destination)
            let size = (try? FileManager.default.attributesOfItem(atPath: destination.path)[.size] as? Int) ?? 0
            print("exported step \(source.header.step) (\(source.parameters.count) parameters) to \(destination.path), "
                  + ByteCountFormatter.string(fromByteCount: Int64(size), countStyle: .file))
        } catch {
            throw failure(error)
        }
    }
}
