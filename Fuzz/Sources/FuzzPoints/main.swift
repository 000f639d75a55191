import CFuzzerDriver
import Glibc
import Winograd

/// The point-list parser and, for lists that parse, the point-set checks
/// and a derivation (small tiles only, so each input stays quick).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard let text = String(validating: UnsafeBufferPointer(start: data, count: count), as: UTF8.self) else { return 0 }
    guard let points = try? InterpolationPoint.list(parsing: text), points.count <= 9 else { return 0 }
    let n = points.count + (points.contains(.infinity) ? 0 : 1)
    for r in 1...3 where n - r + 1 >= 1 {
        if let set = try? PointSet(points, m: n - r + 1, r: r) {
            _ = try? CookToom.derive(m: n - r + 1, r: r, points: set)
        }
    }
    return 0
}

// The entry point: libFuzzer's driver with the function above.
var argumentCount = CommandLine.argc
var argumentValues: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argumentCount, &argumentValues) { data, count in fuzz(data!, count) })
