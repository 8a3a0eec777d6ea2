/// How commands show the paths of indexed images: absolute (the indexed folder joined with the
/// stored path) by default, or as the catalog stores them, relative to that folder (`--relative`).
///
/// ```swift
/// let paths = ResultPaths(root: try catalog.meta(.lastRoot), relative: relative)
/// print(paths.shown("2024/beach.jpg"))   // /home/me/Pictures/2024/beach.jpg
/// ```
struct ResultPaths {
    /// The indexed folder (the catalog's `last_root`), or nil when it has none.
    let root: String?
    /// Show stored paths unchanged.
    let relative: Bool

    /// `stored` as the user asked to see it.
    func shown(_ stored: String) -> String {
        guard !relative, let root, !root.isEmpty else { return stored }
        return root.hasSuffix("/") ? root + stored : root + "/" + stored
    }
}
