// swift-tools-version:6.1
import PackageDescription

/// litsearch: multilingual photo search on a locked image tower (LiT).
///
/// Data flows one way: files → `ImageIO` → `ImageTower` → `Catalog`; the CLI in
/// `LitSearchCLI` is a thin layer over the `LitSearch` library.
/// Hot loops (depthwise convolutions, later attention and PQ scans) use SIMD8<Float>; on x86-64
/// they are compiled for AVX2 + FMA (every x86-64 CPU since 2013–2015). Set LITSEARCH_PORTABLE=1
/// when building for an older CPU.
///
/// These modules are also optimised in debug builds: unoptimised, one image through the tower takes
/// about a second, which would make the end-to-end tests crawl.
let vectorSettings: [SwiftSetting] = {
    var settings: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]
    #if arch(x86_64)
    if Context.environment["LITSEARCH_PORTABLE"] == nil {
        settings.append(.unsafeFlags(["-Xcc", "-mavx2", "-Xcc", "-mfma", "-Xcc", "-mf16c"]))
    }
    #endif
    return settings
}()

/// The server's HTTP tests, through Hummingbird's testing module (which brings an HTTP client and
/// TLS). `scripts/sanitize.sh` leaves them out (LITSEARCH_NO_SERVER_TESTS=1): compiling BoringSSL
/// and the client under AddressSanitizer would double CI's time for code that has no unsafe pointers.
let serverTests: [Target] = Context.environment["LITSEARCH_NO_SERVER_TESTS"] != nil ? [] : [
    .testTarget(name: "ServerTests", dependencies: ["Server", "LitSearch", "Catalog",
                                                    .product(name: "HummingbirdTesting", package: "hummingbird")]),
]

let package = Package(
    name: "litsearch",
    products: [
        .executable(name: "litsearch", targets: ["LitSearchCLI"]),
        .library(name: "LitSearch", targets: ["LitSearch"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // `litsearch serve`; without the swift-configuration trait, which litsearch does not use.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
    ],
    targets: [
        // C libraries from Debian's -dev packages, as system-library targets.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CJPEG", pkgConfig: "libjpeg", providers: [.apt(["libjpeg62-turbo-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng16", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CWebP", pkgConfig: "libwebp", providers: [.apt(["libwebp-dev"])]),
        .systemLibrary(name: "CGIF", providers: [.apt(["libgif-dev"])]),
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CXXHash", pkgConfig: "libxxhash", providers: [.apt(["libxxhash-dev"])]),
        .systemLibrary(name: "CICU", pkgConfig: "icu-i18n", providers: [.apt(["libicu-dev"])]),
        // LAPACK symbols (sgesdd_) that libopenblas exports; declared by hand in Sources/CLAPACK/shim.h.
        .systemLibrary(name: "CLAPACK"),

        // C glue that needs setjmp/longjmp (libjpeg's error exits), which Swift cannot host.
        .target(name: "CImageShims", dependencies: ["CJPEG"]),
        // Plain-C wrappers over ICU (version-suffixed names; Foundation's private ICU headers clash in Swift).
        .target(name: "CTokenizerShims", dependencies: ["CICU"]),

        // Hand-vectorised kernels (AVX-512 / AVX2, chosen at run time) for the towers' hot loops.
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-O3"])]),

        // Leaf modules that several others share.
        // The one seeded random generator, for everything that must be reproducible from a seed.
        .target(name: "SeededRandom"),
        // The one parallel loop: chunks of a range over N workers.
        .target(name: "ParallelLoops"),
        // Files written whole or not at all (temporary file, fsync, rename, folder fsync).
        .target(name: "AtomicFiles"),

        // Library modules, one per concern.
        .target(name: "ImageIO", dependencies: ["CImageShims", "CJPEG", "CPNG", "CWebP", "CGIF"], swiftSettings: vectorSettings),
        .target(name: "ImageTower", dependencies: ["ParallelLoops", "CBLAS", "CKernels"], swiftSettings: vectorSettings),
        .target(name: "Catalog", dependencies: ["CSQLite"]),
        .target(name: "Tokenizer", dependencies: ["AtomicFiles", "CTokenizerShims"], swiftSettings: vectorSettings),
        .target(name: "LinearAlgebra", dependencies: ["CLAPACK"]),
        .target(name: "VectorIndex", dependencies: ["SeededRandom", "AtomicFiles", "CBLAS", "LinearAlgebra", "CXXHash"], swiftSettings: vectorSettings),
        .target(name: "TextTower", dependencies: ["SeededRandom", "CBLAS"], swiftSettings: vectorSettings),
        .target(name: "Training", dependencies: ["SeededRandom", "ParallelLoops", "AtomicFiles", "TextTower", "CBLAS", "LinearAlgebra"], swiftSettings: vectorSettings),
        .target(name: "ConceptBridge", dependencies: ["CBLAS"], swiftSettings: vectorSettings),
        .target(name: "LitSearch", dependencies: ["ImageIO", "ImageTower", "Catalog", "CXXHash", "VectorIndex", "Tokenizer", "TextTower", "Training", "ConceptBridge", "SeededRandom", "ParallelLoops", "AtomicFiles"]),
        // The HTTP API and page of `litsearch serve`, over the library.
        .target(name: "Server", dependencies: ["AtomicFiles", "LitSearch", "Catalog", "ImageIO", "Tokenizer", .product(name: "Hummingbird", package: "hummingbird")]),
        .executableTarget(
            name: "LitSearchCLI",
            dependencies: ["LitSearch", "Tokenizer", "TextTower", "VectorIndex", "Training", "ConceptBridge", "Server", "SeededRandom", "AtomicFiles",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        .testTarget(name: "SeededRandomTests", dependencies: ["SeededRandom"]),
        .testTarget(name: "ParallelLoopsTests", dependencies: ["ParallelLoops"]),
        .testTarget(name: "AtomicFilesTests", dependencies: ["AtomicFiles"]),
        .testTarget(name: "ImageIOTests", dependencies: ["ImageIO", "SeededRandom"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ImageTowerTests", dependencies: ["ImageTower", "ImageIO"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CatalogTests", dependencies: ["Catalog"]),
        .testTarget(name: "TokenizerTests", dependencies: ["Tokenizer", "SeededRandom"], resources: [.copy("Fixtures")]),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra"]),
        .testTarget(name: "VectorIndexTests", dependencies: ["VectorIndex", "SeededRandom"]),
        .testTarget(name: "TextTowerTests", dependencies: ["TextTower", "SeededRandom"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "TextTower", "SeededRandom"]),
        .testTarget(name: "ConceptBridgeTests", dependencies: ["ConceptBridge"]),
        .testTarget(name: "LitSearchTests", dependencies: ["LitSearch", "Training", "TextTower", "ConceptBridge", "SeededRandom"]),
        .testTarget(name: "LitSearchCLITests", dependencies: ["LitSearch", "Catalog", "VectorIndex"]),
    ] + serverTests,
    swiftLanguageModes: [.v5]
)
