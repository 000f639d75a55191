import Foundation
import TestSupport
import Testing

@testable import WinogradEmitter

@Suite("Frames")
struct FrameTemplateTests {
    @Test func variablesSectionsAndStandaloneLines() throws {
        let frame = try FrameTemplate(
            name: "t",
            text: """
                {{! a comment line vanishes }}
                head {{name}}
                {{#items}}
                  - {{value}} of {{name}}
                {{/items}}
                {{^items}}
                none
                {{/items}}
                {{#flag}}flag on{{/flag}}{{^flag}}flag off{{/flag}}
                {{{raw}}}
                """)
        let text = try frame.render([
            "name": .text("N"), "raw": .text("<&>"), "flag": .flag(true),
            "items": .list([["value": .text("1")], ["value": .text("2")]]),
        ])
        #expect(text == "head N\n  - 1 of N\n  - 2 of N\nflag on\n<&>")
        let empty = try frame.render(["name": .text("N"), "raw": .text(""), "flag": .flag(false), "items": .list([])])
        #expect(empty == "head N\nnone\nflag off\n")
    }

    @Test(arguments: [
        ("{{#a}}x", "{{#a}} is never closed"), ("{{/a}}", "does not close"), ("{{#a}}{{/b}}", "does not close {{#a}}"),
        ("x {{name", "never closed"), ("{{two words}}", "is not a tag"),
    ])
    func malformedFramesAreRejected(text: String, message: String) {
        #expect { _ = try FrameTemplate(name: "bad", text: text) } throws: { "\($0)".contains(message) }
    }

    @Test func unknownNamesAreErrorsThatListTheKnownOnes() throws {
        let frame = try FrameTemplate(name: "f.mustache", text: "line one\n{{prefx}}\n")
        #expect {
            _ = try frame.render(["prefix": .text("p")])
        } throws: { "\($0)" == "frame f.mustache, line 2: unknown name 'prefx'; this frame can use: prefix" }
    }

    /// The frames built into the tool are templates/, byte for byte
    /// (`winograd templates --embed` rewrites them).
    @Test func builtInFramesAreTheTemplatesFolder() throws {
        for name in FrameSet.names {
            let onDisk = try String(
                contentsOf: repositoryRoot.appendingPathComponent("templates/" + name), encoding: .utf8)
            #expect(
                FrameSet.builtInTexts[name] == onDisk,
                "\(name) differs from the embedded copy; run winograd templates --embed")
        }
        let generated = try String(
            contentsOf: repositoryRoot.appendingPathComponent("Sources/WinogradEmitter/Frames/BuiltInFrames.swift"),
            encoding: .utf8)
        #expect(generated == BuiltInFramesSource.render(FrameSet.builtInTexts))
    }

    /// A user's frame changes the file around the kernels, not the kernels.
    @Test func customFrameMakesFunctionsStaticInline() throws {
        let custom = try String(
            contentsOf: repositoryRoot.appendingPathComponent("templates/c/source.c.mustache"), encoding: .utf8
        )
        .replacingOccurrences(of: "\nvoid {{name}}", with: "\nstatic inline void {{name}}")
        .replacingOccurrences(of: "#include \"{{prefix}}.h\"", with: "#include <stddef.h>")
        let frames = try FrameSet(texts: ["c/source.c.mustache": custom])
        let kernels = KernelSet(try transform("4", "3", dims: 2), fusedMultiplyAdd: false)
        let files = try KernelFiles.emit(
            kernels, options: EmitOptions(language: .c, precision: .float, prefix: "p", command: "x"), frames: frames)
        let source = try #require(files.first { $0.name == "p.c" }).contents
        #expect(source.components(separatedBy: "static inline void p_").count - 1 == 6)
        #expect(!source.contains("\nvoid "))
        let builtIn = try KernelFiles.emit(
            kernels, options: EmitOptions(language: .c, precision: .float, prefix: "p", command: "x"))
        let body = { (text: String) in text[text.range(of: "{\n")!.lowerBound...] }
        #expect(
            body(source.replacingOccurrences(of: "static inline void ", with: "void "))
                == body(try #require(builtIn.first { $0.name == "p.c" }).contents))
    }

    @Test("sections nested past the bound are an error, not a stack overflow")
    func deepNestingIsAnError() {
        let depth = FrameTemplate.maximumDepth + 1
        let text = String(repeating: "{{#a}}", count: depth) + String(repeating: "{{/a}}", count: depth)
        #expect { _ = try FrameTemplate(name: "t", text: text) } throws: { error in
            "\(error)".contains("deeper than \(FrameTemplate.maximumDepth)")
        }
        let allowed = String(repeating: "{{#a}}", count: depth - 1) + String(repeating: "{{/a}}", count: depth - 1)
        #expect((try? FrameTemplate(name: "t", text: allowed)) != nil)
    }

    @Test("a list nested in itself stops at the step bound instead of rendering exponentially")
    func exponentialRenderingIsAnError() throws {
        let depth = 14
        let frame = try FrameTemplate(
            name: "t", text: String(repeating: "{{#a}}", count: depth) + "x" + String(repeating: "{{/a}}", count: depth)
        )
        let records: [[String: FrameValue]] = Array(repeating: [:], count: 3)  // 3^14 ≈ 4.8 million
        #expect { _ = try frame.render(["a": .list(records)]) } throws: { error in
            "\(error)".contains("more than \(FrameTemplate.maximumSteps) steps")
        }
        // The same frame with one record renders.
        #expect(try frame.render(["a": .list([[:]])]) == "x")
    }
}
