// swift-tools-version: 6.1
// swift-winograd: exact derivation, emission and measurement of Winograd
// minimal-filtering algorithms F(m, r).

import PackageDescription

let package = Package(
    name: "swift-winograd",
    products: [
        .library(name: "ExactArithmetic", targets: ["ExactArithmetic"]),
        .library(name: "Winograd", targets: ["Winograd"]),
        .library(name: "WinogradEmitter", targets: ["WinogradEmitter"]),
        .library(name: "WinogradKernelsC", targets: ["WinogradKernelsC"]),
        .library(name: "WinogradKernels", targets: ["WinogradKernels"]),
        .library(name: "WinogradKernelRegistry", targets: ["WinogradKernelRegistry"]),
        .library(name: "WinogradRuntime", targets: ["WinogradRuntime"]),
        .library(name: "WinogradAnalysis", targets: ["WinogradAnalysis"]),
        .executable(name: "winograd", targets: ["winograd"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        // MARK: - Public API

        /// Exact rationals (GMP mpq), exact matrices and polynomials.
        .target(
            name: "ExactArithmetic",
            dependencies: ["CGMP"]
        ),
        /// Interpolation points, Cook–Toom derivation, nested transforms,
        /// exact verification and the text/JSON/NumPy/LaTeX/C formats.
        .target(
            name: "Winograd",
            dependencies: ["ExactArithmetic"]
        ),
        /// Straight-line kernels for the transforms: build, simplify, lower,
        /// schedule, count, print (C and Swift) inside user-editable frames.
        .target(
            name: "WinogradEmitter",
            dependencies: ["Winograd"]
        ),
        /// The committed kernels of Generated/ (`winograd emit --all`), in C
        /// and in Swift: the tiles of `KernelCatalogue.committed`
        /// (WinogradEmitter), 1-D and 2-D, float and double.
        .target(
            name: "WinogradKernelsC",
            path: "Generated/C"
        ),
        .target(
            name: "WinogradKernels",
            path: "Generated/Swift"
        ),
        /// Every committed C and Swift kernel as one entry (sizes, points,
        /// the transforms as closures), generated from the catalogue.
        .target(
            name: "WinogradKernelRegistry",
            dependencies: ["WinogradKernelsC", "WinogradKernels"],
            path: "Generated/Registry"
        ),
        /// Tensors, .npy and PGM/PPM files, convolution plans over the
        /// kernels, references and error statistics.
        .target(
            name: "WinogradRuntime",
            dependencies: ["Winograd", "CWinogradRuntime"]
        ),
        /// The precision study: errors per tile size, point set, number
        /// format and evaluation mode.
        .target(
            name: "WinogradAnalysis",
            dependencies: ["Winograd", "WinogradEmitter", "WinogradRuntime"]
        ),
        /// The command-line tool.
        .executableTarget(
            name: "winograd",
            dependencies: [
                "Winograd",
                "WinogradEmitter",
                "WinogradRuntime",
                "WinogradAnalysis",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - Implementation details

        /// GMP through pkg-config; this module provides no stable Swift API.
        .systemLibrary(
            name: "CGMP",
            pkgConfig: "gmp",
            providers: [.apt(["libgmp-dev"]), .brew(["gmp"])]
        ),
        /// The runtime's hot loops in C: the transformed-domain products,
        /// SGEMM, direct convolution, the FMA-peak probe; AVX-512/AVX2 chosen
        /// at run time, with a portable fallback.
        .target(
            name: "CWinogradRuntime"
        ),
        /// Counts GMP's live allocations per thread, for the leak tests.
        .target(
            name: "GMPAllocationCounter",
            dependencies: ["CGMP"],
            path: "Tests/GMPAllocationCounter"
        ),

        /// Shared test helpers: a seeded generator, a process runner, and the
        /// reference every compiled-kernel test measures against.
        .target(
            name: "TestSupport",
            dependencies: ["ExactArithmetic", "Winograd"],
            path: "Tests/TestSupport"
        ),

        // MARK: - Unit test bundles

        .testTarget(
            name: "ExactArithmeticTests",
            dependencies: ["ExactArithmetic", "GMPAllocationCounter", "TestSupport"]
        ),
        .testTarget(
            name: "WinogradTests",
            dependencies: ["Winograd", "TestSupport"]
        ),
        .testTarget(
            name: "WinogradEmitterTests",
            dependencies: ["WinogradEmitter", "TestSupport"]
        ),
        .testTarget(
            name: "WinogradKernelsTests",
            dependencies: ["WinogradKernelRegistry", "Winograd", "WinogradEmitter", "TestSupport"]
        ),
        .testTarget(
            name: "WinogradRuntimeTests",
            dependencies: ["WinogradRuntime", "TestSupport"]
        ),
        .testTarget(
            name: "WinogradAnalysisTests",
            dependencies: ["WinogradAnalysis", "TestSupport"]
        ),
        .testTarget(
            name: "WinogradCLITests",
            dependencies: ["winograd", "Winograd", "WinogradEmitter", "WinogradKernelRegistry", "TestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
