/// An SVG line chart of mean absolute error against tile size, log scale,
/// one line per point set, format and mode, with axes, labels and a legend;
/// readable as it is in a browser.
public enum PrecisionPlot {
    public static func svg(_ results: [PrecisionResult], experiment: PrecisionExperiment) -> String {
        let width = 760.0
        let height = 480.0
        let left = 80.0
        let right = 220.0
        let top = 50.0
        let bottom = 60.0
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let errors = results.map(\.statistics.meanAbsoluteError).filter { $0 > 0 && $0.isFinite }
        let ms = results.map(\.m)
        let minM = Double(ms.min() ?? 1)
        let maxM = Double(max(ms.max() ?? 2, (ms.min() ?? 1) + 1))
        let low = floor10(errors.min() ?? 1e-8)
        let high = max(ceil10(errors.max() ?? 1e-7), low + 1)
        func x(_ m: Int) -> Double { left + (Double(m) - minM) / (maxM - minM) * plotWidth }
        func y(_ error: Double) -> Double { top + (Double(high) - log10(error)) / Double(high - low) * plotHeight }
        let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]

        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
        out += "viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\" font-size=\"12\">\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        let tileShape = experiment.dims == 2 ? "m×m" : "m"
        let title =
            "Winograd \(experiment.dims)-D F(\(tileShape), \(experiment.filterText)): mean absolute error per output"
        out += "<text x=\"\(fmt(left))\" y=\"24\" font-size=\"15\">\(escape(title))</text>\n"
        let distribution = experiment.distribution == .uniform ? "Uniform[-1, 1]" : "Standard normal"
        out += "<text x=\"\(fmt(left))\" y=\"40\" font-size=\"11\" fill=\"#555\">\(distribution) inputs and filters, "
        out += "seed \(experiment.seed), \(experiment.samples) tiles per point; against float64 direct</text>\n"
        // Grid and axes.
        for decade in low...high {
            let yy = y(pow10(decade))
            out += "<line x1=\"\(fmt(left))\" y1=\"\(fmt(yy))\" "
            out += "x2=\"\(fmt(left + plotWidth))\" y2=\"\(fmt(yy))\" stroke=\"#ddd\"/>\n"
            out += "<text x=\"\(fmt(left - 8))\" y=\"\(fmt(yy + 4))\" text-anchor=\"end\">1e\(decade)</text>\n"
        }
        for m in Set(ms).sorted() {
            out += "<line x1=\"\(fmt(x(m)))\" y1=\"\(fmt(top + plotHeight))\" "
            out += "x2=\"\(fmt(x(m)))\" y2=\"\(fmt(top + plotHeight + 5))\" stroke=\"black\"/>\n"
            out += "<text x=\"\(fmt(x(m)))\" y=\"\(fmt(top + plotHeight + 20))\" text-anchor=\"middle\">\(m)</text>\n"
        }
        out += "<rect x=\"\(fmt(left))\" y=\"\(fmt(top))\" "
        out += "width=\"\(fmt(plotWidth))\" height=\"\(fmt(plotHeight))\" fill=\"none\" stroke=\"black\"/>\n"
        out += "<text x=\"\(fmt(left + plotWidth / 2))\" y=\"\(fmt(height - 15))\" "
        out += "text-anchor=\"middle\">tile size m</text>\n"
        out += "<text transform=\"translate(18 \(fmt(top + plotHeight / 2))) rotate(-90)\" "
        out += "text-anchor=\"middle\">mean |error| (log scale)</text>\n"
        // One line per series, in the order the results list them.
        // One series per point set, format and mode (and r, when several).
        func key(_ result: PrecisionResult) -> String {
            "\(result.pointSet) \(result.format.rawValue) \(result.mode.rawValue)"
                + (experiment.rs.count > 1 ? " r=\(result.r)" : "")
        }
        var series: [String] = []
        for result in results where !series.contains(key(result)) { series.append(key(result)) }
        for (index, label) in series.enumerated() {
            let colour = palette[index % palette.count]
            let points = results.filter { key($0) == series[index] }
                .filter { $0.statistics.meanAbsoluteError > 0 && $0.statistics.meanAbsoluteError.isFinite }
                .sorted { $0.m < $1.m }
            let path = points.map { "\(fmt(x($0.m))),\(fmt(y($0.statistics.meanAbsoluteError)))" }.joined(
                separator: " ")
            out += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"/>\n"
            for point in points {
                let cy = fmt(y(point.statistics.meanAbsoluteError))
                out += "<circle cx=\"\(fmt(x(point.m)))\" cy=\"\(cy)\" r=\"3\" fill=\"\(colour)\"/>\n"
            }
            let legendX = left + plotWidth
            let legendY = top + 12 + Double(index) * 20
            out += "<line x1=\"\(fmt(legendX + 16))\" y1=\"\(fmt(legendY))\" "
            out += "x2=\"\(fmt(legendX + 40))\" y2=\"\(fmt(legendY))\" stroke=\"\(colour)\" stroke-width=\"2\"/>\n"
            out += "<text x=\"\(fmt(legendX + 46))\" y=\"\(fmt(legendY + 4))\">\(escape(label))</text>\n"
        }
        out += "</svg>\n"
        return out
    }

    private static func log10(_ x: Double) -> Double {
        // Deterministic and dependency-free: log2 from the exponent and a series for the rest.
        let exponent = Double(x.exponent)
        let fraction = x.significand  // x = fraction · 2^exponent, fraction ∈ [1, 2)
        var logFraction = 0.0
        let term = (fraction - 1) / (fraction + 1)
        var power = term
        for k in stride(from: 1, through: 41, by: 2) {
            logFraction += power / Double(k)
            power *= term * term
        }
        return (exponent * 0.6931471805599453 + 2 * logFraction) / 2.302585092994046
    }

    private static func pow10(_ n: Int) -> Double {
        var value = 1.0
        for _ in 0..<abs(n) { value *= 10 }
        return n < 0 ? 1 / value : value
    }

    private static func floor10(_ x: Double) -> Int { Int(log10(x).rounded(.down)) }
    private static func ceil10(_ x: Double) -> Int { Int(log10(x).rounded(.up)) }

    private static func fmt(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(abs(tenths % 10))"
    }

    private static func escape(_ text: String) -> String {
        text.replacingAll("&", "&amp;").replacingAll("<", "&lt;").replacingAll(">", "&gt;")
    }
}

extension String {
    fileprivate func replacingAll(_ target: String, _ replacement: String) -> String {
        var out = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            out += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}
