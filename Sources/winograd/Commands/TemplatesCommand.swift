import ArgumentParser
import WinogradEmitter

struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "Export the built-in file frames to edit (for emit --templates), or embed templates/ into the tool.",
        discussion: """
            winograd templates --export my-frames     writes c/header.h.mustache, c/source.c.mustache, \
            swift/source.swift.mustache \
            winograd templates --embed                 (developers) rewrites \
            Sources/WinogradEmitter/Frames/BuiltInFrames.swift from templates/
            """
    )

    @Option(help: ArgumentHelp("Folder to write the built-in frames into.", valueName: "dir"))
    var export: String?

    @Flag(help: "Rewrite the embedded frames from --from (developers).")
    var embed = false

    @Option(help: ArgumentHelp("The templates folder read by --embed.", valueName: "dir"))
    var from = "templates"

    @Option(help: ArgumentHelp("The Swift file written by --embed.", valueName: "file"))
    var into = "Sources/WinogradEmitter/Frames/BuiltInFrames.swift"

    func run() throws {
        guard (export != nil) != embed else { throw UserInputError("give exactly one of --export DIR or --embed") }
        if let export {
            try OutputFiles.checkFolder(export, option: "--export")
            let builtIn = FrameSet.builtInTexts
            try OutputFiles.write(FrameSet.names.map { (export + "/" + $0, builtIn[$0]!) }, makingFolders: true)
            print("wrote \(FrameSet.names.map { export + "/" + $0 }.joined(separator: ", "))")
        } else {
            var texts: [String: String] = [:]
            for name in FrameSet.names {
                texts[name] = try InputFile.readText(from + "/" + name, expected: "a frame (UTF-8 text)")
            }
            do { _ = try FrameSet(texts: texts) } catch { throw UserInputError("\(from): \(error)") }
            try OutputFiles.write(BuiltInFramesSource.render(texts), to: into)
            print("wrote \(into)")
        }
    }
}
