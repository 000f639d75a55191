/// The frames of emitted files: built in, or a user's own.
public struct FrameSet: Sendable {
    /// The file names a frame set holds, relative to a templates folder.
    public static let names = [
        "c/header.h.mustache", "c/source.c.mustache", "c/lanes.h.mustache", "swift/source.swift.mustache",
        "cuda/source.cu.mustache", "opencl/source.cl.mustache", "glsl/source.comp.mustache",
        "wgsl/source.wgsl.mustache",
    ]

    public let cHeader: FrameTemplate
    public let cSource: FrameTemplate
    public let swiftSource: FrameTemplate
    public let cLanes: FrameTemplate
    public let cudaSource: FrameTemplate
    public let openclSource: FrameTemplate
    public let glslSource: FrameTemplate
    public let wgslSource: FrameTemplate

    /// The frames in `templates/`, embedded in the tool at build time.
    public static var builtIn: FrameSet {
        // The embedded frames are tested to parse; failing here is a build defect.
        try! FrameSet(texts: BuiltInFrames.texts)
    }

    /// The texts of the built-in frames, by name.
    public static var builtInTexts: [String: String] { BuiltInFrames.texts }

    /// Frames from texts keyed by ``names``; a missing one is the built-in.
    public init(texts: [String: String]) throws(FrameError) {
        func frame(_ name: String) throws(FrameError) -> FrameTemplate {
            guard let text = texts[name] ?? BuiltInFrames.texts[name] else {
                throw FrameError(frame: name, line: 0, message: "no such frame")
            }
            return try FrameTemplate(name: name, text: text)
        }
        cHeader = try frame(Self.names[0])
        cSource = try frame(Self.names[1])
        cLanes = try frame(Self.names[2])
        swiftSource = try frame(Self.names[3])
        cudaSource = try frame(Self.names[4])
        openclSource = try frame(Self.names[5])
        glslSource = try frame(Self.names[6])
        wgslSource = try frame(Self.names[7])
    }
}
