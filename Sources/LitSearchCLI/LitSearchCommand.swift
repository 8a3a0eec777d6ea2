import ArgumentParser
import LitSearch
import TextTower

/// The `litsearch` command: search a folder of photos in about a hundred languages.
@main
struct LitSearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "litsearch",
        abstract: "Search a folder of photos by text in about a hundred languages, or by example image.",
        discussion: """
        litsearch embeds every image once with a locked, pre-trained image tower (EfficientNet-Lite0) \
        and keeps the embeddings in an index directory (default: indexes/default).

        EXIT CODES:
          0   success (images that could not be read are reported, not fatal)
          1   the command failed; the message says why
          64  invalid usage (unknown option, bad value)
          75  the index is busy: another litsearch process is writing it
        """,
        version: VersionReport.version,
        subcommands: [IndexCommand.self, QueryCommand.self, ClassifyCommand.self, InfoCommand.self, TrainCommand.self,
                      ExportModelCommand.self, EvalCommand.self, EmbedCommand.self, ExportCommand.self, DuplicatesCommand.self, ForgetCommand.self, ServeCommand.self, TokenizeCommand.self, TokenizerCommand.self, BenchCommand.self]
    )

    /// Runs the command line; a lone `--version` prints the full `VersionReport` (formats and
    /// models, not only the number) without parsing anything else.
    static func main() {
        // No command wants OpenBLAS's spinning workers (see useSingleThreadedBLAS); `bench ann`
        // asks for its build threads itself.
        useSingleThreadedBLAS()
        if Array(CommandLine.arguments.dropFirst()) == ["--version"] {
            print(VersionReport.text(for: Installation.current()))
            return
        }
        main(nil)
    }
}
