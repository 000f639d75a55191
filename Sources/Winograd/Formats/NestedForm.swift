/// The N-D form of a 1-D transform nested on every axis, for the exact
/// transforms that are not ``NestedTransform``s (points in ℚ(√d), moduli):
/// the text names the tile and the nesting above the 1-D text, as
/// ``NestedTransform``'s does; the JSON is DESIGN.md's `{"dims": d,
/// "axes": [...]}`, which `verify` reads axis by axis.
public enum NestedForm {
    /// `oneD` (which starts with "F(m,r)") as the `dims`-D tile F(m×m,r×r),
    /// with the products per N-D tile (`products` per axis) beside the direct
    /// count.
    public static func text(_ oneD: String, m: Int, r: Int, dims: Int, products: Int) -> String {
        guard dims > 1 else { return oneD }
        let repeated = { (size: Int) in Array(repeating: String(size), count: dims).joined(separator: "×") }
        var lines = oneD.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let oneName = "F(\(m),\(r))"
        if lines[0].hasPrefix(oneName) {
            lines[0] = "F(\(repeated(m)),\(repeated(r)))" + lines[0].dropFirst(oneName.count)
        }
        let perTile = power(products, dims)
        let direct = power(m * r, dims)
        lines.insert(
            "nested \(dims)-D: the 1-D transform below on each of \(dims) axes; "
                + "multiplications per \(dims)-D tile: \(perTile) (direct: \(direct))",
            at: 1)
        return lines.joined(separator: "\n")
    }

    /// `{"dims": dims, "axes": [axis, axis, …]}` (the 1-D object itself when
    /// `dims` is 1).
    public static func json(_ axis: JSONValue, dims: Int) -> String {
        guard dims > 1 else { return axis.serialized() + "\n" }
        let nested: JSONValue = ["dims": .integer(dims), "axes": .array(Array(repeating: axis, count: dims))]
        return nested.serialized() + "\n"
    }

    /// base^exponent, Int.max on overflow.
    static func power(_ base: Int, _ exponent: Int) -> Int {
        var result = 1
        for _ in 0..<exponent {
            let (product, overflow) = result.multipliedReportingOverflow(by: base)
            if overflow { return .max }
            result = product
        }
        return result
    }
}
