import CWinogradRuntime

/// Direct correlation, the reference every other backend is checked
/// against: NCHW input, KCRS filters, stride 1, zero padding, optional bias.
///
/// float32 runs vectorised C (AVX-512, AVX2 or portable, chosen at run
/// time); float64 is the plain loop in c, r, s order, the reference of the
/// error statistics. Threads split the filters K.
///
/// ```swift
/// let y = try DirectConvolution.run(input: x, filters: w, padding: Padding(1), threads: 2)
/// ```
public enum DirectConvolution {
    /// The float32 correlation of `input` (N×C×H×W) with `filters`
    /// (K×C×R×S), plus `bias[k]` on output channel k.
    /// - Throws: ``TensorError`` when the shapes do not fit each other or
    ///   `bias` does not have K values.
    public static func run(
        input: Tensor<Float>, filters: Tensor<Float>, bias: [Float]? = nil, padding: Padding,
        threads: Int = 1, instructionSet: InstructionSet? = nil
    ) throws(TensorError) -> Tensor<Float> {
        try run(
            input: input, filters: filters, bias: bias, padding: padding, threads: threads,
            context: KernelContext(instructionSet))
    }

    static func run(
        input: Tensor<Float>, filters: Tensor<Float>, bias: [Float]?, padding: Padding, threads: Int,
        context: KernelContext
    ) throws(TensorError) -> Tensor<Float> {
        let geometry = try BaselineGeometry.check(
            input: input, filters: filters, biasCount: bias?.count, padding: padding)
        return try Tensor.uninitialized(shape: geometry.outputShape) { y throws(TensorError) in
            try run(
                input: input, filters: filters, bias: bias, padding: padding, threads: threads, context: context,
                into: y)
        }
    }

    /// The float32 correlation written into `output`, which holds
    /// N×K×Hout×Wout values; every one is overwritten.
    static func run(
        input: Tensor<Float>, filters: Tensor<Float>, bias: [Float]?, padding: Padding, threads: Int,
        context: KernelContext, into output: UnsafeMutablePointer<Float>
    ) throws(TensorError) {
        // The vector kernels block filters in registers: keep chunks on that grid.
        try correlate(
            input: input, filters: filters, bias: bias, padding: padding, threads: threads,
            filterBlock: context.directFilters, into: output
        ) {
            x, w, b, y, g, k in
            var geometry = wr_geometry(g)
            context.withPointer { ctx in
                wr_direct_f32(ctx, &geometry, x, w, b, y, Int32(k.lowerBound), Int32(k.upperBound))
            }
        }
    }

    /// The float64 correlation: the reference.
    /// - Throws: ``TensorError`` as the float32 version.
    public static func run(
        input: Tensor<Double>, filters: Tensor<Double>, bias: [Double]? = nil, padding: Padding,
        threads: Int = 1
    ) throws(TensorError) -> Tensor<Double> {
        let geometry = try BaselineGeometry.check(
            input: input, filters: filters, biasCount: bias?.count, padding: padding)
        return try Tensor.uninitialized(shape: geometry.outputShape) { output throws(TensorError) in
            try correlate(
                input: input, filters: filters, bias: bias, padding: padding, threads: threads, filterBlock: 1,
                into: output
            ) {
                x, w, b, y, g, k in
                var geometry = wr_geometry(g)
                wr_direct_f64(&geometry, x, w, b, y, Int32(k.lowerBound), Int32(k.upperBound))
            }
        }
    }

    /// Checks the shapes, then runs `kernel` on chunks of output channels
    /// (multiples of `filterBlock`) over `threads` threads, into `output`.
    private static func correlate<Scalar>(
        input: Tensor<Scalar>, filters: Tensor<Scalar>, bias: [Scalar]?, padding: Padding, threads: Int,
        filterBlock: Int, into output: UnsafeMutablePointer<Scalar>,
        kernel:
            @escaping @Sendable (
                UnsafePointer<Scalar>, UnsafePointer<Scalar>, UnsafePointer<Scalar>?,
                UnsafeMutablePointer<Scalar>, ConvolutionGeometry, Range<Int>
            ) -> Void
    ) throws(TensorError) {
        let geometry = try BaselineGeometry.check(
            input: input, filters: filters, biasCount: bias?.count, padding: padding)
        input.elements.withUnsafeBufferPointer { x in
            filters.elements.withUnsafeBufferPointer { w in
                BaselineGeometry.withOptionalPointer(bias) { b in
                    let x = SharedPointer(x.baseAddress!)
                    let w = SharedPointer(w.baseAddress!)
                    let b = b.map { SharedPointer($0) }
                    let y = SharedPointer(output)
                    // Work units: one image's block of filters, so that threads share
                    // the work evenly when K has few blocks but N is large.
                    let k = geometry.k
                    let blocks = (k + filterBlock - 1) / filterBlock
                    let image = ConvolutionGeometry(
                        n: 1, c: geometry.c, h: geometry.h, w: geometry.w, k: geometry.k, r: geometry.r,
                        s: geometry.s, padding: geometry.padding)
                    let (inputImage, outputImage) = (image.c * image.h * image.w, image.outputShape.reduce(1, *))
                    Parallel.forEachChunk(count: geometry.n * blocks, threads: threads) { chunk in
                        var unit = chunk.lowerBound
                        while unit < chunk.upperBound {
                            // The chunk's consecutive blocks of one image, in one call.
                            let n = unit / blocks
                            let first = unit % blocks
                            let last = min(chunk.upperBound - n * blocks, blocks)
                            let filtersRange = first * filterBlock..<min(k, last * filterBlock)
                            kernel(
                                x.pointer + n * inputImage, w.pointer, b?.pointer, y.mutable + n * outputImage,
                                image, filtersRange)
                            unit = n * blocks + last
                        }
                    }
                }
            }
        }
    }
}

/// The checks the baselines share: shapes, bias, and sizes the C kernels'
/// 32-bit ints can hold.
enum BaselineGeometry {
    static func check<Scalar>(
        input: Tensor<Scalar>, filters: Tensor<Scalar>, biasCount: Int?,
        padding: Padding
    ) throws(TensorError) -> ConvolutionGeometry {
        guard filters.elements.count == filters.shape.reduce(1, *) else {
            throw TensorError(
                "the filters have \(filters.elements.count) elements, "
                    + "not the \(filters.shape.reduce(1, *)) of their shape \(Tensor<Scalar>.describe(filters.shape))"
            )
        }
        return try check(input: input, filterShape: filters.shape, biasCount: biasCount, padding: padding)
    }

    /// The same for filters known by their shape.
    static func check<Scalar>(
        input: Tensor<Scalar>, filterShape: [Int], biasCount: Int?,
        padding: Padding
    ) throws(TensorError) -> ConvolutionGeometry {
        guard padding.top >= 0, padding.bottom >= 0, padding.left >= 0, padding.right >= 0 else {
            throw TensorError("padding \(padding) is negative; every side must be at least 0")
        }
        let geometry = try ConvolutionGeometry.of(input: input.shape, filters: filterShape, padding: padding)
        guard input.elements.count == input.shape.reduce(1, *) else {
            throw TensorError(
                "the input has \(input.elements.count) elements, "
                    + "not the \(input.shape.reduce(1, *)) of its shape \(Tensor<Scalar>.describe(input.shape))"
            )
        }
        if let biasCount, biasCount != geometry.k {
            throw TensorError(
                "the bias has \(biasCount) value\(biasCount == 1 ? "" : "s") but there are \(geometry.k) filters "
                    + "(K×C×R×S = \(Tensor<Scalar>.describe(filterShape))); give one per filter"
            )
        }
        let g = geometry
        let sizes = [
            g.n, g.c, g.h, g.w, g.k, g.r, g.s, g.padding.top, g.padding.bottom, g.padding.left, g.padding.right,
            g.outputHeight, g.outputWidth,
        ]
        let products = [
            g.c.multipliedReportingOverflow(by: g.r * g.s),
            g.outputHeight.multipliedReportingOverflow(by: g.outputWidth),
        ]
        guard sizes.allSatisfy({ $0 <= Int(Int32.max) }),
            products.allSatisfy({ !$0.overflow && $0.partialValue <= Int(Int32.max) })
        else {
            throw TensorError(
                "input \(Tensor<Scalar>.describe(input.shape)) with filters \(Tensor<Scalar>.describe(filterShape)) "
                    + "and padding \(padding) is too large: sizes, C·R·S and Hout·Wout must each be below 2³¹"
            )
        }
        return geometry
    }

    /// `body` with the array's elements, or with nil for no array.
    static func withOptionalPointer<T, R>(_ array: [T]?, _ body: (UnsafePointer<T>?) -> R) -> R {
        guard let array else { return body(nil) }
        return array.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}
