import ExactArithmetic
import TestSupport
import Testing

@Suite("Exact matrices")
struct MatrixTests {
    let a = Matrix<Rational>(rows: [[1, 2, 3], [4, 5, 6]])
    let b = Matrix<Rational>(rows: [[1, 0], ["1/2", -1], [0, 2]])

    @Test func productAndTranspose() {
        #expect(a * b == Matrix(rows: [[2, 4], [Rational(13, 2), 7]]))
        #expect(a.transposed == Matrix(rows: [[1, 4], [2, 5], [3, 6]]))
        #expect((a * b).transposed == b.transposed * a.transposed)
        #expect(a * [1, 1, 1] == [6, 15])
        #expect(Matrix<Rational>.identity(2) * a == a)
    }

    @Test func kroneckerProduct() {
        let x = Matrix<Rational>(rows: [[1, 2], [3, 4]])
        let y = Matrix<Rational>(rows: [[0, 5], [6, 7]])
        #expect(
            x.kronecker(y)
                == Matrix(rows: [
                    [0, 5, 0, 10], [6, 7, 12, 14], [0, 15, 0, 20], [18, 21, 24, 28],
                ]))
        // Mixed product: (A⊗B)(C⊗D) = AC ⊗ BD.
        #expect(a.kronecker(a) * b.kronecker(b) == (a * b).kronecker(a * b))
    }

    @Test func inverseOfRandomMatrices() throws {
        var generator = SplitMix64(seed: 9)
        for size in 1...7 {
            let m = Matrix<Rational>(rowCount: size, columnCount: size) { _, _ in
                Rational(generator.int(in: -9...9), generator.int(in: 1...4))
            }
            guard let inverse = try? m.inverse() else { continue }  // rarely singular
            #expect(m * inverse == .identity(size))
            #expect(inverse * m == .identity(size))
        }
        // Vandermonde on distinct points is invertible; solve agrees with the inverse.
        let points: [Rational] = [0, 1, -1, 2, "1/2"]
        let v = Matrix(rowCount: 5, columnCount: 5) { i, j in points[i].power(j) }
        let rhs = Matrix<Rational>(rowCount: 5, columnCount: 1) { i, _ in Rational(i * i - 3) }
        #expect(try v.solve(rhs) == (try v.inverse()) * rhs)
    }

    @Test func singularMatrixThrowsAClearError() {
        let singular = Matrix<Rational>(rows: [[1, 2, 3], [2, 4, 6], [1, 0, 1]])
        #expect {
            _ = try singular.inverse()
        } throws: { error in
            (error as? SingularMatrixError)?.description.contains("singular") == true
        }
    }

    @Test func mapAndLargestMagnitude() {
        #expect(b.largestMagnitude == 2)
        #expect(Matrix<Rational>(rows: [["-7/2", 1]]).largestMagnitude == Rational(7, 2))
        #expect(b.map(\.doubleValue) == Matrix(rows: [[1.0, 0], [0.5, -1], [0, 2]]))
    }
}

@Suite("Exact polynomials")
struct PolynomialTests {
    @Test func fromRootsProductAndEvaluation() {
        let p = Polynomial(roots: [1, -1, 2])  // x³ − 2x² − x + 2
        #expect(p.coefficients == [2, -1, -2, 1])
        #expect(p(1) == 0 && p(-1) == 0 && p(2) == 0 && p(3) == 8)
        let q = Polynomial(coefficients: [1, "1/2"])  // 1 + x/2
        let product = p * q
        #expect(product.degree == 4)
        for x: Rational in [-3, "1/3", 5] { #expect(product(x) == p(x) * q(x)) }
        #expect((p + q)("2/3") == p("2/3") + q("2/3"))
        #expect(Polynomial(coefficients: [0, 0]).degree == -1)
        #expect(p.coefficients(paddedTo: 6) == [2, -1, -2, 1, 0, 0])
        #expect(p.description == "x^3 - 2·x^2 - x + 2")
        #expect(Polynomial(roots: []).coefficients == [1])
    }
}

@Suite("Synthetic division")
struct SyntheticDivisionTests {
    @Test func divisionByALinearFactor() {
        let roots: [Rational] = [0, 1, -1, 2, "-1/2", 5]
        let product = Polynomial(roots: roots)
        for (i, root) in roots.enumerated() {
            let (quotient, remainder) = product.dividedByLinear(root: root)
            #expect(remainder == 0)
            #expect(quotient == Polynomial(roots: roots.enumerated().filter { $0.offset != i }.map(\.element)))
        }
        let (quotient, remainder) = Polynomial(coefficients: [1, 0, 1]).dividedByLinear(root: 2)  // x² + 1
        #expect(quotient.coefficients == [2, 1] && remainder == 5)
    }
}
