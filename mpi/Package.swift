// swift-tools-version:5.10
// strata-mpi: `strata sample` with its chains spread over MPI processes (Open MPI). Optional: the root package
// builds without MPI; build this one with `bash scripts/build-mpi.sh` where libopenmpi-dev is installed.
import PackageDescription

let package = Package(
    name: "StrataMPI",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "strata-mpi", targets: ["StrataMPI"]),
    ],
    dependencies: [
        .package(name: "Strata", path: ".."),
    ],
    targets: [
        .systemLibrary(name: "CMPI", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev"])]),
        .executableTarget(name: "StrataMPI", dependencies: ["CMPI", .product(name: "StrataCLI", package: "Strata")]),
    ]
)
