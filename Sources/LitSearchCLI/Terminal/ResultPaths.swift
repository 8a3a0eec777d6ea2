import Catalog

/// How commands show the paths of indexed images: absolute (the image's own root joined with the
/// stored path) by default, or as the catalog stores them, relative to that root (`--relative`).
///
/// An index may hold several roots, so a path is shown through its image's id:
///
/// ```swift
/// let paths = try ResultPaths(catalog: catalog, ids: hits.map(\.id), relative: relative)
/// print(paths.shown(id: hit.id, stored: hit.path))   // /home/me/Pictures/2024/beach.jpg
/// ```
struct ResultPaths {
    /// Show stored paths unchanged.
    let relative: Bool
    /// Where each image of the results is.
    let locations: [Int64: ImageLocation]

    /// Looks up the roots of the images `ids`.
    /// - Complexity: O(k log n) for k ids.
    init(catalog: Catalog, ids: [Int64], relative: Bool) throws {
        self.relative = relative
        self.locations = try catalog.locations(ofImages: ids)
    }

    /// The stored path of image `id` as the user asked to see it.
    func shown(id: Int64, stored: String) -> String {
        guard !relative, let location = locations[id] else { return stored }
        return location.absolutePath
    }

    /// The root image `id` is under, if it is known.
    func root(of id: Int64) -> String? {
        locations[id]?.root
    }
}
