import Testing
import Winograd
import WinogradRuntime

@Suite("TileAccuracy: tiles that would lose float32 are refused")
struct TileAccuracyTests {
    @Test(
        "the committed and tested tiles pass",
        arguments: [(2, 2, 3, 3), (4, 4, 3, 3), (6, 6, 3, 3), (4, 2, 3, 3), (10, 9, 3, 3), (3, 7, 3, 3), (4, 4, 5, 5)])
    func accurateTilesPass(rows: Int, columns: Int, r: Int, s: Int) throws {
        try TileAccuracy.check(rows: rows, columns: columns, r: r, s: s)
    }

    @Test("F(16×16,3×3) is refused, naming F(10×10,3×3) as the largest accurate square tile")
    func largeTileIsRefused() throws {
        #expect { try TileAccuracy.check(rows: 16, columns: 16, r: 3, s: 3) } throws: { error in
            let text = "\(error)"
            return text.contains("F(16×16,3×3)") && text.contains("F(10×10,3×3)") && text.contains("0.25")
        }
        #expect(try TileAccuracy.relativeBound(rows: 10, columns: 10, r: 3, s: 3) <= 0.25)
        #expect(try TileAccuracy.relativeBound(rows: 11, columns: 11, r: 3, s: 3) > 0.25)
    }

    @Test("u·K is the transform's growth times float32's unit roundoff")
    func boundIsGrowth() throws {
        let transform = try NestedTransform.derive(TileShape(ms: [4, 4], rs: [3, 3]))
        #expect(try TileAccuracy.relativeBound(rows: 4, columns: 4, r: 3, s: 3) == 0x1p-24 * transform.growth)
    }

    @Test("the filter gradient's F(3×3,12×12) is refused, naming m up to 10")
    func filterGradient() throws {
        try TileAccuracy.checkFilterGradient(m: 6, r: 3, s: 3)
        #expect { try TileAccuracy.checkFilterGradient(m: 12, r: 3, s: 3) } throws: { error in
            "\(error)".contains("m up to 10")
        }
    }
}
