import Foundation

/// The text towers an evaluation runs: the main checkpoint, the ensemble averaged with it, and the
/// names the report gives them.
///
/// ```swift
/// let loader = TowerLoader(installation: .current(), tower: tower, centresText: true)
/// let models = try EvalModels.load(with: loader, model: nil, ensemble: [], useInstalledEnsemble: true)
/// let info = models.info(imageTower: tower.modelID)
/// ```
public struct EvalModels {
    public let main: CompanionTower
    /// Towers averaged with `main` (empty: `main` alone).
    public let companions: [CompanionTower]
    /// Each tower as the report names it: file name and training step, main tower first.
    public let names: [String]

    /// Loads `model` (nil: the installation's default tower) and its ensemble: the `ensemble`
    /// checkpoints when any are named, else with `useInstalledEnsemble` those in models/ensemble/.
    ///
    /// - Throws: `TextModelMissing` (which says how to get a tower), or a checkpoint's own errors
    ///   (another tokenizer or image tower).
    public static func load(with loader: TowerLoader, model: String?, ensemble: [String],
                            useInstalledEnsemble: Bool) throws -> EvalModels {
        let main = try loader.load(model.map { URL(fileURLWithPath: $0) }, chosen: model != nil)
        let companions = try loader.companions(ensemble, useInstalled: useInstalledEnsemble)
        let installation = loader.installation
        let mainPath = model ?? installation.defaultTextTower.path
        let companionPaths = ensemble.isEmpty ? installation.ensembleTowers().prefix(companions.count).map(\.path) : ensemble
        let names = zip([mainPath] + companionPaths, [main.model] + companions.map(\.model)).map { path, model in
            "\(URL(fileURLWithPath: path).lastPathComponent) (step \(model.step))"
        }
        return EvalModels(main: main, companions: companions, names: names)
    }

    /// What the report says about the models.
    public func info(imageTower: String) -> EvalReport.ModelInfo {
        EvalReport.ModelInfo(imageTower: imageTower, textTower: names.joined(separator: " + "),
                             tokenizer: String(main.encoder.modelHash.prefix(16)))
    }
}
