import ExactArithmetic
import TestSupport
import Testing
import Winograd

@testable import WinogradEmitter

/// The spellings that differ per language: constants and fused multiply-adds.
@Suite("Language syntax")
struct LanguageSyntaxTests {
    /// GLSL's decimals read back as the correctly rounded float, whether a
    /// compiler parses them straight to float or through double.
    @Test func glslDecimalsReadBackAsTheFloat() {
        var random = SplitMix64(seed: 16)
        var values: [Rational] = (1...2000).map { _ in
            random.rational() / Rational(Int.random(in: 1...97, using: &random))
        }
        values += [Rational(1, 3), Rational(-1, 6), Rational(1, 1024), Rational(21, 4), Rational(1, 10), 0]
        for value in values {
            let (text, exact) = Precision.floatDecimalLiteral(QuadraticNumber(value))
            #expect(!text.contains("x"), "\(text) is hex")
            #expect(text.contains(".") || text.contains("e"), "\(text) is not a float literal")
            #expect(Float(text) == value.floatValue, "\(text) does not read back as \(value)")
            #expect(Float(Double(text)!) == value.floatValue, "\(text) through double is not \(value)")
            #expect(exact == (Rational(exactly: value.floatValue) == value))
        }
        #expect(Precision.floatDecimalLiteral(QuadraticNumber(Rational(1, 3))).text == "0.33333334")
        #expect(Precision.floatDecimalLiteral(QuadraticNumber(Rational(-21, 4))).text == "-5.25")
    }

    @Test func exactDecimalsAreExact() {
        for value in [Rational(1, 1024), Rational(-3, 8), Rational(5), Rational(exactly: Float(1.0 / 3.0))] {
            let text = Precision.exactDecimal(value)
            #expect(Rational(exactly: Double(text)!) == value, "\(text) is not \(value)")
        }
    }

    @Test func fusedMultiplyAddPerLanguage() {
        #expect(CSyntax(precision: .float).fusedMultiplyAdd("c", "a", "b") == "fmaf(c, a, b)")
        #expect(CSyntax(precision: .float, language: .cuda).fusedMultiplyAdd("c", "a", "b") == "fmaf(c, a, b)")
        #expect(CSyntax(precision: .float, language: .opencl).fusedMultiplyAdd("c", "a", "b") == "fma(c, a, b)")
        #expect(CSyntax(precision: .double, language: .opencl).fusedMultiplyAdd("c", "a", "b") == "fma(c, a, b)")
        #expect(GLSLSyntax(precision: .float, fused: true).fusedMultiplyAdd("c", "a", "b") == "fma(c, a, b)")
        #expect(WGSLSyntax(precision: .float).fusedMultiplyAdd("c", "a", "b") == "fma(c, a, b)")
    }

    /// An irrational constant a + b·√d prints as the float or double nearest
    /// to it, proved with exact comparisons in ℚ(√d): the literal's value
    /// lies strictly between the midpoints to its neighbours. (Rounding a
    /// and b·√d apart and adding can miss by one unit: `roundedApart`
    /// counts how often it does, so the check can tell them apart.)
    @Test func irrationalConstantsAreCorrectlyRounded() throws {
        var random = SplitMix64(seed: 5)
        var roundedApart = 0
        var values: [QuadraticNumber] = []
        for d in [2, 3, 5, 7, 11] {
            for _ in 0..<200 {
                values.append(QuadraticNumber(random.rational(), random.rational() / 7, radicand: d))
            }
        }
        func between<T: BinaryFloatingPoint>(_ value: QuadraticNumber, _ literal: T) -> Bool {
            let exact = Rational(exactly: Double(literal))
            let below = (Rational(exactly: Double(literal.nextDown)) + exact) / 2
            let above = (Rational(exactly: Double(literal.nextUp)) + exact) / 2
            return QuadraticNumber(below) < value && value < QuadraticNumber(above)
        }
        for value in values where value.rationalValue == nil {
            let single = Precision.float.literal(value)
            let double = Precision.double.literal(value)
            #expect(!single.exact && !double.exact)
            let f = try #require(Float(single.text), "\(single.text)")
            let x = try #require(Double(double.text), "\(double.text)")
            #expect(between(value, f), "\(value): \(single.text)")
            #expect(between(value, x), "\(value): \(double.text)")
            let apart =
                value.rationalPart.floatValue
                + QuadraticNumber(0, value.surdCoefficient, radicand: value.radicand).floatValue
            if apart != f { roundedApart += 1 }
            let glsl = Precision.floatDecimalLiteral(value)
            #expect(Float(glsl.text) == f && Float(Double(glsl.text)!) == f, "\(value): \(glsl.text)")
        }
        #expect(roundedApart > 0, "rounding a and b·√d apart never differed; the check tells nothing")
        print("irrational constants: \(values.count) correctly rounded; rounding apart missed \(roundedApart)")
    }

    @Test func constantsPerLanguage() {
        let sixth = QuadraticNumber(Rational(1, 6))
        #expect(CSyntax(precision: .float, language: .cuda).constant(sixth).text == "0x1.555556p-3f")
        #expect(CSyntax(precision: .double, language: .opencl).constant(sixth).text == "0x1.5555555555555p-3")
        #expect(WGSLSyntax(precision: .float).constant(sixth).text == "0x1.555556p-3f")
        #expect(WGSLSyntax(precision: .float).constant(QuadraticNumber(Rational(-1, 4))).text == "-0.25f")
        #expect(GLSLSyntax(precision: .float, fused: false).annotatedConstant(sixth) == "0.16666667 /* 1/6 */")
        #expect(GLSLSyntax(precision: .float, fused: false).annotatedConstant(4) == "4.0")
    }

    @Test func everyLanguageHasItsPrecisions() {
        for language in Language.allCases {
            #expect(language.precisions.contains(.float))
            #expect(language.precisions.contains(.double) != [.glsl, .wgsl].contains(language))
        }
        #expect(Language.host == Language.allCases.filter { !$0.isGPU })
    }
}
