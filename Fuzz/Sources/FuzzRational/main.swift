import CFuzzerDriver
import ExactArithmetic
import Glibc

/// The rational parser: any UTF-8 text; what it accepts must print and
/// parse back to the same value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard let text = String(validating: UnsafeBufferPointer(start: data, count: count), as: UTF8.self) else { return 0 }
    if let value = try? Rational(parsing: text) {
        precondition((try? Rational(parsing: value.description)) == value, "\(text) does not read back")
    }
    return 0
}

// The entry point: libFuzzer's driver with the function above.
var argumentCount = CommandLine.argc
var argumentValues: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argumentCount, &argumentValues) { data, count in fuzz(data!, count) })
