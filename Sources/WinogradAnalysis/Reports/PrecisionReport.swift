import Winograd
import WinogradRuntime

/// The precision study's results as an aligned table, CSV or JSON; every
/// form states the method (distribution, seed, samples, mode).
public enum PrecisionReport {
    public static func method(_ experiment: PrecisionExperiment) -> String {
        let tile = "F(m\(experiment.dims == 2 ? "×m" : ""),\(experiment.filterText))"
        let inputs = experiment.distribution == .uniform ? "Uniform[-1, 1]" : "standard normal"
        return "\(experiment.dims)-D \(tile), inputs and filters \(inputs), seed \(experiment.seed), "
            + "\(experiment.samples) tiles per configuration; "
            + "errors against float64 direct correlation of the same inputs"
    }

    public static func table(_ results: [PrecisionResult], experiment: PrecisionExperiment) -> String {
        var out = method(experiment) + "\n"
        out +=
            "mean |e|: per output element; direct: direct correlation in the same format; "
            + "bound: u·K/4, the a-priori predictor\n\n"
        // The storage of the transformed filters, when the run varies it.
        let storageColumn = experiment.filterStorages != [.float32]
        let header =
            ["tile", "points", "format", "mode"] + (storageColumn ? ["U stored"] : [])
            + ["mean |e|", "direct", "× direct", "rel L2", "max |e|", "bound", "bound/mean"]
        let leftColumns = storageColumn ? 5 : 4
        var rows: [[String]] = [header]
        for result in results {
            let tile =
                experiment.dims == 2
                ? "F(\(result.m)×\(result.m),\(result.r)×\(result.r))" : "F(\(result.m),\(result.r))"
            let statistics = result.statistics
            let direct = result.directStatistics
            let mean = statistics.isFinite ? statistics.meanAbsoluteError : .nan
            let directMean = direct.isFinite ? direct.meanAbsoluteError : .nan
            rows.append(
                [tile, result.pointSet, result.format.rawValue, result.mode.rawValue]
                    + (storageColumn ? [result.filterStorage.rawValue] : []) + [
                        cell(statistics.meanAbsoluteError, statistics),
                        cell(direct.meanAbsoluteError, direct), ratio(mean, directMean),
                        cell(statistics.relativeL2Error, statistics), cell(statistics.maxAbsoluteError, statistics),
                        ErrorStatistics.scientific(result.bound), ratio(result.bound, mean),
                    ])
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max()! }
        for row in rows {
            out +=
                row.enumerated().map { column, cell in
                    column < leftColumns
                        ? cell + String(repeating: " ", count: widths[column] - cell.count)
                        : String(repeating: " ", count: widths[column] - cell.count) + cell
                }.joined(separator: "  ") + "\n"
        }
        return out
    }

    /// RFC 4180: a header line, then one record per result; fields holding a
    /// comma, a quote or a line break are quoted.
    public static func csv(_ results: [PrecisionResult], experiment: PrecisionExperiment) -> String {
        let header = [
            "dims", "m", "r", "point_set", "points", "format", "mode", "distribution", "seed", "samples",
            "mean_abs_error", "rel_l2_error", "max_abs_error", "direct_mean_abs_error", "bound", "filter_storage",
        ]
        var out = CSV.record(header)
        for result in results {
            out += CSV.record([
                String(result.dims), String(result.m), String(result.r), result.pointSet, result.points,
                result.format.rawValue, result.mode.rawValue, experiment.distributionText,
                String(experiment.seed), String(experiment.samples),
                csvCell(result.statistics.meanAbsoluteError, result.statistics),
                csvCell(result.statistics.relativeL2Error, result.statistics),
                csvCell(result.statistics.maxAbsoluteError, result.statistics),
                csvCell(result.directStatistics.meanAbsoluteError, result.directStatistics),
                "\(result.bound)", result.filterStorage.rawValue,
            ])
        }
        return out
    }

    public static func json(_ results: [PrecisionResult], experiment: PrecisionExperiment) -> String {
        let method: JSONValue = [
            "dims": .integer(experiment.dims), "r": .array(experiment.rs.map(JSONValue.integer)),
            "distribution": .string(experiment.distributionText), "seed": .integer(experiment.seed),
            "samples": .integer(experiment.samples), "reference": "float64 direct",
        ]
        let rows = results.map { result -> JSONValue in
            [
                "m": .integer(result.m), "r": .integer(result.r), "point_set": .string(result.pointSet),
                "points": .string(result.points), "format": .string(result.format.rawValue),
                "mode": .string(result.mode.rawValue), "filter_storage": .string(result.filterStorage.rawValue),
                "mean_abs_error": jsonValue(result.statistics.meanAbsoluteError, result.statistics),
                "rel_l2_error": jsonValue(result.statistics.relativeL2Error, result.statistics),
                "max_abs_error": jsonValue(result.statistics.maxAbsoluteError, result.statistics),
                "overflow": .bool(!result.statistics.isFinite),
                "direct_mean_abs_error": jsonValue(result.directStatistics.meanAbsoluteError, result.directStatistics),
                "direct_overflow": .bool(!result.directStatistics.isFinite),
                "bound": .double(result.bound),
            ]
        }
        let document: JSONValue = ["method": method, "results": .array(rows)]
        return document.serialized() + "\n"
    }

    /// The word every form writes for a statistic of a configuration whose
    /// results overflowed the format (NaN or infinite outputs): the
    /// statistic measures nothing then, and "nan" beside a finite maximum
    /// would read as a number.
    public static let overflow = "overflow"

    static func cell(_ value: Double, _ statistics: ErrorStatistics) -> String {
        statistics.isFinite ? ErrorStatistics.scientific(value) : overflow
    }

    static func csvCell(_ value: Double, _ statistics: ErrorStatistics) -> String {
        statistics.isFinite ? "\(value)" : overflow
    }

    /// JSON has no NaN: null, beside `"overflow": true`.
    static func jsonValue(_ value: Double, _ statistics: ErrorStatistics) -> JSONValue {
        statistics.isFinite ? .double(value) : .null
    }

    static func ratio(_ a: Double, _ b: Double) -> String {
        guard b > 0, a.isFinite else { return "-" }
        let value = a / b
        guard value.isFinite else { return "-" }
        let rounded = (value * 10).rounded() / 10
        return value >= 1e15
            ? ErrorStatistics.scientific(value) : value >= 100 ? "\(Int(value.rounded()))" : "\(rounded)"
    }
}

extension PrecisionExperiment {
    /// "uniform[-1,1]" or "normal(0,1)", as the CSV and JSON forms state it.
    var distributionText: String {
        distribution == .uniform ? "uniform[-1,1]" : "normal(0,1)"
    }

    /// "3", "3×3", or "r" when several sizes are run.
    var filterText: String {
        rs.count > 1 ? "r" : (dims == 2 ? "\(r)×\(r)" : "\(r)")
    }
}
