import LitSearch
import XCTest

final class LeadingArticleTests: XCTestCase {
    func testOpeningArticlesOfTheLanguageAreTakenOff() {
        XCTAssertEqual(LeadingArticle.removed(from: "A frog.", language: "en"), "frog.")
        XCTAssertEqual(LeadingArticle.removed(from: "An  apple", language: "en-GB"), "apple")
        XCTAssertEqual(LeadingArticle.removed(from: "Eine Katze.", language: "de"), "Katze.")
        XCTAssertEqual(LeadingArticle.removed(from: "Una rana.", language: "es"), "rana.")
        XCTAssertEqual(LeadingArticle.removed(from: "Ένας βάτραχος.", language: "el"), "βάτραχος.")
        XCTAssertEqual(LeadingArticle.removed(from: "Egy béka.", language: "hu"), "béka.")
        XCTAssertEqual(LeadingArticle.removed(from: "un'anatra", language: "it"), "anatra")
        XCTAssertEqual(LeadingArticle.removed(from: "Igela bat.", language: "eu"), "Igela.")
    }

    func testWordsThatAreArticlesOnlyElsewhereStay() {
        // "o" is the Romanian article, not the Portuguese one (a definite article, left alone);
        // "una" is Spanish, not English; Basque "bat" closes a phrase, it does not open one.
        XCTAssertEqual(LeadingArticle.removed(from: "o gato", language: "pt"), "o gato")
        XCTAssertEqual(LeadingArticle.removed(from: "o broască", language: "ro"), "broască")
        XCTAssertEqual(LeadingArticle.removed(from: "una rana", language: "en"), "una rana")
        XCTAssertEqual(LeadingArticle.removed(from: "bat igela", language: "eu"), "bat igela")
        XCTAssertEqual(LeadingArticle.removed(from: "Лягушка.", language: "ru"), "Лягушка.")
    }

    func testWithoutALanguageOnlyEnglishArticlesGo() {
        XCTAssertEqual(LeadingArticle.removed(from: "a dog", language: nil), "dog")
        XCTAssertEqual(LeadingArticle.removed(from: "ein Hund", language: nil), "ein Hund")
    }

    func testNothingIsLeftEmpty() {
        XCTAssertEqual(LeadingArticle.removed(from: "A", language: "en"), "A")
        XCTAssertEqual(LeadingArticle.removed(from: "bat", language: "eu"), "bat")
        XCTAssertEqual(LeadingArticle.removed(from: "un'", language: "it"), "un'")
        XCTAssertEqual(LeadingArticle.removed(from: "", language: "de"), "")
        XCTAssertEqual(LeadingArticle.removed(from: "  ", language: "en"), "  ")
    }
}
