// swift-tools-version:5.10
// Strata: fast hierarchical Bayesian model fitting (NUTS, L-BFGS) in Swift.
import PackageDescription

/// No gather instructions from the vectorisers on x86 (`-mno-gather`, also what clang's own tuning picks for recent
/// Intel cores): vgatherdpd costs 2.5 times eight scalar loads on the Ice Lake VM with gather-data-sampling microcode
/// (measured 2026-12-01), and the Swift compiler's LLVM emitted it for the gathered lanes of the fused loops. Only the
/// choice of instructions changes, never a value. Reaches Swift code generation through the Clang importer (`-Xcc`).
#if arch(x86_64)
let noGather = ["-mno-gather"]
#else
let noGather: [String] = []
#endif

/// Release builds of the numeric modules: no runtime checks, and code for the building machine's CPU (AVX-512 where
/// it has it), as the C kernels (`-march=native`). No fast-math: the same IEEE operations in the same order.
let optimized: [SwiftSetting] = [.unsafeFlags(["-Ounchecked", "-target-cpu", "native"] + noGather.flatMap { ["-Xcc", $0] },
                                              .when(configuration: .release))]

let package = Package(
    name: "Strata",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Strata", targets: ["Strata"]),
        .executable(name: "strata", targets: ["StrataMain"]),
        // The `strata` commands as a library, for the optional `strata-mpi` package in mpi/ (needs Open MPI).
        .library(name: "StrataCLI", targets: ["StrataCLI"]),
        .executable(name: "strata-bench", targets: ["StrataBenchmarks"]),
        .library(name: "strata_c", type: .dynamic, targets: ["StrataCAPI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "COpenBLAS", path: "CSupport/COpenBLAS",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),
        .systemLibrary(name: "CNetCDF", path: "CSupport/CNetCDF", providers: [.apt(["libnetcdf-dev"])]),
        .systemLibrary(name: "CSundials", path: "CSupport/CSundials", providers: [.apt(["libsundials-dev"])]),
        .target(name: "StrataCore"),
        .target(name: "CStrataKernels", cSettings: [.unsafeFlags(["-O3", "-march=native"] + noGather, .when(configuration: .release))]),
        .target(name: "StrataKernels", dependencies: ["CStrataKernels"], swiftSettings: optimized),
        .target(name: "StrataLinearAlgebra", dependencies: ["COpenBLAS"], swiftSettings: optimized),
        .target(name: "StrataAutodiff",
                dependencies: ["StrataCore", "StrataKernels", "StrataLinearAlgebra"], swiftSettings: optimized),
        .target(name: "StrataDistributions",
                dependencies: ["StrataCore", "StrataKernels", "StrataAutodiff", "StrataLinearAlgebra", "StrataDiagnostics"],
                swiftSettings: optimized),
        .target(name: "StrataModeling",
                dependencies: ["StrataCore", "StrataAutodiff", "StrataDistributions"], swiftSettings: optimized),
        .target(name: "StrataSamplers",
                dependencies: ["StrataCore", "StrataKernels", "StrataLinearAlgebra"], swiftSettings: optimized),
        .target(name: "StrataOptimization", dependencies: ["StrataCore"], swiftSettings: optimized),
        .target(name: "StrataDiagnostics", swiftSettings: optimized),
        .target(name: "StrataOutput", dependencies: ["StrataCore", "StrataDiagnostics"]),
        .target(name: "StrataNetCDF", dependencies: ["CNetCDF"]),
        .target(name: "StrataStanFrontEnd"),
        .target(name: "StrataStanModel",
                dependencies: ["StrataStanFrontEnd", "StrataCore", "StrataAutodiff", "StrataDistributions",
                               "StrataModeling", "StrataOutput", "CSundials"], swiftSettings: optimized),
        .target(name: "Strata",
                dependencies: ["StrataStanModel", "StrataStanFrontEnd", "StrataLinearAlgebra", "StrataCore", "StrataAutodiff", "StrataDistributions", "StrataModeling",
                               "StrataSamplers", "StrataOptimization", "StrataDiagnostics", "StrataOutput", "StrataNetCDF"]),
        .target(name: "StrataCAPI", dependencies: ["Strata"]),
        .target(name: "CStrataSignals"),
        .target(name: "StrataCLI",
                dependencies: ["Strata", "StrataStanFrontEnd", "CStrataSignals",
                               .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(name: "StrataMain", dependencies: ["StrataCLI"]),
        .target(name: "CDecayReference", path: "Benchmarks/CReference",
                cSettings: [.unsafeFlags(["-O3", "-march=native", "-ffast-math", "-fveclib=libmvec"])],
                linkerSettings: [.linkedLibrary("mvec")]),
        // Counts heap allocations by interposing malloc: linked only into strata-bench and the tests, never a product.
        .target(name: "CStrataAllocationCounter"),
        .executableTarget(name: "StrataBenchmarks", dependencies: ["Strata", "CDecayReference", "CStrataAllocationCounter"], path: "Benchmarks",
                          exclude: ["CReference", "Marginalisation", "Conformance", "StanGradient"], swiftSettings: optimized),
        .target(name: "StrataTestSupport", dependencies: ["StrataCore", "StrataDiagnostics", "StrataAutodiff"], path: "Tests/StrataTestSupport"),
        .testTarget(name: "StrataCoreTests", dependencies: ["StrataCore", "StrataTestSupport"]),
        .testTarget(name: "StrataKernelsTests", dependencies: ["StrataKernels", "StrataCore"]),
        .testTarget(name: "StrataLinearAlgebraTests", dependencies: ["StrataLinearAlgebra", "StrataTestSupport"]),
        .testTarget(name: "StrataAutodiffTests", dependencies: ["StrataAutodiff", "StrataTestSupport"], exclude: ["Reference"]),
        .testTarget(name: "StrataDistributionsTests",
                    dependencies: ["StrataDistributions", "StrataAutodiff", "StrataTestSupport"],
                    exclude: ["Reference"]),
        .testTarget(name: "StrataSamplersTests", dependencies: ["StrataSamplers", "StrataLinearAlgebra", "StrataTestSupport"]),
        .testTarget(name: "StrataOptimizationTests", dependencies: ["StrataOptimization", "StrataTestSupport"]),
        .testTarget(name: "StrataDiagnosticsTests", dependencies: ["StrataDiagnostics", "StrataTestSupport"]),
        .testTarget(name: "StrataStanFrontEndTests", dependencies: ["StrataStanFrontEnd", "StrataCore", "StrataTestSupport"],
                    exclude: ["Golden"]),
        .testTarget(name: "StrataStanModelTests",
                    dependencies: ["StrataStanModel", "Strata", "StrataTestSupport"]),
        .testTarget(name: "StrataIntegrationTests", dependencies: ["Strata", "StrataTestSupport", "CStrataAllocationCounter"]),
        .testTarget(name: "StrataConformanceTests", dependencies: ["Strata", "StrataTestSupport"]),
        .testTarget(name: "StrataCAPITests", dependencies: ["StrataCAPI", "StrataTestSupport"], exclude: ["c"]),
        .testTarget(name: "StrataOutputTests", dependencies: ["StrataOutput", "StrataTestSupport"]),
        .testTarget(name: "StrataCLITests", dependencies: ["StrataTestSupport", "StrataOutput", "StrataCLI"]),
    ]
)
