// swift-tools-version: 6.1
// libFuzzer targets for the parsers of swift-winograd: one executable per
// parser. Build (one flag: separate -sanitize flags drop the coverage):
//   swift build --package-path Fuzz -c release -Xswiftc -sanitize=fuzzer,address
// Run: bash Fuzz/run.sh [seconds per target]

import PackageDescription

let winograd = Package.Dependency.package(name: "swift-winograd", path: "..")

func fuzzTarget(_ name: String, _ products: [String]) -> Target {
    .executableTarget(
        name: name,
        dependencies: ["CFuzzerDriver"] + products.map { .product(name: $0, package: "swift-winograd") })
}

let package = Package(
    name: "swift-winograd-fuzz",
    dependencies: [winograd],
    targets: [
        .target(name: "CFuzzerDriver"),
        fuzzTarget("FuzzTransformJSON", ["Winograd"]),
        fuzzTarget("FuzzNumPy", ["WinogradRuntime"]),
        fuzzTarget("FuzzNetpbm", ["WinogradRuntime"]),
        fuzzTarget("FuzzRational", ["ExactArithmetic"]),
        fuzzTarget("FuzzPoints", ["Winograd"]),
        fuzzTarget("FuzzFrame", ["WinogradEmitter"]),
    ]
)
