// swift-tools-version: 6.1
// swift-winograd: exact derivation, emission and measurement of Winograd
// minimal-filtering algorithms F(m, r).

import PackageDescription

let package = Package(
    name: "swift-winograd",
    products: [
        .library(name: "ExactArithmetic", targets: ["ExactArithmetic"]),
        .library(name: "Winograd", targets: ["Winograd"]),
        .executable(name: "winograd", targets: ["winograd"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
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
        /// The command-line tool.
        .executableTarget(
            name: "winograd",
            dependencies: [
                "Winograd",
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
        /// Counts GMP's live allocations per thread, for the leak tests.
        .target(
            name: "GMPAllocationCounter",
            dependencies: ["CGMP"],
            path: "Tests/GMPAllocationCounter"
        ),

        /// Shared test helpers (a seeded generator).
        .target(
            name: "TestSupport",
            dependencies: ["ExactArithmetic"],
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
            name: "WinogradCLITests",
            dependencies: ["winograd"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
