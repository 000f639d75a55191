import ExactArithmetic
import Testing
import Winograd

@Suite("Interpolation points")
struct PointSetTests {
    @Test func rulesForTheCount() throws {
        #expect(try PointSet(parsing: "0,1,-1,2,-2", m: 4, r: 3).description == "0, 1, -1, 2, -2, inf")
        #expect(try PointSet(parsing: "0,1,-1,2,-2,3", m: 4, r: 3).infinityIndex == nil)
        #expect(try PointSet(parsing: "inf,0,1,-1,2,-2", m: 4, r: 3).infinityIndex == 0)
        #expect(try PointSet(parsing: " 1/2 , -0.5, ∞", m: 2, r: 2).description == "1/2, -1/2, inf")
        #expect(PointSet.defaults(m: 6, r: 3).description == "0, 1, -1, 2, -2, 1/2, -1/2, inf")
    }

    @Test(arguments: [
        ("0,1,1,2,-2", "given twice"), ("0,1,-1", "needs n = m + r - 1 = 6 points: 5 finite points"),
        ("0,1,x,2,-2", "'x' is not a number"), ("0,inf,1,inf,2,-2", "'inf' is given twice"),
        ("1/0,1,-1,2,-2", "denominator is zero"), ("", "empty"), ("0,1,-1,2,-2,3,4", "got 7 finite points"),
        ("0,0.5,1/2,2,-2", "given twice"), ("0,1,-1,2,inf", "got 5 points including 'inf'"),
        ("0,,1,2,-2", "is not a number"),
    ])
    func badListsAreRejectedClearly(list: String, message: String) {
        #expect {
            _ = try PointSet(parsing: list, m: 4, r: 3)
        } throws: { error in
            "\(error)".contains(message)
        }
    }
}
