import Foundation
import TextTower

/// libFuzzer entry point for the text-tower checkpoint loader (built by scripts/fuzz-loaders.sh,
/// compiled into one module with Sources/Training).
///
/// Each input is a candidate `.ckpt` file. Its trailing checksum is recomputed first, so the
/// mutations reach the JSON header (sizes, config, centre) and the arrays instead of dying at the
/// checksum. Decoding must either throw `CheckpointError` or give a checkpoint whose config
/// builds a model (or is refused with `TextTowerError`), whose arrays then match that model or
/// are refused, and that survives an export and a re-decode. Any trap, sanitizer report or failed
/// check is a finding.

@_cdecl("LLVMFuzzerInitialize")
public func checkpointFuzzerInitialize(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> Int32 {
    // Seeds: a tiny transformer and a tiny bag-of-subwords, full and exported, where FUZZ_SEED_DIR says.
    guard let folder = ProcessInfo.processInfo.environment["FUZZ_SEED_DIR"] else { return 0 }
    let identity = CheckpointIdentity(tokenizerHash: "fuzz", imageModelID: "fuzz")
    for kind in [TextTowerConfig.Kind.transformer, .bagOfSubwords] {
        let config = TextTowerConfig(kind: kind, vocabularySize: 12, dimension: 8, layers: 1, heads: 2, mlpRatio: 2,
                                     maxLength: 4, outputDimension: 4)
        let options = TrainingOptions(batchSize: 2, totalSteps: 1, warmupSteps: 1, seed: 1, threads: 1)
        guard let trainer = try? Trainer(textConfig: config, imageDimension: 6, options: options, centre: [Float](repeating: 0, count: 6)) else { continue }
        let full = trainer.checkpoint(identity: identity)
        var exported = full.exportedForInference()
        exported.header.textCentre = [0.5, -0.5, 0.25, 0]
        for (name, checkpoint) in [("\(kind)-full.ckpt", full), ("\(kind)-export.ckpt", exported)] {
            if let bytes = try? checkpoint.encoded() {
                try? Data(bytes).write(to: URL(fileURLWithPath: folder).appendingPathComponent(name))
            }
        }
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func checkpointFuzzerTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    var bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let count = bytes.count
    if count >= 16, count % 8 == 0 {
        let sum = bytes.withUnsafeBytes { Checkpoint.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<(count - 8)])) }
        bytes.withUnsafeMutableBytes { $0.storeBytes(of: sum.littleEndian, toByteOffset: count - 8, as: UInt64.self) }
    }
    let checkpoint: Checkpoint
    do { checkpoint = try Checkpoint.decode(bytes) } catch {
        precondition(error is CheckpointError, "not a CheckpointError: \(error)")
        return 0
    }
    _ = try? checkpoint.check(CheckpointIdentity(tokenizerHash: "fuzz", imageModelID: "fuzz"))
    let model: ContrastiveModel
    do { model = try ContrastiveModel(textConfig: checkpoint.header.textConfig, imageDimension: checkpoint.header.imageDimension) } catch {
        precondition(error is TextTowerError, "not a TextTowerError: \(error)")
        return 0
    }
    guard model.layout.count == checkpoint.parameters.count, checkpoint.centre.count == checkpoint.header.imageDimension else { return 0 }
    guard let again = try? Checkpoint.decode(try checkpoint.exportedForInference().encoded()) else {
        preconditionFailure("a loadable checkpoint could not be exported and read back")
    }
    precondition(again.parameters.count == checkpoint.parameters.count, "export changed the parameter count")
    return 0
}
