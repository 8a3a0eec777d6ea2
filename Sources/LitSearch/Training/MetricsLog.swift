import Foundation

/// One row of `metrics.csv`.
public struct MetricsRow: Sendable, Equatable {
    public var step: Int
    public var loss: Float
    /// `1 / logit scale`.
    public var temperature: Float
    public var learningRate: Float
    /// Held-out text→image recall, where evaluated at this step.
    public var recallAt1: Double?
    public var recallAt10: Double?

    public init(step: Int, loss: Float, temperature: Float, learningRate: Float, recallAt1: Double? = nil, recallAt10: Double? = nil) {
        self.step = step
        self.loss = loss
        self.temperature = temperature
        self.learningRate = learningRate
        self.recallAt1 = recallAt1
        self.recallAt10 = recallAt10
    }
}

/// The training metrics as CSV: `step,loss,temperature,lr,recall_at_1,recall_at_10`, one row per
/// step, recall columns empty where no evaluation ran.
public enum MetricsLog {
    public static let header = "step,loss,temperature,lr,recall_at_1,recall_at_10"

    /// The CSV text of `rows`.
    ///
    /// - Complexity: O(rows).
    public static func csv(_ rows: [MetricsRow]) -> String {
        var text = header + "\n"
        for row in rows {
            let r1 = row.recallAt1.map { String(format: "%.4f", $0) } ?? ""
            let r10 = row.recallAt10.map { String(format: "%.4f", $0) } ?? ""
            text += "\(row.step),\(row.loss),\(row.temperature),\(row.learningRate),\(r1),\(r10)\n"
        }
        return text
    }

    /// The rows of a CSV written by `csv`; unparsable lines are skipped. A missing file is empty.
    ///
    /// - Complexity: O(bytes).
    public static func read(_ url: URL) -> [MetricsRow] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 6, let step = Int(fields[0]), let loss = Float(fields[1]),
                  let temperature = Float(fields[2]), let rate = Float(fields[3]) else { return nil }
            return MetricsRow(step: step, loss: loss, temperature: temperature, learningRate: rate,
                              recallAt1: Double(fields[4]), recallAt10: Double(fields[5]))
        }
    }
}
