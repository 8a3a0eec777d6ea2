import ArgumentParser
import Foundation
import ImageTower
import LitSearch

/// `litsearch bench`: performance measurements against a peer, run on this machine.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure performance against a peer implementation in the same run.",
        subcommands: [ImageTowerBench.self, BenchTokenizerCommand.self, BenchANNCommand.self, BenchSearchCommand.self]
    )
}

/// `litsearch bench image-tower`: Swift tower vs onnxruntime on the same network.
struct ImageTowerBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image-tower",
        abstract: "Images/s of the image tower on preprocessed 224×224 tensors, against onnxruntime.",
        discussion: """
        The peer is benchmarks/peers/onnx_reference.py, which builds the same network as an ONNX graph \
        and runs it with onnxruntime (pip install onnx onnxruntime numpy). Both sides use the same \
        batch size and thread count. The sides alternate for --rounds rounds, so a change in machine \
        load hits both; each side's best round is reported and the ratio is Swift's best images/s \
        over onnxruntime's best.
        """
    )

    @Option(help: "Images per batch.") var batch = 8
    @Option(help: "Worker threads for both implementations.") var threads = 2
    @Option(help: "Seconds to measure each side in each round.") var seconds = 5.0
    @Option(help: "Rounds; the two sides alternate.") var rounds = 3
    @Option(help: "Run exactly this many images on the Swift side instead of timing (for cycle counts).") var images: Int?
    @Option(help: "Python interpreter for the peer; pass an empty string to skip the peer.") var python = "python3"
    @Flag(help: "Print the result as JSON.") var json = false

    func run() throws {
        let installation = Installation.current()
        let tower = try ImageTower(contentsOf: installation.imageTowerWeights, threads: threads)
        var swiftRounds: [TowerBenchmark.Result] = []
        var peerRounds: [PeerResult] = []
        for _ in 0..<max(1, rounds) {
            swiftRounds.append(TowerBenchmark(tower: tower, batch: batch, seconds: seconds, images: images).run())
            if !python.isEmpty { peerRounds.append(try runPeer(installation: installation)) }
        }
        let swift = swiftRounds.max { $0.imagesPerSecond < $1.imagesPerSecond }!
        let peer = peerRounds.max { $0.imagesPerSecond < $1.imagesPerSecond }
        let ratio = peer.map { swift.imagesPerSecond / $0.imagesPerSecond }
        if json {
            struct Report: Encodable {
                let swift: TowerBenchmark.Result
                let onnxruntime: PeerResult?
                let ratio: Double?
                let swiftRounds: [Double]
                let onnxruntimeRounds: [Double]
                enum CodingKeys: String, CodingKey {
                    case swift, onnxruntime, ratio, swiftRounds = "swift_rounds", onnxruntimeRounds = "onnxruntime_rounds"
                }
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(Report(swift: swift, onnxruntime: peer, ratio: ratio,
                                                                                 swiftRounds: swiftRounds.map(\.imagesPerSecond),
                                                                                 onnxruntimeRounds: peerRounds.map(\.imagesPerSecond))), as: UTF8.self))
        } else {
            let rounds = { (values: [Double]) in values.map { String(format: "%.1f", $0) }.joined(separator: ", ") }
            print(String(format: "swift        %8.1f images/s  (batch %d, %d threads; rounds: %@)", swift.imagesPerSecond, batch, threads,
                         rounds(swiftRounds.map(\.imagesPerSecond))))
            if let peer {
                print(String(format: "onnxruntime  %8.1f images/s  (batch %d, %d threads; rounds: %@)", peer.imagesPerSecond, batch, threads,
                             rounds(peerRounds.map(\.imagesPerSecond))))
                print(String(format: "ratio        %8.2fx", ratio!))
            }
        }
    }

    struct PeerResult: Codable {
        let imagesPerSecond: Double
        let images: Int
        enum CodingKeys: String, CodingKey { case imagesPerSecond = "images_per_s", images }
    }

    private func runPeer(installation: Installation) throws -> PeerResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, installation.home.appendingPathComponent("benchmarks/peers/onnx_reference.py").path,
                             "--weights", installation.imageTowerWeights.path,
                             "--bench", "--threads", String(threads), "--batch", String(batch),
                             "--seconds", String(seconds), "--json"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidationError("the onnxruntime peer failed (exit \(process.terminationStatus)); is `pip install onnx onnxruntime numpy` done?")
        }
        return try JSONDecoder().decode(PeerResult.self, from: data)
    }
}
