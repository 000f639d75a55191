import ExactArithmetic

/// Common-subexpression extraction over linear forms (Paar's greedy method,
/// generalised to rational coefficients).
///
/// Two terms `a·u + b·v` are the same subexpression, up to a factor,
/// wherever the ratio b/a is the same. The pair that occurs in the most
/// forms becomes a temporary `s = u + (b/a)·v` (or `(a/b)·u + v`, whichever
/// leaves more ±1 coefficients in its users, so they become adds), and every
/// occurrence is replaced by a multiple of s. Repeating until no pair occurs
/// twice finds the butterflies of symmetric points (`d1 + d2` / `d1 − d2`
/// shared across rows), factors shared coefficients (`a·x + a·y → a·(x + y)`)
/// and nests them (`(d4 − 4·d2) ± (d3 − 4·d1)`), with no special cases.
public enum PairExtraction {
    struct PairKey: Hashable, Comparable {
        var first: Variable, second: Variable, ratio: QuadraticNumber

        static func < (lhs: PairKey, rhs: PairKey) -> Bool {
            if lhs.first != rhs.first { return lhs.first < rhs.first }
            if lhs.second != rhs.second { return lhs.second < rhs.second }
            return lhs.ratio < rhs.ratio
        }
    }

    /// The program with shared pairs extracted; its outputs are unchanged as
    /// linear maps of the inputs. An extraction is kept only when it lowers
    /// the operation count of `cost` (with or without FMA), so the result
    /// is never dearer than the matrix written out.
    public static func run(_ program: LinearProgram, fusedMultiplyAdd: Bool) -> LinearProgram {
        var forms = program.outputs
        var temporaries = program.temporaries
        var rejected = Set<PairKey>()
        while let best = mostFrequentPair(in: forms, excluding: rejected) {
            let (key, users) = best
            // s = scale·(first + ratio·second), with scale 1 or 1/ratio so that s
            // itself keeps a +1 coefficient. Keep the scale that leaves users the
            // most ±1 coefficients (adds, not multiplies), then the most +1
            // (a start without negation), then an integer inside s.
            func score(_ scale: QuadraticNumber) -> (Int, Int, Bool) {
                let coefficients = users.map { forms[$0].coefficient(of: key.first) / scale }
                return (
                    coefficients.filter { $0.magnitude == 1 }.count, coefficients.filter { $0 == 1 }.count,
                    (scale * key.ratio).isInteger && scale.isInteger
                )
            }
            let candidates: [QuadraticNumber] = [1, key.ratio.reciprocal]
            let scale = candidates.max { a, b in
                let (sa, sb) = (score(a), score(b))
                if sa.0 != sb.0 { return sa.0 < sb.0 }
                if sa.1 != sb.1 { return sa.1 < sb.1 }
                return !sa.2 && sb.2
            }!
            let temporary = Variable.temporary(temporaries.count)
            let definition = LinearForm([(key.first, scale), (key.second, scale * key.ratio)])
            var rewritten = forms
            for index in users {
                let replaced = rewritten[index].substitute(
                    first: key.first, second: key.second, ratio: key.ratio,
                    by: temporary, scale: scale)
                assert(replaced, "PairExtraction: a counted pair vanished")
            }
            let before = users.reduce(0) { $0 + cost(forms[$1], fusedMultiplyAdd: fusedMultiplyAdd) }
            let after = users.reduce(cost(definition, fusedMultiplyAdd: fusedMultiplyAdd)) {
                $0 + cost(rewritten[$1], fusedMultiplyAdd: fusedMultiplyAdd)
            }
            guard after <= before else {
                rejected.insert(key)
                continue
            }
            temporaries.append(definition)
            forms = rewritten
        }
        return LinearProgram(inputCount: program.inputCount, temporaries: temporaries, outputs: forms)
    }

    /// The pair in the most forms (at least two), ties broken towards ratio
    /// ±1 and then by order, so the result is deterministic.
    static func mostFrequentPair(in forms: [LinearForm], excluding rejected: Set<PairKey>) -> (PairKey, [Int])? {
        var users: [PairKey: [Int]] = [:]
        for (index, form) in forms.enumerated() {
            let terms = form.terms
            for i in terms.indices {
                for j in terms.indices where j > i {
                    let key = PairKey(
                        first: terms[i].variable, second: terms[j].variable,
                        ratio: terms[j].coefficient / terms[i].coefficient)
                    users[key, default: []].append(index)
                }
            }
        }
        let best = users.filter { $0.value.count >= 2 && !rejected.contains($0.key) }.min { a, b in
            if a.value.count != b.value.count { return a.value.count > b.value.count }
            let aUnit = a.key.ratio.magnitude == 1
            let bUnit = b.key.ratio.magnitude == 1
            if aUnit != bUnit { return aUnit }
            return a.key < b.key
        }
        return best.map { ($0.key, $0.value) }
    }

    /// The operations ``Lowering`` spends on one form: k − 1 adds or FMAs,
    /// plus a start (multiply or negation) when no coefficient is +1; without
    /// FMA, one multiply per distinct |coefficient| ≠ 1 instead.
    static func cost(_ form: LinearForm, fusedMultiplyAdd: Bool) -> Int {
        let k = form.terms.count
        let hasPlusOne = form.terms.contains { $0.coefficient == 1 }
        if fusedMultiplyAdd { return k - 1 + (hasPlusOne ? 0 : 1) }
        let groups = Set(form.terms.map(\.coefficient.magnitude).filter { $0 != 1 }).count
        return k - 1 + groups + (!hasPlusOne && groups == 0 ? 1 : 0)
    }
}
