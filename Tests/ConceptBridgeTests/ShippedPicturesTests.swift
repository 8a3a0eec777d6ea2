import Foundation
import XCTest
@testable import ConceptBridge

/// The shipped picture lexicon (`models/pictures/`): it opens, it is sorted the way
/// `SortedTermFile` bisects it, and words in several languages reach the right pictures.
final class ShippedPicturesTests: XCTestCase {
    private let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("models/pictures")

    /// Row → concept id, from concepts.tsv.
    private func concepts() throws -> [String] {
        try String(contentsOf: folder.appendingPathComponent("concepts.tsv"), encoding: .utf8)
            .split(separator: "\n").map { String($0.split(separator: "\t")[1]) }
    }

    func testWordsReachTheirPicturesInSeveralLanguages() throws {
        let concepts = try concepts()
        let lexicon = try ConceptLexicon(sortedLexicon: folder.appendingPathComponent("lexicon.tsv"), targets: concepts.count)
        func named(_ query: String, _ language: String) -> Set<String> {
            Set(lexicon.match(query, language: language).classWeights.keys.map { concepts[Int($0)] })
        }
        XCTAssertEqual(named("a frog.", "en"), ["emoji:1F438"], "the article names nothing")
        XCTAssertEqual(named("ein frosch", "de"), ["emoji:1F438"])
        XCTAssertEqual(named("猫", "zh"), ["emoji:1F408"])
        XCTAssertEqual(named("egy béka.", "hu"), ["emoji:1F438"], "numerals are no terms")
        XCTAssertEqual(named("một con ếch.", "vi"), ["emoji:1F438"])
        XCTAssertTrue(named("a", "en").isEmpty, "single letters are no terms")
        XCTAssertTrue(named("xylophonequartz", "en").isEmpty)
        // The lexicon is built with the held-out concepts (build_pictures.py --with-heldout):
        // the koala and the bicycle, which the text towers never trained on, have pictures too.
        XCTAssertEqual(named("koala", "en"), ["emoji:1F428"])
        XCTAssertEqual(named("ein fahrrad", "de"), ["emoji:1F6B2"])
        XCTAssertFalse(concepts.contains { $0.contains("1F3FB") }, "no skin-tone variants")
    }

    /// Words that name no emoji reach their WordNet relatives' pictures, at half a name's weight
    /// (scripts/bridge/picture_kinds.py).
    func testKindsReachTheirRelativesAtHalfWeight() throws {
        let concepts = try concepts()
        let lexicon = try ConceptLexicon(sortedLexicon: folder.appendingPathComponent("lexicon.tsv"), targets: concepts.count)
        func reached(_ query: String, _ language: String) -> [String: Float] {
            Dictionary(uniqueKeysWithValues: lexicon.match(query, language: language).classWeights.map { (concepts[Int($0.key)], $0.value) })
        }
        let pelican = reached("a pelican", "en")
        XCTAssertEqual(pelican.keys.sorted(), ["emoji:1F427"], "a seabird, as the penguin")
        XCTAssertEqual(pelican.values.reduce(0, +), 0.5, accuracy: 1e-3)
        let raspberry = reached("framboise", "fr")
        XCTAssertNotNil(raspberry["emoji:1F353"], "a berry, as the strawberry: \(raspberry)")
        XCTAssertEqual(raspberry.values.reduce(0, +), 0.5, accuracy: 1e-3)
        XCTAssertEqual(reached("penguin", "en"), ["emoji:1F427": 1], "a name keeps its full weight")
    }

    /// Occitan and Aragonese, which CLDR leaves out, have the words Apertium translates from
    /// Spanish, Catalan and French (scripts/bridge/apertium_terms.py); with `--lang oc` only
    /// Occitan words count, as for any language the lexicon has words for.
    func testOccitanAndAragoneseReachTheirPictures() throws {
        let concepts = try concepts()
        let lexicon = try ConceptLexicon(sortedLexicon: folder.appendingPathComponent("lexicon.tsv"), targets: concepts.count)
        func named(_ query: String, _ language: String) -> Set<String> {
            Set(lexicon.match(query, language: language).classWeights.keys.map { concepts[Int($0)] })
        }
        XCTAssertTrue(lexicon.languages.isSuperset(of: ["oc", "an"]))
        XCTAssertEqual(named("una granhota.", "oc"), ["emoji:1F438"], "es-oc and ca-oc's word for the frog")
        XCTAssertEqual(named("una granhòta.", "oc"), ["emoji:1F438"], "fra-oci's spelling")
        XCTAssertEqual(named("un can.", "oc"), ["emoji:1F415"])
        XCTAssertEqual(named("una rana.", "an"), ["emoji:1F438"])
        XCTAssertTrue(named("un frosch.", "oc").isEmpty, "German is no Occitan")
    }

    /// Languages CLDR 41 has no emoji names in take CLDR 46's (`scripts/bridge/newer_cldr.py`):
    /// Northern Sotho, Tswana, Akan, Chuvash, Ligurian.
    func testLanguagesOnlyTheNewerCLDRNamesReachTheirPictures() throws {
        let concepts = try concepts()
        let lexicon = try ConceptLexicon(sortedLexicon: folder.appendingPathComponent("lexicon.tsv"), targets: concepts.count)
        func named(_ query: String, _ language: String) -> Set<String> {
            Set(lexicon.match(query, language: language).classWeights.keys.map { concepts[Int($0)] })
        }
        XCTAssertTrue(lexicon.languages.isSuperset(of: ["nso", "tn", "ak", "cv", "lij", "quc"]), "\(lexicon.languages.sorted())")
        let crocodile: Set = ["emoji:1F40A"]
        XCTAssertEqual(named("kwena.", "nso"), crocodile)
        XCTAssertEqual(named("kwena.", "tn"), crocodile)
        XCTAssertEqual(named("dɛnkyɛm.", "ak"), crocodile)
        XCTAssertEqual(named("крокодил.", "cv"), crocodile)
        XCTAssertEqual(named("mpša.", "nso"), ["emoji:1F415"])
        XCTAssertEqual(named("can.", "lij"), ["emoji:1F415"])
        XCTAssertEqual(named("granhòta.", "oc"), ["emoji:1F438"], "CLDR 46's unconfirmed Occitan name")
    }

    /// Catalan, Galician and Esperanto, which have CLDR's names but no FreeDict dictionary, reach
    /// things no emoji names through Apertium's translations of the English kinds.
    func testApertiumTranslatesKindsIntoCatalanGalicianAndEsperanto() throws {
        let concepts = try concepts()
        let lexicon = try ConceptLexicon(sortedLexicon: folder.appendingPathComponent("lexicon.tsv"), targets: concepts.count)
        func reached(_ query: String, _ language: String) -> [String: Float] {
            Dictionary(uniqueKeysWithValues: lexicon.match(query, language: language).classWeights.map { (concepts[Int($0.key)], $0.value) })
        }
        for (query, language) in [("un voltor.", "ca"), ("un voitre.", "gl"), ("vulturo.", "eo")] {
            let vulture = reached(query, language)
            XCTAssertNotNil(vulture["emoji:1F985"], "\(query) is a bird of prey, as the eagle: \(vulture)")
            XCTAssertEqual(vulture.values.reduce(0, +), 0.5, accuracy: 1e-3, "a kind keeps half a name's weight")
        }
        XCTAssertEqual(reached("una granota.", "ca"), ["emoji:1F438": 1], "CLDR's name keeps its line; the article is no term")
    }

    /// Every line of the real file, found by bisection from a random place in it.
    func testRandomLinesAreFoundByBisection() throws {
        let text = try Data(contentsOf: folder.appendingPathComponent("lexicon.tsv"), options: .alwaysMapped)
        let file = try SortedTermFile(text: text, path: "lexicon.tsv")
        XCTAssertGreaterThan(file.languages.count, 100)
        var random = SystemRandomNumberGenerator()
        let bytes = [UInt8](text)
        for _ in 0..<500 {
            var start = Int.random(in: 0..<bytes.count, using: &random)
            while start > 0, bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
            guard bytes[start] != UInt8(ascii: "#") else { continue }
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            let fields = bytes[start..<end].split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false)
            XCTAssertEqual(fields.count, 3)
            let tag = String(decoding: fields[0], as: UTF8.self)
            let found = file.senses(ofTerm: Array(fields[1]))
            XCTAssertNotNil(found?[tag], "\(tag) \(String(decoding: fields[1], as: UTF8.self))")
        }
    }
}
