import ArgumentParser
import Catalog
import Foundation
import ImageTower
import LitSearch

/// `litsearch query`: the images nearest to an example photo, or to a text (`QueryCommand+Text.swift`).
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Find the indexed images most similar to a query.",
        discussion: """
        With --image, the query is a photo: it is embedded by the same locked image tower and \
        compared by cosine similarity with the indexed images, through the vector index \
        (vectors.lsvi: PQ codes, then the best candidates re-ranked exactly). When that file is \
        missing, damaged or out of date, the exact scan of the catalog answers and a one-line note \
        on standard error says why.

        With TEXT, the text is tokenized (--lang selects the normalisation rules), embedded by the \
        trained text towers (and the concept bridge), and searched in the joint vector index \
        (joint.lsvi: every image mapped once through the towers' image heads by `index`). A text \
        model installed after the last `index` run gets its joint index built from the catalog on \
        the first text query (no image is decoded); --model, --ensemble, --no-ensemble and \
        --centre model scan the catalog exactly. With --json each result names its "method": \
        "index" or "exact".

        Examples:
          litsearch query --image samples/chelsea.jpg -k 5
          litsearch query --lang de "hund"
        """
    )

    @Option(help: ArgumentHelp("A photo to search by.", valueName: "photo"))
    var image: String?

    @Argument(help: ArgumentHelp("Text to search for (instead of --image).", valueName: "text"))
    var text: String?

    @OptionGroup var textModel: TextModelOptions

    @OptionGroup var bridge: BridgeOptions

    @Option(name: [.short, .long], help: "How many results to show (1 to \(QueryCommand.maximumK)).")
    var k = 10

    @Option(help: ArgumentHelp("Show only images scoring at least this (-1 to 1); fewer than -k may remain.", valueName: "score"))
    var minScore: Float?

    /// The largest `-k`: more than anyone reads, small enough that no buffer sized by it overflows.
    static let maximumK = 10_000

    @OptionGroup var index: IndexOptions

    @OptionGroup var filters: QueryFilters

    @Flag(help: "Scan every embedding exactly instead of using the vector index.")
    var exact = false

    @Flag(help: "Return the vector index's PQ estimates without exact re-ranking (to measure its effect).")
    var noRerank = false

    @Option(help: ArgumentHelp(
        "For text queries: centre the images by the collection's own mean or the model's centre.",
        discussion: "`collection` (the default) removes what all indexed images share before the "
            + "image head, so that it does not swamp what tells them apart; `model` uses the centre "
            + "saved in the checkpoint (photo-like), as `classify` does. Collections of fewer than "
            + "\(TextSearch.minimumCollection) images always use the model's.",
        valueName: "collection|model"))
    var centre: TextSearch.Centring = .collection

    @Flag(help: "Print the results as JSON on standard output.")
    var json = false

    @Flag(help: ArgumentHelp("Print paths relative to the indexed folder, as the catalog stores them.",
                             discussion: "By default paths are absolute (the image's indexed folder joined with the stored path), in the table, with --paths and in --json's `path`; --json always adds `relative_path` and `root`."))
    var relative = false

    @Flag(name: .customLong("paths"), help: "Print only the paths, best first, one a line (for xargs, fzf); control characters are escaped.")
    var pathsOnly = false

    @Flag(name: .customShort("0"), help: "Print only the paths, each ended by a NUL byte, exactly as stored (for xargs -0).")
    var nulSeparated = false

    func validate() throws {
        if let minScore, !(-1...1).contains(minScore) { throw ValidationError("--min-score must be between -1 and 1, not \(minScore)") }
        guard (1...Self.maximumK).contains(k) else { throw ValidationError("-k must be between 1 and \(Self.maximumK), not \(k)") }
        guard (image == nil) != (text == nil) else { throw ValidationError("give either TEXT or --image PHOTO") }
        if let text, text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("the query text is empty; give some words to search for")
        }
        if let image, image.isEmpty { throw ValidationError("--image needs a photo, not an empty path") }
        if image != nil, textModel.lang != nil { throw ValidationError("--lang applies to text queries; an image query has no language") }
        if json, pathsOnly || nulSeparated { throw ValidationError("--json prints whole results; --paths and -0 print paths only: choose one") }
    }

    func run() throws {
        guard let image else { return try runTextQuery() }
        do {
            let installation = Installation.current()
            let tower = try ImageTower(contentsOf: installation.imageTowerWeights)
            let catalog = try Catalog(directory: index.directory, mode: .readOnly)
            let tensor = try photoTensors([image])   // a read or decode error names the photo
            let query = Array(tower.run(batch: tensor, count: 1).embedding(0))
            var search = IndexedSearch(directory: index.directory, catalog: catalog, imageModelID: tower.modelID)
            search.forceExact = exact
            search.rerank = noRerank ? 0 : nil
            let answer = try search.nearest(to: query, k: filters.fetchCount(for: k))
            if let note = answer.note { printError(note) }
            try printHits(try filters.apply(answer.hits, k: k, catalog: catalog), method: answer.method, catalog: catalog)
        } catch {
            throw failure(error)
        }
    }
}
