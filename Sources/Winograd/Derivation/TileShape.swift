/// The sizes of an N-D tile: m and r per axis, parsed from the command
/// line's `4`, `4x2` (or `4×2`) forms.
public struct TileShape: Hashable, Sendable {
    /// Outputs per axis.
    public let ms: [Int]
    /// Filter taps per axis.
    public let rs: [Int]

    public var dims: Int { ms.count }

    /// A shape with one m and one r per axis, each at least 1.
    public init(ms: [Int], rs: [Int]) throws(TransformError) {
        guard ms.count == rs.count, !ms.isEmpty else {
            throw .shape("m has \(ms.count) axes and r has \(rs.count); give both with the same number of axes")
        }
        for m in ms where m < 1 { throw .nonPositiveSize(name: "m", value: m) }
        for r in rs where r < 1 { throw .nonPositiveSize(name: "r", value: r) }
        for (m, r) in zip(ms, rs) { try CookToom.checkSize(m: m, r: r) }
        self.ms = ms
        self.rs = rs
    }

    /// Parses `m` and `r` such as `"4"`/`"3"` or `"4x2"`/`"3x1"`. A single
    /// size applies to every axis; `dims`, when given, must agree with any
    /// per-axis list.
    public init(m: String, r: String, dims: Int?) throws(TransformError) {
        let mList = try Self.sizes(m, name: "m")
        let rList = try Self.sizes(r, name: "r")
        let listed = [mList.count, rList.count].filter { $0 > 1 }
        if let dims, dims < 1 || dims > 8 {
            throw .shape("\(dims) dimensions are not supported; give 1 to 8")
        }
        if let a = listed.first, let b = listed.last, a != b {
            throw .shape(
                "m '\(m)' has \(mList.count) axes but r '\(r)' has \(rList.count); "
                    + "give the same number of sizes, e.g. m 4x2 and r 3x3")
        }
        let axes = dims ?? listed.first ?? 1
        if let count = listed.first, count != axes {
            throw .shape("dims \(axes) disagrees with the \(count) sizes in m '\(m)', r '\(r)'")
        }
        try self.init(
            ms: mList.count == 1 ? Array(repeating: mList[0], count: axes) : mList,
            rs: rList.count == 1 ? Array(repeating: rList[0], count: axes) : rList)
    }

    static func sizes(_ text: String, name: String) throws(TransformError) -> [Int] {
        let parts = text.split(omittingEmptySubsequences: false) { $0 == "x" || $0 == "X" || $0 == "×" }
        var sizes: [Int] = []
        for part in parts {
            let trimmed = String(part).trimmingWhitespace
            guard let value = Int(trimmed) else {
                throw .shape(
                    "\(name) '\(text)' is not a size; give a positive integer such as 4, or one per axis such as 4x2")
            }
            guard value >= 1 else { throw .nonPositiveSize(name: name, value: value) }
            sizes.append(value)
        }
        return sizes
    }
}

extension NestedTransform {
    /// Derives and verifies one 1-D transform per axis of `shape`.
    ///
    /// - Parameter points: none (the defaults), one list used on every axis,
    ///   or one list per axis.
    /// - Throws: ``TransformError`` naming the axis whose points do not fit.
    public static func derive(
        _ shape: TileShape, points: [[InterpolationPoint]] = [], fractionsIn: FractionPlacement = .g
    ) throws(TransformError) -> NestedTransform {
        guard points.count <= 1 || points.count == shape.dims else {
            let axes = "\(shape.dims) \(shape.dims == 1 ? "axis" : "axes")"
            throw .shape("\(points.count) point lists for \(axes); give one list for every axis or one per axis")
        }
        var axes: [WinogradTransform] = []
        for axis in 0..<shape.dims {
            let m = shape.ms[axis]
            let r = shape.rs[axis]
            let list = points.isEmpty ? nil : points[points.count == 1 ? 0 : axis]
            var set: PointSet?
            if let list {
                do {
                    set = try PointSet(list, m: m, r: r)
                } catch {
                    throw shape.dims > 1 ? .axisPoints(axis: axis, error) : .points(error)
                }
            }
            // Axes of the same size and points share one derivation.
            if let same = axes.first(where: { $0.m == m && $0.r == r && (set == nil || $0.points == set) }) {
                axes.append(same)
            } else {
                axes.append(try CookToom.derive(m: m, r: r, points: set, fractionsIn: fractionsIn))
            }
        }
        return NestedTransform(axes: axes)
    }
}
