import ArgumentParser
import Foundation
import ImageTower
import LitSearch
import Training

/// `litsearch train --config FILE [--resume]`: trains the text tower against the locked image tower.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the multilingual text tower (LiT) on image–text pairs.",
        discussion: """
        The config (JSON) names the data directory (from scripts/data/build.py), the output directory, \
        the tower's sizes and the training options; see configs/lit-default.json and docs/text-tower.md. \
        Every picture is embedded once by the locked image tower and cached. The output directory gets \
        text-tower.ckpt (written atomically every checkpointEvery steps), metrics.csv and SVG plots of \
        loss, temperature and held-out recall. After an interruption (even kill -9), run the same \
        command with --resume to continue from the last checkpoint.

        Example:
          litsearch train --config configs/lit-smoke.json
          cp runs/lit-smoke/text-tower.ckpt models/text-tower.ckpt
        """)

    @Option(help: ArgumentHelp("The training config (JSON).", valueName: "file"))
    var config: String

    @Flag(help: "Continue from the output directory's checkpoint.")
    var resume = false

    @Flag(help: "Print the result as JSON on standard output (step, checkpoint, model id, last held-out recall).")
    var json = false

    /// The `--json` result.
    struct Result: Encodable {
        let step: Int
        let checkpoint: String
        let modelID: String?
        let heldOut: HeldOut?
        struct HeldOut: Encodable {
            let step: Int
            let recallAt1: Double
            let recallAt10: Double
            enum CodingKeys: String, CodingKey { case step, recallAt1 = "recall_at_1", recallAt10 = "recall_at_10" }
        }
        enum CodingKeys: String, CodingKey { case step, checkpoint, modelID = "model_id", heldOut = "held_out" }
    }

    func run() throws {
        do {
            let installation = Installation.current()
            let probe = try TrainConfig.read(URL(fileURLWithPath: config))
            let tokenizerURL = probe.tokenizer.map { URL(fileURLWithPath: $0) } ?? installation.tokenizerModel()
            let encoder = try CaptionEncoder(modelAt: tokenizerURL, maxLength: probe.tower.maxLength)
            let settings = try TrainConfig.read(URL(fileURLWithPath: config), vocabularySize: encoder.vocabularySize)
            let tower = try ImageTower(contentsOf: installation.imageTowerWeights, threads: settings.options.threads)
            let run = TrainingRun(config: settings, encoder: encoder, embedder: TowerImageEmbedder(tower: tower, threads: settings.options.threads))
            let embedBar = ProgressBar(label: "embedding", unit: "pictures")
            var trainBar: ProgressBar?
            var heldOut: Result.HeldOut?
            let final = try run.run(resume: resume) { event in
                switch event {
                case .message(let text):
                    printError(text)
                case .embedding(let done, let total):
                    embedBar.update(done: done, total: total)
                    if done == total { embedBar.finish() }
                case .step(let metrics, let startStep, let totalSteps):
                    let bar = trainBar ?? ProgressBar(label: startStep > 0 ? "training (from step \(startStep))" : "training", unit: "steps")
                    trainBar = bar
                    bar.update(done: metrics.step - startStep, total: totalSteps - startStep, force: metrics.step == totalSteps)
                case .evaluated(let step, let r1, let r10):
                    heldOut = Result.HeldOut(step: step, recallAt1: Double(r1), recallAt10: Double(r10))
                    trainBar?.finish()
                    printError(String(format: "step %d: held-out text→image recall@1 %.3f, recall@10 %.3f", step, r1, r10))
                case .checkpoint:
                    break
                }
            }
            trainBar?.finish()
            if json {
                let result = Result(step: final, checkpoint: run.checkpointURL.path, modelID: Checkpoint.contentID(of: run.checkpointURL),
                                    heldOut: heldOut)
                try JSONOutput.print(result)
            } else {
                print("trained to step \(final); checkpoint \(run.checkpointURL.path)")
            }
        } catch {
            throw failure(error)
        }
    }
}
