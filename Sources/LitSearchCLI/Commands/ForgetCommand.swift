import ArgumentParser
import Catalog
import Foundation
import ImageTower
import LitSearch

/// `litsearch forget ROOT`: removes a folder and its images from an index.
struct ForgetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forget",
        abstract: "Remove a folder and its images from an index.",
        discussion: """
        The folder's images leave the catalog and the vector indexes (updated as `index` updates \
        them); its photos on disk are not touched, and the index's other folders stay as they \
        are. Give the folder as `litsearch info` lists it, or as you gave it to `index`.

        Example:
          litsearch forget ~/Pictures/old --index indexes/photos
        """)

    @Argument(help: ArgumentHelp("The indexed folder to remove.", valueName: "folder"))
    var folder: String

    @OptionGroup var index: IndexOptions

    @Flag(help: "If another process is indexing the same index, wait for it instead of failing.")
    var wait = false

    @Flag(help: "Print what was removed as JSON on standard output.")
    var json = false

    func validate() throws {
        if folder.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("give the indexed folder to remove") }
    }

    func run() throws {
        do {
            let installation = Installation.current()
            // The vector files need only the tower's id and the installed text model's joint space.
            let tower = try TowerIdentity(contentsOf: installation.imageTowerWeights)
            let joint = try TowerLoader(installation: installation, tower: tower, centresText: true).installedJointSpace()
            var removal = RootRemoval(index: index.directory, imageModelID: tower.modelID, joint: joint)
            removal.wait = wait
            let report = try removal.forget(folder)
            for note in (report.vectors?.notes ?? []) + (report.joint?.notes ?? []) { printError(note) }
            if json {
                try JSONOutput.print(report)
                return
            }
            print("forgot \(TerminalText.escaped(report.root)): \(report.removed) image\(report.removed == 1 ? "" : "s") removed; "
                  + (report.roots.isEmpty ? "the index holds no folders now" : "the index holds " + report.roots.map { TerminalText.escaped($0) }.joined(separator: ", ")))
            if let vectors = report.vectors { print(vectorLine(vectors)) }
            if let joint = report.joint { print(vectorLine(joint, name: "joint index")) }
        } catch let error as RootRemovalError {
            throw ValidationError(error.description)
        } catch {
            throw failure(error)
        }
    }
}
