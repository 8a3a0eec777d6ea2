import Catalog
import Foundation
import VectorIndex

/// Text queries against a synthetic collection of any size, through the real catalog, the joint
/// vector file and the text-query path: the library side of `litsearch bench search`.
///
/// A run fills a fresh index directory's catalog with `images` locked features drawn from a
/// `FeatureMixture` fitted to real ones, builds the joint vector file from the catalog exactly as
/// `index` does (`VectorSync`, the installed towers' `JointSpace`), then times each text query
/// through `TextSearch.Prepared` with the file opened once, as a long-lived process (the server)
/// holds it. Recall@10 is against an exact scan of the same joint vectors.
///
/// ```swift
/// let bench = SearchBenchmark(search: textSearch, mixture: mixture, imageModelID: tower.modelID, images: 100_000)
/// let (result, details) = try bench.run(in: IndexDirectory(path: "/tmp/bench"), queries: queries) { print($0) }
/// print(result.p50Milliseconds, result.recallAt10)
/// ```
public struct SearchBenchmark {
    /// One text query.
    public struct Query: Sendable, Equatable {
        public let text: String
        public let language: String?

        public init(text: String, language: String?) {
            self.text = text
            self.language = language
        }
    }

    /// The figures `bench search --json` prints (these keys and no others).
    public struct Result: Codable, Sendable {
        public let images: Int
        public let p50Milliseconds: Double
        public let p99Milliseconds: Double
        public let recallAt10: Double
        /// The joint vector file's size on disk per image (its float16 re-rank copy included).
        public let bytesPerImage: Double
        /// Seconds to build the joint vector file from the catalog.
        public let buildSeconds: Double
        /// The process's peak resident memory over the whole run (filling and building included).
        public let peakRSSMebibytes: Double

        enum CodingKeys: String, CodingKey {
            case images, p50Milliseconds = "p50_ms", p99Milliseconds = "p99_ms", recallAt10 = "recall_at_10"
            case bytesPerImage = "bytes_per_image", buildSeconds = "build_s", peakRSSMebibytes = "peak_rss_mib"
        }
    }

    /// What the text report adds to `Result`.
    public struct Details: Sendable {
        public var fillSeconds = 0.0
        public var timedQueries = 0
        /// Median of the text-tower pass alone, and of the index search alone.
        public var encodeP50Milliseconds = 0.0
        public var searchP50Milliseconds = 0.0
        public var kind = ""
        public var dimension = 0
        public var memory: VectorIndex.MemoryFootprint?
        /// Peak resident memory while only queries ran (nil where Linux's clear_refs is missing).
        public var queryPeakRSSMebibytes: Double?
        /// Queries the exact scan answered instead of the index (should be 0).
        public var exactAnswers = 0
        /// Mean-vector norm and share of zeros of the first synthetic chunk.
        public var syntheticShape = (meanNorm: 0.0, zeros: 0.0)
        /// One line per `sweep` setting: rerank, probes, recall@10, p50 and p99 of the index search.
        public var sweep: [(rerank: Int?, probes: Int?, recallAt10: Double, p50Milliseconds: Double, p99Milliseconds: Double)] = []
    }

    public let search: TextSearch
    public let mixture: FeatureMixture
    public let imageModelID: String
    public let images: Int
    public var settings = VectorSettings()
    public var seed: UInt64 = 1
    /// Times each query is timed (after one untimed pass); p50 and p99 are over all of them.
    public var rounds = 3
    /// Candidates re-ranked per query (nil: the index's default).
    public var rerank: Int?
    /// Inverted lists probed per query (IVF; nil: the index's default).
    public var probes: Int?
    /// Further (rerank, probes) settings measured on the same build, search only (for tuning).
    public var sweep: [(rerank: Int?, probes: Int?)] = []
    /// Anisotropic weight of the joint index's codes (nil: `JointSpace`'s own).
    public var anisotropicWeight: Double?

    public init(search: TextSearch, mixture: FeatureMixture, imageModelID: String, images: Int) {
        self.search = search
        self.mixture = mixture
        self.imageModelID = imageModelID
        self.images = images
    }

    /// Runs the benchmark in `directory` (which must not hold an index yet); `progress` gets one
    /// line per stage.
    ///
    /// - Throws: catalog, vector-index and text-normalisation errors.
    /// - Complexity: O(images · 1280) to fill, `VectorSync` to build, O(images · d · queries) for
    ///   the exact ground truth, then `rounds · queries` searches.
    public func run(in directory: IndexDirectory, queries: [Query], progress: (String) -> Void) throws -> (Result, Details) {
        precondition(!queries.isEmpty, "give at least one query")
        var details = Details()
        try directory.create()
        let lock = try IndexLock.acquire(directory, wait: false)
        defer { lock.release() }
        let catalog = try Catalog(directory: directory)
        guard try catalog.statusCounts().values.reduce(0, +) == 0 else {
            throw VectorIndexError.invalidParameter("\(directory.path) already holds an index; bench search needs an empty directory")
        }
        try catalog.setMeta(.imageModelID, imageModelID)
        let previous = try catalog.bumpGeneration(.jointGeneration)

        var started = Date()
        try fill(catalog, details: &details, progress: progress)
        details.fillSeconds = Date().timeIntervalSince(started)
        progress(String(format: "filled the catalog with %d synthetic features in %.1f s", images, details.fillSeconds))

        var space = search.jointSpace(imageModelID: imageModelID)
        if let anisotropicWeight { space.anisotropicWeight = anisotropicWeight }
        started = Date()
        let sync = VectorSync(file: .joint(directory), catalog: catalog, space: space, imageModelID: imageModelID, settings: settings)
        _ = try sync.run(previousGeneration: previous)
        let buildSeconds = Date().timeIntervalSince(started)
        let file = VectorFile.joint(directory)
        let index = try file.load()
        details.kind = index.kindName
        details.dimension = index.dimension
        details.memory = index.memoryFootprint
        progress(String(format: "built the joint vector index (%@, %d-d) from the catalog in %.1f s", index.kindName, index.dimension, buildSeconds))

        var prepared = search.prepared(directory: directory, catalog: catalog, imageModelID: imageModelID)
        prepared.search.opened = index
        prepared.search.rerank = rerank
        prepared.search.probes = probes
        let vectors = try queries.map { try prepared.vector($0.text, language: $0.language) }
        let truth = try exactTopTen(vectors, catalog: catalog, space: space.centred(on: index.attachment))
        progress("scanned every joint vector exactly for \(queries.count) queries")

        let buildPeak = ProcessMemory.peakMebibytes()
        let resetPeak = ProcessMemory.resetPeak()
        var total: [Double] = [], encode: [Double] = [], searchOnly: [Double] = []
        var hits = 0
        for round in 0...rounds {
            for (q, query) in queries.enumerated() {
                let t0 = DispatchTime.now().uptimeNanoseconds
                let answer = try prepared.nearest(to: query.text, language: query.language, k: 10)
                let t1 = DispatchTime.now().uptimeNanoseconds
                let vector = try prepared.vector(query.text, language: query.language)
                let t2 = DispatchTime.now().uptimeNanoseconds
                _ = try prepared.search.nearest(toVector: vector, k: 10)
                let t3 = DispatchTime.now().uptimeNanoseconds
                guard round > 0 else {
                    if answer.method != .index { details.exactAnswers += 1 }
                    hits += answer.hits.filter { truth[q].contains($0.path) }.count
                    continue
                }
                total.append(Double(t1 - t0) / 1e6)
                encode.append(Double(t2 - t1) / 1e6)
                searchOnly.append(Double(t3 - t2) / 1e6)
            }
        }
        details.queryPeakRSSMebibytes = resetPeak ? ProcessMemory.peakSinceReset() : nil
        for setting in sweep {
            var search = prepared.search
            search.rerank = setting.rerank
            search.probes = setting.probes
            var times: [Double] = [], found = 0
            for (q, vector) in vectors.enumerated() {
                let t0 = DispatchTime.now().uptimeNanoseconds
                let answer = try search.nearest(toVector: vector, k: 10)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
                found += answer.hits.filter { truth[q].contains($0.path) }.count
            }
            details.sweep.append((setting.rerank, setting.probes, Double(found) / Double(10 * vectors.count),
                                  Self.percentile(times, 0.5), Self.percentile(times, 0.99)))
        }
        details.timedQueries = total.count
        details.encodeP50Milliseconds = Self.percentile(encode, 0.5)
        details.searchP50Milliseconds = Self.percentile(searchOnly, 0.5)
        let result = Result(images: images, p50Milliseconds: Self.percentile(total, 0.5), p99Milliseconds: Self.percentile(total, 0.99),
                            recallAt10: Double(hits) / Double(10 * queries.count),
                            bytesPerImage: Double(file.byteCount) / Double(max(images, 1)), buildSeconds: buildSeconds,
                            peakRSSMebibytes: max(buildPeak, ProcessMemory.peakMebibytes()))
        return (result, details)
    }

    /// Writes `images` mixture samples into the catalog as one run, in batches of 2,048.
    private func fill(_ catalog: Catalog, details: inout Details, progress: (String) -> Void) throws {
        let run = try catalog.beginRun(root: "synthetic", modelID: imageModelID)
        let writer = BatchWriter(catalog: catalog, run: run, batchSize: 2048)
        let d = mixture.dimension
        var written = 0
        try mixture.sample(count: images, seed: seed) { rows, count in
            if written == 0 { details.syntheticShape = FeatureMixture.shape(of: rows, count: count, dimension: d) }
            for row in 0..<count {
                let number = written + row
                let entry = ImageEntry(path: String(format: "synthetic/%07d.jpg", number), stamp: FileStamp(size: 1, mtimeNanoseconds: 0),
                                       contentHash: "synthetic-\(seed)-\(number)", width: 224, height: 224, format: "jpeg")
                try writer.add(.added(entry, Embedding(Array(rows[(row * d)..<((row + 1) * d)]))))
            }
            written += count
            if written % 100_000 < count { progress("  \(written) of \(images) features stored") }
        }
        try writer.finish(removeUnseen: false)
    }

    /// The paths of each query's exact top 10 over every catalog feature mapped into `space`.
    ///
    /// - Complexity: O(n · (1280 · d + d · q)) on BLAS, a chunk of 4,096 features at a time.
    private func exactTopTen(_ queries: [[Float]], catalog: Catalog, space: JointSpace) throws -> [Set<String>] {
        let stored = try catalog.loadEmbeddings(modelID: imageModelID)
        let n = space.inputDimension
        var truth = ExactNeighbors.Accumulator(queries: queries.flatMap { $0 }, dimension: space.dimension, k: 10)
        for start in stride(from: 0, to: stored.count, by: 4096) {
            let rows = min(4096, stored.count - start)
            let mapped = space.mapRows(Array(stored.values[(start * n)..<((start + rows) * n)]), count: rows)
            mapped.withUnsafeBufferPointer { truth.add($0, count: rows) }
        }
        return truth.neighbors().map { Set($0.map { stored.paths[$0] }) }
    }

    /// The `fraction` quantile of `values` (nearest rank).
    static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)]
    }
}
