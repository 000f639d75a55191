import Foundation
import TestSupport
import Testing
import WinogradRuntime

@Suite("TestCard")
struct TestCardTests {
    /// The 8-bit colour of pixel (x, y) of a 1×3×H×W card.
    func rgb(_ card: Tensor<Float>, _ x: Int, _ y: Int) -> [Int] {
        (0..<3).map { Int((card[0, $0, y, x] * 255).rounded()) }
    }

    @Test("Shape, range and exact 8-bit levels")
    func shapeAndRange() {
        let card = TestCard.image()
        #expect(card.shape == [1, 3, 192, 256])
        #expect(card.elements.allSatisfy { (0...1).contains($0) })
        #expect(card.elements.allSatisfy { Float(($0 * 255).rounded()) / 255 == $0 })
        // Many distinct levels: the gradients cover 0…255.
        #expect(Set(card.elements).count == 256)
    }

    @Test("Deterministic: the same card and the same bytes every time")
    func deterministic() throws {
        #expect(TestCard.image() == TestCard.image())
        let first = try NetpbmImage.encode(TestCard.image(), scaling: .clamp)
        let second = try NetpbmImage.encode(TestCard.image(), scaling: .clamp)
        #expect(first == second)
        #expect(first.count == 15 + 256 * 192 * 3)
        // 8-bit PPM holds the card without loss.
        #expect(try NetpbmImage.read(first, name: "card.ppm") == TestCard.image())
    }

    @Test("The features are where they should be")
    func features() {
        let card = TestCard.image()
        let bars = [
            [255, 255, 255], [255, 255, 0], [0, 255, 255], [0, 255, 0], [255, 0, 255], [255, 0, 0], [0, 0, 255],
            [0, 0, 0],
        ]
        for (index, colour) in bars.enumerated() {
            #expect(rgb(card, index * 32 + 16, 30) == colour)
        }
        #expect(rgb(card, 0, 65) == [0, 0, 0])  // horizontal gradient
        #expect(rgb(card, 255, 65) == [255, 255, 255])
        #expect(rgb(card, 128, 65) == [128, 128, 128])
        #expect(rgb(card, 250, 72) == [0, 0, 0])  // vertical gradient
        #expect(rgb(card, 250, 191) == [255, 255, 255])
        #expect(rgb(card, 48, 132) == [0, 64, 192])  // disc core
        #expect(rgb(card, 48 + 30, 132) == [255, 140, 0])  // disc
        #expect(rgb(card, 5, 132) == [128, 128, 128])  // grey field
        #expect(rgb(card, 96, 87) == [255, 255, 255])  // checkerboard
        #expect(rgb(card, 104, 87) == [0, 0, 0])
        #expect(rgb(card, 104, 95) == [255, 255, 255])
        // The fan: a horizontal line along its bottom row and a vertical one up its left column.
        #expect(rgb(card, 200, 176) == [255, 255, 255])
        #expect(rgb(card, 168, 120) == [255, 255, 255])
        // The 45° line (black) passes through (168 + k, 176 − k).
        #expect(rgb(card, 168 + 20, 176 - 20) == [0, 0, 0])
    }

    @Test("Other sizes", arguments: [(64, 48), (17, 5), (1, 1), (0, 0), (3, 0)])
    func sizes(width: Int, height: Int) {
        let card = TestCard.image(width: width, height: height)
        #expect(card.shape == [1, 3, height, width])
        #expect(card.elements.allSatisfy { (0...1).contains($0) })
    }

    @Test("Grayscale: 0.299 R + 0.587 G + 0.114 B")
    func grayscale() throws {
        let rgb = try Tensor<Float>(shape: [2, 3, 1, 2], elements: [1, 1, 0, 1, 0, 0, /* */ 1, 0, 1, 0, 1, 1])
        let gray = TestCard.grayscale(rgb)
        #expect(gray.shape == [2, 1, 1, 2])
        #expect(gray.elements == [Float(0.299), Float(0.886), 1, Float(0.114)])
        let card = TestCard.grayscale(TestCard.image())
        #expect(card.shape == [1, 1, 192, 256])
        #expect(card[0, 0, 30, 16] == 1)  // white bar
        #expect(card[0, 0, 30, 240] == 0)  // black bar
    }

    /// `WINOGRAD_WRITE_TESTCARD=1 swift test --filter TestCard` regenerates it.
    @Test("Examples/images/testcard.ppm is the 256×192 card, byte for byte")
    func committedImage() throws {
        let path = repositoryRoot.appendingPathComponent("Examples/images/testcard.ppm").path
        let expected = try NetpbmImage.encode(TestCard.image(), scaling: .clamp)
        if ProcessInfo.processInfo.environment["WINOGRAD_WRITE_TESTCARD"] == "1" {
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true)
            try FileBytes.write(expected, to: path)
        }
        let committed = try #require(
            try? FileBytes.read(path),
            "\(path) is missing; regenerate it with WINOGRAD_WRITE_TESTCARD=1 swift test --filter TestCard")
        #expect(
            committed == expected,
            "\(path) differs; regenerate it with WINOGRAD_WRITE_TESTCARD=1 swift test --filter TestCard")
    }
}
