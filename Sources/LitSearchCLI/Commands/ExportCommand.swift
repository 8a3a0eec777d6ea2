import ArgumentParser
import Catalog
import Foundation
import ImageTower
import LitSearch

/// `litsearch export`: an index's vectors as files another vector database can load.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write an index's joint-space and locked vectors, with paths, sizes, mtimes and model ids.",
        discussion: """
        --format npy writes joint.npy (n × d float32, the space text queries search), locked.npy \
        (n × 1280 float32, the image tower's features) and images.jsonl, whose line i describes \
        row i: {"row","id","path","size","mtime","mtime_ns","image_model","joint_model"}. \
        --format jsonl writes images.jsonl alone, each line with its own "joint" and "locked" \
        arrays. Both write manifest.json (models, dimensions, metric). Rank by inner product; a \
        text's query vector in the same space comes from `litsearch embed --joint --text TEXT`. \
        docs/export.md shows loading an export into Milvus, Qdrant and PostgreSQL + pgvector.

        Example:
          litsearch export --format npy --out /tmp/photos-export
        """)

    @OptionGroup var index: IndexOptions

    @Option(help: ArgumentHelp("npy or jsonl.", valueName: "format")) var format: Format
    @Option(help: ArgumentHelp("Directory to write into (created if needed; earlier export files are replaced).", valueName: "dir"))
    var out: String
    @Flag(name: .customLong("no-joint"), help: "Export the locked features only, without the text model's joint space.")
    var noJoint = false
    @Flag(help: "Print the manifest as JSON on standard output.") var json = false

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case npy, jsonl
    }

    func validate() throws {
        guard !out.isEmpty else { throw ValidationError("--out needs a directory") }
    }

    func run() throws {
        do {
            let installation = Installation.current()
            let directory = index.directory
            guard FileManager.default.fileExists(atPath: directory.catalogURL.path) else {
                throw ValidationError("\(directory.path) holds no index; run `litsearch index FOLDER` first")
            }
            let catalog = try Catalog(directory: directory, mode: .readOnly)
            guard let imageModelID = try catalog.meta(.imageModelID) else {
                throw ValidationError("\(directory.path) has not indexed any image yet")
            }
            var space: JointSpace?
            if !noJoint {
                let tower = try TowerIdentity(contentsOf: installation.imageTowerWeights)
                space = try TowerLoader(installation: installation, tower: tower, centresText: true).installedJointSpace()
                if space == nil { printError("note: no text model is installed; exporting the locked features only") }
            }
            var export = CollectionExport(catalog: catalog, imageModelID: imageModelID, joint: space,
                                          jointFile: space == nil ? nil : try? VectorFile.joint(directory).load())
            export.indexPath = directory.path
            let bar = ProgressBar(label: "exporting", unit: "images", enabled: !json && isatty(STDERR_FILENO) == 1)
            let manifest = try export.write(to: URL(fileURLWithPath: out, isDirectory: true),
                                            format: CollectionExport.Format(rawValue: format.rawValue)!) { bar.update(done: $0, total: $1) }
            bar.finish()
            if json {
                try JSONOutput.print(manifest)
            } else {
                let files = [manifest.joint?.file, manifest.locked.file, manifest.images, "manifest.json"].compactMap { $0 }
                print("exported \(manifest.count) images to \(out): " + files.joined(separator: ", "))
                if let joint = manifest.joint { print("joint space \(joint.model), \(joint.dimension)-d; locked features \(manifest.locked.dimension)-d") }
            }
        } catch {
            throw failure(error)
        }
    }
}
