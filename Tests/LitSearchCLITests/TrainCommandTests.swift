import Foundation
import XCTest

/// `litsearch train`, `query TEXT` and `classify` end to end with the real binary and the locked
/// tower, on a tiny synthetic data set; and `--resume` after a real `kill -9`.
final class TrainCommandTests: XCTestCase {
    static let concepts = ["rot", "blau", "grün", "gelb", "schwarz", "weiß", "lila", "grau"]
    static let steps = 600

    /// Writes BMP pictures, `pairs.jsonl` (German and English captions) and a config; returns the config path.
    func makeDataSet(in temporary: TemporaryDirectory, output: String, threads: Int = 1) throws -> String {
        let data = temporary.path("data")
        try FileManager.default.createDirectory(atPath: data + "/images", withIntermediateDirectories: true)
        var lines: [String] = []
        for (index, word) in Self.concepts.enumerated() {
            let picture = "images/\(index).bmp"
            try TestImages.bmp(seed: UInt64(index * 7 + 1)).write(to: URL(fileURLWithPath: data + "/" + picture))
            lines.append(#"{"concept":"c:\#(index)","lang":"de","text":"\#(word)","image":"\#(picture)"}"#)
            lines.append(#"{"concept":"c:\#(index)","lang":"en","text":"colour \#(index)","image":"\#(picture)"}"#)
        }
        lines.append(#"{"concept":"imagenet:281","lang":"en","text":"tabby cat","prototype":281}"#)
        try (lines.joined(separator: "\n") + "\n").write(toFile: data + "/pairs.jsonl", atomically: true, encoding: .utf8)
        let config = """
        {"data": "\(data)", "output": "\(output)", "steps": \(Self.steps), "batch": 8,
         "tower": {"kind": "transformer", "dimension": 16, "layers": 1, "heads": 2, "mlpRatio": 2, "maxLength": 8, "outputDimension": 16},
         "options": {"peakLearningRate": 0.01, "warmupSteps": 20, "threads": \(threads), "seed": 3},
         "evalEvery": 0, "checkpointEvery": 20}
        """
        let path = temporary.path("config-\(URL(fileURLWithPath: output).lastPathComponent).json")
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testTrainThenQueryAndClassifyFindTheRightPicture() throws {
        let temporary = try TemporaryDirectory()
        let config = try makeDataSet(in: temporary, output: temporary.path("run"))
        let trained = try CLI.run(["train", "--config", config])
        XCTAssertEqual(trained.status, 0, trained.stderr)
        let model = temporary.path("run/text-tower.ckpt")
        XCTAssertTrue(FileManager.default.fileExists(atPath: model))
        for name in ["metrics.csv", "loss.svg", "temperature.svg", "recall.svg"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: temporary.path("run/" + name)), name)
        }

        // Re-training reuses every cached picture embedding.
        let again = try CLI.run(["train", "--config", try makeDataSet(in: temporary, output: temporary.path("run2")), "--json"])
        XCTAssertEqual(again.status, 0, again.stderr)
        let result = try again.json()
        XCTAssertEqual(result["checkpoint"] as? String, temporary.path("run2/text-tower.ckpt"))
        XCTAssertGreaterThan(result["step"] as? Int ?? 0, 0)
        XCTAssertEqual((result["model_id"] as? String)?.count, 16)
        XCTAssertTrue(again.stderr.contains("pictures: 0 embedded, 8 from the cache"), again.stderr)

        let index = temporary.path("index")
        XCTAssertEqual(try CLI.run(["index", temporary.path("data/images"), "--index", index, "--json"]).status, 0)
        // The weights-only export answers like the training checkpoint.
        let exported = temporary.path("exported.ckpt")
        let export = try CLI.run(["export-model", "--checkpoint", model, "--out", exported, "--json"])
        XCTAssertEqual(export.status, 0, export.stderr)
        let summary = try export.json()
        XCTAssertEqual(summary["path"] as? String, exported)
        XCTAssertEqual(summary["bytes"] as? Int, (try FileManager.default.attributesOfItem(atPath: exported)[.size] as? Int))
        XCTAssertNotNil(summary["model_id"] as? String)
        // The toy tower's own ranking: the installed picture lexicon's keywords "rot" and "lila"
        // name red and purple emoji, whose pictures mean nothing to a tower trained on 8 BMPs.
        let toy = ["--picture-weight", "0"]
        for (position, word) in [(0, "rot"), (3, "gelb"), (6, "lila")] {
            let query = try CLI.run(["query", "--lang", "de", word, "-k", "3", "--json", "--index", index, "--model", exported] + toy)
            XCTAssertEqual(query.status, 0, query.stderr)
            let hits = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(query.stdout.utf8)) as? [[String: Any]])
            XCTAssertEqual(hits.count, 3)
            XCTAssertEqual(hits.first?["relative_path"] as? String, "\(position).bmp", "query \(word): \(query.stdout)")
        }
        // Another picture lexicon than the installed one: the installed folder named answers the
        // same; a folder without a lexicon is refused, naming it.
        let installedPictures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("models/pictures").path
        let plain = try CLI.run(["query", "--lang", "de", "rot", "--json", "--index", index, "--model", exported])
        let named = try CLI.run(["query", "--lang", "de", "rot", "--json", "--index", index, "--model", exported,
                                 "--pictures", installedPictures])
        XCTAssertEqual(named.status, 0, named.stderr)
        let paths = { (output: String) throws -> [String] in
            try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]]).compactMap { $0["relative_path"] as? String }
        }
        XCTAssertEqual(try paths(named.stdout), try paths(plain.stdout))
        let namedClasses = try CLI.run(["query", "--lang", "de", "rot", "--json", "--index", index, "--model", exported,
                                        "--bridge-lexicon", installedPictures + "/../bridge"])
        XCTAssertEqual(namedClasses.status, 0, namedClasses.stderr)
        XCTAssertEqual(try paths(namedClasses.stdout), try paths(plain.stdout))
        let noPictures = temporary.path("no-pictures")
        for option in ["--pictures", "--bridge-lexicon"] {
            let refused = try CLI.run(["query", "--lang", "de", "rot", "--index", index, "--model", exported, option, noPictures])
            XCTAssertEqual(refused.status, 64, refused.stderr)
            XCTAssertTrue(refused.stderr.contains("\(option): no lexicon at \(noPictures)/lexicon.tsv"), refused.stderr)
        }
        let table = try CLI.run(["query", "colour 2", "--index", index, "--model", model])
        XCTAssertTrue(table.stdout.hasPrefix("rank  score   path\n   1  "), table.stdout)

        let classify = try CLI.run(["classify", temporary.path("data/images/1.bmp"), temporary.path("data/images/4.bmp"),
                                    "--labels", "rot,blau,schwarz", "--lang", "de", "--json", "--model", model] + toy)
        XCTAssertEqual(classify.status, 0, classify.stderr)
        let results = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(classify.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(results.count, 2)
        for (result, expected) in zip(results, ["blau", "schwarz"]) {
            let labels = try XCTUnwrap(result["labels"] as? [[String: Any]])
            XCTAssertEqual(labels.count, 3)
            XCTAssertEqual(labels.compactMap { $0["probability"] as? Double }.reduce(0, +), 1, accuracy: 1e-4)
            XCTAssertEqual(labels.first?["label"] as? String, expected)
        }

        let unknown = try CLI.run(["query", "--lang", "en US", "hund", "--index", index, "--model", model])
        XCTAssertNotEqual(unknown.status, 0)
        XCTAssertTrue(unknown.stderr.contains("unknown language tag"), unknown.stderr)
        let rootRules = try CLI.run(["query", "--lang", "nso", "hund", "--index", index, "--model", model, "--json"])
        XCTAssertEqual(rootRules.status, 0, rootRules.stderr)
        XCTAssertTrue(rootRules.stderr.contains("ICU has no rules for nso"), rootRules.stderr)
        let missing = try CLI.run(["query", "hund", "--index", index, "--model", temporary.path("none.ckpt")])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("no text-tower checkpoint"), missing.stderr)

        try checkTextCentre(model: model, exported: exported, index: index, in: temporary, toy: toy)
    }

    /// An export with a text centre still finds each colour; labels are scored without the centre,
    /// so `classify` matches the plain export; `embed` shows the centred and the plain vectors.
    func checkTextCentre(model: String, exported: String, index: String, in temporary: TemporaryDirectory, toy: [String]) throws {
        let centred = temporary.path("centred.ckpt")
        let export = try CLI.run(["export-model", "--checkpoint", model, "--out", centred, "--captions", temporary.path("data/pairs.jsonl")])
        XCTAssertEqual(export.status, 0, export.stderr)
        XCTAssertTrue(export.stdout.contains("text centre: mean of 17 captions"), export.stdout)
        for (position, word) in [(0, "rot"), (3, "gelb"), (6, "lila")] {
            let query = try CLI.run(["query", "--lang", "de", word, "-k", "3", "--json", "--index", index, "--model", centred] + toy)
            let hits = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(query.stdout.utf8)) as? [[String: Any]])
            XCTAssertEqual(hits.first?["relative_path"] as? String, "\(position).bmp", "query \(word): \(query.stdout)")
        }
        let photos = [temporary.path("data/images/1.bmp"), temporary.path("data/images/4.bmp")]
        let plain = try CLI.run(["classify"] + photos + ["--labels", "rot,blau,schwarz", "--lang", "de", "--json", "--model", exported] + toy)
        let withCentre = try CLI.run(["classify"] + photos + ["--labels", "rot,blau,schwarz", "--lang", "de", "--json", "--model", centred] + toy)
        XCTAssertEqual(withCentre.status, 0, withCentre.stderr)
        XCTAssertEqual(withCentre.stdout, plain.stdout)

        func vectors(_ extra: [String]) throws -> [[String: Any]] {
            let run = try CLI.run(["embed", "--lang", "de", "--text", "rot", "--image", photos[0], "--model", centred] + extra)
            XCTAssertEqual(run.status, 0, run.stderr)
            return try run.stdout.split(separator: "\n").map { try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        }
        let lines = try vectors([]), uncentred = try vectors(["--no-text-centre"])
        XCTAssertEqual(lines.map { $0["kind"] as? String }, ["text", "image"])
        let text = try XCTUnwrap(lines[0]["vector"] as? [Double]), rawText = try XCTUnwrap(uncentred[0]["vector"] as? [Double])
        XCTAssertEqual(text.count, 16)
        XCTAssertEqual(text.reduce(0) { $0 + $1 * $1 }, 1, accuracy: 1e-4)
        XCTAssertEqual(rawText.reduce(0) { $0 + $1 * $1 }, 1, accuracy: 1e-4)
        XCTAssertGreaterThan(zip(text, rawText).map { abs($0 - $1) }.max() ?? 0, 1e-3, "the centre changes the text vector")
        XCTAssertEqual((lines[1]["feature"] as? [Double])?.count, 1280)
        XCTAssertEqual(lines[1]["vector"] as? [Double], uncentred[1]["vector"] as? [Double], "images are not text-centred")
    }

    func testKillNineThenResumeFinishesLikeAnUninterruptedRun() throws {
        let temporary = try TemporaryDirectory()
        let straightConfig = try makeDataSet(in: temporary, output: temporary.path("straight"))
        XCTAssertEqual(try CLI.run(["train", "--config", straightConfig]).status, 0)

        let config = try makeDataSet(in: temporary, output: temporary.path("killed"))
        let checkpoint = temporary.path("killed/text-tower.ckpt")
        let child = try CLI.start(["train", "--config", config])
        let deadline = Date().addingTimeInterval(120)
        while !FileManager.default.fileExists(atPath: checkpoint) && child.isRunning && Date() < deadline { usleep(2_000) }
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        XCTAssertEqual(child.terminationReason, .uncaughtSignal, "the run must die by the signal, not finish first")
        let rowsAtKill = try String(contentsOfFile: temporary.path("killed/metrics.csv"), encoding: .utf8).split(separator: "\n").count - 1
        XCTAssertLessThan(rowsAtKill, Self.steps)

        // Another tokenizer or a plain re-run is refused with a clear message.
        let plain = try CLI.run(["train", "--config", config])
        XCTAssertNotEqual(plain.status, 0)
        XCTAssertTrue(plain.stderr.contains("--resume"), plain.stderr)
        let otherTokenizer = CLI.repository.appendingPathComponent("Tests/TokenizerTests/Fixtures/spm8k.model").path
        let mismatch = try run(["train", "--config", config, "--resume"], environment: ["LITSEARCH_TOKENIZER_MODEL": otherTokenizer])
        XCTAssertNotEqual(mismatch.status, 0)
        XCTAssertTrue(mismatch.stderr.contains("trained with tokenizer"), mismatch.stderr)

        let resumed = try CLI.run(["train", "--config", config, "--resume"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("resuming"), resumed.stderr)
        XCTAssertTrue(resumed.stdout.contains("trained to step \(Self.steps)"), resumed.stdout)
        // Same step count, a valid checkpoint, and bit for bit the uninterrupted run.
        let straight = try Data(contentsOf: URL(fileURLWithPath: temporary.path("straight/text-tower.ckpt")))
        let finished = try Data(contentsOf: URL(fileURLWithPath: checkpoint))
        XCTAssertEqual(finished, straight, "resumed checkpoint differs from the uninterrupted run's")
        let csv = try String(contentsOfFile: temporary.path("killed/metrics.csv"), encoding: .utf8)
        XCTAssertEqual(csv, try String(contentsOfFile: temporary.path("straight/metrics.csv"), encoding: .utf8))
        XCTAssertEqual(csv.split(separator: "\n").count, Self.steps + 1)
    }

    /// Runs the binary with extra environment variables.
    func run(_ arguments: [String], environment extra: [String: String]) throws -> CLI.Result {
        try CLI.run(arguments, environment: extra)
    }
}
