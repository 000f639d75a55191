import ExactArithmetic
import TestSupport
import Testing
import Winograd

@Suite("Nested N-D transforms")
struct NestedTransformTests {
    /// Square, non-square and 3-D tiles compute N-D correlation exactly
    /// through the Kronecker matrices.
    @Test(arguments: [
        ([2, 2], [3, 3]), ([4, 4], [3, 3]), ([6, 6], [3, 3]), ([2, 2], [5, 5]), ([4, 2], [3, 1]),
        ([3, 5], [2, 4]), ([1, 4], [4, 1]), ([2, 2, 2], [3, 3, 3]), ([2, 3, 1], [2, 1, 3]),
    ])
    func nestedTilesCorrelateExactly(ms: [Int], rs: [Int]) throws {
        let shape = try TileShape(ms: ms, rs: rs)
        let t = try NestedTransform.derive(shape)
        #expect(t.dims == ms.count)
        var generator = SplitMix64(seed: UInt64(ms.reduce(0, +) * 31 + rs.reduce(0, +)))
        let tileSize = zip(ms, rs).map { $0 + $1 - 1 }.reduce(1, *)
        let filterSize = rs.reduce(1, *)
        let d = (0..<tileSize).map { _ in generator.rational() }
        let g = (0..<filterSize).map { _ in generator.rational() }
        #expect(winogradTile(t, tile: d, filter: g) == directCorrelation(tile: d, filter: g, ms: ms, rs: rs))
    }

    @Test func names() throws {
        #expect(try NestedTransform.derive(TileShape(m: "4", r: "3", dims: 2)).name == "F(4×4,3×3)")
        #expect(try NestedTransform.derive(TileShape(m: "4x2", r: "3x1", dims: nil)).name == "F(4×2,3×1)")
        #expect(try NestedTransform.derive(TileShape(m: "4", r: "3", dims: nil)).name == "F(4,3)")
    }

    @Test func perAxisPoints() throws {
        let shape = try TileShape(m: "2x2", r: "3x3", dims: nil)
        let lists = try ["0,1,-1", "0,1/2,-1/2"].map { try InterpolationPoint.list(parsing: $0) }
        let t = try NestedTransform.derive(shape, points: lists)
        #expect(t.axes[0].points?.description == "0, 1, -1, inf")
        #expect(t.axes[1].points?.description == "0, 1/2, -1/2, inf")
        #expect(!t.isSquare)
        #expect {
            _ = try NestedTransform.derive(shape, points: lists + lists)
        } throws: { "\($0)".contains("4 point lists for 2 axes") }
    }

    @Test(arguments: [
        ("4x2", "3x1x1", nil as Int?, "axes"), ("4x2", "3", 3, "disagrees"), ("0", "3", nil, "at least 1"),
        ("4", "-3", nil, "at least 1"), ("abc", "3", nil, "not a size"), ("4", "3", 0, "not supported"),
        ("4x", "3", nil, "not a size"),
    ])
    func badTileShapes(m: String, r: String, dims: Int?, message: String) {
        #expect {
            _ = try TileShape(m: m, r: r, dims: dims)
        } throws: { "\($0)".contains(message) }
    }
}
