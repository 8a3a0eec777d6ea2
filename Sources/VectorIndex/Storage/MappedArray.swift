/// Contiguous values that are either owned (a Swift array) or read in place from a section of a
/// memory-mapped index file.
///
/// An index opened from a file borrows its large sections (ids, tombstones, float16 vectors,
/// codes, list rows) straight from the mapping, so opening costs page-table work instead of a
/// copy of the file; the pages a search touches are read on demand. The first mutation of a
/// borrowed array copies it into owned storage (copy-on-write at the level of the whole array),
/// so `add` and `remove` work on an opened index as they do on a built one.
///
/// ```swift
/// var rows = MappedArray([1, 2, 3])       // owned
/// rows.append(4)                           // as an Array would
/// rows.withUnsafeBufferPointer { scan($0) } // the hot loops read through a buffer pointer
/// ```
struct MappedArray<Element: BitwiseCopyable>: RandomAccessCollection {
    /// The owned values (empty while borrowing).
    private var owned: [Element]
    /// The borrowed values and the mapping that keeps them alive, while borrowing.
    private var borrowed: (values: UnsafeBufferPointer<Element>, file: MappedFile)?

    /// Owned storage holding `values`.
    init(_ values: [Element] = []) {
        owned = values
        borrowed = nil
    }

    /// Values read in place from `file`; `values` must lie inside `file.bytes` and stay valid
    /// while `file` lives (the mapping is never written).
    init(borrowing values: UnsafeBufferPointer<Element>, from file: MappedFile) {
        owned = []
        borrowed = (values, file)
    }

    /// True while the values are read from a mapped file.
    var isBorrowed: Bool { borrowed != nil }

    var startIndex: Int { 0 }
    var endIndex: Int { borrowed?.values.count ?? owned.count }

    subscript(position: Int) -> Element {
        get {
            if let borrowed {
                precondition(position >= 0 && position < borrowed.values.count, "index out of range")
                return borrowed.values[position]
            }
            return owned[position]
        }
        set {
            makeOwned()
            owned[position] = newValue
        }
    }

    /// Calls `body` with the values' contiguous storage.
    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        if let borrowed { return try body(borrowed.values) }
        return try owned.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with the values' raw bytes.
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBufferPointer { try body(UnsafeRawBufferPointer($0)) }
    }

    /// The values in `range`, borrowed from the same mapping when these are borrowed.
    ///
    /// - Complexity: O(1) when borrowed, O(range.count) when owned.
    func slice(_ range: Range<Int>) -> MappedArray {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "range out of bounds")
        guard let borrowed else { return MappedArray(Array(owned[range])) }
        return MappedArray(borrowing: UnsafeBufferPointer(rebasing: borrowed.values[range]), from: borrowed.file)
    }

    /// Appends `value`, first copying borrowed values into owned storage.
    ///
    /// - Complexity: amortised O(1); O(count) for the first mutation of borrowed values.
    mutating func append(_ value: Element) {
        makeOwned()
        owned.append(value)
    }

    /// Appends `values`, first copying borrowed values into owned storage.
    ///
    /// - Complexity: O(values.count); O(count) more for the first mutation of borrowed values.
    mutating func append<S: Sequence>(contentsOf values: S) where S.Element == Element {
        makeOwned()
        owned.append(contentsOf: values)
    }

    /// Reserves room for `capacity` values in owned storage.
    mutating func reserveCapacity(_ capacity: Int) {
        makeOwned()
        owned.reserveCapacity(capacity)
    }

    /// Copies borrowed values into owned storage (nothing when already owned).
    ///
    /// - Complexity: O(count) when borrowed.
    private mutating func makeOwned() {
        guard let values = borrowed?.values else { return }
        owned = Array(values)
        borrowed = nil
    }
}

extension MappedArray: Equatable where Element: Equatable {
    static func == (lhs: MappedArray, rhs: MappedArray) -> Bool {
        lhs.withUnsafeBufferPointer { a in rhs.withUnsafeBufferPointer { b in a.elementsEqual(b) } }
    }
}

extension MappedArray: ExpressibleByArrayLiteral {
    init(arrayLiteral elements: Element...) {
        self.init(elements)
    }
}
