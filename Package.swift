// swift-tools-version:5.10
// Strata: fast hierarchical Bayesian model fitting (NUTS, L-BFGS) in Swift.
import PackageDescription

let optimized: [SwiftSetting] = [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]

let package = Package(
    name: "Strata",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Strata", targets: ["Strata"]),
        .executable(name: "strata", targets: ["StrataCLI"]),
        .executable(name: "strata-bench", targets: ["StrataBenchmarks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "COpenBLAS", path: "CSupport/COpenBLAS",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),
        .target(name: "StrataCore"),
        .target(name: "StrataKernels", swiftSettings: optimized),
        .target(name: "StrataLinearAlgebra", dependencies: ["COpenBLAS"], swiftSettings: optimized),
        .target(name: "StrataAutodiff",
                dependencies: ["StrataCore", "StrataKernels", "StrataLinearAlgebra"], swiftSettings: optimized),
        .target(name: "StrataDistributions",
                dependencies: ["StrataCore", "StrataKernels", "StrataAutodiff", "StrataLinearAlgebra"],
                swiftSettings: optimized),
        .target(name: "StrataModeling",
                dependencies: ["StrataCore", "StrataAutodiff", "StrataDistributions"], swiftSettings: optimized),
        .target(name: "StrataSamplers",
                dependencies: ["StrataCore", "StrataKernels", "StrataLinearAlgebra"], swiftSettings: optimized),
        .target(name: "StrataOptimization", dependencies: ["StrataCore"], swiftSettings: optimized),
        .target(name: "StrataDiagnostics", swiftSettings: optimized),
        .target(name: "StrataOutput", dependencies: ["StrataCore", "StrataDiagnostics"]),
        .target(name: "StrataStanFrontEnd"),
        .target(name: "StrataStanModel",
                dependencies: ["StrataStanFrontEnd", "StrataCore", "StrataAutodiff", "StrataDistributions",
                               "StrataModeling", "StrataOutput"], swiftSettings: optimized),
        .target(name: "Strata",
                dependencies: ["StrataStanModel", "StrataStanFrontEnd", "StrataLinearAlgebra", "StrataCore", "StrataAutodiff", "StrataDistributions", "StrataModeling",
                               "StrataSamplers", "StrataOptimization", "StrataDiagnostics", "StrataOutput"]),
        .executableTarget(name: "StrataCLI",
                          dependencies: ["Strata", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(name: "StrataBenchmarks", dependencies: ["Strata"], path: "Benchmarks",
                          swiftSettings: optimized),
        .target(name: "StrataTestSupport", dependencies: ["StrataCore", "StrataDiagnostics"], path: "Tests/StrataTestSupport"),
        .testTarget(name: "StrataCoreTests", dependencies: ["StrataCore", "StrataTestSupport"]),
        .testTarget(name: "StrataKernelsTests", dependencies: ["StrataKernels", "StrataCore"]),
        .testTarget(name: "StrataLinearAlgebraTests", dependencies: ["StrataLinearAlgebra", "StrataTestSupport"]),
        .testTarget(name: "StrataAutodiffTests", dependencies: ["StrataAutodiff", "StrataTestSupport"]),
        .testTarget(name: "StrataDistributionsTests",
                    dependencies: ["StrataDistributions", "StrataAutodiff", "StrataTestSupport"],
                    exclude: ["Reference"]),
        .testTarget(name: "StrataSamplersTests", dependencies: ["StrataSamplers", "StrataLinearAlgebra", "StrataTestSupport"]),
        .testTarget(name: "StrataOptimizationTests", dependencies: ["StrataOptimization", "StrataTestSupport"]),
        .testTarget(name: "StrataDiagnosticsTests", dependencies: ["StrataDiagnostics", "StrataTestSupport"]),
        .testTarget(name: "StrataStanFrontEndTests", dependencies: ["StrataStanFrontEnd", "StrataTestSupport"],
                    exclude: ["Golden"]),
        .testTarget(name: "StrataStanModelTests",
                    dependencies: ["StrataStanModel", "Strata", "StrataTestSupport"]),
        .testTarget(name: "StrataIntegrationTests", dependencies: ["Strata", "StrataTestSupport"]),
        .testTarget(name: "StrataOutputTests", dependencies: ["StrataOutput", "StrataTestSupport"]),
    ]
)
