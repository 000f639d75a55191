import ExactArithmetic

/// A straight-line program whose outputs are linear combinations: the
/// "build" phase's result (one form per row of a transform matrix) and the
/// simplifier's (the same outputs over shared temporaries).
public struct LinearProgram: Hashable, Sendable {
    /// Number of inputs.
    public var inputCount: Int
    /// temporaries[k] defines `.temporary(k)` over inputs and earlier temporaries.
    public var temporaries: [LinearForm]
    /// One form per output.
    public var outputs: [LinearForm]

    /// y = matrix · x: one output per row.
    public init(matrix: Matrix<QuadraticNumber>) {
        inputCount = matrix.columnCount
        temporaries = []
        outputs = matrix.rows.map { LinearForm(row: $0) }
    }

    /// The same over ℚ.
    public init(matrix: Matrix<Rational>) { self.init(matrix: matrix.map(QuadraticNumber.init)) }

    public init(inputCount: Int, temporaries: [LinearForm], outputs: [LinearForm]) {
        self.inputCount = inputCount
        self.temporaries = temporaries
        self.outputs = outputs
    }

    /// Evaluates exactly, for tests: each output as a form over the inputs.
    public func expandedOutputs() -> [LinearForm] {
        var expansions: [LinearForm] = []
        func expand(_ form: LinearForm) -> LinearForm {
            var pairs: [(Variable, QuadraticNumber)] = []
            for term in form.terms {
                switch term.variable {
                case .input: pairs.append((term.variable, term.coefficient))
                case .temporary(let k):
                    pairs += expansions[k].terms.map { ($0.variable, $0.coefficient * term.coefficient) }
                }
            }
            return LinearForm(pairs)
        }
        for temporary in temporaries { expansions.append(expand(temporary)) }
        return outputs.map(expand)
    }
}
