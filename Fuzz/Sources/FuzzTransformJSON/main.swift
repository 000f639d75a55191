import CFuzzerDriver
import Glibc
import Winograd

/// The JSON transform reader (and the identity check of what it reads):
/// any bytes, as UTF-8 text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard let text = String(validating: UnsafeBufferPointer(start: data, count: count), as: UTF8.self) else { return 0 }
    _ = try? TransformDocument(json: text)
    return 0
}

// The entry point: libFuzzer's driver with the function above.
var argumentCount = CommandLine.argc
var argumentValues: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argumentCount, &argumentValues) { data, count in fuzz(data!, count) })
