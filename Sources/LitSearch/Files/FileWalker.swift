import Catalog
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file found under the indexed root, or the reason it cannot be used.
public struct FoundFile: Sendable, Equatable {
    /// Path relative to the root, `/`-separated. Bytes that are not valid UTF-8 are shown as `\xNN`.
    public let relativePath: String
    /// What the catalog records to tell whether the file changed (size, times, inode); zeros
    /// and nils when the file could not be examined.
    public let stamp: FileStamp
    /// Why the file cannot be read, or `nil`.
    public let problem: FileProblem?

    /// Size in bytes, 0 when unknown.
    public var size: Int64 { stamp.size }

    /// A file that could not be examined, and why.
    init(relativePath: String, problem: FileProblem) {
        self.init(relativePath: relativePath, stamp: FileStamp(size: 0, mtimeNanoseconds: 0), problem: problem)
    }

    init(relativePath: String, stamp: FileStamp, problem: FileProblem? = nil) {
        self.relativePath = relativePath
        self.stamp = stamp
        self.problem = problem
    }
}

/// Why a path under the root could not be read.
public struct FileProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The name is not valid UTF-8.
        case badName = "bad_name"
        /// Permission denied, I/O error, broken link, symlink loop.
        case unreadable
    }

    public let kind: Kind
    public let message: String
    /// A folder that could not be listed (the walk knows nothing of what is inside it).
    public var isUnlistedDirectory = false

    public var description: String { message }
}

/// Walks a directory tree with POSIX calls, so that names which are not valid UTF-8, permission
/// errors and symlink loops are reported instead of being dropped or crashing.
///
/// Symbolic links are followed; a directory reached twice (a loop) is reported once and not
/// entered again. Hidden entries (names starting with `.`) are skipped, as are sockets, pipes
/// and devices, and whatever `exclusions` leaves out (an excluded folder is not entered); the
/// walk counts the hidden and excluded entries. Results are sorted by path, so runs are
/// deterministic.
public struct FileWalker: Sendable {
    public let root: String
    /// Paths left out (`--exclude`, `.litsearchignore`).
    public let exclusions: PathExclusions

    public init(root: String, exclusions: PathExclusions = PathExclusions()) {
        self.root = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
        self.exclusions = exclusions
    }

    /// What a walk found, and what it skipped.
    public struct Walk: Sendable {
        /// Every file found, sorted by path.
        public var files: [FoundFile] = []
        /// Hidden entries skipped (a hidden folder counts once), the ignore file itself not counted.
        public var hidden = 0
        /// Entries left out by the exclusions (an excluded folder counts once).
        public var excluded = 0
    }

    /// Every file under the root.
    ///
    /// - Complexity: O(entries) system calls.
    public func files() -> [FoundFile] { walk().files }

    /// Every file under the root, with the counts of what was skipped.
    ///
    /// - Complexity: O(entries) system calls.
    public func walk() -> Walk {
        var result = Walk()
        var visited = Set<DirectoryIdentity>()
        var rootStatus = stat()
        if stat(root, &rootStatus) == 0 {
            visited.insert(DirectoryIdentity(rootStatus))
        }
        walk(directory: root, relative: "", visited: &visited, into: &result)
        result.files.sort { $0.relativePath < $1.relativePath }
        return result
    }

    private struct DirectoryIdentity: Hashable {
        let device: UInt64
        let inode: UInt64
        init(_ status: stat) {
            device = UInt64(status.st_dev)
            inode = UInt64(status.st_ino)
        }
    }

    /// The test hook: relative folders (`.` for the root), separated by commas, that the walk
    /// treats as unlistable ("Permission denied"), since tests run as root, who can list anything.
    public static let unlistableVariable = "LITSEARCH_TEST_UNLISTABLE"
    private static let unlistableForTests = Set((ProcessInfo.processInfo.environment[unlistableVariable] ?? "")
        .split(separator: ",").map(String.init))

    private func walk(directory: String, relative: String, visited: inout Set<DirectoryIdentity>, into result: inout Walk) {
        let hooked = Self.unlistableForTests.contains(relative.isEmpty ? "." : relative)
        guard !hooked, let handle = opendir(directory) else {
            let reason = hooked ? String(cString: strerror(EACCES)) : String(cString: strerror(errno))
            result.files.append(FoundFile(relativePath: relative.isEmpty ? "." : relative,
                                          problem: FileProblem(kind: .unreadable, message: "cannot open directory: \(reason)",
                                                               isUnlistedDirectory: true)))
            return
        }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let nameBytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Array(raw.prefix(while: { $0 != 0 }))
            }
            if nameBytes.first == UInt8(ascii: ".") {
                let special = nameBytes == [UInt8(ascii: ".")] || nameBytes == [UInt8(ascii: "."), UInt8(ascii: ".")]
                    || (relative.isEmpty && nameBytes == Array(PathExclusions.fileName.utf8))
                if !special { result.hidden += 1 }
                continue
            }
            let name = String(validating: nameBytes, as: UTF8.self)
            let shownName = name ?? Self.escaped(nameBytes)
            let relativePath = relative.isEmpty ? shownName : relative + "/" + shownName
            guard let name else {
                result.files.append(FoundFile(relativePath: relativePath, problem: FileProblem(kind: .badName, message: "file name is not valid UTF-8")))
                continue
            }
            let path = directory + "/" + name
            var status = stat()
            let statFailed = stat(path, &status) != 0
            let code = errno
            // An entry that cannot be examined (a broken link) is matched as a file.
            if !exclusions.isEmpty, exclusions.excludes(relativePath, isDirectory: !statFailed && status.st_mode & S_IFMT == S_IFDIR) {
                result.excluded += 1
                continue
            }
            if statFailed {
                let message: String
                switch code {
                case ELOOP: message = "symbolic link loop"
                case ENOENT: message = "broken symbolic link"
                default: message = String(cString: strerror(code))
                }
                result.files.append(FoundFile(relativePath: relativePath, problem: FileProblem(kind: .unreadable, message: message)))
                continue
            }
            switch status.st_mode & S_IFMT {
            case S_IFDIR:
                let identity = DirectoryIdentity(status)
                if visited.contains(identity) {
                    result.files.append(FoundFile(relativePath: relativePath,
                                                  problem: FileProblem(kind: .unreadable, message: "symbolic link loop (directory already visited)")))
                    continue
                }
                visited.insert(identity)
                walk(directory: path, relative: relativePath, visited: &visited, into: &result)
            case S_IFREG:
                result.files.append(FoundFile(relativePath: relativePath, stamp: FileStamp(status: status)))
            default:
                continue
            }
        }
    }

    /// Shows bytes as UTF-8 where valid and `\xNN` elsewhere.
    static func escaped(_ bytes: [UInt8]) -> String {
        var result = ""
        var index = 0
        while index < bytes.count {
            var matched = false
            for length in (1...4).reversed() where index + length <= bytes.count {
                if let piece = String(validating: bytes[index..<(index + length)], as: UTF8.self), piece.unicodeScalars.count == 1 {
                    result += piece
                    index += length
                    matched = true
                    break
                }
            }
            if !matched {
                result += "\\x" + (bytes[index] < 16 ? "0" : "") + String(bytes[index], radix: 16, uppercase: true)
                index += 1
            }
        }
        return result
    }
}
