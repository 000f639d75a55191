/// A synthetic colour test card, the same on every machine (integer
/// geometry only), with edges of every kind for Sobel and Laplacian filters
/// to find.
///
/// For the default 256×192 card, from top to bottom:
/// - eight full-intensity colour bars (white, yellow, cyan, green, magenta,
///   red, blue, black), 60 rows;
/// - a black-to-white horizontal gradient, 12 rows;
/// - on a mid-grey field: an orange disc with a blue core (left), an 8-pixel
///   black-and-white checkerboard (centre), a fan of thin lines at seven
///   angles from 0° to 90° (right) and a black-to-white vertical gradient
///   strip (right edge).
///
/// Every value is an exact level k/255, so an 8-bit PPM holds the card
/// without loss.
public enum TestCard {
    /// The card as a 1×3×height×width tensor with values in [0, 1].
    /// - Precondition: `width` and `height` are at least 0.
    public static func image(width: Int = 256, height: Int = 192) -> Tensor<Float> {
        precondition(width >= 0 && height >= 0, "TestCard: negative size \(width)×\(height)")
        var card = Tensor<Float>(shape: [1, 3, height, width])
        let plane = width * height
        for y in 0..<height {
            for x in 0..<width {
                let (red, green, blue) = color(x: x, y: y, width: width, height: height)
                let index = y * width + x
                card.elements[index] = Float(red) / 255
                card.elements[plane + index] = Float(green) / 255
                card.elements[2 * plane + index] = Float(blue) / 255
            }
        }
        return card
    }

    /// Luma of an N×3×H×W image: 0.299 R + 0.587 G + 0.114 B, as N×1×H×W.
    /// - Precondition: `rgb` is N×3×H×W.
    public static func grayscale(_ rgb: Tensor<Float>) -> Tensor<Float> {
        precondition(
            rgb.rank == 4 && rgb.shape[1] == 3,
            "TestCard.grayscale: expected an N×3×H×W image, got \(Tensor<Float>.describe(rgb.shape))")
        let batch = rgb.shape[0]
        let plane = rgb.shape[2] * rgb.shape[3]
        var gray = Tensor<Float>(shape: [batch, 1, rgb.shape[2], rgb.shape[3]])
        for n in 0..<batch {
            let base = n * 3 * plane
            for index in 0..<plane {
                let red = Double(rgb.elements[base + index])
                let green = Double(rgb.elements[base + plane + index])
                let blue = Double(rgb.elements[base + 2 * plane + index])
                gray.elements[n * plane + index] = Float(0.299 * red + 0.587 * green + 0.114 * blue)
            }
        }
        return gray
    }

    /// The 8-bit colour of pixel (x, y).
    private static func color(x: Int, y: Int, width: Int, height: Int) -> (Int, Int, Int) {
        let barsBottom = height * 5 / 16
        let rampBottom = height * 6 / 16

        // Colour bars.
        if y < barsBottom {
            let bars = [
                (255, 255, 255), (255, 255, 0), (0, 255, 255), (0, 255, 0),
                (255, 0, 255), (255, 0, 0), (0, 0, 255), (0, 0, 0),
            ]
            return bars[x * bars.count / width]
        }
        // Horizontal gradient, black to white.
        if y < rampBottom {
            let level = x * 255 / max(1, width - 1)
            return (level, level, level)
        }

        let fieldHeight = height - rampBottom
        let fieldY = y - rampBottom

        // Vertical gradient strip at the right edge, black (top) to white.
        if x >= width * 15 / 16 {
            let level = fieldY * 255 / max(1, fieldHeight - 1)
            return (level, level, level)
        }

        // Disc with a core.
        let centreX = width * 3 / 16
        let centreY = rampBottom + fieldHeight / 2
        let radius = min(width * 5 / 32, fieldHeight * 3 / 8)
        let dx = x - centreX
        let dy = y - centreY
        let distanceSquared = dx * dx + dy * dy
        if distanceSquared * 25 < radius * radius * 4 { return (0, 64, 192) }  // radius · 2/5
        if distanceSquared < radius * radius { return (255, 140, 0) }

        // Checkerboard.
        let square = max(1, width / 32)
        let boardLeft = width * 6 / 16
        let boardRight = width * 10 / 16
        let boardTop = rampBottom + fieldHeight / 8
        let boardBottom = height - fieldHeight / 8
        if x >= boardLeft, x < boardRight, y >= boardTop, y < boardBottom {
            let level = ((x - boardLeft) / square + (y - boardTop) / square) % 2 == 0 ? 255 : 0
            return (level, level, level)
        }

        // A fan of one-pixel lines from the lower left corner of its box.
        let fanLeft = width * 10 / 16 + square
        let fanRight = width * 15 / 16 - square
        let fanTop = boardTop
        let fanBottom = boardBottom
        if x >= fanLeft, x < fanRight, y >= fanTop, y < fanBottom {
            let originX = fanLeft
            let originY = fanBottom - 1
            let directions = [(1, 0), (4, -1), (2, -1), (1, -1), (1, -2), (1, -4), (0, -1)]
            for (index, (stepX, stepY)) in directions.enumerated() {
                let relativeX = x - originX
                let relativeY = y - originY
                let cross = relativeX * stepY - relativeY * stepX
                let major = max(abs(stepX), abs(stepY))
                // Exactly one pixel per step along the major axis (no ties).
                if -major < 2 * cross, 2 * cross <= major, relativeX * stepX + relativeY * stepY >= 0 {
                    return index % 2 == 0 ? (255, 255, 255) : (0, 0, 0)
                }
            }
        }

        return (128, 128, 128)
    }
}
