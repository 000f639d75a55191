import CWinogradRuntime
import Winograd

/// Whether a Winograd tile keeps float32 accurate: its growth factor K
/// (``NestedTransform/growth``) bounds how far rounding is amplified, and
/// measured errors sit at 0.1–1.3·u·K relative to the data's scale (u = 2⁻²⁴
/// for float32). A tile whose u·K passes ``maximumRelativeBound`` can return
/// garbage without any other sign (F(16×16,3×3): relative error 10²), so it
/// is refused before it runs.
///
/// ```swift
/// try TileAccuracy.check(rows: 6, columns: 6, r: 3, s: 3)   // u·K ≈ 2.7e-4: fine
/// try TileAccuracy.check(rows: 16, columns: 16, r: 3, s: 3) // throws, naming F(10×10,3×3)
/// ```
public enum TileAccuracy {
    /// The largest tile side m + r − 1 the runtime's stages take (WR_MAX_SIDE).
    public static let maximumSide = Int(WR_MAX_SIDE)
    /// float32's unit roundoff.
    public static let unitRoundoff = 0x1p-24
    /// The largest u·K accepted: the a-priori error may reach a quarter of
    /// the data's scale (F(10×10,3×3), 1.6e-4 relative L2 measured, passes;
    /// F(11×11,3×3), 6e-3 and max errors near 0.5, does not).
    public static let maximumRelativeBound = 0.25

    /// u·K of the convolution tile F(rows×columns, r×s) with `points` (none:
    /// the defaults; one list for both axes, or one per axis).
    public static func relativeBound(
        rows: Int, columns: Int, r: Int, s: Int, points: [[InterpolationPoint]] = []
    ) throws(TensorError) -> Double {
        do {
            let shape = try TileShape(ms: [rows, columns], rs: [r, s])
            return unitRoundoff * (try NestedTransform.derive(shape, points: points)).growth
        } catch {
            throw TensorError("F(\(rows)×\(columns),\(r)×\(s)): \(error)")
        }
    }

    /// Throws when F(rows×columns, r×s) would lose float32's accuracy,
    /// naming the largest square tile with the default points that keeps it.
    public static func check(
        rows: Int, columns: Int, r: Int, s: Int, points: [[InterpolationPoint]] = []
    ) throws(TensorError) {
        let bound = try relativeBound(rows: rows, columns: columns, r: r, s: s, points: points)
        guard !(bound <= maximumRelativeBound) else { return }
        var largest = 0
        var m = 1
        while m + max(r, s) - 1 <= CookToom.maximumPoints,
            let next = try? relativeBound(rows: m, columns: m, r: r, s: s), next <= maximumRelativeBound
        {
            largest = m
            m += 1
        }
        let keep =
            largest >= 1
            ? "tiles up to F(\(largest)×\(largest),\(r)×\(s)) with the default points stay within it"
            : "no Winograd tile of \(r)×\(s) filters does; use direct convolution or im2col"
        throw TensorError(
            "F(\(rows)×\(columns),\(r)×\(s))\(points.isEmpty ? "" : " with these points") amplifies rounding by "
                + "K = \(ErrorStatistics.scientific(bound / unitRoundoff)): in float32 its error may reach "
                + "u·K = \(ErrorStatistics.scientific(bound)) of the data's scale, beyond the bound of "
                + "\(maximumRelativeBound); \(keep)")
    }
}

extension TileAccuracy {
    /// The filter gradient's tile F(r×s, m×m) (the output gradient's m×m
    /// tiles act as the filter): throws when it would lose float32's
    /// accuracy, naming the largest m that keeps it.
    public static func checkFilterGradient(m: Int, r: Int, s: Int) throws(TensorError) {
        let bound = try relativeBound(rows: r, columns: s, r: m, s: m)
        guard !(bound <= maximumRelativeBound) else { return }
        var largest = 0
        var next = 1
        while next + max(r, s) - 1 <= CookToom.maximumPoints,
            let value = try? relativeBound(rows: r, columns: s, r: next, s: next), value <= maximumRelativeBound
        {
            largest = next
            next += 1
        }
        let keep =
            largest >= 1
            ? "m up to \(largest) (F(\(r)×\(s),\(largest)×\(largest))) stays within it"
            : "no Winograd tile does; use direct convolution or im2col"
        throw TensorError(
            "the filter gradient's F(\(r)×\(s),\(m)×\(m)) amplifies rounding by "
                + "K = \(ErrorStatistics.scientific(bound / unitRoundoff)): in float32 its error may reach "
                + "u·K = \(ErrorStatistics.scientific(bound)) of the data's scale, beyond the bound of "
                + "\(maximumRelativeBound); \(keep)")
    }
}
