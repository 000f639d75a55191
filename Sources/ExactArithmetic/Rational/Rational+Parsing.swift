import CGMP

/// Why a text is not an exact rational number.
public struct RationalParseError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The text that was given.
    public var text: String
    /// What is wrong with it.
    public var reason: String

    public var description: String {
        "'\(text)' is not a rational number: \(reason)"
    }
}

extension Rational {
    /// Parses an exact rational from text, accepting integers (`"3"`,
    /// `"-12"`), fractions (`"-7/4"`), decimals (`"0.625"`) and decimal
    /// exponents (`"1e-3"`, `"-2.5e2"`). Every accepted form is exact.
    ///
    /// - Throws: ``RationalParseError`` naming the text and the problem,
    ///   e.g. for `"1/0"`, `"abc"`, `""` or `"1/"`.
    public init(parsing text: String) throws(RationalParseError) {
        func fail(_ reason: String) -> RationalParseError {
            RationalParseError(text: text, reason: reason)
        }
        var bytes = Substring(text).utf8[...]
        guard !bytes.isEmpty else { throw fail("it is empty") }

        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        func digits(_ part: Substring.UTF8View.SubSequence) -> Bool {
            !part.isEmpty && part.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        }
        let expected = "expected an integer ('3'), a fraction ('-7/4') or a decimal ('0.625', '-2.5e2')"

        var numeratorDigits: String
        var denominatorDigits = "1"

        if let slash = bytes.firstIndex(of: UInt8(ascii: "/")) {
            let top = bytes[..<slash]
            let bottom = bytes[bytes.index(after: slash)...]
            guard digits(top) else { throw fail("the numerator is not an integer; \(expected)") }
            guard digits(bottom) else { throw fail("the denominator is not a positive integer; \(expected)") }
            guard bottom.contains(where: { $0 != UInt8(ascii: "0") }) else {
                throw fail("the denominator is zero")
            }
            numeratorDigits = String(Substring(top))
            denominatorDigits = String(Substring(bottom))
        } else {
            var mantissa = bytes
            var exponent = 0
            if let e = bytes.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
                mantissa = bytes[..<e]
                var exponentText = bytes[bytes.index(after: e)...]
                var exponentNegative = false
                if let sign = exponentText.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
                    exponentNegative = sign == UInt8(ascii: "-")
                    exponentText = exponentText.dropFirst()
                }
                guard digits(exponentText) else { throw fail("the exponent is not an integer; \(expected)") }
                // Bounded so that a typo cannot ask for a number of a billion digits.
                guard exponentText.count <= 6, let value = Int(String(Substring(exponentText))),
                    value <= 100_000
                else {
                    throw fail("the exponent is larger than 100000 in magnitude")
                }
                exponent = exponentNegative ? -value : value
            }
            var integerPart = mantissa
            var fractionPart = mantissa[mantissa.endIndex...]
            if let dot = mantissa.firstIndex(of: UInt8(ascii: ".")) {
                integerPart = mantissa[..<dot]
                fractionPart = mantissa[mantissa.index(after: dot)...]
                guard digits(integerPart) || digits(fractionPart),
                    integerPart.isEmpty || digits(integerPart),
                    fractionPart.isEmpty || digits(fractionPart)
                else {
                    throw fail(expected)
                }
            } else {
                guard digits(integerPart) else { throw fail(expected) }
            }
            numeratorDigits = String(Substring(integerPart)) + String(Substring(fractionPart))
            let scale = exponent - fractionPart.count
            if scale >= 0 {
                numeratorDigits += String(repeating: "0", count: scale)
            } else {
                denominatorDigits = "1" + String(repeating: "0", count: -scale)
            }
        }

        let value = MPQ()
        __gmpz_set_str(value.numerator, numeratorDigits, 10)
        __gmpz_set_str(value.denominator, denominatorDigits, 10)
        __gmpq_canonicalize(value.raw)
        if negative { __gmpq_neg(value.raw, value.raw) }
        self.init(storage: value)
    }
}

extension Rational: LosslessStringConvertible {
    /// Parses `description` back; nil for text that is not a rational.
    public init?(_ description: String) {
        guard let value = try? Rational(parsing: description) else { return nil }
        self = value
    }
}

extension Rational: ExpressibleByStringLiteral {
    /// A literal such as `"-7/4"` or `"0.625"`.
    /// - Precondition: the literal is a valid rational.
    public init(stringLiteral value: String) {
        do {
            try self.init(parsing: value)
        } catch {
            preconditionFailure(error.description)
        }
    }
}
