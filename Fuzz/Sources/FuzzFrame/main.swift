import CFuzzerDriver
import Glibc
import WinogradEmitter

/// The frame parser and renderer: any UTF-8 text as a frame, rendered with
/// a small context of text, a flag and a list.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard let text = String(validating: UnsafeBufferPointer(start: data, count: count), as: UTF8.self) else { return 0 }
    guard let frame = try? FrameTemplate(name: "fuzz", text: text) else { return 0 }
    let record: [String: FrameValue] = ["name": .text("f"), "body": .text("x = 1;\n")]
    _ = try? frame.render([
        "prefix": .text("k"), "flag": .flag(true), "functions": .list([record, record, record]),
    ])
    return 0
}

// The entry point: libFuzzer's driver with the function above.
var argumentCount = CommandLine.argc
var argumentValues: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argumentCount, &argumentValues) { data, count in fuzz(data!, count) })
