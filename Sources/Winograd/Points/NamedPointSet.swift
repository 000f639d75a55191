import ExactArithmetic

/// Point sets known by name: the precision study compares them, and the
/// committed kernels (`KernelCatalogue` in WinogradEmitter) name their points
/// by them. This is the one place a named set's points are spelled.
///
/// ```swift
/// NamedPointSet.searched.points(m: 4, r: 3)  // 0, 5/8, -5/8, 7/4, -7/4 (infinity comes last)
/// NamedPointSet.searched.list(m: 4, r: 3)    // "0,5/8,-5/8,7/4,-7/4", as --points takes it
/// ```
public enum NamedPointSet: String, CaseIterable, Sendable {
    /// DESIGN.md's default sequence 0, ±1, ±2, ±1/2, ±3, ±1/3, … and infinity.
    case `default`
    /// The points of Lavin & Gray and wincnn's examples: 0, ±1, ±2, ±1/2,
    /// ±3/2, ±3, ±1/3, ±4, … (as in the papers' tables).
    case lavin
    /// oneDNN's F(4,3) points 0, ±5/8, ±3/2 (F(4,3) only).
    case onednn
    /// The per-size sets of Barabasz, Anderson, Soodhalter and Gregg (2020),
    /// as TVM carries them: for 3 to 16 finite points (F(2,3) … F(15,3)).
    case barabasz
    /// The sets `winograd points search --m M --r 3 --budget 20` finds
    /// (2-D, float32, Huffman order, seed 1), for F(2,3) … F(12,3).
    case searched
    /// For float16 kernels, F(2,3) … F(8,3): the sets `points search --m M
    /// --format float16 --mode emitted-fma --pairs --budget 20` finds where
    /// they err less than ``searched`` on fresh tiles (m = 5, 7, 8: 9%, 2.9×
    /// and 16× less), else ``searched``'s.
    case searchedFloat16 = "searched-float16"

    /// The n − 1 finite points for F(m, r) (infinity is added last), or nil
    /// when the set does not define this size.
    public func points(m: Int, r: Int) -> [InterpolationPoint]? {
        let count = m + r - 2
        switch self {
        case .default:
            return PointSet.defaultSequence(count: count).map(InterpolationPoint.finite)
        case .lavin:
            // 0, ±1, ±2, ±1/2, then ±3/2, ±3, ±1/3, ±4, ±1/4, …
            var sequence: [Rational] = [
                0, 1, -1, 2, -2, Rational(1, 2), Rational(-1, 2), Rational(3, 2), Rational(-3, 2),
            ]
            var k = 3
            while sequence.count < count {
                sequence += [Rational(k), Rational(-k), Rational(1, k), Rational(-1, k)]
                k += 1
            }
            return sequence.prefix(count).map(InterpolationPoint.finite)
        case .barabasz:
            guard let list = Self.barabaszSets[count] else { return nil }
            return list.map { InterpolationPoint.finite(try! Rational(parsing: $0)) }
        case .searched:
            guard r == 3, let list = Self.searchedSets[m] else { return nil }
            return try! InterpolationPoint.list(parsing: list)
        case .searchedFloat16:
            guard r == 3, let list = Self.searchedFloat16Sets[m] ?? (m <= 8 ? Self.searchedSets[m] : nil) else {
                return nil
            }
            return try! InterpolationPoint.list(parsing: list)
        case .onednn:
            guard m == 4, r == 3 else { return nil }
            return [0, Rational(5, 8), Rational(-5, 8), Rational(3, 2), Rational(-3, 2)].map(InterpolationPoint.finite)
        }
    }

    /// The finite points as one comma-separated list without spaces, the
    /// form `--points` takes ("0,5/8,-5/8,7/4,-7/4"), or nil when the set
    /// does not define this size.
    public func list(m: Int, r: Int) -> String? {
        points(m: m, r: r)?.map(\.description).joined(separator: ",")
    }

    /// Barabasz et al.'s points by the number of finite points (m + r − 2).
    static let barabaszSets: [Int: [String]] = {
        let base = ["0", "-1", "1", "1/2", "-1/2", "2", "-2", "-1/4", "4"]
        return [
            3: ["0", "-1", "1"],
            4: ["0", "-1", "1", "1/2"],
            5: ["0", "-1", "1", "1/2", "-2"],
            6: ["0", "-1", "1", "1/2", "-2", "-1/2"],
            7: Array(base.prefix(7)),
            8: Array(base.prefix(8)),
            9: base,
            10: Array(base.prefix(8)) + ["3/4", "-4/3"],
            11: base + ["3/4", "-4/3"],
            12: base + ["3/4", "-4/3", "1/4"],
            13: base + ["1/4", "-3/4", "4/3", "-4"],
            14: base + ["1/4", "-3/4", "4/3", "3/4", "-4/3"],
            15: base + ["1/4", "-3/4", "4/3", "-4", "3/4", "-4/3"],
            16: base + ["1/4", "-3/4", "4/3", "-4", "2/3", "-3/2", "3/2"],
            17: base + ["1/4", "-3/4", "4/3", "-4", "2/3", "-3/2", "-2/3", "3/2"],
        ]
    }()

    /// Found by the point search in float16; see ``NamedPointSet/searchedFloat16``
    /// (the other sizes up to 8 are ``searchedSets``').
    static let searchedFloat16Sets: [Int: String] = [
        5: "1/5,-6/7,3/4,8/5,-2,-1/3",
        7: "1/5,7/6,-7/6,2/3,-2/3,7/3,-7/3,-1/5",
        8: "1/7,1,-1,5/3,-2,1/2,-1/2,3,-1/4",
    ]

    /// Found by the point search; see ``NamedPointSet/searched``.
    static let searchedSets: [Int: String] = [
        2: "0,-1,1",
        3: "-1/4,-1,7/4,1/2",
        4: "0,5/8,-5/8,7/4,-7/4",
        5: "-2/7,1,-1,2,-2,1/5",
        6: "0,1,-1,7/3,-2,1/2,-3/7",
        7: "1/6,-5/4,1,1/2,-2/3,2,-7/2,-1/4",
        8: "1/8,-1,7/8,1/2,-3/5,3/2,-2,-1/4,4",
        9: "0,-4,7/6,3/7,-2/3,2,-7/4,-2/7,3/4,-1",
        10: "0,-1,1,3/8,-3/5,5/3,-8/3,-2/7,7/2,2/3,-3/2",
        11: "0,-1,7/8,4/7,-5/8,2,-7/3,-1/3,5,5/4,-7/5,1/4",
        12: "0,-8/7,7/8,4/7,-1/2,2,-7/4,-1/4,4,1/4,-4/5,5/4,-4",
    ]
}
