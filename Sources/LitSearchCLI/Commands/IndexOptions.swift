import ArgumentParser
import Foundation
import Catalog
import LitSearch

/// `--index DIR`, shared by every command that reads or writes an index.
struct IndexOptions: ParsableArguments {
    @Option(name: .customLong("index"), help: ArgumentHelp(
        "The index directory (catalog.sqlite and vector files).",
        discussion: "Default: indexes/default in the litsearch installation (or $LITSEARCH_HOME).",
        valueName: "dir"))
    var path: String?

    func validate() throws {
        // An empty path would resolve to the working directory and put a catalog there.
        if let path, path.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--index needs a directory, not an empty path")
        }
    }

    /// The chosen index directory.
    var directory: IndexDirectory {
        IndexDirectory(url: path.map { URL(fileURLWithPath: $0) } ?? Installation.current().defaultIndex)
    }
}

/// Turns library errors into a message and an exit code (see the root command's EXIT CODES).
func failure(_ error: Error) -> Error {
    if let error = error as? CatalogError, case .locked = error {
        printError(error.description)
        return ExitCode(75)
    }
    if error is ExitCode || error is ValidationError || error is CleanExit { return error }
    if let error = error as? DatabaseError, error.isCorruption {
        printError("""
            the index's catalog is damaged (\(error))
            To recover, move catalog.sqlite (and catalog.sqlite-wal, catalog.sqlite-shm if present) out of the \
            index folder, keeping them as a backup, and run `litsearch index FOLDER` again: every photo is read once \
            more and the vector files are rebuilt from the new catalog.
            """)
        return ExitCode.failure
    }
    printError("\(error)")
    return ExitCode.failure
}

/// Writes `litsearch: message` to standard error.
func printError(_ message: String) {
    // Messages quote file names; only the program's own line breaks get through.
    FileHandle.standardError.write(Data("litsearch: \(TerminalText.escaped(message, keepingNewlines: true))\n".utf8))
}
