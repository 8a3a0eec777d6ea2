import Foundation

/// The process's resident memory, as benchmarks report it.
///
/// Linux keeps a high-water mark of resident memory (`VmHWM`) that `/proc/self/clear_refs` can
/// reset, so one process can report the peak of a later phase (queries) apart from an earlier one
/// (building). Elsewhere only the whole-run peak is known.
public enum ProcessMemory {
    /// The process's peak resident memory in MiB (`getrusage`), over the whole run so far.
    public static func peakMebibytes() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024   // kilobytes on Linux
    }

    /// Resets the high-water mark that `peakSinceReset()` reads; returns false where it cannot.
    @discardableResult
    public static func resetPeak() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        return (try? handle.write(contentsOf: Data("5".utf8))) != nil
    }

    /// The peak resident memory in MiB since `resetPeak()` (`VmHWM`), or nil where unknown.
    public static func peakSinceReset() -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
        return kilobytes / 1024
    }
}
