import ArgumentParser
import Foundation
import ImageTower
import LitSearch

/// `litsearch bench`: performance measurements against a peer, run on this machine.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure performance against a peer implementation in the same run.",
        subcommands: [ImageTowerBench.self]
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
        batch size and thread count; the ratio is Swift images/s over onnxruntime images/s.
        """
    )

    @Option(help: "Images per batch.") var batch = 8
    @Option(help: "Worker threads for both implementations.") var threads = 2
    @Option(help: "Seconds to measure each side.") var seconds = 10.0
    @Option(help: "Run exactly this many images on the Swift side instead of timing (for cycle counts).") var images: Int?
    @Option(help: "Python interpreter for the peer; pass an empty string to skip the peer.") var python = "python3"
    @Flag(help: "Print the result as JSON.") var json = false

    func run() throws {
        let installation = Installation.current()
        let tower = try ImageTower(contentsOf: installation.imageTowerWeights, threads: threads)
        let swift = TowerBenchmark(tower: tower, batch: batch, seconds: seconds, images: images).run()
        var peer: PeerResult?
        if !python.isEmpty {
            peer = try runPeer(installation: installation)
        }
        let ratio = peer.map { swift.imagesPerSecond / $0.imagesPerSecond }
        if json {
            struct Report: Encodable { let swift: TowerBenchmark.Result; let onnxruntime: PeerResult?; let ratio: Double? }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(Report(swift: swift, onnxruntime: peer, ratio: ratio)), as: UTF8.self))
        } else {
            print(String(format: "swift        %8.1f images/s  (batch %d, %d threads, %d images)", swift.imagesPerSecond, batch, threads, swift.images))
            if let peer {
                print(String(format: "onnxruntime  %8.1f images/s  (batch %d, %d threads, %d images)", peer.imagesPerSecond, batch, threads, peer.images))
                print(String(format: "ratio        %8.2fx", ratio!))
            }
        }
    }

    struct PeerResult: Codable {
        let imagesPerSecond: Double
        let images: Int
        enum CodingKeys: String, CodingKey { case imagesPerSecond = "images_per_second", images }
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
