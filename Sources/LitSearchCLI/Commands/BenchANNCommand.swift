import ArgumentParser
import Foundation
import VectorIndex

/// `litsearch bench ann`: recall, single-thread QPS, build time and bytes per vector of the
/// product-quantized index on vectors from `.npy` files.
///
/// The peer is benchmarks/peers/faiss_pq.py, run separately on the same files with the same
/// parameters; it prints the same fields.
struct BenchANNCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ann",
        abstract: "Benchmark the PQ vector index (recall@1/@10 vs exact, QPS on one thread) on .npy vectors.",
        discussion: """
        Vectors are float32 (n, d) .npy arrays, compared by inner product (cosine for unit vectors). \
        Ground truth is an exact BLAS scan. Build uses --threads BLAS threads; queries run one at a \
        time on one thread. Compare with: python3 benchmarks/peers/faiss_pq.py with the same flags.
        """
    )

    @Option(help: "Base vectors, float32 .npy of shape (n, d).") var base: String
    @Option(help: "Query vectors, float32 .npy of shape (q, d).") var queries: String
    @Option(help: "Bytes per PQ code (sub-spaces M); must divide d.") var bytes = 64
    @Option(help: "Inverted lists of the IVF coarse quantizer (0 = flat PQ).") var ivf = 0
    @Option(help: "Lists probed per query with --ivf.") var nprobe = 16
    @Option(help: "Candidates re-ranked exactly with the float16 vectors.") var rerank = 100
    @Flag(help: "Measure without re-ranking only.") var noRerank = false
    @Flag(help: "Skip the OPQ rotation (plain PQ).") var noOpq = false
    @Option(help: "Use only the first N queries (0 = all).") var limit = 0
    @Option(help: "BLAS threads for building and ground truth.") var threads = 2
    @Option(help: "Lloyd iterations per k-means.") var iterations = 20
    @Option(help: "Maximum training sample.") var train = 65_536
    @Flag(help: "Print the results as JSON.") var json = false

    func run() throws {
        let baseMatrix = try NumpyMatrix(contentsOf: base)
        var queryMatrix = try NumpyMatrix(contentsOf: queries)
        guard baseMatrix.columns == queryMatrix.columns else {
            throw ValidationError("base has \(baseMatrix.columns) columns, queries \(queryMatrix.columns)")
        }
        if limit > 0 && limit < queryMatrix.rows {
            queryMatrix = NumpyMatrix(rows: limit, columns: queryMatrix.columns,
                                      values: Array(queryMatrix.values.prefix(limit * queryMatrix.columns)))
        }
        let parameters = VectorIndexParameters(bytesPerVector: bytes, coarseLists: ivf, probes: nprobe, rotation: !noOpq,
                                               rerankCandidates: noRerank ? 0 : rerank, exactThreshold: 0,
                                               kmeansIterations: iterations, trainingSampleSize: train)
        let benchmark = ANNBenchmark(base: baseMatrix, queries: queryMatrix, parameters: parameters)
        let results = try benchmark.run(rerankDepths: noRerank ? [0] : [0, rerank], buildThreads: threads)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(results), as: UTF8.self))
        } else {
            print("method                          n      d  recall@1  recall@10       QPS   p50 ms  build s  bytes/vec")
            for r in results {
                let name = r.method.padding(toLength: max(28, r.method.count), withPad: " ", startingAt: 0)
                print(name + String(format: " %8d %5d  %8.4f  %9.4f  %8.1f  %7.3f  %7.1f  %9d", r.n, r.d,
                             r.recallAt1, r.recallAt10, r.qps, r.latencyP50Milliseconds, r.buildSeconds, r.bytesPerVector))
            }
        }
    }
}
