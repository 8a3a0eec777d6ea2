import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress bar on standard error: count, rate and ETA.
///
/// It draws only when standard error is a terminal, and at most ten times a second, so logs and
/// pipes stay clean.
final class ProgressBar {
    private let label: String
    private let unit: String
    private let enabled: Bool
    private let started = Date()
    private var lastDraw = Date.distantPast
    private var drewSomething = false

    init(label: String, unit: String, enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.label = label
        self.unit = unit
        self.enabled = enabled
    }

    /// Redraws the bar for `done` of `total` items; `force` draws even if drawn very recently.
    func update(done: Int, total: Int, force: Bool = false) {
        guard enabled else { return }
        let now = Date()
        guard force || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        drewSomething = true
        let elapsed = now.timeIntervalSince(started)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 1
        let width = 24
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        var line = "\(label) \(bar) \(done)/\(total) \(unit)"
        line += String(format: "  %.1f %@/s", rate, unit)
        if rate > 0 && done < total {
            line += "  ETA " + Self.duration(Double(total - done) / rate)
        }
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line).utf8))
    }

    /// Clears the bar so the summary starts on a clean line.
    func finish() {
        guard enabled, drewSomething else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total >= 3600 { return String(format: "%dh%02dm", total / 3600, (total % 3600) / 60) }
        if total >= 60 { return String(format: "%dm%02ds", total / 60, total % 60) }
        return "\(total)s"
    }
}
