import Foundation
import TestSupport
import Testing
import WinogradRuntime

/// The message of the `TensorError` `body` throws, or nil when it succeeds.
private func tensorErrorMessage<T>(_ body: () throws(TensorError) -> T) -> String? {
    do {
        _ = try body()
        return nil
    } catch {
        return error.description
    }
}

/// A `.npy` file with `header` (the dictionary text, padded by this helper
/// unless `pad` is false) and `data`, in format `version`.
private func npyFile(_ header: String, version: UInt8 = 1, pad: Bool = true, data: [UInt8] = []) -> [UInt8] {
    var text = Array(header.utf8)
    let lengthSize = version == 1 ? 2 : 4
    if pad {
        while (10 + lengthSize - 2 + text.count + 1) % 64 != 0 { text.append(0x20) }
        text.append(0x0A)
    }
    var bytes: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, version, 0]
    for index in 0..<lengthSize { bytes.append(UInt8(truncatingIfNeeded: text.count >> (8 * index))) }
    return bytes + text + data
}

/// The little-endian bytes of float32 values.
private func float32Bytes(_ values: [Float]) -> [UInt8] {
    values.flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: value.bitPattern >> (8 * $0)) } }
}

@Suite("NumPyFile round trips")
struct NumPyFileRoundTripTests {
    static let shapes: [[Int]] = [[], [1], [7], [3, 5], [2, 0, 4], [0], [1, 3, 4, 5], [2, 3, 2, 2, 3]]

    @Test("float32 round trip", arguments: shapes)
    func float32RoundTrip(shape: [Int]) throws {
        let tensor = Tensor<Float>.random(shape: shape, seed: 7)
        let bytes = NumPyFile.encode(tensor)
        let array = try NumPyFile.read(bytes, name: "x.npy")
        #expect(array == .float32(tensor))
        #expect(array.descr == "<f4")
        #expect(array.shape == shape)
        #expect(array.float32 == tensor)
        #expect(array.float64 == tensor.converted(to: Double.self))
    }

    @Test("float64 round trip", arguments: shapes)
    func float64RoundTrip(shape: [Int]) throws {
        let tensor = Tensor<Double>.random(shape: shape, seed: 11)
        let array = try NumPyFile.read(NumPyFile.encode(tensor), name: "x.npy")
        #expect(array == .float64(tensor))
        #expect(array.descr == "<f8")
        #expect(array.float64 == tensor)
        #expect(array.float32 == tensor.converted(to: Float.self))
    }

    @Test("Special values keep their bits")
    func specialValues() throws {
        let values: [Float] = [
            .nan, .infinity, -.infinity, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 1, -1.5,
        ]
        let tensor = try Tensor(shape: [values.count], elements: values)
        let read = try NumPyFile.read(NumPyFile.encode(tensor), name: "x.npy").float32
        #expect(read.elements.map(\.bitPattern) == values.map(\.bitPattern))
        let doubles = values.map(Double.init)
        let wide = try NumPyFile.read(
            NumPyFile.encode(try Tensor(shape: [values.count], elements: doubles)), name: "x.npy")
        #expect(wide.float64.elements.map(\.bitPattern) == doubles.map(\.bitPattern))
    }

    @Test("The header is NumPy's, padded so the data starts at a multiple of 64")
    func headerLayout() throws {
        let bytes = NumPyFile.encode(try Tensor<Float>(shape: [2, 3], elements: [0, 1, 2, 3, 4, 5]))
        #expect(Array(bytes[0..<8]) == [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        #expect((10 + headerLength) % 64 == 0)
        #expect(bytes.count == 10 + headerLength + 24)
        let header = String(decoding: bytes[10..<10 + headerLength], as: UTF8.self)
        #expect(header.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"))
        #expect(header.hasSuffix(" \n"))
        #expect(Array(bytes[(10 + headerLength)...]) == float32Bytes([0, 1, 2, 3, 4, 5]))

        let scalar = NumPyFile.encode(Tensor<Double>(shape: [], repeating: 3))
        #expect(
            String(decoding: scalar[10..<80], as: UTF8.self)
                .hasPrefix("{'descr': '<f8', 'fortran_order': False, 'shape': (), }"))
        let vector = NumPyFile.encode(Tensor<Float>(shape: [3]))
        #expect(String(decoding: vector[10..<80], as: UTF8.self).contains("'shape': (3,), }"))
    }

    @Test("Other scalar types: Float16 as '<f4'")
    func otherScalarTypes() throws {
        #if !(os(macOS) && arch(x86_64))
            let half = try Tensor<Float16>(shape: [2], elements: [1.5, -2])
            let array = try NumPyFile.read(NumPyFile.encode(half), name: "h.npy")
            #expect(array == .float32(try Tensor(shape: [2], elements: [1.5, -2])))
        #endif
    }

    @Test("A header over 64 KiB is written in format 2.0")
    func version2() throws {
        let shape = [Int](repeating: 1, count: 25_000)
        let tensor = Tensor<Float>(shape: shape, repeating: 4)
        let bytes = NumPyFile.encode(tensor)
        #expect(bytes[6] == 2 && bytes[7] == 0)
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
        #expect((12 + headerLength) % 64 == 0)
        #expect(try NumPyFile.read(bytes, name: "big.npy") == .float32(tensor))
    }
}

@Suite("NumPyFile header syntax")
struct NumPyFileHeaderTests {
    @Test(
        "Python literal spellings of the same header",
        arguments: [
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
            "{'shape': (2, 3), 'fortran_order': False, 'descr': '<f4'}",
            "{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (2,3,)}",
            "  {  'fortran_order' :False ,'shape':( 2 ,\n 3 ) ,'descr':'<f4' , }  ",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2L, 3L), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (+2, 3), }",
        ])
    func spellings(header: String) throws {
        let data = float32Bytes([1, 2, 3, 4, 5, 6])
        let array = try NumPyFile.read(npyFile(header, data: data), name: "h.npy")
        #expect(array == .float32(try Tensor(shape: [2, 3], elements: [1, 2, 3, 4, 5, 6])))
    }

    @Test("One-element tuples, 0-D and empty shapes")
    func shapes() throws {
        let vector = try NumPyFile.read(
            npyFile(
                "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }",
                data: float32Bytes([1, 2, 3])), name: "v.npy")
        #expect(vector.shape == [3])
        let scalar = try NumPyFile.read(
            npyFile(
                "{'descr': '<f4', 'fortran_order': False, 'shape': (), }",
                data: float32Bytes([9])), name: "s.npy")
        #expect(scalar == .float32(Tensor(shape: [], repeating: 9)))
        let empty = try NumPyFile.read(
            npyFile("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 5), }"), name: "e.npy")
        #expect(empty == .float64(Tensor(shape: [0, 5])))
    }

    @Test("Formats 2.0 and 3.0 (UTF-8), and an unpadded header")
    func versions() throws {
        let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }"
        for version: UInt8 in [1, 2, 3] {
            let array = try NumPyFile.read(
                npyFile(header, version: version, data: float32Bytes([5, 6])), name: "v.npy")
            #expect(array.float32.elements == [5, 6])
        }
        let unpadded = try NumPyFile.read(npyFile(header, pad: false, data: float32Bytes([5, 6])), name: "u.npy")
        #expect(unpadded.float32.elements == [5, 6])
    }

    @Test("fortran_order True is fine when C and Fortran order coincide")
    func degenerateFortranOrder() throws {
        let array = try NumPyFile.read(
            npyFile(
                "{'descr': '<f4', 'fortran_order': True, 'shape': (1, 3, 1), }",
                data: float32Bytes([1, 2, 3])), name: "f.npy")
        #expect(array.float32.elements == [1, 2, 3])
        let empty = try NumPyFile.read(
            npyFile("{'descr': '<f8', 'fortran_order': True, 'shape': (0, 3, 4), }"), name: "e.npy")
        #expect(empty == .float64(Tensor(shape: [0, 3, 4])))
    }
}

@Suite("NumPyFile errors")
struct NumPyFileErrorTests {
    let good = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }"

    func message(_ bytes: [UInt8], name: String = "in.npy") -> String {
        tensorErrorMessage { () throws(TensorError) in try NumPyFile.read(bytes, name: name) } ?? "(no error)"
    }

    @Test("brackets nested past the bound are an error, not a stack overflow")
    func deepNesting() {
        for depth in [33, 20_000] {
            let shape = String(repeating: "(", count: depth) + "2" + String(repeating: ")", count: depth)
            let header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shape), }"
            #expect(message(npyFile(header, version: 2, data: float32Bytes([1, 2]))).contains("nested deeper than 32"))
        }
        // (((2))) is 2 in parentheses: shallow nesting still reads.
        let shallow = "{'descr': '<f4', 'fortran_order': False, 'shape': (((2,))), }"
        #expect(message(npyFile(shallow, data: float32Bytes([1, 2]))) == "(no error)")
    }

    @Test("Bad magic")
    func badMagic() {
        #expect(
            message(Array("hello world".utf8), name: "data/x.npy")
                == """
                data/x.npy is not a NumPy .npy file: \
                it does not start with the magic string \\x93NUMPY (write it with np.save)
                """
        )
        #expect(message([]).contains("is not a NumPy .npy file"))
        #expect(message([0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0]).contains("in.npy is a zip archive (an .npz file?)"))
    }

    @Test("Unsupported versions and truncated preambles")
    func versions() {
        var bytes = npyFile(good, data: float32Bytes([1, 2]))
        bytes[6] = 4
        #expect(
            message(bytes)
                == "in.npy has .npy format version 4.0, which is not supported; versions 1.0, 2.0 and 3.0 are")
        bytes[6] = 1
        bytes[7] = 1
        #expect(message(bytes).contains("format version 1.1, which is not supported"))
        #expect(message(Array(npyFile(good).prefix(7))).contains("in.npy is truncated"))
        #expect(message(Array(npyFile(good).prefix(9))).contains("in.npy is truncated"))
        #expect(
            message(Array(npyFile(good).prefix(40)))
                == "in.npy is truncated: its header should have 118 bytes, found 30")
    }

    @Test(
        "Malformed headers",
        arguments: [
            ("'descr': '<f4'", "expected '{' to open the dictionary"),
            ("{'descr': '<f4', 'fortran_order': False}", "the key 'shape' is missing"),
            ("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'extra': 1}", "unexpected key 'extra'"),
            (
                "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2,)}",
                "the key 'descr' appears twice"
            ),
            (
                "{'descr': '<f4, 'fortran_order': False, 'shape': (2,)}",
                "expected ',' or '}' after the value of 'descr'"
            ),
            (
                "{'descr': '<f4', 'fortran_order': False, 'shape': (2,)",
                "expected ',' or '}' after the value of 'shape'"
            ),
            ("{'descr': '<f4', 'fortran_order': false, 'shape': (2,)}", "unknown name 'false'"),
            ("{'descr': '<f4', 'fortran_order': False, 'shape': (2,)} x", "unexpected text after the dictionary"),
            (
                "{'descr': '<f4', 'fortran_order': False, 'shape': [2]}",
                "'shape' must be a tuple of integers such as (3,) or (2, 3), not [2]"
            ),
            (
                "{'descr': '<f4', 'fortran_order': False, 'shape': (2)}",
                "'shape' must be a tuple of integers such as (3,) or (2, 3), not 2"
            ),
            ("{'descr': '<f4', 'fortran_order': False, 'shape': (2.0,)}", "expected an integer, found \"2.0\""),
            (
                "{'descr': '<f4', 'fortran_order': False, 'shape': ('2',)}",
                "'shape' must be a tuple of integers, but it contains '2'"
            ),
            ("{'descr': '<f4', 'fortran_order': 0, 'shape': (2,)}", "'fortran_order' must be True or False, not 0"),
            ("{'descr': 4, 'fortran_order': False, 'shape': (2,)}", "'descr' must be a string such as '<f4', not 4"),
            ("{1: '<f4'}", "dictionary keys must be strings"),
            ("{'descr': '<f4', 'fortran_order': False, 'shape': (2,,)}", "unexpected character \",\""),
        ])
    func malformed(header: String, problem: String) {
        let text = message(npyFile(header, data: float32Bytes([1, 2])), name: "bad.npy")
        #expect(text.hasPrefix("bad.npy has a malformed .npy header: "), "\(text)")
        #expect(text.contains(problem), "\(text)")
        #expect(
            text.contains("it should look like {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"), "\(text)")
    }

    @Test("Fortran order")
    func fortranOrder() {
        let text = message(
            npyFile(
                "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", data: float32Bytes([1, 2, 3, 4, 5, 6])),
            name: "f.npy")
        #expect(
            text == """
                f.npy is in Fortran order (shape 2×3, 'fortran_order': True); save it with np.ascontiguousarray, \
                e.g. np.save(path, np.ascontiguousarray(array)), to store it in C order
                """)
    }

    @Test(
        "Other data types are named",
        arguments: [
            (
                "<i4",
                """
                t.npy has data type '<i4' (int32), which is not supported; \
                only float32 ('<f4') and float64 ('<f8') are: convert it with array.astype(np.float32)
                """
            ),
            ("|u1", "t.npy has data type '|u1' (uint8), which is not supported"),
            ("<f2", "t.npy has data type '<f2' (float16), which is not supported"),
            ("<c8", "t.npy has data type '<c8' (complex64), which is not supported"),
            ("|b1", "t.npy has data type '|b1' (bool), which is not supported"),
            ("<U3", "t.npy has data type '<U3' (unicode string), which is not supported"),
            (
                ">f4",
                """
                t.npy stores big-endian float32 ('>f4'), which is not supported; \
                save it little-endian with array.astype('<f4')
                """
            ),
            (
                ">f8",
                """
                t.npy stores big-endian float64 ('>f8'), which is not supported; \
                save it little-endian with array.astype('<f8')
                """
            ),
            ("f4", "t.npy stores float32 without a little-endian byte order ('f4'); save it with array.astype('<f4')"),
            ("<x9", "t.npy has data type '<x9', which is not supported"),
        ])
    func dataTypes(descr: String, expected: String) {
        let text = message(
            npyFile(
                "{'descr': '\(descr)', 'fortran_order': False, 'shape': (2,), }", data: [UInt8](repeating: 0, count: 16)
            ),
            name: "t.npy")
        #expect(text.hasPrefix(expected), "\(text)")
    }

    @Test("Structured arrays")
    func structured() {
        let text = message(
            npyFile("{'descr': [('x', '<f4'), ('y', '<i4')], 'fortran_order': False, 'shape': (2,), }"),
            name: "r.npy")
        #expect(
            text == """
                r.npy holds a structured (record) array, descr [('x', '<f4'), ('y', '<i4')], which is not supported; \
                save a plain float32 or float64 array
                """)
    }

    @Test("Truncated data and trailing garbage")
    func dataLength() {
        #expect(
            message(
                npyFile(
                    "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", data: float32Bytes([1, 2, 3, 4, 5])))
                == "in.npy is truncated: shape 2×3 of float32 needs 24 bytes of data, found 20")
        #expect(
            message(npyFile("{'descr': '<f8', 'fortran_order': False, 'shape': (), }"))
                == "in.npy is truncated: a float64 scalar needs 8 bytes of data, found 0")
        #expect(
            message(npyFile(good, data: float32Bytes([1, 2, 3])))
                == "in.npy has 4 bytes of trailing garbage after the 8 bytes of data for shape 2 of float32 "
                + "(several arrays saved into one file? use one file per array)")
    }

    @Test("Absurd shapes")
    func absurdShapes() {
        #expect(
            message(npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3), }"))
                == "in.npy has an absurd shape (2, -3): the size -3 is negative")
        #expect(
            message(npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }"))
                == """
                in.npy has an absurd shape (99999999999999999999,): \
                the size 99999999999999999999 does not fit a 64-bit integer
                """
        )
        #expect(
            message(npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }"))
                == "in.npy has an absurd shape 4294967296×4294967296: its element count overflows a 64-bit integer")
        #expect(
            message(npyFile("{'descr': '<f8', 'fortran_order': False, 'shape': (3000000000000000000,), }"))
                .hasPrefix(
                    "in.npy has an absurd shape 3000000000000000000: 3000000000000000000 float64 elements overflow"))
        #expect(
            message(
                npyFile(
                    "{'descr': '<f4', 'fortran_order': False, 'shape': (1000000, 1000000), }", data: float32Bytes([1])))
                == "in.npy is truncated: shape 1000000×1000000 of float32 needs 4000000000000 bytes of data, found 4")
    }
}

/// Whether `python3 -c "import numpy"` works here.
private enum NumPyAvailability {
    static let python = ProcessRunner.find("python3")
    static let available: Bool = {
        guard let python else { return false }
        return (try? ProcessRunner.run(python, ["-c", "import numpy"], timeout: 120))?.succeeded ?? false
    }()
}

@Suite("NumPyFile with real NumPy")
struct NumPyFileInteropTests {
    @Test(
        "Reads what np.save writes, and rejects what it should",
        .enabled(
            if: NumPyAvailability.available, "python3 with numpy is not installed (python3 -c \"import numpy\" failed)")
    )
    func readsNumPy() throws {
        try withTemporaryDirectory { directory in
            let script = """
                import sys, numpy as np
                d = sys.argv[1]
                np.save(d + '/f32.npy', (np.arange(6, dtype=np.float32) * 0.5).reshape(2, 3))
                np.save(d + '/f64.npy', np.arange(24, dtype=np.float64).reshape(1, 2, 3, 4) / 8 - 1)
                np.save(d + '/scalar.npy', np.float64(2.5))
                np.save(d + '/scalar32.npy', np.array(-1.25, dtype=np.float32))
                np.save(d + '/empty.npy', np.zeros((0, 3), dtype=np.float32))
                np.save(d + '/vector.npy', np.array([1.0, 2.0, 3.0], dtype=np.float32))
                np.save(d + '/fortran.npy', np.asfortranarray(np.arange(12, dtype=np.float32).reshape(3, 4)))
                np.save(d + '/int32.npy', np.arange(4, dtype=np.int32))
                np.save(d + '/big.npy', np.arange(4, dtype='>f4'))
                np.save(d + '/half.npy', np.arange(4, dtype=np.float16))
                """
            let result = try ProcessRunner.run(NumPyAvailability.python!, ["-c", script, directory.path], timeout: 120)
            try #require(result.succeeded, "\(result)")
            func read(_ file: String) throws -> NumPyArray {
                let path = directory.appendingPathComponent(file).path
                return try NumPyFile.read(try FileBytes.read(path), name: file)
            }
            func message(_ file: String) throws -> String {
                let bytes = try FileBytes.read(directory.appendingPathComponent(file).path)
                return tensorErrorMessage { () throws(TensorError) in try NumPyFile.read(bytes, name: file) }
                    ?? "(no error)"
            }

            #expect(try read("f32.npy") == .float32(try Tensor(shape: [2, 3], elements: [0, 0.5, 1, 1.5, 2, 2.5])))
            #expect(
                try read("f64.npy")
                    == .float64(try Tensor(shape: [1, 2, 3, 4], elements: (0..<24).map { Double($0) / 8 - 1 })))
            #expect(try read("scalar.npy") == .float64(Tensor(shape: [], repeating: 2.5)))
            #expect(try read("scalar32.npy") == .float32(Tensor(shape: [], repeating: -1.25)))
            #expect(try read("empty.npy") == .float32(Tensor(shape: [0, 3])))
            #expect(try read("vector.npy") == .float32(try Tensor(shape: [3], elements: [1, 2, 3])))
            #expect(
                try message("fortran.npy").hasPrefix(
                    """
                    fortran.npy is in Fortran order (shape 3×4, 'fortran_order': True); \
                    save it with np.ascontiguousarray
                    """
                ))
            #expect(try message("int32.npy").hasPrefix("int32.npy has data type '<i4' (int32), which is not supported"))
            #expect(
                try message("big.npy").hasPrefix(
                    """
                    big.npy stores big-endian float32 ('>f4'), which is not supported; \
                    save it little-endian with array.astype('<f4')
                    """
                ))
            #expect(try message("half.npy").hasPrefix("half.npy has data type '<f2' (float16), which is not supported"))

            // Byte for byte what np.save writes.
            let numpyBytes = try FileBytes.read(directory.appendingPathComponent("f32.npy").path)
            #expect(
                NumPyFile.encode(try Tensor<Float>(shape: [2, 3], elements: [0, 0.5, 1, 1.5, 2, 2.5])) == numpyBytes)
            let numpyScalar = try FileBytes.read(directory.appendingPathComponent("scalar.npy").path)
            #expect(NumPyFile.encode(Tensor<Double>(shape: [], repeating: 2.5)) == numpyScalar)
        }
    }

    @Test(
        "np.load reads what we write",
        .enabled(
            if: NumPyAvailability.available, "python3 with numpy is not installed (python3 -c \"import numpy\" failed)")
    )
    func numpyReadsOurs() throws {
        try withTemporaryDirectory { directory in
            let image = Tensor<Float>.random(shape: [1, 3, 4, 5], seed: 3)
            try FileBytes.write(NumPyFile.encode(image), to: directory.appendingPathComponent("image.npy").path)
            try FileBytes.write(
                NumPyFile.encode(Tensor<Double>(shape: [], repeating: -0.75)),
                to: directory.appendingPathComponent("scalar.npy").path)
            try FileBytes.write(
                NumPyFile.encode(Tensor<Double>(shape: [2, 0, 3])),
                to: directory.appendingPathComponent("empty.npy").path)
            let script = """
                import sys, numpy as np
                d = sys.argv[1]
                a = np.load(d + '/image.npy')
                total = 0.0
                for v in a.ravel():
                    total += float(v)
                print(a.dtype, a.shape, a.flags['C_CONTIGUOUS'], repr(float(a[0, 2, 3, 4])), repr(total))
                s = np.load(d + '/scalar.npy')
                print(s.dtype, s.shape, repr(float(s)))
                e = np.load(d + '/empty.npy')
                print(e.dtype, e.shape)
                """
            let result = try ProcessRunner.run(NumPyAvailability.python!, ["-c", script, directory.path], timeout: 120)
            try #require(result.succeeded, "\(result)")
            let sum = image.elements.reduce(0.0) { $0 + Double($1) }
            let last = Double(image[0, 2, 3, 4])
            #expect(
                result.stdoutLines == [
                    "float32 (1, 3, 4, 5) True \(last) \(sum)",
                    "float64 () -0.75",
                    "float64 (2, 0, 3)",
                ])
        }
    }
}

@Suite("NumPyFile on disk (FileBytes)")
struct NumPyFileOnDiskTests {
    @Test("Write, overwrite and read back; no temporary files left")
    func writeAndRead() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("x.npy").path
            let first = Tensor<Float>.random(shape: [2, 3], seed: 1)
            try FileBytes.write(NumPyFile.encode(first), to: path)
            #expect(try NumPyFile.read(try FileBytes.read(path), name: path).float32 == first)
            let second = Tensor<Double>.random(shape: [70_000], seed: 2)
            try FileBytes.write(NumPyFile.encode(second), to: path)
            #expect(try NumPyFile.read(try FileBytes.read(path), name: path).float64 == second)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["x.npy"])
            try FileBytes.write([], to: path)
            #expect(try FileBytes.read(path) == [])
        }
    }

    @Test("Errors name the path; a failed write leaves nothing behind")
    func errors() throws {
        try withTemporaryDirectory { directory in
            let missing = directory.appendingPathComponent("missing.npy").path
            #expect(
                tensorErrorMessage { () throws(TensorError) in try FileBytes.read(missing) }
                    == "cannot open \(missing): No such file or directory")
            let nowhere = directory.appendingPathComponent("no/such/folder/out.npy").path
            #expect(
                tensorErrorMessage { () throws(TensorError) in try FileBytes.write([1], to: nowhere) }
                    == "cannot create a temporary file for \(nowhere): No such file or directory")
            #expect(
                tensorErrorMessage { () throws(TensorError) in try FileBytes.read(directory.path) }
                    == "cannot read \(directory.path): not a regular file (a folder, device or FIFO)")
            // A FIFO with no writer is refused at once instead of blocking in open.
            let fifo = directory.appendingPathComponent("fifo.npy").path
            #expect(mkfifo(fifo, 0o600) == 0)
            #expect(
                tensorErrorMessage { () throws(TensorError) in try FileBytes.read(fifo) }
                    == "cannot read \(fifo): not a regular file (a folder, device or FIFO)")
            try FileManager.default.removeItem(atPath: fifo)
            // A folder is refused before a temporary file is made.
            let folder = directory.appendingPathComponent("folder")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
            try FileManager.default.createDirectory(
                at: folder.appendingPathComponent("inside"), withIntermediateDirectories: false)
            let message = tensorErrorMessage { () throws(TensorError) in try FileBytes.write([1], to: folder.path) }
            #expect(message == "cannot write \(folder.path): it is a folder", "\(message ?? "no error")")
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["folder"])
            #expect(
                tensorErrorMessage { () throws(TensorError) in try FileBytes.write([1], to: directory.path + "/") }
                    == "cannot write \(directory.path)/: it names a folder, not a file")
        }
    }
}
