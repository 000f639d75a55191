import Testing
import WinogradRuntime

/// A tensor whose values are exact 8-bit levels k/255.
private func levels(_ shape: [Int], seed: Int) -> Tensor<Float> {
    var tensor = Tensor<Float>(shape: shape)
    for index in tensor.elements.indices { tensor.elements[index] = Float((index * 37 + seed * 11) % 256) / 255 }
    return tensor
}

/// The message of the `TensorError` `body` throws, or nil when it succeeds.
private func tensorErrorMessage<T>(_ body: () throws(TensorError) -> T) -> String? {
    do {
        _ = try body()
        return nil
    } catch {
        return error.description
    }
}

@Suite("Netpbm reading and writing")
struct NetpbmImageTests {
    func readMessage(_ bytes: [UInt8], name: String = "in.pgm") -> String {
        tensorErrorMessage { () throws(TensorError) in try NetpbmImage.read(bytes, name: name) } ?? "(no error)"
    }

    @Test("PGM round trip (P5)")
    func pgmRoundTrip() throws {
        let image = levels([1, 1, 3, 4], seed: 1)
        let bytes = try NetpbmImage.encode(image, scaling: .clamp)
        #expect(Array(bytes.prefix(11)) == Array("P5\n4 3\n255\n".utf8))
        #expect(bytes.count == 11 + 12)
        #expect(try NetpbmImage.read(bytes, name: "x.pgm") == image)
    }

    @Test("PPM round trip (P6), channels planar in the tensor and interleaved in the file")
    func ppmRoundTrip() throws {
        var image = levels([1, 3, 2, 5], seed: 2)
        image[0, 0, 0, 0] = 1
        image[0, 1, 0, 0] = 0
        image[0, 2, 0, 0] = 51.0 / 255
        let bytes = try NetpbmImage.encode(image, scaling: .clamp)
        let header = Array("P6\n5 2\n255\n".utf8)
        #expect(Array(bytes.prefix(header.count)) == header)
        #expect(Array(bytes[header.count..<header.count + 3]) == [255, 0, 51])
        #expect(bytes.count == header.count + 30)
        #expect(try NetpbmImage.read(bytes, name: "x.ppm") == image)
    }

    @Test("Comments and odd whitespace in binary headers")
    func comments() throws {
        let pgm =
            Array(
                "P5 # a comment right after the magic\n# a full-line comment\n  3\t# width\n2 # height\r\n255#maxval\n"
                    .utf8)
            + [0, 51, 102, 153, 204, 255]
        let gray = try NetpbmImage.read(pgm, name: "c.pgm")
        #expect(gray.shape == [1, 1, 2, 3])
        #expect(gray.elements == [0, 51, 102, 153, 204, 255].map { Float($0) / 255 })

        let ppm = Array("P6\n#c\n1 1\n#c\n255\r".utf8) + [10, 20, 30]
        #expect(try NetpbmImage.read(ppm, name: "c.ppm").elements == [10, 20, 30].map { Float($0) / 255 })
        // A trailing newline after the pixels is tolerated.
        #expect(try NetpbmImage.read(ppm + [0x0A], name: "c.ppm").elements == [10, 20, 30].map { Float($0) / 255 })
    }

    @Test("Plain P2 and P3 with comments, scaled by maxval")
    func plain() throws {
        let p2 = Array("P2\n# plain grey\n3 2\n15\n0 5 10 # first row\n15\n  3 7\n".utf8)
        let gray = try NetpbmImage.read(p2, name: "p.pgm")
        #expect(gray.shape == [1, 1, 2, 3])
        #expect(gray.elements == [0, 5, 10, 15, 3, 7].map { Float($0) / 15 })

        let p3 = Array("P3 2 1 100 100 0 0   0 50 100".utf8)
        let colour = try NetpbmImage.read(p3, name: "p.ppm")
        #expect(colour.shape == [1, 3, 1, 2])
        #expect(colour.elements == [1, 0, 0, 0.5, 0, 1])
    }

    @Test("Binary images with a small maxval")
    func smallMaxval() throws {
        let bytes = Array("P5\n4 1\n1\n".utf8) + [0, 1, 1, 0]
        #expect(try NetpbmImage.read(bytes, name: "b.pgm").elements == [0, 1, 1, 0])
    }

    @Test("Scaling: clamp")
    func clamp() throws {
        let image = try Tensor<Float>(shape: [1, 1, 1, 7], elements: [-0.5, 0, 0.5, 1, 2, 0.25, .nan])
        #expect(Array(try NetpbmImage.encode(image, scaling: .clamp).suffix(7)) == [0, 0, 128, 255, 255, 64, 0])
    }

    @Test("Scaling: absolute")
    func absolute() throws {
        let image = try Tensor<Float>(shape: [1, 1, 1, 5], elements: [-2, 1, 0, 0.5, 2])
        #expect(Array(try NetpbmImage.encode(image, scaling: .absolute).suffix(5)) == [255, 128, 0, 64, 255])
        let zeros = Tensor<Float>(shape: [1, 1, 2, 2])
        #expect(Array(try NetpbmImage.encode(zeros, scaling: .absolute).suffix(4)) == [0, 0, 0, 0])
    }

    @Test("Scaling: range")
    func range() throws {
        let image = try Tensor<Float>(shape: [1, 1, 1, 4], elements: [-1, 0, 1, 3])
        #expect(Array(try NetpbmImage.encode(image, scaling: .range).suffix(4)) == [0, 64, 128, 255])
        let constant = Tensor<Float>(shape: [1, 1, 1, 3], repeating: 7)
        #expect(Array(try NetpbmImage.encode(constant, scaling: .range).suffix(3)) == [0, 0, 0])
        let infinite = try Tensor<Float>(shape: [1, 1, 1, 4], elements: [-.infinity, 0, 2, .infinity])
        #expect(Array(try NetpbmImage.encode(infinite, scaling: .range).suffix(4)) == [0, 0, 255, 255])
    }

    @Test("Scaling: auto chooses clamp for [0, 1] and absolute otherwise")
    func auto() throws {
        let inRange = try Tensor<Float>(shape: [1, 1, 1, 3], elements: [0, 0.5, 1])
        #expect(try NetpbmImage.encode(inRange, scaling: .auto) == NetpbmImage.encode(inRange, scaling: .clamp))
        let edges = try Tensor<Float>(shape: [1, 1, 1, 3], elements: [-4, 1, 2])
        #expect(try NetpbmImage.encode(edges, scaling: .auto) == NetpbmImage.encode(edges, scaling: .absolute))
        #expect(Array(try NetpbmImage.encode(edges, scaling: .auto).suffix(3)) == [255, 64, 128])
        #expect(ImageScaling.allCases.map(\.rawValue) == ["clamp", "absolute", "range", "auto"])
    }

    @Test(
        "Shapes that are not images",
        arguments: [[1, 2, 4, 4], [3, 4], [2, 3, 4, 4], [1, 4, 2, 2], [], [1, 1, 1, 1, 1]])
    func badShapes(shape: [Int]) {
        let message = tensorErrorMessage { () throws(TensorError) in
            try NetpbmImage.encode(Tensor<Float>(shape: shape), scaling: .clamp)
        }
        #expect(
            message
                == """
                cannot write a \(Tensor<Float>.describe(shape)) tensor as an image: \
                it must be 1×1×H×W (PGM) or 1×3×H×W (PPM)
                """
        )
    }

    @Test("Empty images cannot be written")
    func emptyImages() {
        let message = tensorErrorMessage { () throws(TensorError) in
            try NetpbmImage.encode(Tensor<Float>(shape: [1, 3, 0, 4]), scaling: .clamp)
        }
        #expect(message == "cannot write a 1×3×0×4 tensor as an image: height and width must be at least 1")
    }

    @Test("Bad magic numbers")
    func badMagic() {
        #expect(
            readMessage(Array("GIF89a".utf8), name: "x.gif")
                == "x.gif is not a PGM or PPM image: it should start with P5 or P2 (PGM) or P6 or P3 (PPM)")
        #expect(readMessage([]).contains("is not a PGM or PPM image"))
        #expect(
            readMessage(Array("P4\n1 1\n".utf8), name: "b.pbm")
                == "b.pbm is a PBM bitmap (P1/P4), which is not supported; convert it to PGM (P5) or PPM (P6)")
        #expect(readMessage(Array("P7\nWIDTH 1\n".utf8)).contains("is a PAM image (P7), which is not supported"))
        #expect(readMessage(Array("PF\n1 1\n-1\n".utf8)).contains("is a PFM float image"))
        #expect(
            readMessage(Array("P51 1 255\n".utf8))
                == "in.pgm is not a PGM or PPM image: the magic number must be followed by whitespace")
    }

    @Test("Truncated images")
    func truncated() {
        let header = Array("P6\n2 2\n255\n".utf8)
        #expect(
            readMessage(header + [1, 2, 3, 4, 5], name: "t.ppm")
                == "t.ppm is truncated: a 2×2 PPM image needs 12 bytes of pixel data, found 5")
        #expect(
            readMessage(Array("P5\n2 2\n255".utf8), name: "t.pgm")
                == "t.pgm is truncated: a 2×2 PGM image needs 4 bytes of pixel data, found 0")
        #expect(
            readMessage(Array("P5\n2 ".utf8), name: "t.pgm") == "t.pgm is truncated: its header ends before the height")
        #expect(
            readMessage(Array("P2\n2 2\n255\n1 2 3".utf8), name: "t.pgm")
                == "t.pgm is truncated: it needs 4 samples, found 3")
    }

    @Test("Maxval out of range")
    func maxval() {
        #expect(
            readMessage(Array("P5\n1 1\n65535\n".utf8) + [0, 0], name: "deep.pgm")
                == "deep.pgm has maxval 65535: 16-bit images are not supported; convert to 8-bit (maxval 255)")
        #expect(
            readMessage(Array("P5\n1 1\n256\n".utf8) + [0, 0]).contains(
                "16-bit images are not supported; convert to 8-bit"))
        #expect(
            readMessage(Array("P5\n1 1\n70000\n".utf8) + [0])
                == "in.pgm has maxval 70000, which is not valid; it must be 1…255")
        #expect(readMessage(Array("P5\n1 1\n0\n".utf8) + [0]) == "in.pgm has maxval 0; it must be 1…255")
    }

    @Test("Zero width or height")
    func zeroSize() {
        #expect(
            readMessage(Array("P5\n0 4\n255\n".utf8), name: "z.pgm")
                == "z.pgm has a zero size (0×4); a PGM image needs a width and height of at least 1")
        #expect(
            readMessage(Array("P6\n4 0\n255\n".utf8), name: "z.ppm")
                == "z.ppm has a zero size (4×0); a PPM image needs a width and height of at least 1")
    }

    @Test("Other malformed files")
    func malformed() {
        #expect(
            readMessage(Array("P5\nwide 4\n255\n".utf8))
                == "in.pgm has 'w' where the width should be (a decimal number)")
        #expect(
            readMessage(Array("P5\n2x 4\n255\n".utf8))
                == "in.pgm has a malformed header: the width must be followed by whitespace")
        #expect(readMessage(Array("P2\n2 1\n9\n3 10\n".utf8)) == "in.pgm has a sample 10 greater than its maxval 9")
        #expect(
            readMessage(Array("P5\n2 1\n9\n".utf8) + [3, 10]) == "in.pgm has a sample 10 greater than its maxval 9")
        #expect(
            readMessage(Array("P2\n1 1\n9\n3 4\n".utf8))
                == "in.pgm has data after its 1 samples; only one image per file is supported")
        #expect(
            readMessage(Array("P5\n1 1\n255\n".utf8) + [3, 4, 5])
                == "in.pgm has 2 bytes after its 1×1 pixel data; only one image per file is supported")
        #expect(readMessage(Array("P5\n99999999999 4\n255\n".utf8)) == "in.pgm has an absurd width 99999999999")
        #expect(
            readMessage(Array("P6 2000000000 2000000000 255\n".utf8))
                == "in.pgm has an absurd size 2000000000×2000000000")
        #expect(
            readMessage(Array("P6 20000 20000 255\n".utf8) + [1, 2])
                == "in.pgm is truncated: a 20000×20000 PPM image needs 1200000000 bytes of pixel data, found 2")
    }
}
