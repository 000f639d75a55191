import CFuzzerDriver
import Glibc
import WinogradRuntime

/// The Netpbm (.pgm/.ppm) reader: any bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    _ = try? NetpbmImage.read(Array(UnsafeBufferPointer(start: data, count: count)), name: "fuzz.pgm")
    return 0
}

// The entry point: libFuzzer's driver with the function above.
var argumentCount = CommandLine.argc
var argumentValues: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argumentCount, &argumentValues) { data, count in fuzz(data!, count) })
