import Foundation
@testable import LitSearch

/// A joint space by hand: texts map to fixed vectors, image "features" are already joint vectors.
struct HandEmbedder: JointEmbedder {
    let dimension: Int
    let texts: [String: [Float]]

    func embedTexts(_ texts: [String], language: String?) throws -> [Float] {
        try texts.flatMap { text -> [Float] in
            guard let vector = self.texts[text] else { throw EvalError.noUsableImages("fake has no vector for \(text)") }
            return vector
        }
    }

    func embedImages(_ features: [Float]) throws -> [Float] { features }
}
