import ArgumentParser
import Catalog
import Foundation
import ImageTower
import LitSearch
import Tokenizer
import Training

/// `litsearch eval --manifest FILE`: recall@k per language (text→image, image→text), zero-shot
/// classification, exact search next to the PQ index; reports as JSON, Markdown and HTML.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure search quality per language on a labelled manifest (see docs/eval.md).",
        discussion: """
        The manifest's images are indexed into their own index (default: .litsearch-eval/NAME next to \
        the manifest), so a second run only embeds the captions. Every caption asks for its image among \
        all of the manifest's images; every image asks for its captions among all captions of the \
        language. When the index is large enough to be product-quantized (--exact-threshold), text→image \
        is also measured through a PQ index with the same settings, next to the exact scan.

        Example:
          litsearch eval --manifest data/lit/heldout_manifest.jsonl --out reports/heldout
        """)

    @Option(help: ArgumentHelp("The manifest (JSON Lines).", valueName: "file"))
    var manifest: String

    @Option(help: ArgumentHelp("Index directory for the manifest's images (default: .litsearch-eval/NAME next to the manifest).", valueName: "dir"))
    var index: String?

    @Option(name: .customLong("images-root"), help: ArgumentHelp("Folder the images' paths are relative to (default: the manifest's folder).", valueName: "dir"))
    var imagesRoot: String?

    @Option(name: [.short, .long], help: ArgumentHelp("Recall cut-offs, comma-separated.", valueName: "k,…"))
    var k = "1,5,10"

    @Option(help: ArgumentHelp("Only these languages, comma-separated BCP-47 tags (default: all in the manifest).", valueName: "tags"))
    var langs: String?

    @Flag(help: "Exact search only: do not compare with the PQ index.")
    var exact = false

    @Option(name: .customLong("exact-threshold"), help: ArgumentHelp(
        "Below this many images the index is an exact scan and there is nothing to compare (as `index --exact-threshold`).",
        valueName: "n"))
    var exactThreshold: Int?

    @Option(help: ArgumentHelp("Centre the gallery by its own mean (as `query` does) or by the model's centre.",
                               valueName: "collection|model"))
    var centre: TextSearch.Centring = .collection

    @Option(help: ArgumentHelp("Write report.json, report.md and report.html into this folder.", valueName: "dir"))
    var out: String?

    @Flag(help: "Print the JSON report on standard output.")
    var json = false

    @Option(help: ArgumentHelp("A text-tower checkpoint (default: models/text-tower.ckpt in the installation).", valueName: "file"))
    var model: String?

    @Option(name: .customLong("ensemble"), help: ArgumentHelp(
        "Another text-tower checkpoint averaged with the main one (repeatable; default: models/ensemble/*.ckpt when --model is not given).",
        valueName: "file"))
    var ensemble: [String] = []

    @Flag(name: .customLong("no-ensemble"), help: "Evaluate the main text tower alone, without the installed ensemble.")
    var noEnsemble = false

    @Flag(name: .customLong("no-text-centre"), help: "Do not subtract the model's text centre from caption embeddings (for comparison).")
    var noTextCentre = false

    @OptionGroup var bridge: BridgeOptions

    @Option(help: ArgumentHelp("Sample queries per language shown in report.html.", valueName: "n"))
    var samples = 3

    var kValues: [Int]? {
        let parts = k.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.allSatisfy({ ($0 ?? 0) > 0 }) else { return nil }
        return parts.compactMap { $0 }
    }

    func validate() throws {
        guard kValues != nil else { throw ValidationError(EvalError.badK(k).description) }
        if let exactThreshold, exactThreshold < 1 { throw ValidationError("--exact-threshold must be at least 1") }
        guard samples >= 0 else { throw ValidationError("--samples must be 0 or more") }
    }

    func run() throws {
        do {
            let manifestURL = URL(fileURLWithPath: manifest)
            let read = try EvalManifest.read(manifestURL, imagesRoot: imagesRoot)
            for problem in read.problems { printError("\(manifest): \(problem) (skipped)") }
            for problem in read.skippedCaptions { printError("\(manifest): \(problem) (caption skipped)") }
            let rootRules = Set(read.entries.flatMap { $0.captions.keys }).filter { (try? LanguageTag($0))?.hasLocaleData == false }
            if !rootRules.isEmpty { printError(LanguageNote.note(for: rootRules.sorted())) }
            guard !read.entries.isEmpty else { throw EvalError.noUsableImages("every line of \(manifest) was skipped") }

            let installation = Installation.current()
            let tower = try ImageTower(contentsOf: installation.imageTowerWeights)
            let loader = TowerLoader(installation: installation, tower: tower, centresText: !noTextCentre)
            let models = try EvalModels.load(with: loader, model: model, ensemble: ensemble,
                                             useInstalledEnsemble: model == nil && !noEnsemble)
            let directory = index.map { IndexDirectory(path: $0) } ?? EvalGallery.defaultIndex(for: manifestURL)
            var gallery = EvalGallery(index: directory, tower: tower)
            gallery.vectors = VectorSettings(exactThreshold: exactThreshold)
            let embedded = try gallery.embed(read.entries)
            let s = embedded.summary
            printError("eval index \(directory.path): \(s.embedded) images embedded, \(s.unchanged + s.moved) from the catalog, \(s.failed) failed")
            for failed in embedded.failed { printError("\(manifest): line \(failed.line): image \(failed.id) could not be embedded: \(failed.message) (skipped)") }

            let embedder = ModelEmbedder(model: models.main.model, encoder: models.main.encoder, companions: models.companions,
                                         centring: centre, bridge: try bridge.load(installation, tower: tower))
            var evaluator = Evaluator(embedder: embedder, ks: kValues ?? [1, 5, 10])
            evaluator.languages = langs.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            evaluator.samplesPerLanguage = samples
            let note = try evaluator.compareWithIndex(in: directory, imageModelID: tower.modelID, exactOnly: exact)
            var report = try evaluator.run(entries: embedded.entries, features: embedded.features,
                                           model: models.info(imageTower: tower.modelID),
                                           problems: read.problems, failedImages: embedded.failed)
            report.indexNote = note
            try write(report)
        } catch let error as EvalError {
            throw failure(ValidationError(error.description))
        } catch {
            throw failure(error)
        }
    }

    /// Writes the report's files with `--out`, and prints it (Markdown, or JSON with `--json`).
    func write(_ report: EvalReport) throws {
        if let out {
            try report.write(to: URL(fileURLWithPath: out))
            printError("wrote \(out)/report.json, report.md, report.html")
        }
        if json {
            print(report.json.rendered() + "\n", terminator: "")
        } else {
            print(report.markdown, terminator: "")
        }
    }
}
