import ArgumentParser

/// `grad --wrt`: which gradient of a convolution.
enum GradientTarget: String, ArgumentValue {
    case input, filter
}

/// `precision --output`: the form of the report.
enum PrecisionOutput: String, ArgumentValue {
    case table, csv, json, svg
}

/// `points search --infinity`: which point sets to explore.
enum InfinityChoice: String, ArgumentValue {
    /// n − 1 finite points and infinity.
    case with
    /// Also n finite points, infinity dropped.
    case both
}
