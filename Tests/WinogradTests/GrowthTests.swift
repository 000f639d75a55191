import ExactArithmetic
import Testing
import Winograd

@Suite("Growth factor K")
struct GrowthTests {
    /// F(2,3): G's rows have 1-norms 1, 3/2, 3/2, 1 and BT's 2, 2, 2, 2; AT's
    /// rows pick t = 0,1,2 and t = 1,2,3, so K₁ = 2 + 3 + 3 = 8 for both.
    @Test func f23ByHand() throws {
        #expect(try CookToom.derive(m: 2, r: 3).growth == 8)
    }

    @Test func knownValuesAndNesting() throws {
        let f43 = try CookToom.derive(m: 4, r: 3)
        #expect(f43.growth == 48)
        let nested = try NestedTransform.derive(TileShape(ms: [4, 2], rs: [3, 3]))
        #expect(nested.growth == 48 * 8)
        // Larger tiles grow: the precision Winograd gives up.
        #expect(try CookToom.derive(m: 6, r: 3).growth > 48)
    }
}
