import AtomicFiles
import Foundation

extension EvalReport {
    /// Writes report.json, report.md and report.html into `folder` (created if missing), each
    /// atomically.
    ///
    /// - Throws: `EvalError.cannotWrite` naming the folder and the reason.
    public func write(to folder: URL) throws {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try AtomicFileWriter.write(Data((json.rendered() + "\n").utf8), to: folder.appendingPathComponent("report.json").path)
            try AtomicFileWriter.write(Data(markdown.utf8), to: folder.appendingPathComponent("report.md").path)
            try AtomicFileWriter.write(Data(html().utf8), to: folder.appendingPathComponent("report.html").path)
        } catch let error as AtomicWriteError {
            throw EvalError.cannotWrite(folder.path, error.reason)
        } catch {
            throw EvalError.cannotWrite(folder.path, error.localizedDescription)
        }
    }
}
