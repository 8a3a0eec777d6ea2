/// The PQ codes of the vectors assigned to one coarse centroid, with the rows they belong to.
///
/// A flat (non-IVF) index has a single list holding every code. Codes stay row-major (M bytes per
/// vector) and contiguous so that the ADC scan streams through them; an index opened from a file
/// reads them in place from its mapping.
struct InvertedList: Equatable {
    /// Row (position in the index's id and vector arrays) of each code.
    var rows: MappedArray<Int32> = []
    /// Codes, `rows.count × M` bytes.
    var codes: MappedArray<UInt8> = []
    /// Sparse tail entries, `rows.count × entries` (empty without a sparse tail).
    var sparse: MappedArray<UInt16> = []

    /// Number of codes in the list.
    var count: Int { rows.count }
}
