/// How ``NetpbmImage/encode(_:scaling:)`` maps tensor values to 0…255.
public enum ImageScaling: String, CaseIterable, Sendable {
    /// value · 255, clamped to 0…255: for images with values in [0, 1].
    case clamp
    /// |value| / max |value| · 255: for edge maps, where the sign does not matter.
    case absolute
    /// (value − min) / (max − min) · 255: the full range stretched to black…white.
    case range
    /// ``clamp`` when every value lies in [0, 1], else ``absolute``.
    case auto
}

/// 8-bit Netpbm images: PGM (grey, P5 and plain P2) and PPM (colour, P6 and
/// plain P3), read into and written from 1×C×H×W tensors (C = 1 or 3,
/// channels planar).
///
/// ```swift
/// let image = try NetpbmImage.read(try FileBytes.read("in.ppm"), name: "in.ppm")  // 1×3×H×W in [0, 1]
/// try FileBytes.write(NetpbmImage.encode(image, scaling: .clamp), to: "out.ppm")
/// ```
public enum NetpbmImage {
    // MARK: - Reading

    /// Reads a PGM (P5, P2) or PPM (P6, P3) image with maxval 1…255 into a
    /// 1×C×H×W tensor (C = 1 for PGM, 3 for PPM), values scaled to [0, 1]
    /// by maxval. Comments (`#` to the end of the line) may appear anywhere
    /// between the header's fields, and between samples of a plain image.
    /// `name` (usually the path) is quoted in errors.
    public static func read(_ bytes: [UInt8], name: String) throws(TensorError) -> Tensor<Float> {
        var reader = Reader(bytes: bytes, name: name)
        let channels: Int
        let plain: Bool
        switch (bytes.count >= 2 ? bytes[0] : 0, bytes.count >= 2 ? bytes[1] : 0) {
        case (UInt8(ascii: "P"), UInt8(ascii: "5")): (channels, plain) = (1, false)
        case (UInt8(ascii: "P"), UInt8(ascii: "2")): (channels, plain) = (1, true)
        case (UInt8(ascii: "P"), UInt8(ascii: "6")): (channels, plain) = (3, false)
        case (UInt8(ascii: "P"), UInt8(ascii: "3")): (channels, plain) = (3, true)
        case (UInt8(ascii: "P"), UInt8(ascii: "1")), (UInt8(ascii: "P"), UInt8(ascii: "4")):
            throw TensorError(
                "\(name) is a PBM bitmap (P1/P4), which is not supported; convert it to PGM (P5) or PPM (P6)")
        case (UInt8(ascii: "P"), UInt8(ascii: "7")):
            throw TensorError("\(name) is a PAM image (P7), which is not supported; convert it to PGM (P5) or PPM (P6)")
        case (UInt8(ascii: "P"), UInt8(ascii: "F")), (UInt8(ascii: "P"), UInt8(ascii: "f")):
            throw TensorError(
                "\(name) is a PFM float image, which is not supported; convert it to 8-bit PGM (P5) or PPM (P6)")
        default:
            throw TensorError(
                """
                \(name) is not a PGM or PPM image: it should start with P5 or P2 (PGM) or P6 or P3 (PPM)
                """)
        }
        reader.position = 2
        guard reader.atSeparator else {
            throw TensorError("\(name) is not a PGM or PPM image: the magic number must be followed by whitespace")
        }
        let kind = channels == 1 ? "PGM" : "PPM"
        let width = try reader.headerNumber("width")
        let height = try reader.headerNumber("height")
        let maxval = try reader.headerNumber("maxval")
        guard width > 0, height > 0 else {
            throw TensorError(
                "\(name) has a zero size (\(width)×\(height)); a \(kind) image needs a width and height of at least 1")
        }
        guard maxval > 0 else { throw TensorError("\(name) has maxval 0; it must be 1…255") }
        guard maxval <= 255 else {
            if maxval <= 65535 {
                throw TensorError(
                    "\(name) has maxval \(maxval): 16-bit images are not supported; convert to 8-bit (maxval 255)")
            }
            throw TensorError("\(name) has maxval \(maxval), which is not valid; it must be 1…255")
        }
        let (pixels, overflow1) = width.multipliedReportingOverflow(by: height)
        let (sampleCount, overflow2) = pixels.multipliedReportingOverflow(by: channels)
        guard !overflow1, !overflow2 else {
            throw TensorError("\(name) has an absurd size \(width)×\(height)")
        }

        var samples: [UInt8]
        if plain {
            samples = try reader.plainSamples(sampleCount, maxval: maxval)
        } else {
            // Exactly one whitespace byte ends the header (a comment may come before it).
            if reader.position < bytes.count, bytes[reader.position] == UInt8(ascii: "#") {
                while reader.position < bytes.count, bytes[reader.position] != 0x0A, bytes[reader.position] != 0x0D {
                    reader.position += 1
                }
            }
            guard reader.position < bytes.count, Reader.isSpace(bytes[reader.position]) else {
                if reader.position >= bytes.count {
                    throw TensorError(
                        """
                        \(name) is truncated: a \(width)×\(height) \(kind) image needs \(sampleCount) bytes of pixel \
                        data, found 0
                        """)
                }
                throw TensorError(
                    "\(name) has a malformed header: the maxval must be followed by one whitespace character")
            }
            let start = reader.position + 1
            let found = bytes.count - start
            guard found >= sampleCount else {
                throw TensorError(
                    """
                    \(name) is truncated: a \(width)×\(height) \(kind) image needs \(sampleCount) bytes \
                    of pixel data, found \(found)
                    """)
            }
            samples = Array(bytes[start..<start + sampleCount])
            if maxval < 255, let bad = samples.first(where: { Int($0) > maxval }) {
                throw TensorError("\(name) has a sample \(bad) greater than its maxval \(maxval)")
            }
            let rest = bytes[(start + sampleCount)...]
            guard rest.allSatisfy(Reader.isSpace) else {
                throw TensorError(
                    """
                    \(name) has \(rest.count) bytes after its \(width)×\(height) pixel data; \
                    only one image per file is supported
                    """)
            }
        }

        var tensor = Tensor<Float>(shape: [1, channels, height, width])
        let scale = Float(maxval)
        let plane = pixels
        for pixel in 0..<plane {
            for channel in 0..<channels {
                tensor.elements[channel * plane + pixel] = Float(samples[pixel * channels + channel]) / scale
            }
        }
        return tensor
    }

    /// A cursor over the header and plain samples.
    private struct Reader {
        let bytes: [UInt8]
        let name: String
        var position = 0

        static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

        var atSeparator: Bool {
            position < bytes.count && (Self.isSpace(bytes[position]) || bytes[position] == UInt8(ascii: "#"))
        }

        /// Skips whitespace and comments.
        mutating func skipSeparators() {
            while position < bytes.count {
                if Self.isSpace(bytes[position]) {
                    position += 1
                } else if bytes[position] == UInt8(ascii: "#") {
                    while position < bytes.count, bytes[position] != 0x0A, bytes[position] != 0x0D { position += 1 }
                } else {
                    return
                }
            }
        }

        /// A decimal number, or nil at the end of the data; throws on other text.
        mutating func number(_ what: @autoclosure () -> String) throws(TensorError) -> Int? {
            skipSeparators()
            guard position < bytes.count else { return nil }
            guard Self.isDigit(bytes[position]) else {
                let byte = bytes[position]
                let shown = (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte \(byte)"
                throw TensorError("\(name) has \(shown) where the \(what()) should be (a decimal number)")
            }
            var value = 0
            while position < bytes.count, Self.isDigit(bytes[position]) {
                value = min(value * 10 + Int(bytes[position] - UInt8(ascii: "0")), Int(Int32.max))
                position += 1
            }
            return value
        }

        mutating func headerNumber(_ field: String) throws(TensorError) -> Int {
            skipSeparators()
            let start = position
            guard let value = try number(field) else {
                throw TensorError("\(name) is truncated: its header ends before the \(field)")
            }
            guard value < Int(Int32.max) else {
                let digits = String(decoding: bytes[start..<position], as: UTF8.self)
                throw TensorError("\(name) has an absurd \(field) \(digits)")
            }
            guard position >= bytes.count || atSeparator else {
                throw TensorError("\(name) has a malformed header: the \(field) must be followed by whitespace")
            }
            return value
        }

        /// The samples of a plain (P2/P3) image.
        mutating func plainSamples(_ count: Int, maxval: Int) throws(TensorError) -> [UInt8] {
            var samples: [UInt8] = []
            samples.reserveCapacity(min(count, bytes.count))
            while samples.count < count {
                guard let value = try number("sample") else {
                    throw TensorError("\(name) is truncated: it needs \(count) samples, found \(samples.count)")
                }
                guard value <= maxval else {
                    throw TensorError("\(name) has a sample \(value) greater than its maxval \(maxval)")
                }
                samples.append(UInt8(value))
            }
            skipSeparators()
            guard position == bytes.count else {
                throw TensorError("\(name) has data after its \(count) samples; only one image per file is supported")
            }
            return samples
        }
    }

    // MARK: - Writing

    /// A binary PGM (P5, for 1×1×H×W) or PPM (P6, for 1×3×H×W) image, maxval
    /// 255, with values mapped to 0…255 by `scaling` and rounded to nearest.
    /// NaN becomes 0; infinities are left out when finding the extremes of
    /// ``ImageScaling/absolute`` and ``ImageScaling/range``, and clamped.
    /// - Throws: ``TensorError`` for any other shape, or a zero height or width.
    public static func encode(_ tensor: Tensor<Float>, scaling: ImageScaling) throws(TensorError) -> [UInt8] {
        let shape = tensor.shape
        guard shape.count == 4, shape[0] == 1, shape[1] == 1 || shape[1] == 3 else {
            throw TensorError(
                """
                cannot write a \(Tensor<Float>.describe(shape)) tensor as an image: it must be 1×1×H×W (PGM) or \
                1×3×H×W (PPM)
                """)
        }
        let channels = shape[1]
        let height = shape[2]
        let width = shape[3]
        guard height > 0, width > 0 else {
            throw TensorError(
                "cannot write a \(Tensor<Float>.describe(shape)) tensor as an image: "
                    + "height and width must be at least 1"
            )
        }

        let levels = quantize(tensor.elements, scaling: scaling)
        var bytes = Array("\(channels == 1 ? "P5" : "P6")\n\(width) \(height)\n255\n".utf8)
        let plane = height * width
        bytes.reserveCapacity(bytes.count + plane * channels)
        for pixel in 0..<plane {
            for channel in 0..<channels { bytes.append(levels[channel * plane + pixel]) }
        }
        return bytes
    }

    /// Values to 0…255 levels.
    static func quantize(_ values: [Float], scaling: ImageScaling) -> [UInt8] {
        var mode = scaling
        if mode == .auto { mode = values.allSatisfy { (0...1).contains($0) } ? .clamp : .absolute }
        let finite = values.lazy.filter(\.isFinite)
        let scale: Double
        let offset: Double
        switch mode {
        case .clamp, .auto:
            (scale, offset) = (255, 0)
        case .absolute:
            let largest = Double(finite.map(\.magnitude).max() ?? 0)
            (scale, offset) = (largest > 0 ? 255 / largest : 0, 0)
        case .range:
            let low = Double(finite.min() ?? 0)
            let high = Double(finite.max() ?? 0)
            (scale, offset) = (high > low ? 255 / (high - low) : 0, low)
        }
        return values.map { value in
            guard !value.isNaN else { return 0 }
            var level = mode == .absolute ? Double(value.magnitude) : Double(value)
            level = ((level - offset) * scale).rounded(.toNearestOrAwayFromZero)
            return level.isNaN ? 0 : UInt8(min(max(level, 0), 255))
        }
    }
}
