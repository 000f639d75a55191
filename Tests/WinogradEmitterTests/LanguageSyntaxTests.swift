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
            let (text, exact) = Precision.floatDecimalLiteral(value)
            #expect(!text.contains("x"), "\(text) is hex")
            #expect(text.contains(".") || text.contains("e"), "\(text) is not a float literal")
            #expect(Float(text) == value.floatValue, "\(text) does not read back as \(value)")
            #expect(Float(Double(text)!) == value.floatValue, "\(text) through double is not \(value)")
            #expect(exact == (Rational(exactly: value.floatValue) == value))
        }
        #expect(Precision.floatDecimalLiteral(Rational(1, 3)).text == "0.33333334")
        #expect(Precision.floatDecimalLiteral(Rational(-21, 4)).text == "-5.25")
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

    @Test func constantsPerLanguage() {
        let sixth = Rational(1, 6)
        #expect(CSyntax(precision: .float, language: .cuda).constant(sixth).text == "0x1.555556p-3f")
        #expect(CSyntax(precision: .double, language: .opencl).constant(sixth).text == "0x1.5555555555555p-3")
        #expect(WGSLSyntax(precision: .float).constant(sixth).text == "0x1.555556p-3f")
        #expect(WGSLSyntax(precision: .float).constant(Rational(-1, 4)).text == "-0.25f")
        #expect(GLSLSyntax(precision: .float, fused: false).annotatedConstant(sixth) == "0.16666667 /* 1/6 */")
        #expect(GLSLSyntax(precision: .float, fused: false).annotatedConstant(Rational(4)) == "4.0")
    }

    @Test func everyLanguageHasItsPrecisions() {
        for language in Language.allCases {
            #expect(language.precisions.contains(.float))
            #expect(language.precisions.contains(.double) != [.glsl, .wgsl].contains(language))
        }
        #expect(Language.host == Language.allCases.filter { !$0.isGPU })
    }
}
