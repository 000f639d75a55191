import ExactArithmetic
import Testing
import Winograd

@Suite("Exact identity check")
struct IdentityCheckTests {
    /// Changing any single entry of any matrix breaks the identity, and the
    /// check says so (so it is able to fail), and construction refuses.
    @Test func everySingleCorruptionIsCaught() throws {
        let t = try CookToom.derive(m: 4, r: 3)
        for which in 0..<3 {
            let original = [t.AT, t.G, t.BT][which]
            for index in original.elements.indices {
                var corrupted = [t.AT, t.G, t.BT]
                var elements = original.elements
                elements[index] += Rational(1, 7)
                corrupted[which] = Matrix(
                    rowCount: original.rowCount, columnCount: original.columnCount, elements: elements)
                let report = IdentityReport(AT: corrupted[0], G: corrupted[1], BT: corrupted[2])
                #expect(!report.holds)
                #expect(report.mismatchCount > 0 && !report.firstMismatches.isEmpty)
                #expect(throws: TransformError.self) {
                    _ = try WinogradTransform(AT: corrupted[0], G: corrupted[1], BT: corrupted[2])
                }
            }
        }
    }

    @Test func reportNamesTheFailingTriple() throws {
        let t = try CookToom.derive(m: 2, r: 3)
        var bt = t.BT
        bt[0, 0] = 2
        let report = IdentityReport(AT: t.AT, G: t.G, BT: bt)
        #expect(report.description.contains("(j=0, k=0, i=0) sums to 2, expected 1"))
    }

    @Test func shapesAreChecked() throws {
        let t = try CookToom.derive(m: 4, r: 3)
        let shortBT = Matrix(rows: Array(t.BT.rows.dropLast()))
        #expect {
            _ = try WinogradTransform(AT: t.AT, G: t.G, BT: shortBT)
        } throws: { "\($0)".contains("BT is 5×6 but must be 6×6") }
        let shortG = Matrix(rows: Array(t.G.rows.dropLast()))
        #expect {
            _ = try WinogradTransform(AT: t.AT, G: shortG, BT: t.BT)
        } throws: { "\($0)".contains("G needs 6 rows") }
    }
}
