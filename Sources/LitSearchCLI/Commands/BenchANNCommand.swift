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
    @Option(help: "Comma-separated probe counts to measure on one build with --ivf (e.g. 8,16,64); overrides --nprobe.")
    var nprobes: String?
    @Option(help: "Candidates re-ranked exactly with the float16 vectors.") var rerank = 100
    @Flag(help: "Measure without re-ranking only.") var noRerank = false
    @Flag(help: "Skip the OPQ rotation (plain PQ).") var noOpq = false
    @Option(help: "Use only the first N queries (0 = all).") var limit = 0
    @Option(help: "BLAS threads for building and ground truth.") var threads = 2
    @Option(help: "Lloyd iterations per k-means.") var iterations = 20
    @Option(help: "At most this many OPQ alternations of rotation and PQ training (the index default).")
    var opqIterations = VectorIndexParameters().rotationIterations
    @Option(help: "Stop the OPQ alternations once one lowers the quantisation error by less than this fraction (0: run them all; the index default).")
    var opqTolerance = VectorIndexParameters().rotationTolerance
    @Option(help: ArgumentHelp("Weight of each code's error along its own vector against the error across it (1: plain nearest-centroid codes); default: the index default.",
                               discussion: "A comma-separated list (e.g. 1,4) measures each weight on one trained quantizer; the first is built, the others re-encode."))
    var anisotropy: String?
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
        var weights: [Double] = []
        if let anisotropy {
            let parsed = anisotropy.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard !parsed.isEmpty, parsed.allSatisfy({ ($0 ?? 0) >= 1 }) else {
                throw ValidationError("--anisotropy wants weights of at least 1 separated by commas, got '\(anisotropy)'")
            }
            weights = parsed.compactMap { $0 }
        }
        let parameters = VectorIndexParameters(bytesPerVector: bytes, coarseLists: ivf, probes: nprobe, rotation: !noOpq,
                                               rerankCandidates: noRerank ? 0 : rerank, exactThreshold: 0,
                                               kmeansIterations: iterations, rotationIterations: opqIterations, rotationTolerance: opqTolerance,
                                               trainingSampleSize: train, anisotropicWeight: weights.first ?? VectorIndexParameters().anisotropicWeight)
        let benchmark = ANNBenchmark(base: baseMatrix, queries: queryMatrix, parameters: parameters)
        var probeCounts: [Int]?
        if let nprobes {
            let parsed = nprobes.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !parsed.isEmpty, parsed.allSatisfy({ ($0 ?? 0) > 0 }) else {
                throw ValidationError("--nprobes wants positive integers separated by commas, got '\(nprobes)'")
            }
            probeCounts = parsed.compactMap { $0 }
        }
        let results = try benchmark.run(rerankDepths: noRerank ? [0] : [0, rerank], probeCounts: probeCounts, anisotropies: weights, buildThreads: threads)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(results), as: UTF8.self))
        } else {
            print("method                          n      d  recall@1  recall@10       QPS   p50 ms   p99 ms  build s  bytes/vec  mem B/vec")
            for r in results {
                let method = r.method + (r.nprobe > 0 ? " np\(r.nprobe)" : "")
                let name = method.padding(toLength: max(28, method.count), withPad: " ", startingAt: 0)
                print(name + String(format: " %8d %5d  %8.4f  %9.4f  %8.1f  %7.3f  %7.3f  %7.1f  %9d  %9.1f", r.n, r.d,
                             r.recallAt1, r.recallAt10, r.qps, r.latencyP50Milliseconds, r.latencyP99Milliseconds,
                             r.buildSeconds, r.bytesPerVector, r.memoryBytesPerVector))
            }
            if let memory = results.first?.memory {
                print(String(format: "memory: codes %.1f + list rows %.1f + float16 %.1f + ids/tombstones %.1f + trained %.2f B/vector (%d rows)",
                             Double(memory.codes) / Double(max(memory.rows, 1)), Double(memory.listRows) / Double(max(memory.rows, 1)),
                             Double(memory.float16Vectors) / Double(max(memory.rows, 1)),
                             Double(memory.idsAndTombstones) / Double(max(memory.rows, 1)),
                             Double(memory.quantizer) / Double(max(memory.rows, 1)), memory.rows))
            }
        }
    }
}
