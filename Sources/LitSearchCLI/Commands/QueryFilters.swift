import ArgumentParser
import Catalog
import Foundation
import LitSearch

/// `query --under DIR --since DATE --until DATE`: which results to keep.
///
/// The search fetches `fetchCount(for:)` of the best matches (20 times `-k`, at most 10,000),
/// then keeps those under the folder and within the dates, best first, up to `-k`. A photo's date
/// is when it was taken (EXIF `DateTimeOriginal`, recorded by `index` for JPEGs), else its file's
/// modification time.
struct QueryFilters: ParsableArguments {
    @Option(help: ArgumentHelp("Only images under this folder: an absolute path (under an indexed folder, or holding some), or a path relative to the indexed folders.", valueName: "dir"))
    var under: String?

    @Option(help: ArgumentHelp("Only photos taken (EXIF date, else file modified) on or after this date (YYYY-MM-DD, or a full ISO 8601 time).", valueName: "date"))
    var since: String?

    @Option(help: ArgumentHelp("Only photos taken (EXIF date, else file modified) before the end of this date (YYYY-MM-DD, or a full ISO 8601 time).", valueName: "date"))
    var until: String?

    /// How many of the best matches each filtered result is drawn from, per result asked for.
    static let overFetch = 20

    var isActive: Bool { under != nil || since != nil || until != nil }

    func validate() throws {
        if let under, under.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--under needs a folder") }
        for (name, value) in [("--since", since), ("--until", until)] {
            if let value, Self.date(value, endOfDay: false) == nil {
                throw ValidationError("\(name) takes a date such as 2024-06-30 or 2024-06-30T18:00:00Z, not \(value)")
            }
        }
    }

    /// Results to ask the search for, to be left with `k` after filtering.
    func fetchCount(for k: Int) -> Int { isActive ? min(QueryCommand.maximumK, k * Self.overFetch) : k }

    /// The hits that pass, renumbered from 1, at most `k`.
    func apply(_ hits: [SearchHit], k: Int, catalog: Catalog) throws -> [SearchHit] {
        guard isActive else { return hits }
        let folder = try under.map { try Self.folder($0, roots: catalog.roots().map(\.path)) }
        let start = since.flatMap { Self.date($0, endOfDay: false) }, end = until.flatMap { Self.date($0, endOfDay: true) }
        var kept: [SearchHit] = []
        for hit in hits where kept.count < k {
            if let folder, !(try folder.contains(hit, catalog: catalog)) { continue }
            if start != nil || end != nil {
                guard let record = try catalog.image(id: hit.id) else { continue }
                let date = record.date
                if let start, date < start { continue }
                if let end, date >= end { continue }
            }
            kept.append(SearchHit(rank: kept.count + 1, score: hit.score, path: hit.path, id: hit.id))
        }
        return kept
    }

    /// What `--under` keeps: images inside an absolute folder (under a root, or holding roots),
    /// or images whose stored path is under a folder relative to their root.
    enum Folder: Equatable {
        case absolute(String)
        /// Relative to each root ("" for the roots themselves).
        case relative(String)

        /// Whether `hit` is in this folder.
        /// - Complexity: O(log n): an absolute folder looks up the hit's root.
        func contains(_ hit: SearchHit, catalog: Catalog) throws -> Bool {
            switch self {
            case let .relative(folder):
                return folder.isEmpty || hit.path.hasPrefix(folder + "/")
            case let .absolute(folder):
                guard let location = try catalog.location(ofImage: hit.id) else { return false }
                return RootRecord.isInside(location.absolutePath, folder)
            }
        }
    }

    /// `dir` as `--under` means it, given the index's `roots`: an absolute path stays absolute
    /// (standardized); a relative one is relative to the root when the index holds one, and to
    /// each root when it holds several.
    static func folder(_ dir: String, roots: [String]) -> Folder {
        if dir.hasPrefix("/") {
            let path = Indexer.resolvedRoot(dir)
            if roots.count == 1, let root = roots.first, RootRecord.isInside(path, root) {
                return .relative(relativeFolder(path, root: root))
            }
            return .absolute(path)
        }
        return .relative(relativeFolder(dir, root: roots.first))
    }

    /// `dir` as a folder relative to `root` ("" for the root itself).
    static func relativeFolder(_ dir: String, root: String?) -> String {
        var path = dir
        if path.hasPrefix("/"), let root {
            let base = root.hasSuffix("/") ? String(root.dropLast()) : root
            path = Indexer.resolvedRoot(path)
            if path == base { return "" }
            if path.hasPrefix(base + "/") { path = String(path.dropFirst(base.count + 1)) }
        }
        while path.hasPrefix("./") { path.removeFirst(2) }
        while path.hasSuffix("/") { path.removeLast() }
        return path == "." ? "" : path
    }

    /// A day (`YYYY-MM-DD`, UTC; its end with `endOfDay`) or an ISO 8601 time.
    static func date(_ text: String, endOfDay: Bool) -> Date? {
        if let time = ISO8601DateFormatter().date(from: text) { return time }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        guard let start = day.date(from: text) else { return nil }
        return endOfDay ? start.addingTimeInterval(86_400) : start
    }
}
