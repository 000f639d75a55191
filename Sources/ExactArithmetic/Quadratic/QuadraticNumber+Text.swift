/// Text of quadratic numbers: `[a ± ][c*]sqrt(d)[/q]` beside any rational.
///
/// `sqrt2/2`, `-sqrt(2)`, `3*sqrt5/4`, `1/2+sqrt(3)/2`, `√2` — and `3/4`,
/// `-2`, `0.625` as ``Rational`` reads them. `√` may stand for `sqrt`; the
/// parentheses around d are optional. d must be a square-free integer ≥ 2
/// (`sqrt8` is `2*sqrt2`: write it so).
extension QuadraticNumber: CustomStringConvertible {
    /// Canonical text that ``init(parsing:)`` reads back: `a`, `b·√d` as
    /// `sqrt(d)`, `-sqrt(d)/q`, `p*sqrt(d)/q`, with `a+` or `a-` before it.
    public var description: String {
        guard !surdCoefficient.isZero else { return rationalPart.description }
        let magnitude = surdCoefficient.magnitude
        let top = magnitude.numerator
        let bottom = magnitude.denominator
        var surd = top == 1 ? "sqrt(\(radicand))" : "\(top)*sqrt(\(radicand))"
        if bottom != 1 { surd += "/\(bottom)" }
        let sign = surdCoefficient.isNegative ? "-" : "+"
        if rationalPart.isZero { return (sign == "-" ? "-" : "") + surd }
        return rationalPart.description + sign + surd
    }

    /// Parses the forms above.
    /// - Throws: ``RationalParseError`` naming the text and what is wrong.
    public init(parsing text: String) throws(RationalParseError) {
        func fail(_ reason: String) -> RationalParseError {
            RationalParseError(text: text, reason: reason)
        }
        let compact = String(text.filter { !$0.isWhitespace }.flatMap { $0 == "√" ? Array("sqrt") : [$0] })
        guard let sqrtRange = Self.firstRange(of: "sqrt", in: compact) else {
            do {
                self.init(try Rational(parsing: compact))
            } catch {
                throw fail(error.reason + " or a surd such as sqrt2/2")
            }
            return
        }
        // Split off the rational part: the last '+' or '-' before "sqrt" that is not a leading sign
        // or a coefficient's own sign.
        let head = compact[..<sqrtRange.lowerBound]
        var rational: Rational = 0
        var coefficientText = Substring(head)
        let operators = head.indices.filter { index in
            (head[index] == "+" || head[index] == "-") && index != head.startIndex
                && !"eE".contains(head[head.index(before: index)])
        }
        if let split = operators.last {
            let rationalText = head[..<split]
            do {
                rational = try Rational(parsing: String(rationalText))
            } catch {
                throw fail("the rational part '\(rationalText)' is not a rational number")
            }
            coefficientText = head[split...]
        }
        // The coefficient before sqrt: '', '+', '-', or a rational followed by '*'.
        var coefficient: Rational = 1
        var body = coefficientText
        if body.first == "+" || body.first == "-" {
            if body.first == "-" { coefficient = -1 }
            body = body.dropFirst()
        }
        if !body.isEmpty {
            guard body.last == "*" else { throw fail("write a coefficient as c*sqrt(d), e.g. 3*sqrt2/4") }
            do {
                coefficient *= try Rational(parsing: String(body.dropLast()))
            } catch {
                throw fail("the coefficient '\(body.dropLast())' is not a rational number")
            }
        }
        // The radicand, bare or in parentheses, then an optional /q.
        var tail = compact[sqrtRange.upperBound...]
        let radicandText: Substring
        if tail.first == "(" {
            guard let close = tail.firstIndex(of: ")") else { throw fail("sqrt( is not closed") }
            radicandText = tail[tail.index(after: tail.startIndex)..<close]
            tail = tail[tail.index(after: close)...]
        } else {
            let end = tail.firstIndex(where: { !$0.isASCII || !$0.isNumber }) ?? tail.endIndex
            radicandText = tail[..<end]
            tail = tail[end...]
        }
        guard !radicandText.isEmpty, radicandText.count <= 7, radicandText.allSatisfy({ $0.isASCII && $0.isNumber }),
            let d = Int(radicandText)
        else {
            throw fail("sqrt needs a positive integer, e.g. sqrt2 or sqrt(3)")
        }
        guard Self.isSquareFree(d) else {
            throw fail(
                "the radicand \(d) must be a square-free integer from 2 to \(Self.maximumRadicand) "
                    + "(take square factors out: sqrt8 is 2*sqrt2)")
        }
        if !tail.isEmpty {
            guard tail.first == "/" else { throw fail("unexpected '\(tail)' after sqrt(\(d))") }
            let denominator: Rational
            do {
                denominator = try Rational(parsing: String(tail.dropFirst()))
            } catch {
                throw fail("the divisor '\(tail.dropFirst())' is not a rational number")
            }
            guard !denominator.isZero else { throw fail("the divisor is zero") }
            coefficient = coefficient / denominator
        }
        self.init(rational, coefficient, radicand: d)
    }

    /// Where `needle` first occurs in `text` (no Foundation here).
    static func firstRange(of needle: String, in text: String) -> Range<String.Index>? {
        var start = text.startIndex
        while start < text.endIndex {
            if text[start...].hasPrefix(needle) {
                return start..<text.index(start, offsetBy: needle.count)
            }
            start = text.index(after: start)
        }
        return nil
    }
}
