/// The body of a batch kernel: one work item per tile, which gathers its
/// tile from the source buffer into a private array, applies the device
/// function, and scatters the result into the destination buffer.
///
/// Every batch kernel addresses both buffers the same way, from the
/// `batch` parameters (the `P_batch` structure of each frame): work item t
/// handles tile t when t < tiles. The tiles come in images (channels, or
/// images of a batch) of tiles_per_image tiles, rows of tiles_per_row: tile
/// t is in image t / tiles_per_image, at row (t % tiles_per_image) /
/// tiles_per_row and column t % tiles_per_row, so it starts at
/// image·image_stride + row·tile_row_stride + column·tile_stride, and its
/// element (i, j) lies i·row_stride + j·column_stride further on (a 1-D
/// tile is one row: element j at j·column_stride). Each buffer has its own
/// five strides (`src_…`, `dst_…`), all in elements.
enum BatchBody {
    static func lines(_ kernel: TransformKernel, function: String, syntax: some DeviceSyntax) -> [String] {
        let (source, destination) = kernel.kind.arrays
        var out = CodePrinter()
        out.print(syntax.defineIndex("t", syntax.workItem))
        out.print("if (t >= batch.tiles) {")
        out.withIndentation { $0.print("return;") }
        out.print("}")
        out.print(syntax.defineIndex("image", "t / batch.tiles_per_image"))
        out.print(syntax.defineIndex("row", "(t % batch.tiles_per_image) / batch.tiles_per_row"))
        out.print(syntax.defineIndex("column", "t % batch.tiles_per_row"))
        for side in ["src", "dst"] {
            // On two lines: `const uint src_tile =`, then the sum, indented.
            let definition = syntax.defineIndex(
                "\(side)_tile",
                "image * batch.\(side)_image_stride + row * batch.\(side)_tile_row_stride"
                    + " + column * batch.\(side)_tile_stride")
            let equals = definition.firstRange(of: " = ")!
            out.print(definition[..<equals.lowerBound] + " =")
            out.withIndentation { $0.print(String(definition[equals.upperBound...])) }
        }
        let sourceCount = kernel.sourceShape.reduce(1, *)
        let destinationCount = kernel.destinationShape.reduce(1, *)
        out.print(syntax.array(source, sourceCount))
        copy(&out, shape: kernel.sourceShape, syntax: syntax) { local, offset in
            "\(source)[\(local)] = src[src_tile + \(offset("src"))];"
        }
        for line in syntax.call(function, source: source, destination: destination, destinationCount) {
            out.print(line)
        }
        copy(&out, shape: kernel.destinationShape, syntax: syntax) { local, offset in
            "dst[dst_tile + \(offset("dst"))] = \(destination)[\(local)];"
        }
        return out.lines
    }

    /// Loops over a tile's elements (rows i, columns j); `statement` gets the
    /// private array's index and a function from a buffer side to the
    /// element's offset in the tile.
    private static func copy(
        _ out: inout CodePrinter, shape: [Int], syntax: some DeviceSyntax,
        statement: (String, (String) -> String) -> String
    ) {
        if shape.count == 1 {
            out.print(syntax.loop("j", shape[0]))
            out.withIndentation { $0.print(statement("j") { "j * batch.\($0)_column_stride" }) }
            out.print("}")
            return
        }
        out.print(syntax.loop("i", shape[0]))
        out.withIndentation { rows in
            rows.print(syntax.loop("j", shape[1]))
            rows.withIndentation {
                $0.print(
                    statement("i * \(shape[1])u + j") { "i * batch.\($0)_row_stride + j * batch.\($0)_column_stride" })
            }
            rows.print("}")
        }
        out.print("}")
    }
}
