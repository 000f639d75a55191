@testable import WinogradRuntime

/// Direct correlation in Double, the simplest possible loops: the truth the
/// backends are held to, independent of the runtime's own references.
func referenceConvolution<S: BinaryFloatingPoint & Sendable>(
    _ x: Tensor<S>, _ w: Tensor<S>, bias: [S]?, padding: Padding
) -> Tensor<Double> {
    let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (k, r, s) = (w.shape[0], w.shape[2], w.shape[3])
    let hOut = h + padding.top + padding.bottom - r + 1
    let wOut = wd + padding.left + padding.right - s + 1
    var y = Tensor<Double>(shape: [n, k, hOut, wOut])
    for image in 0..<n {
        for filter in 0..<k {
            for i in 0..<hOut {
                for j in 0..<wOut {
                    var sum = Double(bias?[filter] ?? 0)
                    for channel in 0..<c {
                        for a in 0..<r {
                            let yy = i + a - padding.top
                            if yy < 0 || yy >= h { continue }
                            for b in 0..<s {
                                let xx = j + b - padding.left
                                if xx < 0 || xx >= wd { continue }
                                sum += Double(x[image, channel, yy, xx]) * Double(w[filter, channel, a, b])
                            }
                        }
                    }
                    y[image, filter, i, j] = sum
                }
            }
        }
    }
    return y
}
