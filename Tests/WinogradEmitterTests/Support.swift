import ExactArithmetic
import TestSupport
import Winograd

@testable import WinogradEmitter

/// Runs a program exactly on rational inputs.
func evaluate(_ program: OperationProgram, _ inputs: [Rational]) -> [Rational] {
    evaluate(program, inputs.map(QuadraticNumber.init)).map { $0.rationalValue! }
}

/// Runs a program exactly in ℚ(√d).
func evaluate(_ program: OperationProgram, _ inputs: [QuadraticNumber]) -> [QuadraticNumber] {
    var values: [QuadraticNumber] = []
    func value(_ v: Value) -> QuadraticNumber {
        switch v {
        case .input(let i): inputs[i]
        case .operation(let k): values[k]
        }
    }
    for operation in program.operations {
        switch operation {
        case .add(let a, let b): values.append(value(a) + value(b))
        case .subtract(let a, let b): values.append(value(a) - value(b))
        case .negate(let a): values.append(-value(a))
        case .multiply(let c, let a): values.append(c * value(a))
        case .fusedMultiplyAdd(let c, let a, let b): values.append(c * value(a) + value(b))
        }
    }
    return program.outputs.map(value)
}

/// The tiles the kernel tests cover: m = 2…8 for r = 3, 2…6 for r = 5, 2…4 for r = 7.
let testedTiles: [(m: Int, r: Int)] = (2...8).map { ($0, 3) } + (2...6).map { ($0, 5) } + (2...4).map { ($0, 7) }

func transform(_ m: String, _ r: String, dims: Int? = nil) throws -> NestedTransform {
    try NestedTransform.derive(TileShape(m: m, r: r, dims: dims))
}

/// Tiles beyond rational points, 1-D and 2-D, each with the variant its
/// prefix names: ncnn's F(4,3) points in ℚ(√2), F(6,3) points in ℚ(√2),
/// and moduli with one and two quadratics (N = 7 and 10 products).
let exactTiles: [(tile: KernelTile, variant: String)] = {
    var tiles: [(KernelTile, String)] = []
    let algebraic = [
        (4, 3, "0,sqrt2/2,-sqrt2/2,sqrt2,-sqrt2"), (6, 3, "0,1,-1,sqrt2,-sqrt2,sqrt2/2,-sqrt2/2"),
    ]
    for (m, r, list) in algebraic {
        let points = try! AlgebraicPoints(parsing: list, m: m, r: r)
        let transform = try! AlgebraicTransform.derive(m: m, r: r, points: points)
        for dims in [1, 2] { tiles.append((KernelTile(transform, dims: dims), "sqrt2")) }
    }
    for (m, r, list) in [(4, 3, "x,x-1,x+1,x^2+1,inf"), (6, 3, "x,x-1,x+1,x^2+1,x^2-x+1,inf")] {
        let transform = try! ToomCookModuli.derive(m: m, r: r, moduli: try! Modulus.list(parsing: list, m: m, r: r))
        for dims in [1, 2] { tiles.append((KernelTile(transform, dims: dims), "moduli")) }
    }
    // Another tool's scaling of the same algorithm (product t's G row times ±2^(t mod 3), its BT row
    // divided by it), as `emit --transform` reads it; and a tile whose axes are of different kinds.
    let moduli = try! Modulus.list(parsing: "x,x+1/2,x-1/2,x+2,x-2,x^2+1,inf", m: 6, r: 3)
    let derived = try! ToomCookModuli.derive(m: 6, r: 3, moduli: moduli)
    let scale = (0..<derived.G.rowCount).map { Rational((($0 % 2 == 0) ? 1 : -1) << ($0 % 3)) }
    let rescaled = try! ModularTransform(
        AT: derived.AT,
        G: Matrix(rowCount: derived.G.rowCount, columnCount: derived.G.columnCount) { derived.G[$0, $1] * scale[$0] },
        BT: Matrix(rowCount: derived.BT.rowCount, columnCount: derived.BT.columnCount) {
            derived.BT[$0, $1] / scale[$0]
        }, moduli: moduli)
    for dims in [1, 2] { tiles.append((KernelTile(.modular(rescaled), dims: dims), "rescaled")) }
    let f43 = try! ToomCookModuli.derive(
        m: 4, r: 3, moduli: try! Modulus.list(parsing: "x,x-1,x+1,x^2+1,inf", m: 4, r: 3))
    let f23 = try! CookToom.derive(m: 2, r: 3)
    tiles.append((KernelTile(axes: [.modular(f43), .rational(f23)]), "mixed"))
    return tiles
}()
