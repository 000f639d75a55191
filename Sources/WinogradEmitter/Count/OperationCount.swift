/// Arithmetic operations of a program; an FMA counts as one operation.
public struct OperationCount: Hashable, Sendable, CustomStringConvertible {
    /// Additions, subtractions and negations.
    public var adds = 0
    public var multiplies = 0
    public var fusedMultiplyAdds = 0

    public var total: Int { adds + multiplies + fusedMultiplyAdds }

    public init(adds: Int = 0, multiplies: Int = 0, fusedMultiplyAdds: Int = 0) {
        self.adds = adds
        self.multiplies = multiplies
        self.fusedMultiplyAdds = fusedMultiplyAdds
    }

    public init(_ program: OperationProgram) {
        for operation in program.operations {
            switch operation {
            case .add, .subtract, .negate: adds += 1
            case .multiply: multiplies += 1
            case .fusedMultiplyAdd: fusedMultiplyAdds += 1
            }
        }
    }

    /// "12 = 6 add + 2 mul + 4 fma".
    public var description: String {
        "\(total) = \(adds) add + \(multiplies) mul + \(fusedMultiplyAdds) fma"
    }

    public static func + (lhs: OperationCount, rhs: OperationCount) -> OperationCount {
        OperationCount(
            adds: lhs.adds + rhs.adds, multiplies: lhs.multiplies + rhs.multiplies,
            fusedMultiplyAdds: lhs.fusedMultiplyAdds + rhs.fusedMultiplyAdds)
    }
}
