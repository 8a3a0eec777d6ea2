import ArgumentParser
import Catalog
import Foundation
import ImageTower
import LitSearch
import VectorIndex

/// `litsearch bench search`: text queries against a synthetic collection of N images, through the
/// real catalog, joint vector index and query code.
struct BenchSearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Time text queries on N synthetic images (latency, recall@10 vs exact, index size, build time).",
        discussion: """
        Fills a temporary index with N locked image features drawn from a Gaussian mixture fitted \
        to real ones (--fit), builds the joint vector index from its catalog as `index` does, then \
        times every query of --queries (--rounds times, after one untimed pass) through the \
        text-query path with the index opened once. Recall@10 is against an exact scan of the \
        same joint vectors. Needs the installed text model. --json prints exactly: images, p50_ms, \
        p99_ms, recall_at_10, bytes_per_image (the joint index file, re-rank copy included), \
        build_s (joint index from the catalog) and peak_rss_mib (the whole run), and the text report goes to stderr.

        Example: litsearch bench search --images 100000 --json
        """
    )

    @Option(help: "Synthetic images to index.") var images = 100_000
    @Option(help: ArgumentHelp("Real locked features to fit the mixture to: a .litcache file or an index directory.",
                               discussion: "Default: data/lit/image-embeddings.litcache of the installation, else indexes/default.",
                               valueName: "path"))
    var fit: String?
    @Option(help: ArgumentHelp("Queries, one 'TAG<tab>TEXT' per line.", discussion: "Default: benchmarks/search/queries.tsv.",
                               valueName: "file"))
    var queries: String?
    @Option(help: "Timed passes over the queries.") var rounds = 3
    @Option(help: "Seed of the synthetic features.") var seed: UInt64 = 1
    @Option(help: "Candidates re-ranked per query (default: the index's own).") var rerank: Int?
    @Option(help: "Inverted lists probed per query on an IVF index (default: the index's own).") var probes: Int?
    @Option(help: ArgumentHelp("Also measure these RERANK[:PROBES] settings on the same build (index search only; text report).",
                               valueName: "list")) var sweep: String?
    @Option(help: ArgumentHelp("Anisotropic weight of the joint index's codes (default: the joint index's own, 1).",
                               discussion: "See bench ann --anisotropy; for measuring whether text queries gain from it."))
    var anisotropy: Double?
    @Option(help: ArgumentHelp("Build the index here (an empty or new directory) and keep it.", valueName: "dir"))
    var dir: String?
    @Flag(help: "Print the results as JSON.") var json = false

    func validate() throws {
        guard images >= 1 else { throw ValidationError("--images must be at least 1") }
        guard rounds >= 1 else { throw ValidationError("--rounds must be at least 1") }
        if let anisotropy, !(anisotropy >= 1 && anisotropy.isFinite) {
            throw ValidationError("--anisotropy must be a weight of at least 1, not \(anisotropy)")
        }
    }

    func run() throws {
        let installation = Installation.current()
        let tower = try TowerIdentity(contentsOf: installation.imageTowerWeights)
        let loader = TowerLoader(installation: installation, tower: tower, centresText: true)
        guard let space = try loader.installedJointSpace() else {
            throw ValidationError("no text model is installed (\(installation.defaultTextTower.path)); run the setup first")
        }
        let embedder = space.embedder
        var search = TextSearch(model: embedder.model, encoder: embedder.encoder, companions: embedder.companions,
                                centring: .collection, bridge: embedder.bridge)
        search.indexBridge = embedder.bridge
        let (real, count, source) = try realFeatures(installation, modelID: tower.modelID)
        let mixture = FeatureMixture(fitting: real, count: count, dimension: Embedding.dimension)
        let queryList = try loadQueries(installation)

        let directory: IndexDirectory
        var temporary: URL?
        if let dir {
            directory = IndexDirectory(path: dir)
        } else {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("litsearch-bench-\(getpid())", isDirectory: true)
            temporary = url
            directory = IndexDirectory(url: url)
        }
        defer { if let temporary { try? FileManager.default.removeItem(at: temporary) } }

        printError("fitted a \(mixture.components)-component mixture to \(count) real features (\(source)); \(queryList.count) queries")
        var bench = SearchBenchmark(search: search, mixture: mixture, imageModelID: tower.modelID, images: images)
        bench.seed = seed
        bench.rounds = rounds
        bench.rerank = rerank
        bench.probes = probes
        bench.anisotropicWeight = anisotropy
        bench.sweep = try (sweep ?? "").split(separator: ",").map { item in
            let parts = item.split(separator: ":").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !parts.isEmpty, parts.count <= 2, parts.allSatisfy({ ($0 ?? -1) >= 0 }) else {
                throw ValidationError("--sweep wants RERANK[:PROBES] items separated by commas, e.g. 100,1000:64")
            }
            return (parts[0], parts.count > 1 ? parts[1] : nil)
        }
        let (result, details) = try bench.run(in: directory, queries: queryList) { printError($0) }
        // With --json the report goes to stderr, so one run gives both the figures and their detail.
        let report: (String) -> Void = json ? { FileHandle.standardError.write(Data(($0 + "\n").utf8)) } : { print($0) }
        let realShape = FeatureMixture.shape(of: real, count: count, dimension: Embedding.dimension)
        report(String(format: "images            %d (synthetic; mean-vector norm %.3f, zeros %.1f%%; real: %.3f, %.1f%%)", result.images,
                     details.syntheticShape.meanNorm, 100 * details.syntheticShape.zeros, realShape.meanNorm, 100 * realShape.zeros))
        report(String(format: "text query        p50 %.2f ms, p99 %.2f ms over %d timed queries (text tower p50 %.2f ms, index p50 %.2f ms)",
                     result.p50Milliseconds, result.p99Milliseconds, details.timedQueries, details.encodeP50Milliseconds,
                     details.searchP50Milliseconds))
        report(String(format: "recall@10         %.4f against the exact joint-space scan%@", result.recallAt10,
                     details.exactAnswers > 0 ? " (\(details.exactAnswers) queries fell back to the exact scan)" : ""))
        report(String(format: "index             %@, %d-d, %.0f B/image on disk", details.kind, details.dimension, result.bytesPerImage))
        if let memory = details.memory {
            report(String(format: "  without the re-rank copy: %.1f B/image (codes %.1f + list rows %.1f + ids %.1f + trained %.1f)",
                         memory.bytesPerVectorWithoutRerank, per(memory.codes, memory.rows), per(memory.listRows, memory.rows),
                         per(memory.idsAndTombstones, memory.rows), per(memory.quantizer, memory.rows)))
        }
        report(String(format: "build             %.1f s (joint index from the catalog; filling the catalog took %.1f s)",
                     result.buildSeconds, details.fillSeconds))
        for line in details.sweep {
            report(String(format: "  rerank %5@ probes %4@: recall@10 %.4f, index search p50 %.2f ms, p99 %.2f ms",
                         line.rerank.map(String.init) ?? "-", line.probes.map(String.init) ?? "-", line.recallAt10,
                         line.p50Milliseconds, line.p99Milliseconds))
        }
        report(String(format: "peak RSS          %.0f MiB over the run%@", result.peakRSSMebibytes,
                     details.queryPeakRSSMebibytes.map { String(format: ", %.0f MiB while querying", $0) } ?? ""))
            if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
        }
    }

    private func per(_ bytes: Int, _ rows: Int) -> Double { Double(bytes) / Double(max(rows, 1)) }

    /// The real locked features the mixture is fitted to, their count and where they came from.
    private func realFeatures(_ installation: Installation, modelID: String) throws -> ([Float], Int, String) {
        let cache = installation.home.appendingPathComponent("data/lit/image-embeddings.litcache")
        let path = fit ?? (FileManager.default.fileExists(atPath: cache.path) ? cache.path : installation.defaultIndex.path)
        var values: [Float] = [], count = 0
        if path.hasSuffix(".litcache") {
            let loaded = ImageEmbeddingCache.load(from: URL(fileURLWithPath: path), modelID: modelID, dimension: Embedding.dimension)
            (values, count) = (loaded.values, loaded.count)
        } else {
            let directory = IndexDirectory(path: path)
            guard FileManager.default.fileExists(atPath: directory.catalogURL.path) else {
                throw ValidationError("\(path) is neither a .litcache file nor an index directory; pass --fit with real features")
            }
            let matrix = try Catalog(directory: directory, mode: .readOnly).loadEmbeddings(modelID: modelID)
            (values, count) = (matrix.values, matrix.count)
        }
        guard count >= 64 else {
            throw ValidationError("\(path) holds \(count) features of \(modelID); the mixture needs at least 64 (index a folder of photos and pass --fit INDEX_DIR)")
        }
        return (values, count, path)
    }

    /// The queries file's lines, `TAG<tab>TEXT` (an empty tag: no language), skipping blanks and `#` comments.
    private func loadQueries(_ installation: Installation) throws -> [SearchBenchmark.Query] {
        let path = queries ?? installation.home.appendingPathComponent("benchmarks/search/queries.tsv").path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ValidationError("cannot read the queries file \(path) (UTF-8 text, one 'TAG<tab>TEXT' per line)")
        }
        let list = text.split(separator: "\n").compactMap { line -> SearchBenchmark.Query? in
            guard !line.hasPrefix("#"), let tab = line.firstIndex(of: "\t") else { return nil }
            let tag = line[..<tab].trimmingCharacters(in: .whitespaces)
            let query = line[line.index(after: tab)...].trimmingCharacters(in: .whitespaces)
            return query.isEmpty ? nil : .init(text: query, language: tag.isEmpty ? nil : tag)
        }
        guard !list.isEmpty else { throw ValidationError("\(path) has no 'TAG<tab>TEXT' lines") }
        return list
    }
}
