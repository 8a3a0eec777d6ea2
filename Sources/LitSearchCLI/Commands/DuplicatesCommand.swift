import ArgumentParser
import Catalog
import Foundation
import LitSearch

/// `litsearch duplicates`: groups of near-duplicate images in an index.
struct DuplicatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "duplicates",
        abstract: "Group near-duplicate images (resized, recompressed, re-exported copies).",
        discussion: """
        Two images are duplicates when the cosine of their locked image embeddings is at least \
        --threshold; linked images form a group. Each image asks the vector index for its nearest \
        neighbours (no image is decoded, and not every pair is compared); without an up-to-date \
        vector index the images are compared exactly, which suits small collections only.

        Examples:
          litsearch duplicates
          litsearch duplicates --threshold 0.99 --json
        """)

    @OptionGroup var index: IndexOptions

    @Option(help: "Least cosine for two images to count as duplicates (0 to 1).")
    var threshold: Float = 0.97

    @Flag(help: "Print paths relative to their indexed folder, as stored (default: absolute).")
    var relative = false

    @Flag(help: "Print the groups as JSON on standard output.")
    var json = false

    func validate() throws {
        guard (0...1).contains(threshold) else { throw ValidationError("--threshold must be between 0 and 1, not \(threshold)") }
    }

    /// One group in `--json`.
    struct JSONGroup: Encodable {
        let score: Float
        let images: [Image]
        struct Image: Encodable {
            let path: String
            let relativePath: String
            /// The indexed folder the image is under.
            let root: String?
            enum CodingKeys: String, CodingKey { case path, relativePath = "relative_path", root }
        }
    }

    func run() throws {
        do {
            let catalog = try Catalog(directory: index.directory, mode: .readOnly)
            guard let model = try catalog.meta(.imageModelID) else {
                if json { print("[]") } else { print("the index \(index.directory.path) holds no images") }
                return
            }
            let found = try DuplicateFinder(threshold: threshold).groups(in: catalog, directory: index.directory, imageModelID: model)
            let paths = try ResultPaths(catalog: catalog, ids: found.groups.flatMap(\.ids), relative: relative)
            if !found.usedIndex { printError("note: the vector index is missing or out of date; compared the images exactly") }
            if json {
                let groups = found.groups.map { group in
                    JSONGroup(score: group.lowestScore, images: zip(group.ids, group.paths).map { id, path in
                        .init(path: paths.shown(id: id, stored: path), relativePath: path, root: paths.root(of: id))
                    })
                }
                try JSONOutput.print(groups)
            } else if found.groups.isEmpty {
                print(String(format: "no duplicates at cosine %.2f or more", threshold))
            } else {
                for (number, group) in found.groups.enumerated() {
                    print(String(format: "group %d: %d images, cosine ≥ %.4f", number + 1, group.paths.count, group.lowestScore))
                    for (id, path) in zip(group.ids, group.paths) { print("  " + TerminalText.escaped(paths.shown(id: id, stored: path))) }
                }
            }
        } catch {
            throw failure(error)
        }
    }
}
