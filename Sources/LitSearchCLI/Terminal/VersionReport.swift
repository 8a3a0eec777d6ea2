import Catalog
import Foundation
import ImageTower
import LitSearch
import Training
import VectorIndex

/// What `litsearch --version` prints: the program's version, the formats it reads and writes,
/// and the models the installation holds, so that a bug report says which of each was in use.
///
/// ```text
/// litsearch 0.1.0
/// formats      catalog schema 4, vector index 1, checkpoint 1 (exported 2)
/// installation /home/me/.local/share/litsearch
/// image model  efficientnet-lite0-57934424
/// text model   1b2c…  models/text-tower.ckpt
/// ensemble     9f8e…  models/ensemble/bos-long.ckpt
/// ```
enum VersionReport {
    /// The program's own version.
    static let version = "0.1.0"

    /// The report for `installation`; models that are missing say so.
    static func text(for installation: Installation) -> String {
        var lines = ["litsearch \(version)"]
        lines.append("formats      catalog schema \(CatalogSchema.latestVersion), vector index \(VectorIndex.fileFormatVersion), "
                     + "checkpoint \(Checkpoint.formatVersion) (exported \(Checkpoint.exportFormatVersion))")
        lines.append("installation \(installation.home.path)")
        let image = (try? TowerIdentity(contentsOf: installation.imageTowerWeights))?.modelID ?? "missing (run scripts/setup.sh)"
        lines.append("image model  \(image)")
        func model(_ url: URL) -> String {
            let relative = url.path.hasPrefix(installation.home.path + "/") ? String(url.path.dropFirst(installation.home.path.count + 1)) : url.path
            return (Checkpoint.contentID(of: url) ?? "missing") + "  " + relative
        }
        lines.append("text model   " + model(installation.defaultTextTower))
        for tower in installation.ensembleTowers() { lines.append("ensemble     " + model(tower)) }
        return lines.joined(separator: "\n")
    }
}
