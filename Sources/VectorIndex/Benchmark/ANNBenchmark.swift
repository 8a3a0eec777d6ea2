import CBLAS
import Foundation

/// Builds a `VectorIndex` on a base set, runs every query on one thread and scores the answers
/// against exact search: the Swift side of `litsearch bench ann`.
public struct ANNBenchmark {
    /// One measured configuration; field names match benchmarks/peers/faiss_pq.py.
    public struct Result: Codable, Sendable {
        public let method: String
        public let n: Int
        public let d: Int
        public let queries: Int
        public let codeBytes: Int
        public let bytesPerVector: Int
        public let buildSeconds: Double
        public let rerank: Int
        public let nprobe: Int
        public let recallAt1: Double
        public let recallAt10: Double
        public let qps: Double
        public let latencyP50Milliseconds: Double
        /// 99th percentile of the single-query latencies.
        public let latencyP99Milliseconds: Double
        /// Memory the index holds for this search path per stored vector, the trained parts
        /// amortised: codes + list rows + ids + tombstones, plus the float16 vectors when re-ranking.
        public let memoryBytesPerVector: Double
        /// The parts `memoryBytesPerVector` is made of, for the whole index.
        public let memory: VectorIndex.MemoryFootprint
        /// `VectorIndexParameters.anisotropicWeight` of the codes (1: nearest centroids).
        public let anisotropy: Double

        enum CodingKeys: String, CodingKey {
            case method, n, d, queries, rerank, nprobe, qps, memory, anisotropy
            case codeBytes = "code_bytes", bytesPerVector = "bytes_per_vector", buildSeconds = "build_seconds"
            case recallAt1 = "recall_at_1", recallAt10 = "recall_at_10", latencyP50Milliseconds = "latency_p50_ms"
            case latencyP99Milliseconds = "latency_p99_ms", memoryBytesPerVector = "memory_bytes_per_vector"
        }
    }

    public let base: NumpyMatrix
    public let queries: NumpyMatrix
    public let parameters: VectorIndexParameters

    public init(base: NumpyMatrix, queries: NumpyMatrix, parameters: VectorIndexParameters) {
        self.base = base
        self.queries = queries
        self.parameters = parameters
    }

    /// Builds once, then measures each re-ranking depth in `rerankDepths` (0 = ADC only) at each
    /// probe count in `probeCounts` (IVF only; nil or empty = `parameters.probes`).
    ///
    /// Each further weight in `anisotropies` re-encodes the base with the same trained quantizer
    /// and is measured the same way; its method name ends in "-aniso" and the weight, and its
    /// build time is the first build's training plus its own encoding.
    ///
    /// - Complexity: build plus q searches per (weight, depth, probes), plus the exact ground
    ///   truth O(q·n·d).
    public func run(rerankDepths: [Int], probeCounts: [Int]? = nil, anisotropies: [Double] = [], buildThreads: Int) throws -> [Result] {
        openblas_set_num_threads(Int32(buildThreads))
        let truth = ExactNeighbors.search(base: base, queries: queries, k: 10)
        let started = Date(), ids = (0..<base.rows).map(Int64.init)
        let index = try VectorIndex.build(vectors: base.values, dimension: base.columns, ids: ids, parameters: parameters)
        let buildSeconds = Date().timeIntervalSince(started)
        var results = try measure(index, buildSeconds: buildSeconds, truth: truth, rerankDepths: rerankDepths,
                                  probeCounts: probeCounts, suffix: "")
        let weights = anisotropies.filter { $0 != parameters.anisotropicWeight }
        guard !weights.isEmpty else { return results }
        // The first build's encoding time, measured again, so that each weight's build time is
        // training plus its own encoding.
        openblas_set_num_threads(Int32(buildThreads))
        var encodeStart = Date()
        _ = try index.reencoded(base.values, ids: ids, anisotropicWeight: parameters.anisotropicWeight)
        let training = buildSeconds - Date().timeIntervalSince(encodeStart)
        for weight in weights {
            openblas_set_num_threads(Int32(buildThreads))
            encodeStart = Date()
            let variant = try index.reencoded(base.values, ids: ids, anisotropicWeight: weight)
            let seconds = training + Date().timeIntervalSince(encodeStart)
            results += try measure(variant, buildSeconds: seconds, truth: truth, rerankDepths: rerankDepths,
                                   probeCounts: probeCounts, suffix: "-aniso" + String(format: "%g", weight))
        }
        return results
    }

    /// Runs every query against `index` at each (depth, probes) on one thread.
    private func measure(_ index: VectorIndex, buildSeconds: Double, truth: [[Int]], rerankDepths: [Int],
                         probeCounts: [Int]?, suffix: String) throws -> [Result] {
        litsearch_single_threaded_blas()
        let d = base.columns, parameters = index.parameters
        let name = (parameters.rotation ? "OPQ" : "") + (parameters.coarseLists > 0 ? "IVF\(parameters.coarseLists)-" : "")
            + "PQ\(parameters.bytesPerVector)" + suffix
        let probeList = parameters.coarseLists > 0 ? (probeCounts.flatMap { $0.isEmpty ? nil : $0 } ?? [parameters.probes]) : [0]
        let memory = index.memoryFootprint
        var results: [Result] = []
        for probes in probeList {
            for depth in rerankDepths {
                var latencies: [Double] = []
                latencies.reserveCapacity(queries.rows)
                var hits1 = 0, hits10 = 0
                let total = Date()
                for i in 0..<queries.rows {
                    let query = Array(queries.values[i * d..<(i + 1) * d])
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    let found = index.search(query: query, k: 10, rerank: depth, probes: probes > 0 ? probes : nil)
                    latencies.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
                    if found.first.map({ Int($0.id) }) == truth[i].first { hits1 += 1 }
                    let expected = Set(truth[i])
                    hits10 += found.filter { expected.contains(Int($0.id)) }.count
                }
                let seconds = Date().timeIntervalSince(total)
                latencies.sort()
                let q = queries.rows
                results.append(Result(method: name + (depth > 0 ? "+rerank\(depth)" : ""), n: base.rows, d: d,
                                      queries: q, codeBytes: parameters.bytesPerVector + (parameters.coarseLists > 0 ? 4 : 0),
                                      bytesPerVector: index.bytesPerVector - (depth > 0 ? 0 : 2 * d),
                                      buildSeconds: buildSeconds, rerank: depth, nprobe: probes,
                                      recallAt1: Double(hits1) / Double(q), recallAt10: Double(hits10) / Double(10 * q),
                                      qps: Double(q) / seconds, latencyP50Milliseconds: latencies[q / 2],
                                      latencyP99Milliseconds: latencies[min(q - 1, q * 99 / 100)],
                                      memoryBytesPerVector: depth > 0 ? memory.bytesPerVector : memory.bytesPerVectorWithoutRerank,
                                      memory: memory, anisotropy: parameters.anisotropicWeight))
            }
        }
        return results
    }
}
