import ExactArithmetic
import TestSupport
import Testing
import Winograd

@Suite("Cook–Toom derivation")
struct DerivationTests {
    /// Every F(m, r) with m ≤ 16, r ≤ 7: the identity holds (checked again
    /// here, independently of the derivation's own check), and the algorithm
    /// reproduces direct correlation of random rational data exactly.
    @Test(arguments: 1...7)
    func allSizesAreExact(r: Int) throws {
        var generator = SplitMix64(seed: UInt64(r))
        for m in 1...16 {
            let t = try CookToom.derive(m: m, r: r)
            #expect(t.AT.rowCount == m && t.AT.columnCount == m + r - 1)
            #expect(t.G.rowCount == m + r - 1 && t.G.columnCount == r)
            #expect(t.BT.rowCount == m + r - 1 && t.BT.columnCount == m + r - 1)
            #expect(IdentityReport(AT: t.AT, G: t.G, BT: t.BT).holds)
            let d = (0..<(m + r - 1)).map { _ in generator.rational() }
            let g = (0..<r).map { _ in generator.rational() }
            #expect(
                winogradTile(NestedTransform(t, dims: 1), tile: d, filter: g)
                    == directCorrelation(tile: d, filter: g, ms: [m], rs: [r]))
        }
    }

    @Test(arguments: [FractionPlacement.g, .a, .b])
    func everyPlacementIsExactAndPutsTheFractionsWhereAsked(placement: FractionPlacement) throws {
        for (m, r) in [(2, 3), (4, 3), (6, 3), (3, 5), (5, 4)] {
            let points = try PointSet(
                parsing: PointSet.defaultSequence(count: m + r - 2).map(\.description).joined(separator: ","), m: m,
                r: r)
            let t = try CookToom.derive(m: m, r: r, fractionsIn: placement)
            #expect(t.fractionsIn == placement)
            // With integer points only, the other two matrices hold integers.
            if points.finitePoints.allSatisfy(\.isInteger) {
                let integral = [("A", t.AT), ("G", t.G), ("B", t.BT)].filter { $0.0 != placement.rawValue }
                for (_, matrix) in integral { #expect(matrix.elements.allSatisfy { $0.isInteger }) }
            }
        }
    }

    @Test func infinityWhereTheUserPutsIt() throws {
        let points = try PointSet(parsing: "0, inf, 1, -1, 2, -2", m: 4, r: 3)
        #expect(points.infinityIndex == 1)
        let t = try CookToom.derive(m: 4, r: 3, points: points)
        let last = try CookToom.derive(m: 4, r: 3)
        // The same algorithm with the infinity row moved to position 1.
        let order = [0, 5, 1, 2, 3, 4]
        #expect(t.G == Matrix(rowCount: 6, columnCount: 3) { i, k in last.G[order[i], k] })
        #expect(t.BT == Matrix(rowCount: 6, columnCount: 6) { i, k in last.BT[order[i], k] })
        #expect(t.AT == Matrix(rowCount: 4, columnCount: 6) { j, i in last.AT[j, order[i]] })
    }

    @Test func nFinitePointsWithoutInfinity() throws {
        var generator = SplitMix64(seed: 21)
        for (m, r, list) in [(4, 3, "0,1,-1,2,-2,3"), (2, 3, "0,1,-1,1/2"), (1, 1, "5"), (3, 2, "1/3,-2/5,7,-1")] {
            let points = try PointSet(parsing: list, m: m, r: r)
            #expect(points.infinityIndex == nil)
            let t = try CookToom.derive(m: m, r: r, points: points)
            let d = (0..<(m + r - 1)).map { _ in generator.rational() }
            let g = (0..<r).map { _ in generator.rational() }
            #expect(
                winogradTile(NestedTransform(t, dims: 1), tile: d, filter: g)
                    == directCorrelation(tile: d, filter: g, ms: [m], rs: [r]))
        }
    }

    @Test func smallestCases() throws {
        let f11 = try CookToom.derive(m: 1, r: 1)
        #expect(f11.AT == matrix([["1"]]) && f11.G == matrix([["1"]]) && f11.BT == matrix([["1"]]))
        let f21 = try CookToom.derive(m: 2, r: 1)  // n = 2: wincnn fails here
        #expect(IdentityReport(AT: f21.AT, G: f21.G, BT: f21.BT).holds)
    }

    @Test func badSizesAreRejected() {
        for (m, r) in [(0, 3), (-2, 3), (4, 0), (4, -1)] {
            #expect {
                _ = try CookToom.derive(m: m, r: r)
            } throws: { error in
                "\(error)".contains("must be an integer of at least 1")
            }
        }
    }

    @Test func factsOfF4x3() throws {
        let f = NestedTransform(try CookToom.derive(m: 4, r: 3), dims: 1).facts
        #expect(f.multiplications == 6 && f.directMultiplications == 12 && f.reduction == 2)
        #expect(f.largestAT == 8 && f.largestG == 1 && f.largestBT == 5)
        let f2 = NestedTransform(try CookToom.derive(m: 4, r: 3), dims: 2).facts
        #expect(f2.multiplications == 36 && f2.directMultiplications == 144 && f2.reduction == 4)
        #expect(f2.largestAT == 64 && f2.largestBT == 25)
    }

    @Test("sizes beyond the point bound are refused before any work, without overflow")
    func sizeBound() throws {
        let limit = CookToom.maximumPoints
        #expect(throws: TransformError.self) { _ = try CookToom.derive(m: limit, r: 2) }
        for (m, r) in [(Int.max, 2), (2, Int.max), (Int.max, Int.max), (limit, 2)] {
            #expect { _ = try TileShape(ms: [m], rs: [r]) } throws: { error in
                "\(error)".contains("beyond the bound of \(limit)")
            }
        }
        _ = try TileShape(ms: [limit - 2], rs: [3])
    }
}
